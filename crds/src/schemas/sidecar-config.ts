// The sidecar's configuration file: what `agentgate sidecar --config FILE` reads and what the operator
// renders into the per-namespace ConfigMap `agentgate-sidecar-config`. Not a Kubernetes kind (never
// applied to the API server), but versioned and validated like one so a bad render fails loudly with
// field paths. The ProtectedResources and AgentPolicies are embedded as the CR objects themselves, so
// the sidecar compiles exactly what `kubectl get` shows. Secrets are never inline: credentials are
// read from the mounted Secret folder or from environment variables (one dev-only escape hatch,
// `insecureInline`, exists for demos and says so in its name).
import { Type, type Static } from '@sinclair/typebox';
import { API_GROUP_VERSION, DNS1123Label, Duration, List, Strict, StringEnum } from './common.js';
import { AgentPolicy } from './agentpolicy.js';
import { ProtectedResource } from './protectedresource.js';
import { RecorderConfig } from './recorder-config.js';

export const SIDECAR_CONFIG_KIND = 'SidecarConfig';

/** Environment variables the webhook injects (downward API); they override the `pod` block. */
export const POD_ENV = {
  namespace: 'AGENTGATE_POD_NAMESPACE',
  name: 'AGENTGATE_POD_NAME',
  serviceAccount: 'AGENTGATE_SERVICE_ACCOUNT',
  labelsFile: 'AGENTGATE_POD_LABELS_FILE',
} as const;

const Port = (description: string) => Type.Integer({ minimum: 0, maximum: 65535, description });
const Host = (description: string) => Type.String({ minLength: 1, maxLength: 253, description });
const FilePath = (description: string) => Type.String({ minLength: 1, maxLength: 4096, description });
const EnvName = (description: string) => Type.String({ minLength: 1, maxLength: 256, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description });

export const SidecarPod = Strict(
  {
    namespace: Type.Optional(DNS1123Label(`Namespace of the agent pod. Overridden by $${POD_ENV.namespace}.`)),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: `Agent pod name. Overridden by $${POD_ENV.name}.` })),
    serviceAccount: Type.Optional(
      Type.String({ minLength: 1, maxLength: 253, description: `Service account the agent pod runs as. Overridden by $${POD_ENV.serviceAccount}.` }),
    ),
    labels: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 63 }), { description: 'Pod labels, matched against AgentPolicy selectors.' }),
    ),
    labelsFile: Type.Optional(
      FilePath(
        'Downward API file with the pod labels (`key="value"` per line); read at start and merged over `labels`. ' +
          `Overridden by $${POD_ENV.labelsFile}.`,
      ),
    ),
  },
  {
    description:
      'Who this sidecar speaks for. Per-namespace config leaves name and service account out; the webhook injects them ' +
      'as environment variables from the downward API. After overrides, namespace, name and serviceAccount are required.',
  },
);

export const ListenerTls = Strict(
  {
    certFile: FilePath('PEM certificate chain presented to the agent.'),
    keyFile: FilePath('PEM private key of certFile.'),
  },
  { description: 'Terminate TLS from the agent (Postgres SSLRequest is answered S). Without it the listener answers N.' },
);

export const SidecarListener = Strict(
  {
    resource: DNS1123Label('ProtectedResource (in `resources`) served on this listener.'),
    host: Type.Optional(Host('Address to bind. Default 127.0.0.1 (the webhook points the agent\'s host names at loopback).')),
    port: Port('Port to bind; 0 picks a free one (tests). Usually the ProtectedResource listenPort or endpoint port.'),
    tls: Type.Optional(ListenerTls),
  },
  { description: 'One local listener the agent connects to instead of the real service.' },
);

export const CredentialEnv = Strict(
  {
    username: Type.Optional(EnvName('Environment variable holding the upstream user name.')),
    password: Type.Optional(EnvName('Environment variable holding the upstream password.')),
    token: Type.Optional(EnvName('Environment variable holding an API key / bearer token (HTTP types).')),
  },
  { description: 'Read credentials from these environment variables (e.g. populated from the Secret with envFrom).' },
);

export const SidecarCredentials = Strict(
  {
    resource: DNS1123Label('ProtectedResource these credentials are for.'),
    secretDir: Type.Optional(
      FilePath(
        'Folder where the resource\'s credentials Secret is mounted (one file per key). Keys are the ProtectedResource ' +
          '`spec.credentials` usernameKey / passwordKey / tokenKey (defaults username, password, token). Read at start: a rotated Secret takes effect on the next sidecar restart.',
      ),
    ),
    env: Type.Optional(CredentialEnv),
    caFile: Type.Optional(
      FilePath('PEM CA bundle that verifies the upstream\'s certificate (the mounted ProtectedResource `spec.endpoint.tls.caSecretRef`). Default: system roots.'),
    ),
    insecureInline: Type.Optional(
      Strict(
        {
          username: Type.Optional(Type.String({ minLength: 1, description: 'User name.' })),
          password: Type.Optional(Type.String({ description: 'Password, in clear text in this file.' })),
          users: Type.Optional(
            List(
              Strict(
                { name: Type.String({ minLength: 1, maxLength: 63, description: 'Role name.' }), password: Type.String({ description: 'Its password.' }) },
                { description: 'A further role (ProtectedResource spec.credentials.users) and its password.' },
              ),
              'Passwords of further roles AgentPolicies map agents to.',
            ),
          ),
        },
        { description: 'DEVELOPMENT ONLY: credentials written into the config itself (for tests and quick local tries). The sidecar logs a warning at start. Never rendered by the operator.' },
      ),
    ),
  },
  { description: 'Where the sidecar finds one resource\'s upstream credentials. Sources are tried in order: env, secretDir, insecureInline; a value found earlier wins.' },
);

export const SidecarMasking = Strict(
  {
    hashKeyFile: Type.Optional(FilePath('File (mounted Secret key) holding the HMAC key of the `hash` masking style.')),
    hashKeyEnv: Type.Optional(EnvName('Environment variable holding the HMAC key of the `hash` masking style.')),
  },
  {
    description:
      'Masking engine settings. The hash key makes `hash`-masked values joinable across sessions without revealing them; ' +
      'without one, a random key is generated per start (hashes then differ after a restart, and a warning is logged).',
  },
);

export const SidecarAdmin = Strict(
  {
    host: Type.Optional(Host('Address to bind. Default 0.0.0.0 (kubelet probes and Prometheus reach the pod IP).')),
    port: Type.Optional(Port('Port. Default 9090; 0 picks a free one.')),
  },
  { description: 'Admin HTTP server: /metrics (Prometheus), /healthz (process alive), /readyz (listeners bound and recorder accepting).' },
);

export const SidecarLimits = Strict(
  {
    maxMessageBytes: Type.Optional(
      Type.Integer({ minimum: 1024, description: 'Largest client protocol message; larger ones end that session. Default 64 MiB; a resource\'s postgres.maxMessageBytes wins.' }),
    ),
    shutdownGracePeriod: Type.Optional(
      Duration('Time from SIGTERM to exit: stop accepting, drain sessions, flush and ship the recorder. Keep below the pod terminationGracePeriodSeconds. Default 25s.'),
    ),
    drainTimeout: Type.Optional(Duration('Part of the grace period open sessions get to finish before they are closed. Default 10s.')),
  },
  { description: 'Resource limits and timers.' },
);

/** RecorderConfig with the identity optional: the sidecar fills it from the pod identity. */
export const SidecarRecorder = Strict(
  {
    ...RecorderConfig.properties,
    identity: Type.Optional(RecorderConfig.properties.identity),
  },
  { description: 'Session recorder (RecorderConfig); `identity` defaults to the pod namespace and name.' },
);

export const SidecarConfig = Strict(
  {
    apiVersion: StringEnum([API_GROUP_VERSION] as const, { description: `Always ${API_GROUP_VERSION}.` }),
    kind: StringEnum([SIDECAR_CONFIG_KIND] as const, { description: `Always ${SIDECAR_CONFIG_KIND}.` }),
    pod: Type.Optional(SidecarPod),
    resources: List(ProtectedResource, 'ProtectedResource objects this sidecar serves (as stored in the API server).', { minItems: 1 }),
    policies: List(AgentPolicy, 'AgentPolicy objects that may select this pod (as stored in the API server).'),
    listeners: List(SidecarListener, 'One listener per served resource.', { minItems: 1 }),
    credentials: Type.Optional(List(SidecarCredentials, 'Upstream credentials per resource.')),
    masking: Type.Optional(SidecarMasking),
    recorder: SidecarRecorder,
    admin: Type.Optional(SidecarAdmin),
    limits: Type.Optional(SidecarLimits),
  },
  { description: 'agentgate sidecar configuration (rendered by the operator into the ConfigMap agentgate-sidecar-config).' },
);

export type SidecarConfig = Static<typeof SidecarConfig>;
export type SidecarPod = Static<typeof SidecarPod>;
export type SidecarListener = Static<typeof SidecarListener>;
export type SidecarCredentials = Static<typeof SidecarCredentials>;
export type SidecarRecorder = Static<typeof SidecarRecorder>;
export type SidecarAdmin = Static<typeof SidecarAdmin>;
export type SidecarLimits = Static<typeof SidecarLimits>;

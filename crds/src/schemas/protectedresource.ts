import { Type, type Static } from '@sinclair/typebox';
import {
  Conditions, DNS1123Subdomain, KindObject, List, ObservedGeneration, Protocols, SecretKeyRef, Strict, StringEnum,
} from './common.js';
import { Masking } from './masking.js';
import { BuiltinRuleSets, Rules } from './rules.js';

export const TlsModes = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

export const Endpoint = Strict(
  {
    host: Type.String({ description: 'Upstream host name or IP the sidecar connects to.', minLength: 1, maxLength: 253 }),
    port: Type.Integer({ description: 'Upstream port.', minimum: 1, maximum: 65535 }),
    tls: Type.Optional(
      Strict(
        {
          mode: StringEnum(TlsModes, {
            description:
              'TLS to the upstream, with libpq sslmode meanings: disable, prefer, require (encrypt, no verification), ' +
              'verify-ca, verify-full (also check the host name). Default: disable for postgres, verify-full for https endpoints.',
          }),
          serverName: Type.Optional(Type.String({ maxLength: 253, description: 'SNI / name to verify; defaults to host.' })),
          caSecretRef: Type.Optional(SecretKeyRef('PEM CA bundle to verify the upstream; default: system roots.')),
        },
        { description: 'TLS settings for the upstream connection.' },
      ),
    ),
  },
  { description: 'Where the real service is.' },
);

export const Credentials = Strict(
  {
    secretRef: Strict(
      { name: DNS1123Subdomain('Secret name, in the ProtectedResource namespace.') },
      { description: 'Secret holding the upstream credentials. Mounted only into the sidecar, never the agent.' },
    ),
    usernameKey: Type.Optional(Type.String({ minLength: 1, description: 'Key of the user name. Default: username.' })),
    passwordKey: Type.Optional(Type.String({ minLength: 1, description: 'Key of the password. Default: password.' })),
    tokenKey: Type.Optional(Type.String({ minLength: 1, description: 'Key of an API key / bearer token (HTTP types). Default: token.' })),
    users: Type.Optional(
      List(
        Strict(
          {
            name: Type.String({ minLength: 1, maxLength: 63, description: 'Upstream role name (postgres).' }),
            passwordKey: Type.String({ minLength: 1, description: 'Key of this role\'s password in the same Secret.' }),
          },
          { description: 'An upstream role an AgentPolicy may map agents to, and where its password is.' },
        ),
        'postgres: further roles in the same Secret that AgentPolicy `spec.resources[].user` may name. The sidecar logs in as that role ' +
          'itself (no SET ROLE, which the agent could undo). A policy that names a role listed nowhere is a configuration error.',
        { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
      ),
    ),
    header: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'HTTP header the token goes in. Default per type: Authorization (Bearer) for openai/http, x-api-key for anthropic.',
      }),
    ),
  },
  { description: 'Credentials the sidecar uses upstream. The agent never sees them.' },
);

export const ProtectedResourceSpec = Strict(
  {
    type: StringEnum(Protocols, { description: 'Kind of upstream, which selects the protocol adapter.' }),
    endpoint: Endpoint,
    hostnames: Type.Optional(
      List(
        Type.String({ minLength: 1, maxLength: 253 }),
        'Names the agent uses for this service; the injector points them at the sidecar (hostAliases, env).',
      ),
    ),
    listenPort: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 65535,
        description: 'Port the sidecar listens on for the agent. Default: the endpoint port.',
      }),
    ),
    credentials: Type.Optional(Credentials),
    postgres: Type.Optional(
      Strict(
        {
          database: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'Upstream database. Default: the one the agent asks for.' })),
          searchPath: Type.Optional(
            List(Type.String({ minLength: 1, maxLength: 63 }), 'Schemas unqualified table names resolve to for policy matching. Default: [public].'),
          ),
          maxMessageBytes: Type.Optional(
            Type.Integer({ minimum: 1024, description: 'Largest client message accepted; larger ones end the session. Default 64 MiB.' }),
          ),
        },
        { description: 'PostgreSQL specifics.' },
      ),
    ),
    defaultAction: Type.Optional(
      StringEnum(['allow', 'mask', 'block', 'hold'] as const, {
        description: 'Decision when no rule matches. Default: allow (masking still applies).',
      }),
    ),
    builtinRules: Type.Optional(
      List(
        StringEnum(BuiltinRuleSets),
        'Built-in rule sets evaluated after the policy and resource rules. Default for postgres: [destructive] ' +
          '(DROP, TRUNCATE, UPDATE/DELETE without WHERE, ALTER … DROP, GRANT/REVOKE, role changes, COPY … PROGRAM, DO blocks, ' +
          'server-side file/process functions). Set [] to turn off.',
      ),
    ),
    rules: Type.Optional(Rules),
    masking: Type.Optional(Masking),
  },
  { description: 'One upstream service agents may reach through the sidecar, and its defaults.' },
);

export const ProtectedResourceStatus = Strict(
  {
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
    agents: Type.Optional(Type.Integer({ minimum: 0, description: 'Agent pods currently configured to reach this resource.' })),
  },
  { description: 'Observed state, written by the operator.' },
);

export const ProtectedResource = KindObject(
  'ProtectedResource',
  ProtectedResourceSpec,
  ProtectedResourceStatus,
  'ProtectedResource declares an upstream (database, LLM API, MCP server, Kubernetes API) that agents reach only through the agentgate sidecar.',
);

export type ProtectedResource = Static<typeof ProtectedResource>;
export type ProtectedResourceSpec = Static<typeof ProtectedResourceSpec>;
export type Endpoint = Static<typeof Endpoint>;
export type Credentials = Static<typeof Credentials>;

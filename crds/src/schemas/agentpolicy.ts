import { Type, type Static } from '@sinclair/typebox';
import {
  Conditions, DNS1123Label, DNS1123Subdomain, Duration, Glob, KindObject, LabelSelector, List, ObservedGeneration, SecretKeyRef, Strict, StringEnum,
} from './common.js';
import { Masking } from './masking.js';
import { Approval, Rules } from './rules.js';
import { FailurePolicies } from './recorder-config.js';

export const PolicyModes = ['enforce', 'audit'] as const;

export const Oidc = Strict(
  {
    issuer: Type.String({ description: 'Issuer URL; must equal the token `iss`.', format: 'uri', minLength: 1 }),
    audiences: List(Type.String({ minLength: 1 }), 'Accepted `aud` values (any of).', { minItems: 1 }),
    jwksUri: Type.Optional(
      Type.String({ format: 'uri', description: 'JWKS URL. Default: discovered from <issuer>/.well-known/openid-configuration.' }),
    ),
    subjectClaim: Type.Optional(Type.String({ minLength: 1, description: 'Claim naming the subject. Default: sub.' })),
    groupsClaim: Type.Optional(Type.String({ minLength: 1, description: 'Claim listing groups. Default: groups.' })),
    requiredClaims: Type.Optional(
      List(
        Strict({
          claim: Type.String({ minLength: 1, description: 'Claim name.' }),
          values: List(Type.String(), 'Accepted values (any of); for array claims, any element.', { minItems: 1 }),
        }),
        'Claims the token must carry.',
      ),
    ),
    clockSkew: Type.Optional(Duration('Tolerated clock difference for exp/nbf/iat. Default 60s; at most 5m.')),
    required: Type.Optional(
      Type.Boolean({ description: 'true: the agent must present a valid token (as the password / bearer). Default true.' }),
    ),
  },
  { description: 'Verify an OIDC token presented by the agent and expose its subject and groups to rules.' },
);

export const PolicyResource = Strict(
  {
    name: DNS1123Label('ProtectedResource name in the same namespace.'),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'postgres: upstream role to use for this agent. Default: the credentials user.' })),
    database: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'postgres: upstream database to use. Default: the resource database.' })),
  },
  { description: 'A ProtectedResource the selected agents may reach.' },
);

export const Budget = Strict(
  {
    name: DNS1123Label('Budget name, reported when it is exhausted.'),
    window: Duration('Rolling window, e.g. 1h.'),
    maxRequests: Type.Optional(Type.Integer({ minimum: 1, description: 'Operations allowed per window.' })),
    maxTokens: Type.Optional(Type.Integer({ minimum: 1, description: 'LLM tokens (prompt + completion) allowed per window.' })),
    resources: Type.Optional(List(DNS1123Label('ProtectedResource name.'), 'Resources this budget counts; default all.')),
    action: Type.Optional(StringEnum(['block', 'hold'] as const, { description: 'What happens beyond the budget. Default block.' })),
  },
  { description: 'A usage budget per agent pod.' },
);

export const Recording = Strict(
  {
    sink: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        pattern: '^(file|s3)://',
        description: 'Where session files go: s3://bucket/prefix (any S3-compatible store) or file:///path. Default: the operator\'s configured sink.',
      }),
    ),
    s3: Type.Optional(
      Strict(
        {
          endpoint: Type.Optional(Type.String({ format: 'uri', description: 'Custom endpoint (MinIO, Ceph, R2…).' })),
          region: Type.Optional(Type.String({ minLength: 1, description: 'Region. Default us-east-1.' })),
          forcePathStyle: Type.Optional(Type.Boolean({ description: 'Path-style addressing (most non-AWS stores).' })),
          credentialsSecretRef: Type.Optional(
            Strict(
              { name: DNS1123Subdomain('Secret with accessKeyId / secretAccessKey keys.') },
              { description: 'Static credentials; default: the pod\'s web identity (IRSA) or environment.' },
            ),
          ),
        },
        { description: 'S3 connection settings.' },
      ),
    ),
    failurePolicy: Type.Optional(
      StringEnum(FailurePolicies, {
        description: 'When the local journal is full because the sink is unreachable: failClosed denies new operations (default); failOpen allows them unrecorded.',
      }),
    ),
    journalMaxBytes: Type.Optional(Type.Integer({ minimum: 1048576, description: 'Local journal cap. Default 256 MiB.' })),
    rotateBytes: Type.Optional(Type.Integer({ minimum: 65536, description: 'Build a Parquet file after this many journal bytes. Default 4 MiB.' })),
    rotateAge: Type.Optional(Duration('Build a Parquet file at least this often. Default 1m.')),
    signingKeySecretRef: Type.Optional(SecretKeyRef('Key that signs file manifests (JWS); default: generated per installation.')),
  },
  { description: 'Session recording.' },
);

export const AgentPolicySpec = Strict(
  {
    selector: LabelSelector,
    mode: Type.Optional(
      StringEnum(PolicyModes, {
        description: 'enforce (default) applies decisions; audit records what would have happened and allows (masking still applies).',
      }),
    ),
    identity: Type.Optional(
      Strict(
        {
          serviceAccounts: Type.Optional(
            List(Glob('Service account name (glob).'), 'Selected pods must run as one of these service accounts, or every operation is blocked.'),
          ),
          oidc: Type.Optional(Oidc),
        },
        { description: 'Who the selected agents must be.' },
      ),
    ),
    resources: List(PolicyResource, 'ProtectedResources the selected agents may reach; everything else is refused.', {
      minItems: 1,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    }),
    rules: Type.Optional(Rules),
    masking: Type.Optional(Masking),
    approval: Type.Optional(Approval),
    budgets: Type.Optional(List(Budget, 'Usage budgets.')),
    recording: Type.Optional(Recording),
  },
  { description: 'What the selected agent pods may do, and how it is governed.' },
);

export const AgentPolicyStatus = Strict(
  {
    observedGeneration: Type.Optional(ObservedGeneration),
    conditions: Type.Optional(Conditions),
    matchedPods: Type.Optional(Type.Integer({ minimum: 0, description: 'Running pods the selector matches.' })),
  },
  { description: 'Observed state, written by the operator.' },
);

export const AgentPolicy = KindObject(
  'AgentPolicy',
  AgentPolicySpec,
  AgentPolicyStatus,
  'AgentPolicy governs what selected agent pods may do to ProtectedResources: rules, masking, approvals, budgets, recording.',
);

export type AgentPolicy = Static<typeof AgentPolicy>;
export type AgentPolicySpec = Static<typeof AgentPolicySpec>;
export type Budget = Static<typeof Budget>;
export type Oidc = Static<typeof Oidc>;
export type PolicyResource = Static<typeof PolicyResource>;
export type Recording = Static<typeof Recording>;
export type PolicyMode = (typeof PolicyModes)[number];

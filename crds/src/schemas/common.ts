// Building blocks shared by every agentgate kind. Everything here must stay within what a
// Kubernetes *structural* schema allows (no $ref, no const, no additionalProperties next to
// properties in the generated CRD), because the same objects are rendered into CRD YAML.
import { Type, type Static, type TSchema, type TObject, type TProperties, type ObjectOptions } from '@sinclair/typebox';

export const API_GROUP = 'agentgate.dev';
export const API_VERSION = 'v1alpha1';
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;

/** A closed object: unknown fields are errors (ajv) and pruned/rejected by the API server. */
export function Strict<P extends TProperties>(properties: P, options: ObjectOptions = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** A string enum as a JSON Schema `enum` (what Kubernetes and `kubectl explain` understand). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export function List<T extends TSchema>(items: T, description: string, options: Record<string, unknown> = {}) {
  return Type.Array(items, { description, ...options });
}

export const DNS1123Label = (description: string) =>
  Type.String({ description, minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' });

export const DNS1123Subdomain = (description: string) =>
  Type.String({
    description,
    minLength: 1,
    maxLength: 253,
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  });

/** Go-style duration restricted to units that make sense for policy timers: 500ms, 30s, 15m, 1h30m. */
export const Duration = (description: string, options: Record<string, unknown> = {}) =>
  Type.String({ description, pattern: '^([0-9]+(ms|s|m|h))+$', ...options });

export const Glob = (description: string) => Type.String({ description, minLength: 1, maxLength: 512 });

export const Protocols = ['postgres', 'http', 'openai', 'anthropic', 'mcp', 'kubernetes'] as const;
export const Protocol = (description: string) => StringEnum(Protocols, { description });

export const Actions = ['allow', 'mask', 'block', 'hold', 'audit'] as const;
export const Action = StringEnum(Actions, {
  description:
    'What to do with a matching operation: allow (forward; resource/policy masking still applies), ' +
    'mask (forward and apply this rule\'s masking, or every detector when none is configured), ' +
    'block (refuse with a protocol-native error naming the rule), hold (wait for human approval), ' +
    'audit (allow, and flag the recorded event).',
});

export const SecretKeyRef = (description: string) =>
  Strict(
    {
      name: DNS1123Subdomain('Name of a Secret in the same namespace as the referring object.'),
      key: Type.String({ description: 'Key inside the Secret.', minLength: 1, maxLength: 253 }),
    },
    { description },
  );

export const LabelSelectorRequirement = Strict({
  key: Type.String({ description: 'Label key the selector applies to.', minLength: 1, maxLength: 317 }),
  operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const, {
    description: 'Relationship of the key to the values.',
  }),
  values: Type.Optional(
    List(Type.String({ maxLength: 63 }), 'Values for In/NotIn; must be empty for Exists/DoesNotExist.'),
  ),
});

export const LabelSelector = Strict(
  {
    matchLabels: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 63 }), {
        description: 'Labels a pod must carry (all of them).',
      }),
    ),
    matchExpressions: Type.Optional(List(LabelSelectorRequirement, 'Set-based requirements, ANDed.')),
  },
  {
    description:
      'Standard Kubernetes label selector. An empty selector ({}) selects every pod in the namespace.',
  },
);

export const Condition = Strict(
  {
    type: Type.String({ description: 'Condition type in CamelCase, e.g. Ready.', minLength: 1, maxLength: 316 }),
    status: StringEnum(['True', 'False', 'Unknown'] as const, { description: 'Status of the condition.' }),
    observedGeneration: Type.Optional(
      Type.Integer({ description: 'metadata.generation this condition was computed from.', minimum: 0 }),
    ),
    lastTransitionTime: Type.String({
      description: 'Last time the status changed (RFC 3339).',
      format: 'date-time',
    }),
    reason: Type.String({
      description: 'Machine-readable CamelCase reason for the last transition.',
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    }),
    message: Type.String({ description: 'Human-readable details.', maxLength: 32768 }),
  },
  { description: 'Standard Kubernetes condition (metav1.Condition).' },
);

export const Conditions = List(Condition, 'Current state of the object, with a Ready summary condition.', {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
});

export const ObservedGeneration = Type.Integer({
  description: 'metadata.generation the controller last acted on.',
  minimum: 0,
});

/**
 * ObjectMeta as the validators see it. In generated CRDs it is replaced by `type: object` (the API
 * server owns its schema); here we only insist on what we rely on.
 */
export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(DNS1123Subdomain('Object name.')),
    namespace: Type.Optional(DNS1123Label('Object namespace.')),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    generation: Type.Optional(Type.Integer()),
    uid: Type.Optional(Type.String()),
    resourceVersion: Type.Optional(Type.String()),
    creationTimestamp: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'Standard object metadata.' },
);

/** Top-level object wrapper shared by the three kinds. */
export function KindObject<S extends TSchema, St extends TSchema>(kind: string, spec: S, status: St, description: string) {
  return Type.Object(
    {
      apiVersion: StringEnum([API_GROUP_VERSION] as const, { description: `Always ${API_GROUP_VERSION}.` }),
      kind: StringEnum([kind] as const, { description: `Always ${kind}.` }),
      metadata: ObjectMeta,
      spec,
      status: Type.Optional(status),
    },
    { additionalProperties: false, description },
  );
}

export type Condition = Static<typeof Condition>;
export type LabelSelector = Static<typeof LabelSelector>;
export type Protocol = (typeof Protocols)[number];
export type Action = (typeof Actions)[number];

// The protocol-neutral Operation every adapter produces and the Decision the policy engine returns.
// Not Kubernetes kinds, but part of the API: `agentgate policy test` reads Operations as JSON and the
// recorder stores Decisions, so they are schema-validated like the CRs.
import { Type, type Static } from '@sinclair/typebox';
import { Actions, DNS1123Label, List, Protocol, Strict, StringEnum } from './common.js';
import { EntityTypes, MaskStyles } from './masking.js';
import { HttpMethods, KubeVerbs, StatementKinds } from './rules.js';

export const Identity = Strict(
  {
    namespace: Type.Optional(Type.String({ description: 'Pod namespace.' })),
    pod: Type.Optional(Type.String({ description: 'Pod name.' })),
    serviceAccount: Type.Optional(Type.String({ description: 'Pod service account.' })),
    podLabels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Pod labels, for policy selectors.' })),
    subject: Type.Optional(Type.String({ description: 'Verified OIDC subject.' })),
    groups: Type.Optional(List(Type.String(), 'Verified OIDC groups.')),
    issuer: Type.Optional(Type.String({ description: 'Issuer of the verified token.' })),
  },
  { description: 'Who performs the operation, as far as the sidecar has verified it.' },
);

export const Operation = Strict(
  {
    id: Type.Optional(Type.String({ description: 'Request id.' })),
    sessionId: Type.Optional(Type.String({ description: 'Session id.' })),
    identity: Type.Optional(Identity),
    resource: DNS1123Label('ProtectedResource name.'),
    protocol: Protocol('Protocol.'),
    text: Type.Optional(Type.String({ description: 'SQL text, prompt, request body or line: what content rules look at.' })),
    entities: Type.Optional(List(StringEnum(EntityTypes), 'Entity types the detectors found in the text (for content.entities).')),
    sql: Type.Optional(
      Strict({
        statementKinds: List(StringEnum(StatementKinds), 'Kinds of every statement, nested ones included.'),
        tables: Type.Optional(List(Type.String(), 'schema.table names, resolved with the search path.')),
        columns: Type.Optional(List(Type.String(), 'Referenced columns (schema.table.column when known, else bare).')),
        functions: Type.Optional(List(Type.String(), 'Called functions.')),
        unboundedWrite: Type.Optional(Type.Boolean({ description: 'An UPDATE/DELETE without effective WHERE.' })),
        opaque: Type.Optional(Type.Boolean({ description: 'Contains statements whose effect is unknowable (DO, dynamic SQL).' })),
        parseError: Type.Optional(Type.String({ description: 'Parser message when the SQL did not parse.' })),
      }),
    ),
    http: Type.Optional(
      Strict({
        method: StringEnum(HttpMethods),
        path: Type.String(),
        host: Type.Optional(Type.String()),
      }),
    ),
    llm: Type.Optional(Strict({ provider: Type.Optional(Type.String()), model: Type.String() })),
    mcp: Type.Optional(Strict({ method: Type.String(), tool: Type.Optional(Type.String()) })),
    kubernetes: Type.Optional(
      Strict({
        verb: StringEnum(KubeVerbs),
        apiGroup: Type.Optional(Type.String()),
        resource: Type.String(),
        subresource: Type.Optional(Type.String()),
        namespace: Type.Optional(Type.String()),
        name: Type.Optional(Type.String()),
      }),
    ),
  },
  { description: 'One thing an agent asks a protected resource to do.' },
);

export const DecisionActions = ['allow', 'mask', 'block', 'hold'] as const;
export const DecisionSources = ['policy', 'resource', 'builtin', 'default', 'access'] as const;

export const MaskingPlan = Strict(
  {
    style: StringEnum(MaskStyles),
    entities: List(StringEnum(EntityTypes), 'Detectors to run (groups expanded).'),
    entityStyles: List(Strict({ entity: StringEnum(EntityTypes), style: StringEnum(MaskStyles) }), 'Overrides.'),
    columns: List(Strict({ name: Type.String(), style: StringEnum(MaskStyles) }), 'Column rules, most specific source first.'),
    jsonPaths: List(Strict({ path: Type.String(), style: StringEnum(MaskStyles) }), 'JSON path rules.'),
    customPatterns: List(Strict({ name: Type.String(), pattern: Type.String(), style: StringEnum(MaskStyles) }), 'Custom patterns.'),
  },
  { description: 'What the masking engine applies to this operation\'s results and recorded text.' },
);

export const Decision = Strict(
  {
    action: StringEnum(DecisionActions, { description: 'What the sidecar does.' }),
    ruleAction: Type.Optional(StringEnum(Actions, { description: 'The matching rule\'s own action (audit shows here).' })),
    rule: Type.Union([Type.String(), Type.Null()], { description: 'Deciding rule, qualified (policy/rule, resource:<r>/rule, builtin:<set>/rule), or null.' }),
    policy: Type.Union([Type.String(), Type.Null()], { description: 'AgentPolicy (namespace/name) that decided, or null.' }),
    source: StringEnum(DecisionSources, { description: 'Where the decision came from.' }),
    reason: Type.String({ description: 'Human-readable explanation, shown to the agent on block/hold.' }),
    mode: StringEnum(['enforce', 'audit'] as const),
    enforced: Type.Boolean({ description: 'false in audit mode when the decision was relaxed.' }),
    wouldBe: Type.Optional(StringEnum(DecisionActions, { description: 'Audit mode: what enforce mode would have done.' })),
    flagged: Type.Boolean({ description: 'An audit rule matched: record prominently.' }),
    masking: MaskingPlan,
    approval: Type.Optional(
      Strict({
        timeoutSeconds: Type.Number(),
        maxPending: Type.Integer(),
        approverGroups: List(Type.String(), 'Approver groups.'),
        approvers: List(Type.String(), 'Approver users.'),
        requireJustification: Type.Boolean(),
      }),
    ),
  },
  { description: 'The policy engine\'s answer for one Operation.' },
);

export type Identity = Static<typeof Identity>;
export type Operation = Static<typeof Operation>;
export type Decision = Static<typeof Decision>;
export type MaskingPlan = Static<typeof MaskingPlan>;
export type DecisionAction = (typeof DecisionActions)[number];

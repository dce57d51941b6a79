// Rules: an ordered list of (match → action). Used by AgentPolicy and ProtectedResource, and by
// the built-in rule sets the sidecar ships. The `match` shape mirrors `Operation` field for field.
import { Type, type Static } from '@sinclair/typebox';
import { Action, DNS1123Label, Duration, Glob, List, Protocol, Strict, StringEnum } from './common.js';
import { EntitySelectors, Masking } from './masking.js';

/**
 * Statement kinds the SQL classifier reports. A statement may carry several: `ALTER TABLE t DROP
 * COLUMN c` is [ALTER, ALTER_DROP]; `COPY t TO PROGRAM '…'` is [COPY_TO, COPY_PROGRAM]; `EXPLAIN
 * ANALYZE DELETE …` is [EXPLAIN, EXPLAIN_ANALYZE, DELETE]; `DROP ROLE r` is [DROP, DROP_ROLE]; `COPY t FROM
 * '/etc/passwd'` (a server-side file) is [COPY_FROM, COPY_FILE]; `ALTER … OWNER TO r` and `ALTER TABLE t
 * DISABLE ROW LEVEL SECURITY` are [ALTER, ALTER_SECURITY].
 */
export const StatementKinds = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE',
  'CREATE', 'ALTER', 'ALTER_DROP', 'DROP', 'COMMENT', 'REFRESH', 'REINDEX', 'CLUSTER', 'VACUUM', 'ANALYZE',
  'GRANT', 'REVOKE', 'CREATE_ROLE', 'ALTER_ROLE', 'DROP_ROLE', 'SECURITY_LABEL',
  'COPY_FROM', 'COPY_TO', 'COPY_PROGRAM', 'COPY_FILE', 'ALTER_SYSTEM',
  'DO', 'CALL', 'EXPLAIN', 'EXPLAIN_ANALYZE', 'PREPARE', 'EXECUTE', 'DEALLOCATE',
  'SET', 'RESET', 'SHOW', 'TRANSACTION', 'LOCK', 'LISTEN', 'UNLISTEN', 'NOTIFY',
  'DECLARE', 'FETCH', 'CLOSE', 'DISCARD', 'CHECKPOINT', 'LOAD', 'IMPORT_FOREIGN_SCHEMA',
  'SET_ROLE', 'CREATE_EXTENSION', 'ALTER_SECURITY',
  'OTHER', 'UNPARSEABLE',
] as const;

export const HttpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'] as const;
export const KubeVerbs = [
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'exec', 'attach',
  'portforward', 'proxy', 'impersonate', 'bind', 'escalate',
] as const;

export const SqlMatch = Strict(
  {
    statementKinds: Type.Optional(
      List(StringEnum(StatementKinds), 'Matches when the statement has any of these kinds.'),
    ),
    tables: Type.Optional(
      List(Glob('schema.table glob, e.g. public.customers, *.audit_*.'), 'Matches when any target or source table matches.'),
    ),
    columns: Type.Optional(
      List(Glob('schema.table.column glob or bare column glob, e.g. *.ssn.'), 'Matches when any referenced column matches.'),
    ),
    functions: Type.Optional(
      List(Glob('Function name glob, e.g. pg_terminate_backend, dblink*.'), 'Matches when any called function matches.'),
    ),
    unboundedWrite: Type.Optional(
      Type.Boolean({ description: 'true: matches UPDATE/DELETE without an effective WHERE (and MERGE without ON filter).' }),
    ),
    opaque: Type.Optional(
      Type.Boolean({ description: 'true: matches statements whose effect cannot be known before running (DO blocks, dynamic SQL).' }),
    ),
  },
  { description: 'SQL criteria (postgres resources), from the real PostgreSQL parser.' },
);

export const HttpMatch = Strict(
  {
    methods: Type.Optional(List(StringEnum(HttpMethods), 'HTTP methods.')),
    paths: Type.Optional(List(Glob('URL path glob, e.g. /v1/admin/*.'), 'Request paths (case-sensitive).')),
    hosts: Type.Optional(List(Glob('Host glob, e.g. *.internal.'), 'Request Host headers.')),
  },
  { description: 'HTTP criteria (http, openai, anthropic, mcp resources).' },
);

export const LlmMatch = Strict(
  {
    models: Type.Optional(List(Glob('Model glob, e.g. gpt-4o*, claude-*-opus-*.'), 'Requested models (case-insensitive).')),
  },
  { description: 'LLM criteria (openai, anthropic resources).' },
);

export const McpMatch = Strict(
  {
    methods: Type.Optional(List(Glob('JSON-RPC method glob, e.g. tools/call.'), 'MCP JSON-RPC methods.')),
    tools: Type.Optional(List(Glob('Tool name glob, e.g. delete_*.'), 'Tools called with tools/call.')),
  },
  { description: 'MCP criteria.' },
);

export const KubernetesMatch = Strict(
  {
    verbs: Type.Optional(List(StringEnum(KubeVerbs), 'Kubernetes API verbs.')),
    apiGroups: Type.Optional(List(Type.String({ maxLength: 253 }), 'API groups; "" is the core group.')),
    resources: Type.Optional(List(Glob('Resource plural glob, e.g. secrets, deployments.'), 'Resources.')),
    subresources: Type.Optional(List(Glob('Subresource, e.g. exec, log, scale.'), 'Subresources.')),
    namespaces: Type.Optional(List(Glob('Namespace glob.'), 'Target namespaces.')),
    names: Type.Optional(List(Glob('Object name glob.'), 'Target object names.')),
  },
  { description: 'Kubernetes API criteria (kubernetes resources).' },
);

export const ContentMatch = Strict(
  {
    patterns: Type.Optional(
      List(
        Type.String({ minLength: 1, maxLength: 4096, description: 'RE2 regular expression (linear time).' }),
        'Matches when the operation text (SQL, prompt, request body) matches any pattern.',
      ),
    ),
    entities: Type.Optional(
      List(StringEnum(EntitySelectors), 'Matches when the detectors find any of these entity types (or groups) in the text.'),
    ),
  },
  { description: 'Content criteria, applied to the operation text.' },
);

export const IdentityMatch = Strict(
  {
    serviceAccounts: Type.Optional(List(Glob('Service account name glob.'), 'Pod service accounts.')),
    subjects: Type.Optional(List(Glob('OIDC subject glob.'), 'Verified OIDC subjects.')),
    groups: Type.Optional(List(Type.String({ minLength: 1 }), 'Verified OIDC groups (any of).')),
  },
  { description: 'Identity criteria.' },
);

export const Match = Strict(
  {
    resources: Type.Optional(
      List(DNS1123Label('ProtectedResource name.'), 'Only for operations on these ProtectedResources (policy rules).'),
    ),
    protocols: Type.Optional(List(Protocol('Protocol.'), 'Only for these protocols.')),
    sql: Type.Optional(SqlMatch),
    http: Type.Optional(HttpMatch),
    llm: Type.Optional(LlmMatch),
    mcp: Type.Optional(McpMatch),
    kubernetes: Type.Optional(KubernetesMatch),
    content: Type.Optional(ContentMatch),
    identity: Type.Optional(IdentityMatch),
  },
  {
    description:
      'All given criteria must hold (AND); within a list any value may match (OR). An empty match matches every operation. ' +
      'Criteria for another protocol never match (a rule with `sql` does not match HTTP requests).',
  },
);

export const Approval = Strict(
  {
    approverGroups: Type.Optional(List(Type.String({ minLength: 1 }), 'Kubernetes groups whose members may decide.')),
    approvers: Type.Optional(List(Type.String({ minLength: 1 }), 'Kubernetes users who may decide.')),
    timeout: Type.Optional(Duration('How long a held operation waits before it expires (denied). Default 15m.')),
    maxPending: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'Held operations per agent pod at once; beyond it new holds are denied. Default 5.' }),
    ),
    requireJustification: Type.Optional(
      Type.Boolean({ description: 'Approvers must give a reason with their decision. Default false.' }),
    ),
  },
  { description: 'Who may approve held operations, and for how long they wait. Requesters can never approve their own.' },
);

export const Rule = Strict(
  {
    name: DNS1123Label('Rule name, unique within its list; reported in decisions, errors and recordings.'),
    description: Type.Optional(Type.String({ maxLength: 1024, description: 'What the rule is for.' })),
    match: Type.Optional(Match),
    action: Action,
    reason: Type.Optional(
      Type.String({ maxLength: 1024, description: 'Message shown to the agent when the rule blocks or holds.' }),
    ),
    masking: Type.Optional(Masking),
    approval: Type.Optional(Approval),
  },
  { description: 'One rule. The first rule whose match holds decides.' },
);

export const Rules = List(Rule, 'Ordered rules; the first match wins.', {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['name'],
});

export const BuiltinRuleSets = ['destructive'] as const;

export type Rule = Static<typeof Rule>;
export type Match = Static<typeof Match>;
export type SqlMatch = Static<typeof SqlMatch>;
export type HttpMatch = Static<typeof HttpMatch>;
export type LlmMatch = Static<typeof LlmMatch>;
export type McpMatch = Static<typeof McpMatch>;
export type KubernetesMatch = Static<typeof KubernetesMatch>;
export type ContentMatch = Static<typeof ContentMatch>;
export type IdentityMatch = Static<typeof IdentityMatch>;
export type Approval = Static<typeof Approval>;
export type StatementKind = (typeof StatementKinds)[number];
export type BuiltinRuleSet = (typeof BuiltinRuleSets)[number];

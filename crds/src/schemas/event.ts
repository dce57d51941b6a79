// The session event: what the sidecar records for every connect, operation, error and disconnect.
// One schema for the gate that emits it, the journal, the Parquet files and `agentgate sessions`.
// Column names are snake_case because users query them with SQL (DuckDB, Athena, Trino).
// Bump EVENT_SCHEMA_VERSION on any change a reader must know about (new required column, meaning change).
// The recorder derives the Parquet schema from this one (sidecar/src/recorder/parquet-schema.ts):
// integer → INT64, number → DOUBLE, boolean → BOOLEAN, string/enum → UTF8, arrays → LIST, objects →
// groups; `x-parquet-type` overrides the physical/logical type where SQL readers need it.
import { Type, type Static } from '@sinclair/typebox';
import { List, Protocol, Strict, StringEnum } from './common.js';
import { DecisionActions } from './operation.js';
import { StatementKinds } from './rules.js';

export const EVENT_SCHEMA_VERSION = 1;

export const EventKinds = ['connect', 'operation', 'approval', 'error', 'disconnect'] as const;

const Str = (description: string) => Type.String({ description });
const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t);

export const SessionEvent = Strict(
  {
    v: Type.Integer({ minimum: 1, description: 'Event schema version.' }),
    // x-parquet-type: the Parquet column is a TIMESTAMP (UTC, milliseconds), so SQL readers get a time, not a number.
    ts: Type.Integer({
      minimum: 0,
      description: 'When the event happened, milliseconds since the Unix epoch (UTC).',
      'x-parquet-type': 'TIMESTAMP_MILLIS',
    }),
    session_id: Str('Session id (one client connection / HTTP conversation).'),
    seq: Type.Integer({ minimum: 0, description: 'Position in the session, 0-based, no gaps.' }),
    kind: StringEnum(EventKinds, { description: 'What happened.' }),
    namespace: Str('Agent pod namespace.'),
    pod: Str('Agent pod name.'),
    service_account: Str('Agent service account.'),
    subject: Opt(Str('Verified OIDC subject.')),
    groups: Opt(List(Type.String(), 'Verified OIDC groups.')),
    resource: Str('ProtectedResource name.'),
    protocol: Protocol('Protocol.'),
    client_addr: Opt(Str('Client address as seen by the sidecar.')),
    request_id: Opt(Str('Operation id within the session (ties an approval to its operation).')),
    operation: Opt(Str('The statement / prompt / request line, already masked.')),
    fingerprint: Opt(Str('Fingerprint of the normalised statement (same query, different literals → same value).')),
    statement_kinds: Opt(List(StringEnum(StatementKinds), 'SQL statement kinds.')),
    tables: Opt(List(Type.String(), 'SQL tables (schema.table).')),
    model: Opt(Str('LLM model.')),
    tool: Opt(Str('MCP tool.')),
    decision: Opt(StringEnum(DecisionActions, { description: 'What the sidecar did.' })),
    would_be: Opt(StringEnum(DecisionActions, { description: 'Audit mode: what enforce would have done.' })),
    rule: Opt(Str('Deciding rule (qualified), if any.')),
    policy: Opt(Str('Deciding AgentPolicy (namespace/name), if any.')),
    reason: Opt(Str('Why, in words.')),
    flagged: Opt(Type.Boolean({ description: 'An audit rule matched or audit mode relaxed a decision.' })),
    approval_id: Opt(Str('ApprovalRequest name for held operations.')),
    approver: Opt(Str('Who decided the approval.')),
    approval_outcome: Opt(StringEnum(['Approved', 'Denied', 'Expired'] as const, { description: 'How the hold ended.' })),
    rows: Opt(Type.Integer({ minimum: 0, description: 'Rows returned or affected.' })),
    bytes_in: Opt(Type.Integer({ minimum: 0, description: 'Bytes from the agent to the upstream for this operation/session.' })),
    bytes_out: Opt(Type.Integer({ minimum: 0, description: 'Bytes from the upstream to the agent.' })),
    duration_ms: Opt(Type.Number({ minimum: 0, description: 'Wall time of the operation (including any hold).' })),
    masked: Opt(
      List(
        Strict({ entity: Str('Entity type or custom pattern / column rule label.'), count: Type.Integer({ minimum: 1 }) }),
        'How many values were masked, per entity. Never the values.',
      ),
    ),
    error: Opt(Str('Error message (masked).')),
    error_code: Opt(Str('Protocol error code, e.g. SQLSTATE 42501, HTTP 403.')),
  },
  { description: 'One recorded event.' },
);

export type SessionEvent = Static<typeof SessionEvent>;
export type EventKind = (typeof EventKinds)[number];

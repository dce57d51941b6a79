import { Type, type Static } from '@sinclair/typebox';
import { Conditions, DNS1123Label, KindObject, List, Protocol, Strict, StringEnum } from './common.js';
import { StatementKinds } from './rules.js';

export const ApprovalDecisions = ['Approved', 'Denied', 'Expired'] as const;

export const ApprovalRequestSpec = Strict(
  {
    policy: DNS1123Label('AgentPolicy whose rule held the operation.'),
    rule: Type.String({ minLength: 1, maxLength: 128, description: 'Rule that held it.' }),
    resource: DNS1123Label('ProtectedResource the operation targets.'),
    protocol: Protocol('Protocol of the operation.'),
    agent: Strict(
      {
        namespace: DNS1123Label('Agent pod namespace.'),
        pod: Type.String({ minLength: 1, maxLength: 253, description: 'Agent pod name.' }),
        serviceAccount: Type.String({ minLength: 1, maxLength: 253, description: 'Agent service account.' }),
        subject: Type.Optional(Type.String({ maxLength: 1024, description: 'Verified OIDC subject, when any.' })),
        groups: Type.Optional(List(Type.String(), 'Verified OIDC groups.')),
      },
      { description: 'Who asked.' },
    ),
    sessionId: Type.String({ minLength: 1, maxLength: 128, description: 'Recorded session the operation belongs to.' }),
    operation: Strict(
      {
        summary: Type.String({ maxLength: 16384, description: 'The operation as text, already masked (SQL, prompt, request line).' }),
        fingerprint: Type.Optional(Type.String({ maxLength: 128, description: 'Normalised-statement fingerprint.' })),
        statementKinds: Type.Optional(List(StringEnum(StatementKinds), 'SQL statement kinds.')),
        tables: Type.Optional(List(Type.String(), 'SQL tables.')),
        model: Type.Optional(Type.String({ description: 'LLM model.' })),
        tool: Type.Optional(Type.String({ description: 'MCP tool.' })),
      },
      { description: 'What is being asked for.' },
    ),
    justification: Type.Optional(Type.String({ maxLength: 4096, description: 'Why the agent (or its operator) says it needs this.' })),
    approverGroups: Type.Optional(List(Type.String(), 'Groups allowed to decide (from the policy).')),
    approvers: Type.Optional(List(Type.String(), 'Users allowed to decide (from the policy).')),
    requireJustification: Type.Optional(Type.Boolean({ description: 'Deciders must give a reason.' })),
    requestedAt: Type.String({ format: 'date-time', description: 'When the operation was held.' }),
    expiresAt: Type.String({ format: 'date-time', description: 'When it expires (denied) if nobody decides.' }),
  },
  {
    description: 'A held operation waiting for a human. Immutable once created.',
    'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'spec is immutable' }],
  },
);

export const ApprovalRequestStatus = Strict(
  {
    conditions: Type.Optional(Conditions),
    decidedBy: Type.Optional(Type.String({ description: 'User who decided; stamped by the admission webhook from the request userInfo.' })),
    decidedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the decision was made; stamped by the webhook.' })),
    reason: Type.Optional(Type.String({ maxLength: 4096, description: 'Why the approver decided as they did.' })),
  },
  { description: 'The decision: one condition of type Approved, Denied or Expired (as CertificateSigningRequest does it).' },
);

export const ApprovalRequest = KindObject(
  'ApprovalRequest',
  ApprovalRequestSpec,
  ApprovalRequestStatus,
  'ApprovalRequest is created by the operator when a rule holds an operation; approvers decide with `kubectl agentgate approve|deny`.',
);

export type ApprovalRequest = Static<typeof ApprovalRequest>;
export type ApprovalRequestSpec = Static<typeof ApprovalRequestSpec>;

// The gate's contract with protocol adapters. An adapter translates wire messages into an
// Operation and a Verdict back into wire behaviour; the gate composes identity, policy,
// approvals, the masking plan and recording, once, for every protocol (see DESIGN.md).
import type { Decision, Operation, Protocol } from '@agentgate/api';
import type { Findings, Masker } from '../masking/types.js';

/** What an adapter knows when a client connects (after any protocol-level authentication). */
export interface SessionInfo {
  resource: string;
  protocol: Protocol;
  clientAddr?: string;
  /** From a verified OIDC token, when the resource requires one. */
  subject?: string;
  groups?: string[];
  issuer?: string;
}

/** An Operation as the adapter builds it: the gate fills in identity, session and request ids. */
export type OperationInput = Omit<Operation, 'identity' | 'sessionId' | 'id' | 'resource' | 'protocol'>;

export interface Verdict {
  requestId: string;
  decision: Decision;
  /** true: forward the operation (allow / mask / approved hold / audit mode). */
  proceed: boolean;
  /** Masks this operation's results and recorded text; null when the plan masks nothing. */
  masker: Masker | null;
  /** Protocol-neutral refusal text naming policy and rule, for the adapter's native error. */
  message?: string;
  approval?: { id: string; outcome: 'Approved' | 'Denied' | 'Expired'; approver?: string };
  /** When the gate started deciding (ms since epoch), for duration accounting. */
  startedAt: number;
  /** What the gate records for this operation once the adapter calls complete(). */
  readonly op: Readonly<OperationInput>;
  readonly fingerprint?: string;
}

export interface HoldInfo {
  approvalId: string;
  timeoutSeconds: number;
  reason: string;
}

export interface DecideHooks {
  /** Called when the operation is held, so the adapter can tell the client it waits (e.g. a NoticeResponse). */
  onHold?: (info: HoldInfo) => void;
  /** Aborts a pending hold (client disconnected or cancelled). */
  signal?: AbortSignal;
  /** Normalised-statement fingerprint the adapter already has (recorded; same query, other literals → same value). */
  fingerprint?: string;
}

export interface OperationOutcome {
  rows?: number;
  bytesIn?: number;
  bytesOut?: number;
  error?: string;
  errorCode?: string;
  findings?: Findings;
}

export interface GateSession {
  readonly id: string;
  /**
   * Decide one operation. Returns synchronously unless the decision is `hold` (then a promise that
   * settles when a human decides or the hold expires), so the common path allocates no promise.
   */
  decide(op: OperationInput, hooks?: DecideHooks): Verdict | Promise<Verdict>;
  /** Record the operation's end. Call before relaying the final response, so a crash cannot lose it. */
  complete(verdict: Verdict, outcome: OperationOutcome): void;
  /** Record a session-level error (protocol violation, upstream failure). */
  error(message: string, code?: string): void;
  /** Record the disconnect; idempotent. */
  close(reason?: string): void;
}

export interface Gate {
  /** Open a session, or refuse it (no policy grants the resource, recorder refusing under failClosed…). */
  open(info: SessionInfo): GateSession | { refused: string; code: string };
}

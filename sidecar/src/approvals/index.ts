// Approvals: how a held operation waits for a human. The gate asks for a decision and awaits it;
// the operator-backed broker (ApprovalRequest CRs over a websocket) is a later issue. This file holds
// the contract plus an in-memory implementation for tests and `make demo`.
import type { Identity } from '@agentgate/api';

export type ApprovalOutcome = 'Approved' | 'Denied' | 'Expired';

export interface ApprovalDecision {
  outcome: ApprovalOutcome;
  approver?: string;
  reason?: string;
}

export interface ApprovalInput {
  sessionId: string;
  requestId: string;
  resource: string;
  /** Deciding rule, qualified. */
  rule: string | null;
  /** What is asked, already masked: approvers see no more than the recording keeps. */
  summary: string;
  identity: Identity;
  timeoutSeconds: number;
  approverGroups?: string[];
}

export interface ApprovalHandle {
  id: string;
  /** Settles exactly once; never rejects. */
  decision: Promise<ApprovalDecision>;
}

export interface Approvals {
  /** Ask for a decision. Aborting `signal` withdraws the request (it settles as Expired). */
  request(input: ApprovalInput, signal?: AbortSignal): ApprovalHandle;
}

export interface PendingApproval extends ApprovalInput {
  id: string;
  createdAt: number;
  expiresAt: number;
}

interface Entry {
  pending: PendingApproval;
  settle: (d: ApprovalDecision) => void;
}

/**
 * Approvals kept in process memory. `decide()` plays the approver; a request that nobody decides
 * within its timeout settles as Expired. `onRequest` lets a test or the demo react to new holds.
 */
export class InMemoryApprovals implements Approvals {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(p: PendingApproval) => void>();
  private next = 0;

  constructor(private readonly now: () => number = Date.now) {}

  request(input: ApprovalInput, signal?: AbortSignal): ApprovalHandle {
    const id = `ar-${(++this.next).toString(36)}-${input.requestId}`;
    const createdAt = this.now();
    const pending: PendingApproval = { ...input, id, createdAt, expiresAt: createdAt + input.timeoutSeconds * 1000 };
    let settle!: (d: ApprovalDecision) => void;
    const decision = new Promise<ApprovalDecision>((resolve) => {
      let done = false;
      const timer = setTimeout(() => finish({ outcome: 'Expired', reason: `no decision within ${input.timeoutSeconds}s` }), input.timeoutSeconds * 1000);
      // A pending hold must not keep a process alive on its own (tests, demo shutdown).
      timer.unref();
      const onAbort = () => finish({ outcome: 'Expired', reason: 'withdrawn: the client went away or cancelled' });
      function finish(d: ApprovalDecision): void {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(d);
      }
      settle = (d) => finish(d);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    const entry: Entry = { pending, settle };
    this.entries.set(id, entry);
    void decision.then(() => this.entries.delete(id));
    for (const l of this.listeners) l(pending);
    return { id, decision };
  }

  /** Requests still waiting, oldest first. */
  list(): PendingApproval[] {
    return [...this.entries.values()].map((e) => e.pending);
  }

  /** Decide a pending request. Returns false when it is unknown or already settled. */
  decide(id: string, outcome: 'Approved' | 'Denied', approver: string, reason?: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    if (approver === e.pending.identity.subject) return false; // no self-approval
    this.entries.delete(id);
    e.settle({ outcome, approver, ...(reason !== undefined && { reason }) });
    return true;
  }

  /** Call `fn` for every new request; returns an unsubscribe function. */
  onRequest(fn: (p: PendingApproval) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

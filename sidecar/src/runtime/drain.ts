// Graceful drain without help from the protocol adapters: the runtime hands listeners a gate that
// refuses new sessions once shutdown starts (SQLSTATE 57P01 admin_shutdown, what PostgreSQL itself
// sends on a smart shutdown) and counts open sessions, so shutdown can wait for the agent's in-flight
// work to finish before the listeners are closed and the recording is sealed.
import type { Gate, GateSession } from '../gate/types.js';

export interface DrainingGate {
  gate: Gate;
  /** Refuse new sessions from now on. */
  stop(): void;
  readonly open: number;
  /** Resolves when no session is open (immediately if none is). */
  idle(): Promise<void>;
}

export function drainingGate(inner: Gate): DrainingGate {
  let stopping = false;
  let open = 0;
  let waiters: (() => void)[] = [];
  const release = () => {
    if (open > 0) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const gate: Gate = {
    open(info) {
      if (stopping) return { refused: 'agentgate: the sidecar is shutting down; reconnect shortly', code: '57P01' };
      const s = inner.open(info);
      if ('refused' in s) return s;
      open++;
      let closed = false;
      const wrapped: GateSession = {
        get id() {
          return s.id;
        },
        decide: (op, hooks) => s.decide(op, hooks),
        complete: (v, outcome) => s.complete(v, outcome),
        error: (message, code) => s.error(message, code),
        close(reason) {
          s.close(reason);
          if (closed) return;
          closed = true;
          open--;
          release();
        },
      };
      return wrapped;
    },
  };
  return {
    gate,
    stop: () => {
      stopping = true;
    },
    get open() {
      return open;
    },
    idle: () => (open === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
  };
}

// Session events for tests (no heavy imports: the crash-test child loads this too).
import { EVENT_SCHEMA_VERSION, type SessionEvent } from '@agentgate/api';

export const NS = 'agents';
export const POD = 'support-agent-7d9f-x2k4';

/** A realistic operation event; `i` varies text and numbers. */
export function event(session: string, seq: number, extra: Partial<SessionEvent> = {}): SessionEvent {
  return {
    v: EVENT_SCHEMA_VERSION,
    ts: Date.now(),
    session_id: session,
    seq,
    kind: seq === 0 ? 'connect' : 'operation',
    namespace: NS,
    pod: POD,
    service_account: 'support-agent',
    resource: 'orders-db',
    protocol: 'postgres',
    ...(seq > 0
      ? {
          request_id: `${session}-r${seq}`,
          operation: `SELECT id, email FROM public.customers WHERE id = ${seq}`,
          fingerprint: 'f1e2d3c4',
          statement_kinds: ['SELECT' as const],
          tables: ['public.customers'],
          decision: 'mask' as const,
          rule: 'support-agent/mask-pii',
          rows: seq % 7,
          duration_ms: 0.25 * (seq % 13),
          masked: [{ entity: 'EMAIL', count: 1 + (seq % 3) }],
        }
      : {}),
    ...extra,
  };
}

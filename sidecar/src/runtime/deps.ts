// What the runtime wires together. Passed in (instead of imported directly) so runtime tests can stand
// in a fake listener; the types are the data-path modules' own (type-only imports, no runtime coupling).
import type { MaskingPlan } from '@agentgate/api';
import type { GateOptions } from '../gate/index.js';
import type { Gate } from '../gate/types.js';
import type { Masker, MaskerOptions } from '../masking/types.js';
import type { PostgresListener, PostgresListenerOptions } from '../protocols/postgres/index.js';

export type { PostgresListenerOptions };
export type PodRef = GateOptions['pod'];
export type ListenerHandle = PostgresListener;
export type ClientAuthResult = Awaited<ReturnType<NonNullable<PostgresListenerOptions['authenticateClient']>>>;

export interface RuntimeDeps<A = unknown> {
  createGate(opts: Omit<GateOptions, 'approvals'> & { approvals: A }): Gate;
  createApprovals(): A;
  startPostgresListener(opts: PostgresListenerOptions): Promise<ListenerHandle>;
  compileMasker(plan: MaskingPlan, opts: MaskerOptions): Masker;
}

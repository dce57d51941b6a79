// What the runtime wires together, as the contracts the data-path modules export. Passed in (instead
// of imported directly) so runtime tests can stand in a fake listener, and so this folder depends on
// the contracts rather than on one implementation.
import type { MaskingPlan } from '@agentgate/api';
import type { Gate } from '../gate/types.js';
import type { Masker } from '../masking/types.js';
import type { CompiledPolicySet } from '../policy/index.js';
import type { Recorder } from '../recorder/types.js';
import type { Logger } from '../telemetry/index.js';

export interface PodRef {
  namespace: string;
  pod: string;
  serviceAccount: string;
  labels: Record<string, string>;
}

export type ClientAuthResult = { subject?: string; groups?: string[]; issuer?: string } | { refused: string; code: '28000' | '28P01' };

export interface PostgresListenerOptions {
  resource: string;
  listen: { host: string; port: number; tls?: { cert: string; key: string } };
  upstream: { host: string; port: number; database?: string; tls?: boolean | { ca?: string; servername?: string; rejectUnauthorized?: boolean } };
  credentials: { user: string; password?: string };
  authenticateClient?: (startup: { user: string; database: string; password?: string }) => Promise<ClientAuthResult>;
  gate: Gate;
  limits?: { maxMessageBytes?: number };
  logger?: Logger;
}

export interface ListenerHandle {
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface RuntimeDeps<A = unknown> {
  createGate(opts: { policies: CompiledPolicySet; pod: PodRef; recorder: Recorder; approvals: A; maskerFor: (plan: MaskingPlan) => Masker | null; logger?: Logger }): Gate;
  createApprovals(): A;
  startPostgresListener(opts: PostgresListenerOptions): Promise<ListenerHandle>;
  compileMasker(plan: MaskingPlan, opts: { hashKey: Uint8Array | string }): Masker;
}

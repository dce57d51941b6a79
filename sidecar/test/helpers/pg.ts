// Shared by the pg-*.test.ts files: a real PostgreSQL cluster (scripts/pg-cluster.sh), a compiled
// policy, an in-memory recorder and a running sidecar listener in front of the cluster.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AgentPolicy, MaskingPlan, ProtectedResource, SessionEvent } from '@agentgate/api';
import pg from 'pg';
import { compileMasker } from '../../src/masking/index.js';
import { InMemoryApprovals } from '../../src/approvals/index.js';
import { createGate } from '../../src/gate/index.js';
import type { Masker } from '../../src/masking/types.js';
import { compilePolicySet } from '../../src/policy/index.js';
import { startPostgresListener, type PostgresListener, type PostgresListenerOptions } from '../../src/protocols/postgres/index.js';
import type { Recorder } from '../../src/recorder/types.js';
import { rootLogger } from '../../src/telemetry/index.js';

if (process.env.AGENTGATE_LOG_LEVEL) rootLogger().level = process.env.AGENTGATE_LOG_LEVEL;
else rootLogger().silent = true;

const SCRIPT = fileURLToPath(new URL('../../../../scripts/pg-cluster.sh', import.meta.url));

export interface PgCluster {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  socketDir: string;
  env: Record<string, string>;
}

let cluster: PgCluster | undefined;

/** The cluster scripts/test.sh started (PGHOST/PGPORT/AGENTGATE_PG_DIR), or a private one for this process. */
export function pgCluster(): PgCluster {
  if (cluster) return cluster;
  let env: Record<string, string>;
  if (process.env.AGENTGATE_PG_DIR && process.env.PGPORT) {
    env = Object.fromEntries(['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'AGENTGATE_PG_DIR'].map((k) => [k, process.env[k]!]));
  } else {
    const out = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8' });
    env = Object.fromEntries(out.replace(/^export /, '').trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
    process.on('exit', () => execFileSync('bash', [SCRIPT, 'stop', env.AGENTGATE_PG_DIR!]));
  }
  cluster = {
    host: env.PGHOST!, port: Number(env.PGPORT), user: env.PGUSER!, password: env.PGPASSWORD!, database: env.PGDATABASE!,
    socketDir: env.AGENTGATE_PG_DIR!, env,
  };
  return cluster;
}

export class MemoryRecorder implements Recorder {
  events: SessionEvent[] = [];
  accepting = true;
  refuse = false;
  record(e: SessionEvent): boolean {
    if (this.refuse) return false;
    this.events.push(e);
    return true;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  ops(): SessionEvent[] {
    return this.events.filter((e) => e.kind === 'operation');
  }
}

export const POD = { namespace: 'agents', pod: 'agent-1', serviceAccount: 'agent', labels: { app: 'agent' } };

export function resource(spec: Partial<ProtectedResource['spec']> = {}): ProtectedResource {
  const c = pgCluster();
  return {
    apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource',
    metadata: { name: 'db', namespace: 'agents' },
    spec: { type: 'postgres', endpoint: { host: c.host, port: c.port }, ...spec },
  };
}

export function policy(spec: Partial<AgentPolicy['spec']> = {}): AgentPolicy {
  return {
    apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy',
    metadata: { name: 'p', namespace: 'agents' },
    spec: { selector: { matchLabels: { app: 'agent' } }, resources: [{ name: 'db' }], ...spec },
  };
}

export interface Proxy extends PostgresListener {
  recorder: Recorder;
  approvals: InMemoryApprovals;
  /** Connection settings for node `pg` through the sidecar. */
  client: pg.ClientConfig;
  env: Record<string, string>;
}

export interface ProxyOptions {
  policy?: Partial<AgentPolicy['spec']>;
  resource?: Partial<ProtectedResource['spec']>;
  recorder?: Recorder;
  maskerFor?: (plan: MaskingPlan) => Masker | null;
  credentials?: { user: string; password?: string };
  listener?: Partial<PostgresListenerOptions>;
}

export async function startProxy(o: ProxyOptions = {}): Promise<Proxy> {
  const c = pgCluster();
  const recorder = o.recorder ?? new MemoryRecorder();
  const approvals = new InMemoryApprovals();
  const policies = compilePolicySet({ policies: [policy(o.policy)], resources: [resource(o.resource)] });
  const gate = createGate({ policies, pod: POD, recorder, approvals, maskerFor: o.maskerFor ?? (() => null) });
  const l = await startPostgresListener({
    resource: 'db',
    listen: { host: '127.0.0.1', port: 0 },
    upstream: { host: c.host, port: c.port },
    credentials: o.credentials ?? { user: c.user, password: c.password },
    gate,
    ...o.listener,
  });
  return {
    ...l, recorder, approvals,
    client: { host: l.host, port: l.port, user: 'agent', database: c.database, password: 'ignored' },
    env: { ...process.env as Record<string, string>, PGHOST: l.host, PGPORT: String(l.port), PGUSER: 'agent', PGDATABASE: c.database, PGPASSWORD: '' },
  };
}

/** A direct (no sidecar) client to the cluster, for setup and checks. */
export async function direct(): Promise<pg.Client> {
  const c = pgCluster();
  const cl = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.database });
  await cl.connect();
  return cl;
}

/**
 * The client tests' setup (pg-psycopg, pg-jdbc): `table` (id, email, note) holding `rows`, and a sidecar that
 * masks e-mail addresses in front of it, recording into memory.
 */
export async function emailMaskingProxy(table: string, rows: ReadonlyArray<readonly [number, string, string]>): Promise<{ proxy: Proxy; recorder: MemoryRecorder }> {
  const d = await direct();
  await d.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id int PRIMARY KEY, email text, note text)`);
  for (const r of rows) await d.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [...r]);
  await d.end();
  const recorder = new MemoryRecorder();
  const proxy = await startProxy({
    recorder,
    policy: { masking: { entities: ['EMAIL'] } },
    maskerFor: (plan) => compileMasker(plan, { hashKey: 'k' }),
  });
  return { proxy, recorder };
}

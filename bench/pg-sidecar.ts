// The sidecar as the Postgres benchmark runs it, in its own process so its RSS and CPU are its own:
// default policy (built-in destructive rules), masking with the real engine (default plan: ALL
// entities, plus a column rule), the real recorder on a file:// sink. Prints {"port":N} when ready.
//
//   UPSTREAM_HOST=127.0.0.1 UPSTREAM_PORT=5432 PGUSER=… PGPASSWORD=… PGDATABASE=… node bench/dist/pg-sidecar.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import type { AgentPolicy, ProtectedResource } from '@agentgate/api';

process.env.AGENTGATE_LOG_LEVEL ??= 'error';
const { createGate } = await import('@agentgate/sidecar/gate');
const { InMemoryApprovals } = await import('@agentgate/sidecar/approvals');
const { compileMasker } = await import('@agentgate/sidecar/masking');
const { compilePolicySet } = await import('@agentgate/sidecar/policy');
const { startPostgresListener } = await import('@agentgate/sidecar/postgres');
const { createRecorder } = await import('@agentgate/sidecar/recorder');

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const resource: ProtectedResource = {
  apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'bench-db', namespace: 'bench' },
  spec: { type: 'postgres', endpoint: { host: env('UPSTREAM_HOST'), port: Number(env('UPSTREAM_PORT')) } },
};
const policy: AgentPolicy = {
  apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'bench-agent', namespace: 'bench' },
  spec: {
    selector: { matchLabels: { app: 'bench' } },
    resources: [{ name: 'bench-db' }],
    masking: { columns: [{ name: 'public.bench_people.ssn', style: 'redact' }] },
  },
};
const dir = mkdtempSync(join(tmpdir(), 'agentgate-bench-pg-'));
// BENCH_RECORDER='{"rotateBytes":…}' overrides recorder settings for experiments (the table uses defaults).
const recorderOverrides = JSON.parse(process.env.BENCH_RECORDER ?? '{}') as Record<string, unknown>;
const recorder = await createRecorder({ journalDir: join(dir, 'journal'), sink: `file://${join(dir, 'sink')}`, identity: { namespace: 'bench', pod: 'bench-pod' }, ...recorderOverrides });
// BENCH_VARIANT (attribution experiments only, never in the table): norecord = a recorder that drops
// events; nomask = no masking plan; both = both.
const variant = process.env.BENCH_VARIANT ?? '';
const dropRecorder = { record: () => true, accepting: true, flush: async () => undefined, close: async () => undefined };
const gate = createGate({
  policies: compilePolicySet({ policies: [policy], resources: [resource] }),
  pod: { namespace: 'bench', pod: 'bench-pod', serviceAccount: 'bench', labels: { app: 'bench' } },
  recorder: variant === 'norecord' || variant === 'both' ? dropRecorder : recorder,
  approvals: new InMemoryApprovals(),
  maskerFor: (plan) => (variant === 'nomask' || variant === 'both' ? null : compileMasker(plan, { hashKey: 'bench-key' })),
});
const l = await startPostgresListener({
  resource: 'bench-db',
  listen: { host: '127.0.0.1', port: 0 },
  upstream: { host: env('UPSTREAM_HOST'), port: Number(env('UPSTREAM_PORT')), database: env('PGDATABASE') },
  credentials: { user: env('PGUSER'), password: env('PGPASSWORD') },
  gate,
});
process.stdout.write(`${JSON.stringify({ port: l.port })}\n`);
const stop = async () => {
  await l.close();
  await recorder.close(5000);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
if (process.env.BENCH_MEM) {
  setInterval(() => {
    const m = process.memoryUsage();
    const mib = (n: number) => Math.round(n / 1048576);
    const spaces = getHeapSpaceStatistics().map((s) => `${s.space_name}=${mib(s.space_size)}`).join(' ');
    process.stderr.write(`mem rss=${mib(m.rss)} heapTotal=${mib(m.heapTotal)} heapUsed=${mib(m.heapUsed)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} ${spaces}\n`);
  }, 2000).unref();
}

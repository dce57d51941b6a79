// PostgreSQL data-path benchmark: pgbench directly, through pgbouncer (session mode), through a bare Node
// pipe() proxy (the floor for any Node proxy) and through the sidecar (default policy, masking and the
// real recorder on), in alternating rounds; medians reported.
//
//   npx tsc -b && PGBENCH_SECONDS=20 flock /tmp/agentgate-heavy.lock node bench/dist/pgbench.js [--quick]
//   (PGBENCH_ROUNDS=n, PGBENCH_CASES=i,j: fewer rounds / rows while iterating)
//
// Starts its own throwaway cluster (scripts/pg-cluster.sh) and pgbouncer (installed with apt when
// missing). Prints a Markdown table (pasted into BENCHMARKS.md). --quick: 3 s runs, one round.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.PGBENCH_SECONDS ?? (QUICK ? 3 : 20));
const ROUNDS = Number(process.env.PGBENCH_ROUNDS ?? (QUICK ? 1 : 3));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCALE = 10;

type Target = 'direct' | 'pgbouncer' | 'node-pipe' | 'sidecar';
interface Case { name: string; args: string[]; clients: number }
interface Result { tps: number; latencyMs: number; cpuUs?: number }

const ALL_CASES: Case[] = [
  { name: '`-S` simple, `-c 1`', args: ['-S', '-M', 'simple'], clients: 1 },
  { name: '`-S` simple, `-c 16`', args: ['-S', '-M', 'simple'], clients: 16 },
  { name: '`-S -M extended`, `-c 1`', args: ['-S', '-M', 'extended'], clients: 1 },
  { name: '`-S -M extended`, `-c 16`', args: ['-S', '-M', 'extended'], clients: 16 },
  { name: 'tpcb-like, `-c 1`', args: ['-M', 'simple'], clients: 1 },
  { name: 'tpcb-like, `-c 16`', args: ['-M', 'simple'], clients: 16 },
  { name: '10k-row SELECT, 3 text columns, masked, `-c 1`', args: ['-M', 'extended', '-f', 'RESULT_HEAVY'], clients: 1 },
];
// PGBENCH_CASES=0,2 runs only those rows (by index) while iterating; the recorded table runs them all.
const CASES = process.env.PGBENCH_CASES ? process.env.PGBENCH_CASES.split(',').map((i) => ALL_CASES[Number(i)]!) : ALL_CASES;

const sh = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) => execFileSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

// ---- cluster
const clusterEnv = Object.fromEntries(
  sh('bash', [join(ROOT, 'scripts/pg-cluster.sh'), 'start']).replace(/^export /, '').trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]),
);
const pgEnv = { ...process.env, ...clusterEnv };
const children: ChildProcess[] = [];
let work = '';
function cleanup() {
  for (const c of children) c.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
  try {
    sh('bash', [join(ROOT, 'scripts/pg-cluster.sh'), 'stop', clusterEnv.AGENTGATE_PG_DIR!]);
  } catch { /* already gone */ }
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const host = clusterEnv.PGHOST!;
const dbPort = Number(clusterEnv.PGPORT);
const db = clusterEnv.PGDATABASE!;
console.error(`cluster on ${host}:${dbPort}; pgbench -i -s ${SCALE}`);
sh('pgbench', ['-i', '-q', '-s', String(SCALE), '-h', host, '-p', String(dbPort), db], pgEnv);
sh('psql', ['-X', '-q', '-h', host, '-p', String(dbPort), '-d', db, '-c',
  "DROP TABLE IF EXISTS bench_people; CREATE TABLE bench_people AS SELECT g AS id, 'person' || g || '@example.com' AS email, " +
  "'note about customer ' || g AS note, lpad(g::text, 9, '0') AS ssn FROM generate_series(1, 10000) g", "-c", "VACUUM ANALYZE bench_people"], pgEnv);
work = mkdtempSync(join(tmpdir(), 'agentgate-pgbench-'));
const heavyScript = join(work, 'heavy.sql');
writeFileSync(heavyScript, 'SELECT id, email, note, ssn FROM bench_people;\n');

// ---- pgbouncer (session mode), run as the postgres OS user: it refuses root
if (!existsCmd('pgbouncer') && !existsCmd('/usr/sbin/pgbouncer')) {
  console.error('installing pgbouncer');
  sh('bash', ['-c', 'CI=true DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null']);
}
function existsCmd(c: string): boolean {
  try {
    sh('bash', ['-c', `command -v ${c}`]);
    return true;
  } catch {
    return false;
  }
}
const bouncerPort = await freePort();
writeFileSync(join(work, 'users.txt'), `"${clusterEnv.PGUSER}" "${clusterEnv.PGPASSWORD}"\n"agent" ""\n`);
writeFileSync(join(work, 'pgbouncer.ini'), `[databases]
${db} = host=${host} port=${dbPort} dbname=${db} user=${clusterEnv.PGUSER} password=${clusterEnv.PGPASSWORD}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${bouncerPort}
unix_socket_dir =
auth_type = trust
auth_file = ${join(work, 'users.txt')}
pool_mode = session
default_pool_size = 20
max_client_conn = 200
logfile = ${join(work, 'pgbouncer.log')}
pidfile = ${join(work, 'pgbouncer.pid')}
`);
chmodSync(work, 0o755);
const asPostgres = process.getuid?.() === 0;
if (asPostgres) for (const f of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(work, f), 101, 104);
const bouncer = spawn(asPostgres ? 'runuser' : 'pgbouncer', asPostgres ? ['-u', 'postgres', '--', '/usr/sbin/pgbouncer', join(work, 'pgbouncer.ini')] : [join(work, 'pgbouncer.ini')], { stdio: 'ignore' });
children.push(bouncer);

// ---- sidecar (separate process, so its RSS is its own)
// SIDECAR_NODE_ARGS (e.g. --cpu-prof) go to the sidecar's node: profiling one target in the same setup.
const { SIDECAR_ENV, SIDECAR_NODE_FLAGS } = await import('@agentgate/sidecar/node-flags');
const sidecarArgs = [...SIDECAR_NODE_FLAGS, ...(process.env.SIDECAR_NODE_ARGS ?? '').split(' ').filter(Boolean)];
// SIDECAR_WRAP (e.g. "heaptrack -o /tmp/ht") runs the sidecar under a tool.
const wrap = (process.env.SIDECAR_WRAP ?? '').split(' ').filter(Boolean);
const sidecar = spawn(wrap[0] ?? process.execPath, [...wrap.slice(1), ...(wrap.length ? [process.execPath] : []), ...sidecarArgs, join(ROOT, 'bench/dist/pg-sidecar.js')], {
  env: { ...pgEnv, ...SIDECAR_ENV, UPSTREAM_HOST: host, UPSTREAM_PORT: String(dbPort) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
children.push(sidecar);
/** The port a child prints as {"port":N} on stdout. */
function portOf(child: ChildProcess, name: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /\{"port":(\d+)\}/.exec(seen); // a wrapper (SIDECAR_WRAP) may print first
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (c) => reject(new Error(`${name} exited ${c}`)));
  });
}
const sidecarPort = await portOf(sidecar, 'sidecar');
// ---- the floor of a Node proxy: pipe() both ways, nothing parsed (reference, not a target)
const pipe = spawn(process.execPath, [join(ROOT, 'bench/dist/pipe-proxy.js')], {
  env: { ...process.env, UPSTREAM_HOST: host, UPSTREAM_PORT: String(dbPort) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
children.push(pipe);
const pipePort = await portOf(pipe, 'pipe proxy');
await sleep(500);

const ports: Record<Target, { port: number; user: string }> = {
  direct: { port: dbPort, user: clusterEnv.PGUSER! },
  pgbouncer: { port: bouncerPort, user: 'agent' },
  'node-pipe': { port: pipePort, user: clusterEnv.PGUSER! },
  sidecar: { port: sidecarPort, user: 'agent' },
};

function pgbench(t: Target, c: Case, seconds: number): Result {
  const args = c.args.map((a) => (a === 'RESULT_HEAVY' ? heavyScript : a));
  const out = sh('pgbench', ['-n', '-T', String(seconds), '-c', String(c.clients), '-j', String(Math.min(c.clients, 2)), ...args,
    '-h', host, '-p', String(ports[t].port), '-U', ports[t].user, db], { ...pgEnv, PGPASSWORD: t === 'direct' || t === 'node-pipe' ? clusterEnv.PGPASSWORD : '' });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  if (!(tps > 0)) throw new Error(`pgbench ${t} ${c.name}: no tps in\n${out}`);
  if (!/number of failed transactions: 0 /.test(out)) throw new Error(`pgbench ${t} ${c.name}: failures\n${out}`);
  return { tps, latencyMs };
}

/** CPU seconds (user + system, all threads) a process has used: /proc/PID/stat fields 14 and 15. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
}
function proxyPid(t: Target): number | undefined {
  if (t === 'sidecar') return sidecar.pid;
  if (t === 'node-pipe') return pipe.pid;
  if (t === 'pgbouncer') return Number(readFileSync(join(work, 'pgbouncer.pid'), 'utf8').trim());
  return undefined;
}

function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]) / 1024;
}

// Warm-up, not measured: V8 optimises the relay and tiers up libpg-query's WebAssembly in background
// threads during the first seconds, which would otherwise be charged to the first sidecar runs.
for (const c of CASES) pgbench('sidecar', c, QUICK ? 1 : 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = new Map<string, Result[]>();
// PGBENCH_TARGETS=sidecar (profiling): the table then needs all three, so it is only printed with all.
const ALL_TARGETS: Target[] = ['direct', 'pgbouncer', 'node-pipe', 'sidecar'];
const targets = (process.env.PGBENCH_TARGETS?.split(',') ?? ALL_TARGETS) as Target[];
let rssAfter16 = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const c of CASES) {
    // Alternate the order per round so no target always runs on a warmer cache.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const pid = proxyPid(t);
      const cpu0 = pid ? cpuSeconds(pid) : 0;
      const r = pgbench(t, c, SECONDS);
      // The proxy's own CPU per transaction: on 2 shared cores this, not wall time, is what it costs.
      if (pid) r.cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / (r.tps * SECONDS);
      const k = `${c.name}|${t}`;
      results.set(k, [...(results.get(k) ?? []), r]);
      const rss = pid ? `, RSS ${rssMiB(pid, 'VmRSS').toFixed(0)} MiB` : '';
      console.error(`round ${round + 1} ${c.name} ${t}: ${r.tps.toFixed(0)} tps, ${r.latencyMs} ms${r.cpuUs ? `, ${r.cpuUs.toFixed(0)} µs CPU/tx` : ''}${rss}`);
      if (t === 'sidecar' && c.clients === 16) rssAfter16 = Math.max(rssAfter16, rssMiB(sidecar.pid!, 'VmRSS'));
    }
  }
}

if (targets.length < ALL_TARGETS.length) process.exit(0);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`pgbench ${SECONDS} s per run, ${ROUNDS} alternating round(s), medians; scale ${SCALE}; ${cpus().length} cores (${cpus()[0]?.model.trim()}), load ${loadavg()[0]!.toFixed(2)} at the end; ${new Date().toISOString()}\n`);
console.log('| case | direct TPS | pgbouncer TPS | Node pipe() TPS | sidecar TPS | sidecar ÷ pgbouncer | sidecar ÷ direct | mean latency direct / pgbouncer / pipe / sidecar (ms) | proxy CPU per tx pgbouncer / pipe / sidecar (µs) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|---|');
for (const c of CASES) {
  const rs = (t: Target) => results.get(`${c.name}|${t}`)!;
  const m = (t: Target) => ({ tps: median(rs(t).map((r) => r.tps)), lat: median(rs(t).map((r) => r.latencyMs)), cpu: median(rs(t).map((r) => r.cpuUs ?? 0)) });
  const d = m('direct');
  const b = m('pgbouncer');
  const p = m('node-pipe');
  const s = m('sidecar');
  console.log(`| ${c.name} | ${fmt(d.tps)} | ${fmt(b.tps)} | ${fmt(p.tps)} | ${fmt(s.tps)} | ${fmt(s.tps / b.tps, 2)}× | ${fmt(s.tps / d.tps, 2)}× | ${fmt(d.lat, 3)} / ${fmt(b.lat, 3)} / ${fmt(p.lat, 3)} / ${fmt(s.lat, 3)} | ${fmt(b.cpu)} / ${fmt(p.cpu)} / ${fmt(s.cpu)} |`);
}
const c1 = (t: Target) => median(results.get(`${CASES[0]!.name}|${t}`)!.map((r) => r.latencyMs));
const added = (t: Target) => fmt((c1(t) - c1('direct')) * 1000, 0);
console.log(`\nAdded mean latency at ${CASES[0]!.name}: sidecar ${added('sidecar')} µs, Node pipe() ${added('node-pipe')} µs, pgbouncer ${added('pgbouncer')} µs over direct.`);
console.log(`Sidecar RSS: ${fmt(rssAfter16, 0)} MiB after the \`-c 16\` runs (peak ${fmt(rssMiB(sidecar.pid!, 'VmHWM'), 0)} MiB over the whole benchmark); Node pipe() proxy ${fmt(rssMiB(pipe.pid!, 'VmRSS'), 0)} MiB.`);
process.exit(0);

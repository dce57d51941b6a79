// `agentgate sidecar --config` as a real child process in front of real PostgreSQL, with a resource
// whose policy requires an OIDC token (issuer and JWKS on loopback): a valid token connects and its
// subject lands in the recording; an expired or wrong-audience token is refused with SQLSTATE and the
// reason; /readyz and /metrics answer; SIGTERM drains and flushes the recorder before exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';
import { loadManifests, openSink, sessionEvents, sessionsOf } from '@agentgate/sidecar/recorder/reading';
import { makeKey, startIssuer } from '@agentgate/sidecar/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'sidecar/bin/agentgate.js');
const PG_CLUSTER = join(ROOT, 'scripts/pg-cluster.sh');

interface Pg { host: string; port: number; user: string; password: string; database: string }

/** The cluster scripts/test.sh started, or a private throwaway one. */
function postgres(after: (fn: () => void) => void): Pg {
  let env: Record<string, string | undefined> = process.env;
  if (!(process.env.AGENTGATE_PG_DIR && process.env.PGPORT)) {
    const out = execFileSync('bash', [PG_CLUSTER, 'start'], { encoding: 'utf8' });
    env = Object.fromEntries(out.replace(/^export /, '').trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
    after(() => execFileSync('bash', [PG_CLUSTER, 'stop', env.AGENTGATE_PG_DIR!]));
  }
  return { host: env.PGHOST!, port: Number(env.PGPORT), user: env.PGUSER!, password: env.PGPASSWORD!, database: env.PGDATABASE! };
}

interface Ready { listeners: { resource: string; host: string; port: number }[]; admin: { host: string; port: number } }

/** Start the bin and wait for its `sidecar ready` log line (JSON on stderr). */
function startSidecarProcess(config: string, env: Record<string, string>): Promise<{ child: ChildProcess; ready: Ready; logs: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'sidecar', '--config', config], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sidecar not ready in 60s:\n${logs}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      logs += d.toString();
      for (const line of logs.split('\n')) {
        if (!line.includes('"sidecar ready"')) continue;
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line) as Ready, logs: () => logs, exit });
        return;
      }
    });
    child.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
    void exit.then((code) => reject(new Error(`sidecar exited ${code} before ready:\n${logs}`)));
  });
}

async function connectError(client: pg.Client): Promise<{ code?: string; message: string }> {
  try {
    await client.connect();
  } catch (e) {
    return e as { code?: string; message: string };
  } finally {
    await client.end().catch(() => undefined);
  }
  assert.fail('connection was expected to be refused');
}

test('sidecar e2e: real process, real PostgreSQL, OIDC, admin endpoints, SIGTERM flushes the recording', { timeout: 180_000 }, async (t) => {
  const cleanups: (() => void)[] = [];
  t.after(() => {
    for (const c of cleanups.reverse()) c();
  });
  const db = postgres((fn) => cleanups.push(fn));
  const iss = await startIssuer();
  cleanups.push(() => void iss.close());
  const key = await makeKey('k1', 'RS256');
  iss.published = [key];

  // A table with a column rule: masking then resolves column names on a second upstream connection.
  const table = `e2e_people_${process.pid}`;
  const direct = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database });
  await direct.connect();
  await direct.query(`CREATE TABLE ${table} (id int, ssn text); INSERT INTO ${table} VALUES (1, '536-22-1049'), (2, '212-09-9876'), (3, '401-77-2314')`);
  // The policy maps this agent to a read-only role: the sidecar logs in as it, with its own password.
  const role = `e2e_reporting_${process.pid}`;
  await direct.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reporting-${process.pid}'; GRANT SELECT ON ${table} TO ${role}`);
  cleanups.push(() => void direct.query(`DROP TABLE ${table}; DROP ROLE ${role}`).finally(() => direct.end()));

  const dir = mkdtempSync(join(tmpdir(), 'agentgate-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const secretDir = join(dir, 'secrets/orders-db');
  mkdirSync(secretDir, { recursive: true });
  writeFileSync(join(secretDir, 'username'), db.user);
  writeFileSync(join(secretDir, 'password'), `${db.password}\n`);
  writeFileSync(join(secretDir, 'reporting-password'), `reporting-${process.pid}\n`);
  const sink = join(dir, 'sessions');
  const config = join(dir, 'sidecar.yaml');
  writeFileSync(config, stringify({
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'SidecarConfig',
    pod: { namespace: 'agents', labels: { app: 'support-agent' } },
    resources: [{
      apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'orders-db' },
      spec: { type: 'postgres', endpoint: { host: db.host, port: db.port }, credentials: { secretRef: { name: 'orders-db' }, users: [{ name: role, passwordKey: 'reporting-password' }] }, postgres: { database: db.database },
        masking: { entities: ['EMAIL'], columns: [{ name: `public.${table}.ssn`, style: 'redact' }] } },
    }],
    policies: [{
      apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'support-agent' },
      spec: {
        selector: { matchLabels: { app: 'support-agent' } },
        identity: { serviceAccounts: ['support-agent'], oidc: { issuer: iss.issuer, audiences: ['agentgate'], jwksUri: iss.jwksUri, clockSkew: '5s' } },
        resources: [{ name: 'orders-db', user: role }],
      },
    }],
    listeners: [{ resource: 'orders-db', host: '127.0.0.1', port: 0 }],
    credentials: [{ resource: 'orders-db', secretDir }],
    masking: { hashKeyEnv: 'DEMO_HASH_KEY' },
    // No age rotation during the test: only the SIGTERM path can produce the Parquet files.
    recorder: { journalDir: join(dir, 'journal'), sink: `file://${sink}`, rotateAge: '1h' },
    admin: { host: '127.0.0.1', port: 0 },
    limits: { shutdownGracePeriod: '30s', drainTimeout: '15s' },
  }));

  // Pod name and service account arrive as the webhook would inject them.
  const sc = await startSidecarProcess(config, {
    AGENTGATE_POD_NAME: 'support-agent-7d9f-x2k4', AGENTGATE_SERVICE_ACCOUNT: 'support-agent', DEMO_HASH_KEY: 'k'.repeat(32), AGENTGATE_LOG_LEVEL: 'info',
  });
  cleanups.push(() => sc.child.kill('SIGKILL'));
  const port = sc.ready.listeners[0]!.port;
  const admin = `http://127.0.0.1:${sc.ready.admin.port}`;

  const readyz = await fetch(`${admin}/readyz`);
  assert.equal(readyz.status, 200, await readyz.text());
  assert.equal((await fetch(`${admin}/healthz`)).status, 200);

  // A valid token: connected, upstream login is the sidecar's own (as the mapped role), statements are governed.
  const token = await iss.sign(key, { sub: 'user:alice', groups: ['support', 'eu'] });
  const agent = new pg.Client({ host: '127.0.0.1', port, user: 'agent', database: 'whatever', password: token });
  await agent.connect();
  assert.deepEqual((await agent.query('SELECT current_user AS u, session_user AS s')).rows[0], { u: role, s: role }, 'logged in as the mapped role itself, not SET ROLE');
  const people = await agent.query(`SELECT id, ssn FROM ${table} ORDER BY id`);
  assert.deepEqual(people.rows.map((r: { ssn: string }) => r.ssn), [`[column:public.${table}.ssn]`, `[column:public.${table}.ssn]`, `[column:public.${table}.ssn]`]);
  await agent.query('CREATE TEMP TABLE t (id int)');
  await assert.rejects(agent.query('DROP TABLE t'), (e: { code?: string; message: string }) => e.code === '42501' && /builtin:destructive\/drop/.test(e.message));
  assert.equal((await agent.query('SELECT 1 AS one')).rows[0].one, 1, 'session usable after a block');
  await agent.end();

  // An expired token and one for another audience: refused at connect with the reason.
  const expired = await connectError(new pg.Client({
    host: '127.0.0.1', port, user: 'agent', database: 'x', password: await iss.sign(key, { sub: 'user:bob' }, { expiresIn: Math.floor(Date.now() / 1000) - 600 }),
  }));
  assert.equal(expired.code, '28P01', expired.message);
  assert.match(expired.message, /OIDC authentication failed: token expired/);
  const wrongAud = await connectError(new pg.Client({
    host: '127.0.0.1', port, user: 'agent', database: 'x', password: await iss.sign(key, { sub: 'user:bob' }, { audience: 'billing' }),
  }));
  assert.equal(wrongAud.code, '28000', wrongAud.message);
  assert.match(wrongAud.message, /audience/);
  const notJwt = await connectError(new pg.Client({ host: '127.0.0.1', port, user: 'agent', database: 'x', password: 'hunter2' }));
  assert.equal(notJwt.code, '28P01');
  assert.match(notJwt.message, /not a JWT/);

  const metrics = await (await fetch(`${admin}/metrics`)).text();
  assert.match(metrics, /^agentgate_sidecar_ready 1$/m);
  assert.match(metrics, /^agentgate_oidc_verifications_total\{resource="orders-db",result="ok"\} 1$/m);
  assert.match(metrics, /^agentgate_oidc_verifications_total\{resource="orders-db",result="expired"\} 1$/m);
  assert.match(metrics, /^agentgate_oidc_verifications_total\{resource="orders-db",result="wrong_audience"\} 1$/m);
  assert.match(metrics, /^agentgate_process_resident_memory_bytes \d+/m);

  // Nothing is in the sink yet (rotation is 1h): SIGTERM must seal and ship the journal.
  assert.deepEqual(existsSync(sink) ? readdirSync(sink).filter((f) => f.startsWith('namespace=')) : [], []);
  // Graceful drain: a session open at SIGTERM keeps working, new connections get 57P01, /readyz says
  // so, and the process exits as soon as that session ends (well before drainTimeout).
  const held = new pg.Client({ host: '127.0.0.1', port, user: 'agent', database: 'x', password: await iss.sign(key, { sub: 'user:carol' }) });
  await held.connect();
  sc.child.kill('SIGTERM');
  for (let i = 0; i < 50 && (await fetch(`${admin}/readyz`)).status === 200; i++) await new Promise((r) => setTimeout(r, 100));
  const notReady = await fetch(`${admin}/readyz`);
  assert.equal(notReady.status, 503);
  assert.match(await notReady.text(), /shutting down/);
  const late = await connectError(new pg.Client({ host: '127.0.0.1', port, user: 'agent', database: 'x', password: await iss.sign(key, { sub: 'user:dave' }) }));
  assert.equal(late.code, '57P01', late.message);
  assert.match(late.message, /shutting down/);
  assert.equal((await held.query('SELECT 2 AS two')).rows[0].two, 2, 'the open session still works while draining');
  await held.end();
  const endedAt = Date.now();
  const code = await sc.exit;
  assert.equal(code, 0, sc.logs());
  assert.ok(Date.now() - endedAt < 10_000, `exited ${Date.now() - endedAt}ms after the last session ended (drain waits for sessions, not the timeout)`);
  assert.match(sc.logs(), /"shutdown requested"/);

  const s = openSink(`file://${sink}`);
  const sessions = sessionsOf(await loadManifests(s, {}));
  const events = (await Promise.all(sessions.map((x) => sessionEvents(s, x)))).flat();
  const connect = events.find((e) => e.kind === 'connect' && e.subject === 'user:alice');
  assert.ok(connect, `connect event with the verified subject: ${JSON.stringify(events.filter((e) => e.kind === 'connect'))}`);
  assert.deepEqual(connect.groups, ['support', 'eu']);
  assert.equal(connect.pod, 'support-agent-7d9f-x2k4');
  assert.equal(connect.service_account, 'support-agent');
  assert.ok(events.some((e) => e.kind === 'operation' && e.decision === 'block' && e.rule === 'builtin:destructive/drop'));
  const masked = events.find((e) => e.kind === 'operation' && e.operation?.startsWith(`SELECT id, ssn FROM ${table}`));
  assert.equal(masked?.rows, 3, 'rows counted once, also when the first row waits for column names');
  assert.deepEqual(masked?.masked, [{ entity: `column:public.${table}.ssn`, count: 3 }]);
  assert.ok(events.some((e) => e.subject === 'user:carol' && e.kind === 'operation' && e.operation === 'SELECT 2 AS two'), 'the drained session was recorded to the end');
  const refusals = events.filter((e) => e.error_code === '28P01' || e.error_code === '28000').map((e) => e.error ?? '');
  assert.ok(refusals.some((m) => /token expired/.test(m)), `refusals recorded: ${JSON.stringify(refusals)}`);
  assert.ok(refusals.some((m) => /audience/.test(m)), `refusals recorded: ${JSON.stringify(refusals)}`);
});

// startSidecar with stand-in data-path modules: what the runtime itself owns — start order, the admin
// endpoints, readiness, OIDC client authentication wired per listener, start failures that name the
// field, and shutdown. The real Postgres listener is exercised by e2e/test/sidecar-e2e.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { resolveConfig } from '../src/config/index.js';
import { startSidecar, StartError, type PostgresListenerOptions, type RuntimeDeps } from '../src/runtime/index.js';
import { drainingGate } from '../src/runtime/drain.js';
import { rootLogger } from '../src/telemetry/index.js';
import { makeKey, startIssuer } from '../src/testing/oidc-issuer.js';

rootLogger().silent = !process.env.AGENTGATE_LOG_LEVEL;

function config(dir: string, extraPolicySpec: Record<string, unknown> = {}, port = 0) {
  return {
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'SidecarConfig',
    pod: { namespace: 'agents', name: 'agent-0', serviceAccount: 'agent', labels: { app: 'agent' } },
    resources: [{ apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'db' }, spec: { type: 'postgres', endpoint: { host: '127.0.0.1', port: 1 } } }],
    policies: [{ apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'ap' }, spec: { selector: { matchLabels: { app: 'agent' } }, resources: [{ name: 'db' }], ...extraPolicySpec } }],
    listeners: [{ resource: 'db', port }],
    credentials: [{ resource: 'db', insecureInline: { username: 'u', password: 'p' } }],
    recorder: { journalDir: join(dir, 'journal'), sink: `file://${join(dir, 'sink')}`, rotateAge: '100ms' },
    admin: { host: '127.0.0.1', port: 0 },
    limits: { shutdownGracePeriod: '5s', drainTimeout: '1s' },
  };
}

/** A fake listener: binds a real TCP port and hands its options back to the test. */
function fakeDeps(seen: PostgresListenerOptions[]): RuntimeDeps {
  return {
    createGate: () => ({ open: () => ({ refused: 'fake', code: '42501' }) }),
    createApprovals: () => ({}),
    compileMasker: () => { throw new Error('not used'); },
    async startPostgresListener(opts) {
      seen.push(opts);
      const srv = createServer((s) => s.destroy());
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(opts.listen.port, opts.listen.host, () => resolve());
      });
      const a = srv.address() as AddressInfo;
      return { host: a.address, port: a.port, close: () => new Promise<void>((r) => srv.close(() => r())) };
    },
  };
}

test('runtime: listeners get upstream, credentials and limits; admin serves /healthz, /readyz, /metrics; close flushes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const seen: PostgresListenerOptions[] = [];
  const sc = await startSidecar(resolveConfig(config(dir), 'test', {}), fakeDeps(seen));
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.resource, 'db');
  assert.deepEqual(seen[0]!.upstream, { host: '127.0.0.1', port: 1 });
  assert.deepEqual(seen[0]!.credentials, { user: 'u', password: 'p' });
  assert.equal(seen[0]!.limits?.maxMessageBytes, 64 * 1024 * 1024);
  assert.equal(seen[0]!.authenticateClient, undefined, 'no OIDC asked for: no client authentication');
  assert.ok(sc.listeners[0]!.port > 0);

  const base = `http://127.0.0.1:${sc.admin.port}`;
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 200, await ready.text());
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /^agentgate_sidecar_ready 1$/m);
  assert.match(metrics, /^agentgate_sidecar_listeners\{resource="db",protocol="postgres"\} 1$/m);
  assert.match(metrics, /^agentgate_sidecar_info\{namespace="agents",pod="agent-0",service_account="agent"\} 1$/m);
  assert.match(metrics, /^agentgate_recorder_accepting /m, 'recorder metrics on the same registry');
  assert.equal((await fetch(`${base}/nope`)).status, 404);

  await sc.stopAccepting(500);
  assert.deepEqual(sc.notReady(), ['shutting down']);
  await sc.close();
  await assert.rejects(fetch(`${base}/healthz`), 'admin server closed');
});

test('runtime: a taken port fails the start naming the listener, and releases what was bound', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  try {
    await assert.rejects(startSidecar(resolveConfig(config(dir, {}, port), 'test', {}), fakeDeps([])), (e: unknown) => {
      assert.ok(e instanceof StartError);
      assert.match(e.message, new RegExp(`^listeners\\[0\\]\\.port: cannot listen on 127\\.0\\.0\\.1:${port} for db: EADDRINUSE`));
      return true;
    });
  } finally {
    blocker.close();
  }
});

test('runtime: OIDC policies give the listener an authenticator; refusals carry the SQLSTATE and the reason', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const iss = await startIssuer();
  t.after(() => iss.close());
  const key = await makeKey('k1');
  iss.published = [key];
  const seen: PostgresListenerOptions[] = [];
  const cfg = resolveConfig(config(dir, { identity: { oidc: { issuer: iss.issuer, audiences: ['agentgate'], jwksUri: iss.jwksUri } } }), 'test', {});
  const sc = await startSidecar(cfg, fakeDeps(seen), { admin: false });
  const auth = seen[0]!.authenticateClient!;
  assert.ok(auth, 'authenticator wired');

  const ok = await auth({ user: 'agent', database: 'db', password: await iss.sign(key, { sub: 'user:alice', groups: ['sre'] }) });
  assert.deepEqual(ok, { subject: 'user:alice', groups: ['sre'], issuer: iss.issuer });
  const expired = await auth({ user: 'agent', database: 'db', password: await iss.sign(key, { sub: 'x' }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }) });
  assert.deepEqual(expired, { refused: 'OIDC authentication failed: token expired', code: '28P01' });
  const wrongAud = await auth({ user: 'agent', database: 'db', password: await iss.sign(key, { sub: 'x' }, { audience: 'other' }) });
  assert.ok('refused' in wrongAud && wrongAud.code === '28000' && /audience/.test(wrongAud.refused), JSON.stringify(wrongAud));
  const none = await auth({ user: 'agent', database: 'db', password: '' });
  assert.ok('refused' in none && none.code === '28000' && /token is required/.test(none.refused));

  await sc.close({ graceMs: 5000 });
});

test('runtime: optional OIDC lets a token-less agent in on pod identity; a policy that does not select the pod asks nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const iss = await startIssuer();
  t.after(() => iss.close());
  const key = await makeKey('k1');
  iss.published = [key];
  const seen: PostgresListenerOptions[] = [];
  const oidc = { issuer: iss.issuer, audiences: ['agentgate'], jwksUri: iss.jwksUri, required: false };
  const sc = await startSidecar(resolveConfig(config(dir, { identity: { oidc } }), 'test', {}), fakeDeps(seen), { admin: false });
  const auth = seen[0]!.authenticateClient!;
  assert.deepEqual(await auth({ user: 'agent', database: 'db', password: '' }), {}, 'no token: pod identity only');
  const bad = await auth({ user: 'agent', database: 'db', password: await iss.sign(key, { sub: 'x' }, { audience: 'nope' }) });
  assert.ok('refused' in bad, 'a token that is presented must still be valid');
  await sc.close({ graceMs: 3000 });

  // The OIDC policy selects app=other: this pod's listener gets no authenticator.
  const dir2 = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const seen2: PostgresListenerOptions[] = [];
  const c2 = config(dir2, { identity: { oidc: { ...oidc, required: true } } });
  c2.policies.push({ apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'plain' }, spec: { selector: { matchLabels: { app: 'agent' } }, resources: [{ name: 'db' }] } });
  (c2.policies[0]!.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
  const sc2 = await startSidecar(resolveConfig(c2, 'test', {}), fakeDeps(seen2), { admin: false });
  assert.equal(seen2[0]!.authenticateClient, undefined);
  await sc2.close({ graceMs: 3000 });
});

test('runtime: the AgentPolicy maps the upstream database for this pod; otherwise the resource database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const seen: PostgresListenerOptions[] = [];
  const c = config(dir);
  (c.resources[0]!.spec as Record<string, unknown>).postgres = { database: 'orders' };
  const sc = await startSidecar(resolveConfig(c, 'test', {}), fakeDeps(seen), { admin: false });
  assert.equal(seen[0]!.upstream.database, 'orders');
  await sc.close({ graceMs: 3000 });
  (c.policies[0]!.spec as { resources: Record<string, string>[] }).resources = [{ name: 'db', database: 'analytics' }];
  const sc2 = await startSidecar(resolveConfig(c, 'test', {}), fakeDeps(seen), { admin: false });
  assert.equal(seen[1]!.upstream.database, 'analytics');
  await sc2.close({ graceMs: 3000 });
});

test('runtime: an AgentPolicy user mapping logs in as that role with its own password; a role without credentials is a config error naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-rt-'));
  const secrets = join(dir, 'secret');
  mkdirSync(secrets);
  writeFileSync(join(secrets, 'username'), 'gateway\n');
  writeFileSync(join(secrets, 'password'), 'gateway-pw\n');
  writeFileSync(join(secrets, 'reporting-password'), 'reporting-pw\n');
  const c = config(dir);
  (c as { credentials: unknown[] }).credentials = [{ resource: 'db', secretDir: secrets }];
  (c.resources[0]!.spec as Record<string, unknown>).credentials = { secretRef: { name: 'db-creds' }, users: [{ name: 'reporting', passwordKey: 'reporting-password' }] };
  (c.policies[0]!.spec as { resources: Record<string, string>[] }).resources = [{ name: 'db', user: 'reporting' }];
  const seen: PostgresListenerOptions[] = [];
  const sc = await startSidecar(resolveConfig(c, 'test', {}), fakeDeps(seen), { admin: false });
  assert.deepEqual(seen[0]!.credentials, { user: 'reporting', password: 'reporting-pw' }, 'the mapped role, never the gateway user');
  await sc.close({ graceMs: 3000 });

  // Mapping to the Secret's own user needs nothing more.
  (c.policies[0]!.spec as { resources: Record<string, string>[] }).resources = [{ name: 'db', user: 'gateway' }];
  assert.deepEqual(resolveConfig(c, 'test', {}).listeners[0]!.credentials, { user: 'gateway', password: 'gateway-pw' });

  // A role the resource lists no credentials for: refused at start, naming the policy field.
  (c.policies[0]!.spec as { resources: Record<string, string>[] }).resources = [{ name: 'db', user: 'admin' }];
  assert.throws(() => resolveConfig(c, 'test', {}), (e: Error) => {
    assert.match(e.message, /policies\[0\]\.spec\.resources\[0\]\.user: Invalid value: "admin": ProtectedResource "db" has no credentials for this role/);
    return true;
  });
  // Listed, but its key is missing from the mounted Secret: the credentials entry is named.
  (c.resources[0]!.spec as unknown as { credentials: { users: unknown[] } }).credentials.users.push({ name: 'admin', passwordKey: 'admin-password' });
  assert.throws(() => resolveConfig(c, 'test', {}), /credentials\[0\]: Required value: no password for role "admin" of resource "db" \(looked for key "admin-password"/);
});

test('drainingGate: refuses new sessions after stop with 57P01, idle() waits for open ones, double close counts once', async () => {
  const closed: string[] = [];
  const inner = {
    open: () => ({ id: 's1', decide: () => { throw new Error('unused'); }, complete: () => undefined, error: () => undefined, close: (r?: string) => void closed.push(r ?? '') }),
  };
  const d = drainingGate(inner);
  const a = d.gate.open({ resource: 'db', protocol: 'postgres' });
  const b = d.gate.open({ resource: 'db', protocol: 'postgres' });
  assert.ok(!('refused' in a) && !('refused' in b));
  assert.equal(d.open, 2);
  d.stop();
  assert.deepEqual(d.gate.open({ resource: 'db', protocol: 'postgres' }), { refused: 'agentgate: the sidecar is shutting down; reconnect shortly', code: '57P01' });
  let idle = false;
  const waiting = d.idle().then(() => (idle = true));
  a.close('bye');
  a.close('again');
  await new Promise((r) => setImmediate(r));
  assert.equal(idle, false, 'one session still open');
  assert.equal(d.open, 1);
  b.close();
  await waiting;
  assert.equal(d.open, 0);
  assert.deepEqual(closed, ['bye', 'again', ''], 'every close reaches the real session');
});

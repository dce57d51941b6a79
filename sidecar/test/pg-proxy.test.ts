// The sidecar in front of a real PostgreSQL 15: node `pg` in simple and extended mode, transactions,
// blocks with resync, holds, cancel, LISTEN/NOTIFY, every upstream login method, big results.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { MemoryRecorder, direct, pgCluster, startProxy, type Proxy } from './helpers/pg.js';

const T = 'pgproxy_items';

async function client(p: Proxy): Promise<pg.Client> {
  const c = new pg.Client(p.client);
  await c.connect();
  return c;
}

describe('relay and enforcement', () => {
  let p: Proxy;
  let rec: MemoryRecorder;
  before(async () => {
    const d = await direct();
    await d.query(`DROP TABLE IF EXISTS ${T}; CREATE TABLE ${T} (id int PRIMARY KEY, name text, note text)`);
    await d.query(`INSERT INTO ${T} SELECT g, 'item ' || g, NULL FROM generate_series(1, 10) g`);
    await d.end();
    rec = new MemoryRecorder();
    p = await startProxy({
      recorder: rec,
      policy: {
        rules: [
          { name: 'hold-updates-of-7', match: { sql: { statementKinds: ['UPDATE'] }, content: { patterns: ['id = 7'] } }, action: 'hold' },
        ],
        approval: { timeout: '2s', approverGroups: ['dba'] },
      },
    });
  });
  after(async () => {
    await p.close();
  });

  test('simple and extended queries return what the server returns', async () => {
    const c = await client(p);
    const r1 = await c.query(`SELECT id, name FROM ${T} ORDER BY id`);
    assert.equal(r1.rowCount, 10);
    assert.deepEqual(r1.rows[2], { id: 3, name: 'item 3' });
    const r2 = await c.query({ text: `SELECT name FROM ${T} WHERE id = $1`, values: [4] });
    assert.equal(r2.rows[0].name, 'item 4');
    // Named prepared statement reused: Parse once, Bind/Execute twice.
    const q = { name: 'by-id', text: `SELECT name FROM ${T} WHERE id = $1` };
    assert.equal((await c.query({ ...q, values: [5] })).rows[0].name, 'item 5');
    assert.equal((await c.query({ ...q, values: [6] })).rows[0].name, 'item 6');
    await c.end();
  });

  test('a blocked statement gets 42501 naming the rule; the session stays usable (simple protocol)', async () => {
    const c = await client(p);
    await assert.rejects(c.query(`DROP TABLE ${T}`), (e: pg.DatabaseError) => {
      assert.equal(e.code, '42501');
      assert.match(e.message, /DROP statements are blocked.*policy agents\/p.*rule builtin:destructive\/drop/);
      return true;
    });
    await assert.rejects(c.query(`SELECT 1; DELETE FROM ${T}`), /without a WHERE clause/);
    assert.equal((await c.query(`SELECT count(*)::int AS n FROM ${T}`)).rows[0].n, 10, 'nothing ran');
    await c.end();
  });

  test('a blocked Parse in a pipeline: error in place, rest discarded until Sync, next batch fine (extended)', async () => {
    const c = await client(p);
    // node-pg sends Parse/Bind/Describe/Execute/Sync per query and pipelines them without waiting.
    const results = await Promise.allSettled([
      c.query({ text: `SELECT $1::int AS a`, values: [1] }),
      c.query({ text: `TRUNCATE ${T}`, values: [] as never[], rowMode: 'array' } as never),
      c.query({ text: `DELETE FROM ${T} WHERE $1::int = $1::int AND false`, values: [1] }),
      c.query({ text: `SELECT $1::text AS b`, values: ['x'] }),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[1].status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /TRUNCATE is blocked/);
    assert.equal(results[2].status, 'fulfilled');
    assert.equal(results[3].status, 'fulfilled');
    assert.equal((results[3] as PromiseFulfilledResult<pg.QueryResult>).value.rows[0].b, 'x');
    assert.equal((await c.query(`SELECT count(*)::int AS n FROM ${T}`)).rows[0].n, 10);
    await c.end();
  });

  test('a block inside a transaction aborts it like a failed statement (status E), ROLLBACK recovers', async () => {
    const c = await client(p);
    await c.query('BEGIN');
    await c.query(`UPDATE ${T} SET note = 'tx' WHERE id = 1`);
    await assert.rejects(c.query(`DROP TABLE ${T}`), /42501|DROP/);
    await assert.rejects(c.query('SELECT 1'), /current transaction is aborted/);
    await c.query('ROLLBACK');
    assert.equal((await c.query(`SELECT note FROM ${T} WHERE id = 1`)).rows[0].note, null);
    await c.end();
  });

  test('SQL PREPARE of a destructive statement is blocked, and so is its EXECUTE', async () => {
    const c = await client(p);
    await assert.rejects(c.query(`PREPARE wipe AS DELETE FROM ${T}`), /without a WHERE clause/);
    await assert.rejects(c.query('EXECUTE wipe'), /does not exist|blocked/);
    await c.query(`PREPARE one(int) AS SELECT name FROM ${T} WHERE id = $1`);
    assert.equal((await c.query('EXECUTE one(2)')).rows[0].name, 'item 2');
    await c.end();
  });

  test('DO blocks are opaque: the default rule set blocks them', async () => {
    const c = await client(p);
    await assert.rejects(c.query(`DO $$ BEGIN EXECUTE 'DROP TABLE ${T}'; END $$`), /DO blocks and dynamic SQL/);
    assert.equal((await c.query(`SELECT count(*)::int AS n FROM ${T}`)).rows[0].n, 10);
    await c.end();
  });

  test('hold: the client gets a NOTICE, then approve → runs; deny → 42501; expiry → 42501', async () => {
    const c = await client(p);
    const notices: string[] = [];
    c.on('notice', (n) => notices.push(n.message ?? ''));
    const stop = p.approvals.onRequest((req) => {
      setTimeout(() => p.approvals.decide(req.id, req.summary.includes("'approved'") ? 'Approved' : 'Denied', 'alice@example.com', 'checked'), 50);
    });
    const r = await c.query(`UPDATE ${T} SET note = 'approved' WHERE id = 7`);
    assert.equal(r.rowCount, 1);
    assert.match(notices[0] ?? '', /waiting for approval ar-.*up to 2s/);
    await assert.rejects(c.query(`UPDATE ${T} SET note = 'nope' WHERE id = 7`), /denied by alice@example.com: checked/);
    stop();
    await assert.rejects(c.query({ text: `UPDATE ${T} SET note = $1 WHERE id = 7`, values: ['late'] }), /approval expired/);
    // A cancel while held withdraws the hold: nothing runs, the client is not left waiting.
    const key = c as unknown as { processID: number; secretKey: number };
    const held = c.query(`UPDATE ${T} SET note = 'cancelled' WHERE id = 7`);
    await sleep(100);
    assert.equal(p.approvals.list().length, 1);
    const s = connect(p.port, p.host);
    await new Promise((r) => s.once('connect', r));
    s.end(serialize.cancel(key.processID, key.secretKey));
    await assert.rejects(held, /withdrawn/);
    assert.equal(p.approvals.list().length, 0);
    assert.equal((await c.query(`SELECT note FROM ${T} WHERE id = 7`)).rows[0].note, 'approved');
    await c.end();
    const holds = rec.events.filter((e) => e.kind === 'approval' && e.approval_outcome);
    assert.deepEqual(holds.map((e) => e.approval_outcome), ['Approved', 'Denied', 'Expired', 'Expired']);
  });

  test('a client that disconnects while held: nothing runs, the operation is still recorded', async () => {
    const c = await client(p);
    c.on('error', () => undefined);
    const held = c.query(`UPDATE ${T} SET note = 'gone' WHERE id = 7`).catch((e: Error) => e);
    await sleep(100);
    assert.equal(p.approvals.list().length, 1);
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await held;
    for (let i = 0; i < 50 && p.approvals.list().length > 0; i++) await sleep(20);
    assert.equal(p.approvals.list().length, 0, 'the hold is withdrawn');
    await sleep(50);
    const op = rec.ops().find((e) => e.operation === `UPDATE ${T} SET note = 'gone' WHERE id = 7`);
    assert.ok(op, 'operation event recorded');
    assert.equal(op.error_code, '08006');
    assert.match(op.error ?? '', /disconnected while the operation was held/);
    const d = await direct();
    assert.notEqual((await d.query(`SELECT note FROM ${T} WHERE id = 7`)).rows[0].note, 'gone');
    await d.end();
  });

  test('operations are recorded with kinds, tables, decision, rule, rows', async () => {
    const c = await client(p);
    await c.query(`SELECT * FROM ${T} WHERE id < 4`);
    await assert.rejects(c.query(`TRUNCATE ${T}`));
    await c.end();
    await sleep(50);
    const ops = rec.ops();
    const sel = ops.find((e) => e.operation === `SELECT * FROM ${T} WHERE id < 4`);
    assert.ok(sel);
    assert.equal(sel.decision, 'allow');
    assert.equal(sel.rows, 3);
    assert.deepEqual(sel.tables, [`public.${T}`]);
    assert.deepEqual(sel.statement_kinds, ['SELECT']);
    assert.ok(sel.fingerprint);
    const tr = ops.filter((e) => e.operation === `TRUNCATE ${T}`).at(-1)!;
    assert.equal(tr.decision, 'block');
    assert.equal(tr.rule, 'builtin:destructive/truncate');
    assert.equal(tr.error_code, '42501');
    const sessions = new Set(rec.events.map((e) => e.session_id));
    for (const s of sessions) {
      const evs = rec.events.filter((e) => e.session_id === s);
      assert.equal(evs[0]!.kind, 'connect');
      assert.deepEqual(evs.map((e) => e.seq), evs.map((_, i) => i), 'seq has no gaps');
    }
  });
});

describe('protocol features', () => {
  let p: Proxy;
  before(async () => {
    p = await startProxy();
  });
  after(async () => {
    await p.close();
  });

  test('LISTEN/NOTIFY and notices pass through', async () => {
    const a = await client(p);
    const b = await client(p);
    await a.query('LISTEN agentgate_chan');
    const got = new Promise<pg.Notification>((resolve) => a.once('notification', resolve));
    await b.query("NOTIFY agentgate_chan, 'hello'");
    const n = await got;
    assert.equal(n.payload, 'hello');
    const notices: string[] = [];
    b.on('notice', (m) => notices.push(m.message ?? ''));
    await b.query('CREATE TABLE IF NOT EXISTS pgproxy_notice (id int)');
    await b.query('CREATE TABLE IF NOT EXISTS pgproxy_notice (id int)');
    assert.match(notices.join('\n'), /relation "pgproxy_notice" already exists, skipping/);
    await a.end();
    await b.end();
  });

  test('cancel reaches the right backend', async () => {
    const a = await client(p);
    const b = await client(p);
    const key = a as unknown as { processID: number; secretKey: number };
    const slowA = a.query('SELECT pg_sleep(5)');
    const slowB = b.query('SELECT pg_sleep(0.6) AS done');
    await sleep(200);
    const s = connect(p.port, p.host);
    await new Promise((r) => s.once('connect', r));
    s.end(serialize.cancel(key.processID, key.secretKey));
    const t0 = Date.now();
    await assert.rejects(slowA, (e: pg.DatabaseError) => e.code === '57014');
    assert.ok(Date.now() - t0 < 3000);
    const rb = await slowB;
    assert.equal(rb.rows[0].done, '', 'the other session was not cancelled');
    assert.equal((await a.query('SELECT 1 AS x')).rows[0].x, 1);
    await a.end();
    await b.end();
  });

  test('rows larger than 1 MB and 100k-row results stream through', async () => {
    const c = await client(p);
    const big = await c.query("SELECT repeat('x', 3 * 1024 * 1024) AS big, 1 AS n");
    assert.equal(big.rows[0].big.length, 3 * 1024 * 1024);
    const many = await c.query("SELECT g, 'row ' || g AS t FROM generate_series(1, 100000) g");
    assert.equal(many.rowCount, 100000);
    assert.equal(many.rows[99999].t, 'row 100000');
    // And a big parameter going the other way.
    const echo = await c.query({ text: 'SELECT length($1::text) AS n', values: ['y'.repeat(2 * 1024 * 1024)] });
    assert.equal(echo.rows[0].n, 2 * 1024 * 1024);
    await c.end();
  });

  test('SSLRequest is answered N without a listener certificate; GSSENCRequest too', async () => {
    for (const code of [80877103, 80877104]) {
      const s = connect(p.port, p.host);
      await new Promise((r) => s.once('connect', r));
      const b = Buffer.alloc(8);
      b.writeInt32BE(8, 0);
      b.writeInt32BE(code, 4);
      s.write(b);
      const answer = await new Promise<Buffer>((r) => s.once('data', r));
      assert.equal(answer.toString(), 'N');
      s.destroy();
    }
    const viaSsl = new pg.Client({ ...p.client, ssl: false });
    await viaSsl.connect();
    await viaSsl.end();
  });
});

describe('upstream login methods', () => {
  for (const [user, method] of [['agentgate', 'SCRAM-SHA-256'], ['md5user', 'MD5'], ['clearuser', 'cleartext'], ['trustuser', 'trust']] as const) {
    test(`${method}: the sidecar logs in; the agent sends no password`, async () => {
      const password = user === 'trustuser' ? undefined : `secret-${user}`;
      const p = await startProxy({ credentials: { user, ...(password && { password }) } });
      const c = new pg.Client({ ...p.client, password: undefined });
      await c.connect();
      assert.equal((await c.query('SELECT current_user AS u')).rows[0].u, user);
      await c.end();
      await p.close();
    });
  }

  test('a wrong upstream password gives the agent an authentication error, not the password', async () => {
    const p = await startProxy({ credentials: { user: 'agentgate', password: 'wrong' } });
    const c = new pg.Client(p.client);
    await assert.rejects(c.connect(), (e: pg.DatabaseError) => {
      assert.equal(e.code, '28P01');
      assert.doesNotMatch(e.message, /wrong/);
      return true;
    });
    await p.close();
  });

  test('the client OIDC hook: a refused token gets 28P01 with the reason; a good one sets the subject', async () => {
    const rec = new MemoryRecorder();
    const p = await startProxy({
      recorder: rec,
      listener: {
        authenticateClient: async ({ password }) =>
          password === 'good-token' ? { subject: 'alice', groups: ['sre'] } : { refused: 'token expired', code: '28P01' },
      },
    });
    const bad = new pg.Client({ ...p.client, password: 'bad-token' });
    await assert.rejects(bad.connect(), (e: pg.DatabaseError) => e.code === '28P01' && /token expired/.test(e.message));
    const good = new pg.Client({ ...p.client, password: 'good-token' });
    await good.connect();
    await good.query('SELECT 1');
    await good.end();
    await sleep(50);
    assert.ok(rec.events.some((e) => e.kind === 'error' && e.error === 'token expired' && e.error_code === '28P01'));
    assert.ok(rec.ops().every((e) => e.subject === 'alice'));
    await p.close();
  });

  test('upstream database mapping: the agent asks for any database, gets the configured one', async () => {
    const c0 = pgCluster();
    const p = await startProxy({ listener: { upstream: { host: c0.host, port: c0.port, database: c0.database } } });
    const c = new pg.Client({ ...p.client, database: 'something_else' });
    await c.connect();
    assert.equal((await c.query('SELECT current_database() AS d')).rows[0].d, c0.database);
    await c.end();
    await p.close();
  });
});

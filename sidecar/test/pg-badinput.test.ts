// Bad input: garbage, truncated and oversized frontend messages, a client vanishing mid-result, the
// upstream dying mid-transaction. The one session ends with a protocol-correct error, the event is
// recorded, other sessions carry on, and no upstream backend is left behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { MemoryRecorder, direct, startProxy, type Proxy } from './helpers/pg.js';
import { RawClient } from './helpers/raw-pg.js';

let p: Proxy;
let rec: MemoryRecorder;
let healthy: pg.Client;

before(async () => {
  rec = new MemoryRecorder();
  p = await startProxy({ recorder: rec, listener: { limits: { maxMessageBytes: 64 * 1024 } } });
  healthy = new pg.Client(p.client);
  await healthy.connect();
});
after(async () => {
  await healthy.end();
  await p.close();
});

async function backends(app: string): Promise<number> {
  const d = await direct();
  try {
    return (await d.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [app])).rows[0].n;
  } finally {
    await d.end();
  }
}

async function noBackendsLeft(app: string): Promise<void> {
  for (let i = 0; i < 100 && (await backends(app)) > 0; i++) await sleep(50);
  assert.equal(await backends(app), 0, `upstream backend for ${app} still there`);
}

async function stillServing(): Promise<void> {
  assert.equal((await healthy.query('SELECT 41 + 1 AS n')).rows[0].n, 42);
}

test('an unknown message type ends that session with FATAL 08P01; others keep working', async () => {
  const c = await RawClient.open(p.port, { application_name: 'bad-type' });
  c.socket.write(Buffer.from([0x7a, 0, 0, 0, 8, 1, 2, 3, 4]));
  const e = await c.until((m) => m.type === 'E');
  assert.ok(e);
  assert.equal(RawClient.fields(e).S, 'FATAL');
  assert.equal(RawClient.fields(e).C, '08P01');
  assert.ok(await c.closedWithin(2000));
  await noBackendsLeft('bad-type');
  await stillServing();
  assert.ok(rec.events.some((x) => x.kind === 'error' && /invalid frontend message type/.test(x.error ?? '')));
});

test('a malformed Bind (truncated fields) and an invalid length end the session with 08P01', async () => {
  for (const bytes of [
    Buffer.from([0x42, 0, 0, 0, 8, 0, 0, 0xff, 0xff]), // Bind: portal "", statement "", then a broken format count
    Buffer.from([0x51, 0, 0, 0, 2]), // length below 4
  ]) {
    const c = await RawClient.open(p.port, { application_name: 'bad-bind' });
    c.socket.write(bytes);
    const e = await c.until((m) => m.type === 'E');
    assert.equal(RawClient.fields(e!).C, '08P01');
    assert.ok(await c.closedWithin(2000));
  }
  await noBackendsLeft('bad-bind');
  await stillServing();
});

test('an oversized message is refused from its header alone (54000), without buffering it', async () => {
  const c = await RawClient.open(p.port, { application_name: 'too-big' });
  const head = Buffer.alloc(5);
  head[0] = 0x51;
  head.writeInt32BE(512 * 1024 * 1024, 1);
  c.socket.write(head);
  const e = await c.until((m) => m.type === 'E');
  assert.equal(RawClient.fields(e!).C, '54000');
  assert.match(RawClient.fields(e!).M!, /exceeds the limit of 65536 bytes/);
  assert.ok(await c.closedWithin(2000));
  await noBackendsLeft('too-big');
  await stillServing();
});

test('garbage instead of a startup packet gets a FATAL error, then the socket closes', async () => {
  const s = connect(p.port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  const got: Buffer[] = [];
  s.on('data', (d: Buffer) => got.push(d));
  const closed = new Promise((r) => s.once('close', r));
  s.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  await closed;
  const all = Buffer.concat(got);
  assert.equal(String.fromCharCode(all[0]!), 'E');
  assert.match(all.toString('utf8'), /08P01|0A000/);
  await stillServing();
});

test('a truncated message followed by a disconnect leaves nothing behind', async () => {
  const c = await RawClient.open(p.port, { application_name: 'truncated' });
  c.socket.write(Buffer.concat([serialize.query('SELECT 1')]).subarray(0, 7));
  await sleep(50);
  c.socket.destroy();
  await noBackendsLeft('truncated');
  await stillServing();
});

test('a client that disconnects mid-result: upstream backend ends, disconnect recorded', async () => {
  const c = await RawClient.open(p.port, { application_name: 'mid-result' });
  c.socket.write(serialize.query("SELECT g, repeat('x', 500) FROM generate_series(1, 2000000) g"));
  await c.until((m) => m.type === 'D');
  const before = rec.events.filter((e) => e.kind === 'disconnect').length;
  c.socket.destroy();
  await noBackendsLeft('mid-result');
  await sleep(50);
  assert.ok(rec.events.filter((e) => e.kind === 'disconnect').length > before);
  const op = rec.ops().find((e) => e.operation?.includes('generate_series(1, 2000000)'));
  assert.ok(op, 'the interrupted statement is recorded');
  assert.ok((op.rows ?? 0) > 0 && (op.rows ?? 0) < 2_000_000);
  await stillServing();
});

test('the upstream dying mid-transaction ends that session with a FATAL error; it is recorded', async () => {
  const c = new pg.Client({ ...p.client, application_name: 'doomed' });
  await c.connect();
  const seen: string[] = [];
  c.on('error', (e) => seen.push(e.message));
  await c.query('BEGIN');
  await c.query('SELECT 1');
  const d = await direct();
  await d.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed'");
  await d.end();
  await sleep(100);
  // The server's FATAL is relayed as it arrives: the client sees it as an error event or as the query's failure.
  await c.query('SELECT 2').then(() => assert.fail('query on a dead session succeeded'), (e: Error) => seen.push(e.message));
  assert.match(seen.join('\n'), /terminating connection due to administrator command/);
  assert.ok(rec.events.some((e) => e.kind === 'error' && (e.error_code === '57P01' || e.error_code === '08006')), 'upstream loss recorded');
  await c.end().catch(() => undefined);
  await stillServing();
});

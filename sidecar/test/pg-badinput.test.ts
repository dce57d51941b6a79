// Bad input: garbage, truncated and oversized frontend messages, a client vanishing mid-result, the
// upstream dying mid-transaction. The one session ends with a protocol-correct error, the event is
// recorded, other sessions carry on, and no upstream backend is left behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { compileMasker } from '../src/masking/index.js';
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

// A server that speaks just enough protocol to answer two queries: `SELECT good` with a well-formed row,
// anything else with a DataRow whose value claims more bytes than the message holds.
function fakeUpstream(): Promise<{ port: number; close: () => void }> {
  const msg = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
  const int16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
  const ready = msg('Z', Buffer.from('I'));
  const rowDesc = msg('T', Buffer.concat([int16(1), Buffer.from('note\0'), int32(0), int16(0), int32(25), int16(-1), int32(-1), int16(0)]));
  const goodRow = msg('D', Buffer.concat([int16(1), int32(11), Buffer.from('a@b.example')]));
  const badRow = msg('D', Buffer.concat([int16(1), int32(1000), Buffer.from('a@b.example')]));
  const done = msg('C', Buffer.from('SELECT 1\0'));
  return new Promise((resolve) => {
    const server = createServer((s) => {
      let buf = Buffer.alloc(0);
      let started = false;
      s.on('error', () => undefined);
      s.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          if (!started) {
            if (buf.length < 4 || buf.length < buf.readInt32BE(0)) return;
            buf = buf.subarray(buf.readInt32BE(0));
            started = true;
            s.write(Buffer.concat([msg('R', int32(0)), msg('S', Buffer.from('server_version\x0015.0\0')), msg('K', Buffer.concat([int32(7), int32(8)])), ready]));
            continue;
          }
          if (buf.length < 5 || buf.length < 1 + buf.readInt32BE(1)) return;
          const type = String.fromCharCode(buf[0]!);
          const body = buf.subarray(5, 1 + buf.readInt32BE(1));
          buf = buf.subarray(1 + buf.readInt32BE(1));
          if (type === 'X') return void s.end();
          if (type !== 'Q') continue;
          const good = body.toString('utf8').startsWith('SELECT good');
          s.write(Buffer.concat([rowDesc, good ? goodRow : badRow, done, ready]));
        }
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() }));
  });
}

test('a malformed DataRow from the upstream ends that session only; rows are still masked for the next one', async () => {
  const up = await fakeUpstream();
  const recorder = new MemoryRecorder();
  const fp = await startProxy({
    recorder,
    policy: { masking: { entities: ['EMAIL'] } },
    maskerFor: (plan) => compileMasker(plan, { hashKey: 'k' }),
    credentials: { user: 'fake', password: 'unused' },
    listener: { upstream: { host: '127.0.0.1', port: up.port } },
  });
  try {
    const bad = new pg.Client(fp.client);
    bad.on('error', () => undefined);
    await bad.connect();
    await assert.rejects(bad.query('SELECT bad'), /DataRow shorter than its values|Connection terminated|upstream/);
    await bad.end().catch(() => undefined);
    assert.ok(recorder.events.some((e) => e.kind === 'error' && /DataRow shorter than its values/.test(e.error ?? '')), 'recorded');
    const ok = new pg.Client(fp.client);
    await ok.connect();
    assert.deepEqual((await ok.query('SELECT good')).rows, [{ note: '[EMAIL]' }]);
    await ok.end();
  } finally {
    await fp.close();
    up.close();
  }
});

// The recorder end to end on the file:// sink: what DuckDB reads, startup recovery, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SessionEvent, type RecorderConfig } from '@agentgate/api';
import { createRecorder, openSink } from '../src/recorder/index.js';
import { verifyArchive } from '../src/recorder/reading.js';
import { frame, segmentName } from '../src/recorder/journal.js';
import { loadState } from '../src/recorder/state.js';
import { duck, event, NS, parquetGlob, POD, seqsBySession, tempDir } from './helpers/recorder.js';

function config(dir: string, sink: string, extra: Partial<RecorderConfig> = {}): RecorderConfig {
  return { journalDir: join(dir, 'journal'), sink, identity: { namespace: NS, pod: POD }, ...extra };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(10);
}

test('DuckDB reads every column of a recorded event with its value and type', async (t) => {
  const dir = tempDir(t);
  const full: SessionEvent = {
    v: 1, ts: Date.UTC(2025, 4, 6, 7, 8, 9, 123), session_id: 'sess-1', seq: 7, kind: 'approval',
    namespace: NS, pod: POD, service_account: 'support-agent', subject: 'user:alice', groups: ['sre', 'dev'],
    resource: 'orders-db', protocol: 'postgres', client_addr: '127.0.0.2:40000', request_id: 'r-7',
    operation: "UPDATE orders SET status = '***' WHERE id = 1 -- ünïcode", fingerprint: 'fp-9', statement_kinds: ['UPDATE'],
    tables: ['public.orders', 'public.refunds'], model: 'gpt-4o', tool: 'query', decision: 'hold', would_be: 'block',
    rule: 'support-agent/refunds-need-approval', policy: 'agents/support-agent', reason: 'refunds need a human', flagged: true,
    approval_id: 'ar-123', approver: 'bob@example.com', approval_outcome: 'Approved', rows: 1, bytes_in: 120, bytes_out: 4096,
    duration_ms: 1234.5, masked: [{ entity: 'EMAIL', count: 3 }, { entity: 'CREDIT_CARD', count: 1 }],
    error: 'none', error_code: '42501',
  };
  // The test must grow with the schema: every property is set above.
  assert.deepEqual(Object.keys(full).sort(), Object.keys(SessionEvent.properties).sort());
  const sparse = event('sess-2', 0);
  const rec = await createRecorder(config(dir, `file://${join(dir, 'sink')}`));
  assert.equal(rec.record(full), true);
  assert.equal(rec.record(sparse), true);
  await rec.close(10_000);

  const rows = await duck(`SELECT *, epoch_ms(ts) AS ts_ms FROM ${parquetGlob(join(dir, 'sink'))} ORDER BY session_id`);
  assert.equal(rows.length, 2);
  const r = rows[0]!;
  assert.equal(r.ts, '2025-05-06 07:08:09.123');
  assert.equal(Number(r.ts_ms), full.ts);
  for (const k of ['session_id', 'kind', 'namespace', 'pod', 'service_account', 'subject', 'resource', 'protocol', 'client_addr', 'request_id',
    'operation', 'fingerprint', 'model', 'tool', 'decision', 'would_be', 'rule', 'policy', 'reason', 'approval_id', 'approver',
    'approval_outcome', 'error', 'error_code'] as const) {
    assert.equal(r[k], full[k], k);
  }
  for (const k of ['v', 'seq', 'rows', 'bytes_in', 'bytes_out'] as const) assert.equal(Number(r[k]), full[k], k);
  assert.equal(r.duration_ms, 1234.5);
  assert.equal(r.flagged, true);
  assert.deepEqual(r.groups, ['sre', 'dev']);
  assert.deepEqual(r.statement_kinds, ['UPDATE']);
  assert.deepEqual(r.tables, ['public.orders', 'public.refunds']);
  assert.deepEqual(r.masked, [{ entity: 'EMAIL', count: '3' }, { entity: 'CREDIT_CARD', count: '1' }]);
  assert.equal(r.date, '2025-05-06', 'Hive partition from the event time');
  assert.equal(r.hour, '07');
  const s = rows[1]!;
  for (const k of ['subject', 'groups', 'operation', 'masked', 'rows', 'duration_ms', 'flagged']) assert.equal(s[k], null, `${k} absent → NULL`);

  const types = await duck(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquetGlob(join(dir, 'sink'))})`);
  const typeOf = Object.fromEntries(types.map((x) => [x.column_name, x.column_type]));
  assert.equal(typeOf.ts, 'TIMESTAMP');
  assert.equal(typeOf.seq, 'BIGINT');
  assert.equal(typeOf.duration_ms, 'DOUBLE');
  assert.equal(typeOf.flagged, 'BOOLEAN');
  assert.equal(typeOf.groups, 'VARCHAR[]');
  assert.equal(typeOf.masked, 'STRUCT(entity VARCHAR, count BIGINT)[]');
  const meta = await duck(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${join(dir, 'sink', '**', '*.parquet')}')`);
  const kv = new Map(meta.map((m) => [m.k, m.v]));
  assert.equal(kv.get('agentgate.event_schema_version'), '1');
  assert.equal(kv.get('agentgate.pod'), POD);
});

test('records split into Hive partitions by event hour; invalid events and events after close are refused', async (t) => {
  const dir = tempDir(t);
  const rec = await createRecorder(config(dir, `file://${join(dir, 'sink')}`));
  const h = Date.UTC(2025, 0, 31, 23, 59, 59, 900);
  assert.equal(rec.record({ ...event('s', 0), ts: h }), true);
  assert.equal(rec.record({ ...event('s', 1), ts: h + 200 }), true);
  assert.equal(rec.record({ ...event('s', 2), seq: -1 }), false, 'schema violation');
  assert.equal(rec.record({ ...event('s', 2), kind: 'nope' } as unknown as SessionEvent), false);
  await rec.close(10_000);
  assert.equal(rec.accepting, false);
  assert.equal(rec.record(event('s', 2)), false);
  const rows = await duck(`SELECT date, hour, seq FROM ${parquetGlob(join(dir, 'sink'))} ORDER BY seq`);
  assert.deepEqual(rows.map((r) => `${String(r.date)} ${String(r.hour)} ${String(r.seq)}`), ['2025-01-31 23 0', '2025-02-01 00 1']);
});

test('startup recovery ships leftover journal segments and unuploaded files exactly once, ignoring what an interrupted build left', async (t) => {
  const dir = tempDir(t);
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'a regular file: the sink cannot create folders under it');
  const journal = join(dir, 'journal');
  const small = { rotateBytes: 4096, retry: { initial: '10ms', max: '50ms' } };
  const rec1 = await createRecorder(config(dir, `file://${blocked}/sink`, small));
  let seq = 0;
  for (; seq < 40; seq++) assert.equal(rec1.record(event('s1', seq)), true);
  await until(() => rec1.stats().pendingFiles >= 2); // built, but the upload keeps failing
  for (; seq < 60; seq++) assert.equal(rec1.record(event('s1', seq)), true);
  await rec1.close(0); // deadline 0: stop now, leave everything on disk
  const state = loadState(journal)!;
  const outbox = readdirSync(join(journal, 'outbox'));
  const wal = readdirSync(join(journal, 'wal'));
  assert.ok(outbox.filter((f) => f.endsWith('.parquet')).length >= 2, outbox.join());
  assert.ok(wal.length >= 1, 'unbuilt segments remain');

  // What a crash in the middle of a build leaves: a file past the committed index, a temp file,
  // and a segment that was committed but not yet deleted. None of it may be shipped.
  writeFileSync(join(journal, 'outbox', `${String(state.nextIndex + 5).padStart(8, '0')}.parquet`), 'partial');
  writeFileSync(join(journal, 'outbox', '00000001.parquet.tmp'), 'partial');
  writeFileSync(join(journal, 'wal', segmentName(state.lastSegment)), frame(JSON.stringify(event('s1', 0))));
  // A torn tail and a corrupt record in a leftover segment: the torn write was never acknowledged,
  // the corrupt record is quarantined, the rest ships.
  const last = Math.max(...wal.map((n) => Number(/\d+/.exec(n)![0])));
  const lastPath = join(journal, 'wal', segmentName(last));
  writeFileSync(lastPath, readFileSync(lastPath, 'utf8') + '00000000 {"corrupt":true}\n' + frame(JSON.stringify(event('s1', 999))).slice(0, 20));

  const rec2 = await createRecorder(config(dir, `file://${join(dir, 'sink')}`, small));
  assert.equal(rec2.stats().chain, state.chain, 'the chain continues');
  await rec2.drain();
  for (; seq < 70; seq++) assert.equal(rec2.record(event('s1', seq)), true);
  await rec2.close(10_000);
  assert.deepEqual(readdirSync(join(journal, 'outbox')), []);
  assert.deepEqual(readdirSync(join(journal, 'wal')), []);
  const quarantined = readdirSync(join(journal, 'quarantine'));
  assert.equal(quarantined.length, 1);
  assert.match(readFileSync(join(journal, 'quarantine', quarantined[0]!), 'utf8'), /"corrupt":true/);

  const seqs = await seqsBySession(join(dir, 'sink'));
  assert.deepEqual(seqs.get('s1'), Array.from({ length: 70 }, (_, i) => i), 'every event once, none from the fake leftovers');
  assert.equal(existsSync(join(dir, 'sink', '_manifests')), true);
});

test('a lost state.json with built files waiting: the chain continues from their manifests and nothing is dropped', async (t) => {
  const dir = tempDir(t);
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'not a folder');
  const small = { rotateBytes: 4096, retry: { initial: '10ms', max: '50ms' } };
  const rec1 = await createRecorder(config(dir, `file://${blocked}/sink`, small));
  for (let seq = 0; seq < 30; seq++) assert.equal(rec1.record(event('s', seq)), true);
  await until(() => rec1.stats().pendingFiles >= 2);
  const chain = rec1.stats().chain;
  await rec1.close(0);
  unlinkSync(join(dir, 'journal', 'state.json'));
  const rec2 = await createRecorder(config(dir, `file://${join(dir, 'sink')}`, small));
  assert.equal(rec2.stats().chain, chain);
  await rec2.close(10_000);
  assert.deepEqual((await seqsBySession(join(dir, 'sink'))).get('s'), Array.from({ length: 30 }, (_, i) => i));
  const report = await verifyArchive(openSink(`file://${join(dir, 'sink')}`), {});
  assert.equal(report.ok, true, JSON.stringify(report.findings));
  assert.equal(report.chains.length, 1);
});

test('a failed journal write is refused under failClosed, dropped under failOpen, and recording goes on in a new segment', async (t) => {
  for (const failurePolicy of ['failClosed', 'failOpen'] as const) {
    const dir = tempDir(t);
    const rec = await createRecorder(config(dir, `file://${join(dir, 'sink')}`, { failurePolicy }));
    assert.equal(rec.record(event('w', 0)), true);
    // What ENOSPC or EIO looks like from here: the segment's write(2) throws.
    (rec as unknown as { segment: { closeFd(): void } }).segment.closeFd();
    assert.equal(rec.record(event('w', 1)), failurePolicy === 'failOpen', 'the write error is not thrown at the gate');
    assert.equal(rec.record(event('w', failurePolicy === 'failOpen' ? 2 : 1)), true, 'the next event lands in a fresh segment');
    await rec.close(10_000);
    const seqs = (await seqsBySession(join(dir, 'sink'))).get('w');
    assert.deepEqual(seqs, failurePolicy === 'failOpen' ? [0, 2] : [0, 1]);
    assert.equal(rec.stats().dropped, failurePolicy === 'failOpen' ? 1 : 0);
  }
});

// Pure parts of the recorder: schema mapping, shredding, keys, journal framing, config, replay timing.
import { test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import parquet from '@dsnp/parquetjs';
import { SessionEvent, validateRecorderConfig } from '@agentgate/api';
import { parquetSchemaFor, rowCodecFor } from '../src/recorder/parquet-schema.js';
import { shredRows } from '../src/recorder/shred-parquetjs.js';
import { SCHEMA, CODEC, buildFiles, readParquet } from '../src/recorder/parquet.js';
import { dataKey, hourBucket, manifestKey, parseDataKey, parseManifestKey, partitionOf } from '../src/recorder/keys.js';
import { frame, parseSegment, Segment } from '../src/recorder/journal.js';
import { backoffMs, resolveConfig, DEFAULTS } from '../src/recorder/config.js';
import { replayDelays } from '../src/recorder/timeline.js';
import { eventSchemaMarkdown } from '../src/recorder/schema-doc.js';
import { event } from './helpers/recorder.js';

test('the Parquet schema is derived from SessionEvent: one column per property, types and optionality from the schema', () => {
  const def = parquetSchemaFor(SessionEvent);
  const props = SessionEvent.properties as Record<string, unknown>;
  assert.deepEqual(Object.keys(def), Object.keys(props), 'same columns, same order');
  const required = new Set<string>(SessionEvent.required);
  for (const [name, f] of Object.entries(def)) assert.equal(f.optional, !required.has(name), `${name} optionality`);
  assert.equal(def.ts!.type, 'TIMESTAMP_MILLIS', 'x-parquet-type override');
  assert.equal(def.seq!.type, 'INT64');
  assert.equal(def.duration_ms!.type, 'DOUBLE');
  assert.equal(def.flagged!.type, 'BOOLEAN');
  assert.equal(def.kind!.type, 'UTF8', 'string enums are UTF8');
  assert.equal(def.session_id!.compression, 'SNAPPY');
  // Repeated fields are standard 3-level LISTs, so every engine reads them as lists.
  assert.equal(def.groups!.type, 'LIST');
  assert.deepEqual(def.groups!.fields!.list!.repeated, true);
  assert.equal(def.groups!.fields!.list!.fields!.element!.type, 'UTF8');
  const maskedElem = def.masked!.fields!.list!.fields!.element!;
  assert.deepEqual(Object.keys(maskedElem.fields!), ['entity', 'count']);
  assert.equal(maskedElem.fields!.count!.type, 'INT64');
  assert.equal(maskedElem.fields!.count!.optional, false);
});

test('a new field in the event schema becomes a column by itself; unmappable schemas are refused with their path', () => {
  const S = Type.Object({ a: Type.String(), b: Type.Optional(Type.Array(Type.Object({ c: Type.Number() }))) });
  const def = parquetSchemaFor(S, 'GZIP');
  assert.equal(def.a!.optional, false);
  assert.equal(def.b!.fields!.list!.fields!.element!.fields!.c!.type, 'DOUBLE');
  assert.equal(def.a!.compression, 'GZIP');
  assert.throws(() => parquetSchemaFor(Type.Object({ u: Type.Union([Type.String(), Type.Number()]) })), /u: no Parquet mapping/);
  assert.throws(() => parquetSchemaFor(Type.Object({ x: Type.Integer({ 'x-parquet-type': 'INT96' }) })), /x: unsupported x-parquet-type/);
  assert.throws(() => parquetSchemaFor(Type.String()), /expected an object schema/);
});

test('row codec: events to parquetjs rows and back, lists wrapped and unwrapped, empty lists kept', () => {
  const codec = rowCodecFor<SessionEvent>(SessionEvent);
  const e = event('s', 3, { groups: [], subject: 'alice' });
  const row = codec.toRow(e);
  assert.deepEqual(row.tables, { list: [{ element: 'public.customers' }] });
  assert.deepEqual(row.masked, { list: [{ element: { entity: 'EMAIL', count: 1 } }] });
  assert.ok(!('model' in row), 'absent optionals stay absent');
  // What parquetjs hands back: bigints, Dates, { list: null } for an empty list, nulls for absent.
  const back = codec.fromRow({
    ...row, ts: new Date(e.ts), seq: 3n, v: 1n, rows: BigInt(e.rows!), groups: { list: null }, model: null,
    masked: { list: [{ element: { entity: 'EMAIL', count: 1n } }] },
  });
  assert.deepEqual(back, e);
});

test('columnar shredding produces exactly the buffer parquetjs builds row by row', () => {
  const rows = [
    event('a', 0),
    event('a', 1, { groups: ['x', 'y'], masked: [{ entity: 'EMAIL', count: 2 }, { entity: 'IBAN', count: 1 }], flagged: false }),
    event('a', 2, { groups: [], tables: [], statement_kinds: ['SELECT', 'UPDATE'], error: 'boom', would_be: 'block' }),
    event('b', 1, { subject: 'sub', client_addr: '10.0.0.1:5432' }),
  ];
  const theirs: Record<string, unknown> = {};
  for (const r of rows) parquet.ParquetShredder.shredRecord(SCHEMA, CODEC.toRow(r), theirs);
  const ours = shredRows(SCHEMA, rows, true);
  const wrapped = shredRows(SCHEMA, rows.map((r) => CODEC.toRow(r)), false);
  const norm = (cd: Record<string, { values: unknown[]; rlevels: number[]; dlevels: number[]; count: number; distinct_values: Set<unknown> }>) =>
    Object.fromEntries(
      Object.entries(cd).map(([k, c]) => [
        k,
        {
          // parquetjs converts strings to Buffers up front; ours leaves that to the encoder (same bytes).
          values: c.values.map((v) => (typeof v === 'string' ? Buffer.from(v) : v)),
          rlevels: c.rlevels, dlevels: c.dlevels, count: c.count, distinct: [...c.distinct_values],
        },
      ]),
    );
  const t = theirs as { rowCount: number; columnData: Parameters<typeof norm>[0] };
  assert.equal(ours.rowCount, t.rowCount);
  assert.deepEqual(norm(ours.columnData), norm(t.columnData));
  assert.deepEqual(norm(wrapped.columnData), norm(t.columnData));
  assert.throws(() => shredRows(SCHEMA, [{ ...rows[0]!, session_id: undefined }], true), /missing required field: session_id/);
});

test('object keys are Hive-partitioned by namespace, UTC date and hour; manifests live under _manifests/', () => {
  const ts = Date.UTC(2025, 0, 31, 23, 59, 59, 999);
  const b = hourBucket(ts);
  assert.deepEqual(partitionOf(b), { date: '2025-01-31', hour: '23' });
  assert.equal(hourBucket(ts + 1), b + 1, 'the next millisecond is the next partition');
  const id = { namespace: 'agents', pod: 'web-7d9f-x2k4', chain: 'a1b2c3d4e5f6', index: 42 };
  const key = dataKey(id, b);
  assert.equal(key, 'namespace=agents/date=2025-01-31/hour=23/web-7d9f-x2k4-a1b2c3d4e5f6-00000042.parquet');
  assert.deepEqual(parseDataKey(key), { ...id, date: '2025-01-31', hour: '23' });
  const mk = manifestKey(id);
  assert.equal(mk, '_manifests/namespace=agents/pod=web-7d9f-x2k4/a1b2c3d4e5f6/00000042.jws');
  assert.deepEqual(parseManifestKey(mk), id);
  assert.equal(parseDataKey('namespace=agents/date=2025-01-31/hour=23/notours.parquet'), null);
  assert.equal(parseManifestKey('_manifests/x.jws'), null);
});

test('journal framing: intact records pass, torn tails and corrupt lines are told apart', () => {
  const a = frame('{"a":1}');
  const b = frame('{"b":"é"}');
  assert.match(a, /^[0-9a-f]{8} \{"a":1\}\n$/);
  const ok = parseSegment(Buffer.from(a + b));
  assert.deepEqual(ok, { records: ['{"a":1}', '{"b":"é"}'], corrupt: [], tornBytes: 0 });
  const torn = parseSegment(Buffer.from(a + b.slice(0, 6)));
  assert.deepEqual(torn.records, ['{"a":1}']);
  assert.equal(torn.tornBytes, 6);
  const flipped = a.replace('"a":1', '"a":2');
  const bad = parseSegment(Buffer.from(flipped + b + 'garbage\n'));
  assert.deepEqual(bad.records, ['{"b":"é"}']);
  assert.equal(bad.corrupt.length, 2);
});

test('a segment writes exactly the framed bytes, also for multi-byte text and texts larger than its buffer', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-seg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const seg = new Segment(dir, 1);
  const texts = ['{"a":1}', '{"b":"ünïcödé ✓ 𝄞"}', JSON.stringify({ big: 'x'.repeat(100_000) }), '{}'];
  let bytes = 0;
  for (const j of texts) bytes += seg.append(j, 1);
  await seg.seal();
  const expected = texts.map(frame).join('');
  assert.equal(readFileSync(seg.path, 'utf8'), expected);
  assert.equal(bytes, Buffer.byteLength(expected));
  assert.equal(seg.records, 4);
  assert.deepEqual(parseSegment(readFileSync(seg.path)).records, texts);
  assert.throws(() => new Segment(dir, 1), /EEXIST/, 'a segment number is never reused');
});

test('recorder config: documented defaults, durations in ms, invalid config rejected with the field', () => {
  const c = resolveConfig({ journalDir: '/j', sink: 'file:///s', identity: { namespace: 'n', pod: 'p' } });
  assert.equal(c.failurePolicy, 'failClosed');
  assert.equal(c.journalMaxBytes, DEFAULTS.journalMaxBytes);
  assert.equal(c.rotateBytes, 4 * 1024 * 1024);
  assert.equal(c.rotateAgeMs, 60_000);
  assert.equal(c.retryMaxMs, 30_000);
  const bad = validateRecorderConfig({ journalDir: '/j', sink: 'ftp://x', identity: { namespace: 'n' }, failurePolicy: 'maybe' });
  assert.equal(bad.ok, false);
  const msgs = bad.ok ? [] : bad.errors.map((e) => `${e.path}: ${e.message}`);
  assert.ok(msgs.some((m) => m.startsWith('sink: Invalid value')), msgs.join('\n'));
  assert.ok(msgs.includes('identity.pod: Required value'), msgs.join('\n'));
  assert.ok(msgs.some((m) => m.startsWith('failurePolicy: Unsupported value: "maybe"')), msgs.join('\n'));
  assert.throws(() => resolveConfig({ journalDir: '/j' }), /recorder config is invalid/);
});

test('backoff doubles up to the cap, with jitter between half and all of it', () => {
  assert.equal(backoffMs(0, 500, 30_000, () => 0), 250);
  assert.equal(backoffMs(0, 500, 30_000, () => 1), 500);
  assert.equal(backoffMs(3, 500, 30_000, () => 1), 4000);
  assert.equal(backoffMs(50, 500, 30_000, () => 1), 30_000);
  assert.equal(backoffMs(50, 500, 30_000, () => 0), 15_000);
});

test('replay waits the original gaps divided by the speed, capped, never negative', () => {
  const ev = [{ ts: 1000 }, { ts: 1500 }, { ts: 1400 }, { ts: 61_400 }];
  assert.deepEqual(replayDelays(ev, 1), [0, 500, 0, 60_000]);
  assert.deepEqual(replayDelays(ev, 2, 5000), [0, 250, 0, 5000]);
  assert.deepEqual(replayDelays(ev, 0), [0, 0, 0, 0]);
});

test('the README documents the event schema exactly as the Parquet files have it', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const m = /<!-- event-schema:start -->\n([\s\S]*?)<!-- event-schema:end -->/.exec(readme);
  assert.ok(m, 'README has the event-schema markers');
  assert.equal(m[1], eventSchemaMarkdown(), 'stale: regenerate with node sidecar/dist/src/recorder/schema-doc.js');
  assert.match(eventSchemaMarkdown(), /\| `masked` \| `STRUCT\(entity VARCHAR, count BIGINT\)\[\]` \| yes \|/);
});

test('buildFiles: a CRC-intact record that is not a valid event is rejected, the rest of the segment builds', async () => {
  // The build trusts records of the current schema version (record() validated them); one that is not
  // valid anyway (a bug, a hand-edited journal) must not fail the segment or reach the file.
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-build-'));
  try {
    const good = [event('s', 0), event('s', 1)].map((e) => JSON.stringify(e));
    const bad = JSON.stringify({ v: event('s', 2).v, kind: 'operation', seq: 'two' });
    const job = { segmentPath: '', outDir: dir, startIndex: 1, prevSha256: null, chain: 'c', namespace: 'n', pod: 'p', rowGroupSize: 100, emptyFile: false, nowBucket: 0 };
    const r = await buildFiles(job, [good[0]!, bad, good[1]!]);
    assert.deepEqual(r.rejected, [bad]);
    assert.equal(r.files.length, 1);
    const { events } = await readParquet(readFileSync(r.files[0]!.path));
    assert.deepEqual(events.map((e) => e.seq), [0, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('journal sync: background syncs wait for the interval; sync(true) (seal, flush) starts at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-sync-'));
  const seg = new Segment(dir, 1, 60_000);
  try {
    seg.append('{"a":1}', Date.now());
    await seg.sync(true); // the first sync of a segment has no interval to wait for
    assert.equal(seg.dirty, false);
    seg.append('{"a":2}', Date.now());
    let settled = false;
    const background = seg.sync().then(() => (settled = true));
    assert.equal(seg.syncPending, true);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false, 'a background sync waits for the interval after the last one');
    assert.equal(seg.dirty, true);
    const t0 = Date.now();
    await seg.sync(true);
    await background;
    assert.ok(Date.now() - t0 < 5_000, 'sync(true) did not wait for the 60 s interval');
    assert.equal(seg.dirty, false);
    assert.equal(settled, true, 'the pending background sync is the one that ran');
  } finally {
    await seg.seal();
    rmSync(dir, { recursive: true, force: true });
  }
});

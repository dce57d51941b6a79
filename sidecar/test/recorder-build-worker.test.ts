// The build worker as the shipper runs it: a segment file in, Parquet files out, with what it must
// reject or quarantine; and the parts it uses instead of parquetjs (enum numbers, file schema) checked
// against parquetjs itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSION } from '@agentgate/api';
import { BuildWorker } from '../src/recorder/builder.js';
import { frame, parseSegment, segmentRecords, tornBytes } from '../src/recorder/journal.js';
import { FILE_SCHEMA, SCHEMA, readParquet } from '../src/recorder/parquet.js';
import { PQ } from '../src/recorder/parquet-format.js';
import { event, tempDir } from './helpers/recorder.js';

const require = createRequire(import.meta.url);

test('our Parquet enum numbers are the ones parquetjs reads', () => {
  const theirs = require('@dsnp/parquetjs/dist/gen-nodejs/parquet_types.js') as Record<string, Record<string, number>>;
  for (const [name, values] of Object.entries(PQ)) {
    for (const [k, v] of Object.entries(values)) assert.equal(v, theirs[name]![k], `${name}.${k}`);
  }
});

test('the file schema our writer takes is parquetjs\'s ParquetSchema of the same definition', () => {
  const pick = (f: object) => {
    const o = f as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of ['name', 'path', 'repetitionType', 'rLevelMax', 'dLevelMax', 'isNested', 'fieldCount', 'primitiveType', 'originalType', 'typeLength', 'scale', 'precision']) {
      if (o[k] !== undefined) out[k] = o[k];
    }
    if (!o.isNested) out.compression = o.compression;
    return out;
  };
  assert.deepEqual(FILE_SCHEMA.fieldList.map(pick), SCHEMA.fieldList.map(pick));
  assert.deepEqual(Object.keys(FILE_SCHEMA.fields), Object.keys(SCHEMA.fields));
});

test('segmentRecords yields what parseSegment returns, one record at a time', () => {
  const text = [frame('{"a":1}'), frame('{"b":"é ü"}'), 'garbage\n', '\n', frame('{"c":3}').replace('3', '4'), frame('{"d":[1]}'), '0000'].join('');
  const buf = Buffer.from(text);
  const corrupt: string[] = [];
  assert.deepEqual([...segmentRecords(buf, corrupt)], ['{"a":1}', '{"b":"é ü"}', '{"d":[1]}']);
  assert.equal(corrupt.length, 2);
  assert.equal(tornBytes(buf), 4);
  assert.deepEqual(parseSegment(buf), { records: ['{"a":1}', '{"b":"é ü"}', '{"d":[1]}'], corrupt, tornBytes: 4 });
});

test('build worker: invalid lines are rejected or quarantined, older-version events validated, the rest builds', async (t) => {
  const dir = tempDir(t, 'build-worker');
  const good = [event('s', 0), event('s', 1), event('s', 2)];
  // CRC-intact but not an event of this version: not JSON, wrong types, a missing required column.
  const notJson = '{"v":1,';
  const wrongType = JSON.stringify({ ...event('s', 3), seq: 'three' });
  const missing = JSON.stringify({ v: EVENT_SCHEMA_VERSION, kind: 'operation' });
  // Another schema version: always validated (here it is valid, so it is written).
  const other = JSON.stringify({ ...event('s', 4), v: EVENT_SCHEMA_VERSION + 1 });
  const otherBad = JSON.stringify({ v: EVENT_SCHEMA_VERSION + 1, seq: -1 });
  const lines = [
    frame(JSON.stringify(good[0])), frame(notJson), frame(wrongType), frame(JSON.stringify(good[1])), frame(missing),
    frame(other), frame(otherBad), 'deadbeef {"crc":"wrong"}\n', frame(JSON.stringify(good[2])), '0123',
  ];
  const segmentPath = join(dir, 'seg.wal');
  writeFileSync(segmentPath, lines.join(''));
  const bw = new BuildWorker();
  t.after(() => bw.terminate());
  const job = { segmentPath, outDir: dir, startIndex: 3, prevSha256: 'ab'.repeat(32), chain: 'c', namespace: 'n', pod: 'p', rowGroupSize: 2, emptyFile: false, nowBucket: 0 };
  const out = await bw.run(job);
  assert.deepEqual(out.rejected.sort(), [notJson, wrongType, missing, otherBad].sort());
  assert.deepEqual(out.corrupt, ['deadbeef {"crc":"wrong"}']);
  assert.equal(out.tornBytes, 4);
  assert.equal(out.files.length, 1);
  const f = out.files[0]!;
  assert.equal(f.index, 3);
  assert.equal(f.prevSha256, 'ab'.repeat(32));
  assert.equal(f.rows, 4);
  const { events, metadata } = await readParquet(readFileSync(f.path));
  // Journal order; the other-version event is kept as it is.
  assert.deepEqual(events.map((e) => [e.seq, e.v]), [[0, EVENT_SCHEMA_VERSION], [1, EVENT_SCHEMA_VERSION], [4, EVENT_SCHEMA_VERSION + 1], [2, EVENT_SCHEMA_VERSION]]);
  assert.equal(metadata['agentgate.index'], '3');
  // The same segment built again gives the same bytes (a retried build must not change the chain).
  const again = await bw.run({ ...job });
  assert.equal(again.files[0]!.sha256, f.sha256);
});

test('build worker: a segment of one hour per file, and an empty final segment seals the chain', async (t) => {
  const dir = tempDir(t, 'build-worker');
  const h = Date.UTC(2025, 0, 1, 10);
  const evs = [event('a', 0, { ts: h + 5 }), event('a', 1, { ts: h + 3_600_000 + 1 }), event('b', 0, { ts: h + 7 })];
  const segmentPath = join(dir, 'seg.wal');
  writeFileSync(segmentPath, evs.map((e) => frame(JSON.stringify(e))).join(''));
  const empty = join(dir, 'empty.wal');
  writeFileSync(empty, '');
  const bw = new BuildWorker();
  t.after(() => bw.terminate());
  const job = { segmentPath, outDir: dir, startIndex: 0, prevSha256: null, chain: 'c', namespace: 'n', pod: 'p', rowGroupSize: 100, emptyFile: false, nowBucket: 0 };
  const out = await bw.run(job);
  assert.deepEqual(out.files.map((f) => [f.index, f.rows, f.minTs, f.maxTs]), [[0, 2, h + 5, h + 7], [1, 1, h + 3_600_001, h + 3_600_001]]);
  assert.equal(out.files[1]!.prevSha256, out.files[0]!.sha256);
  assert.deepEqual(out.files[0]!.sessions.map((s) => [s.id, s.count]), [['a', 1], ['b', 1]]);
  const sealed = await bw.run({ ...job, segmentPath: empty, startIndex: 2, prevSha256: out.files[1]!.sha256, emptyFile: true, nowBucket: 42 });
  assert.deepEqual(sealed.files.map((f) => [f.index, f.rows, f.bucket]), [[2, 0, 42]]);
});

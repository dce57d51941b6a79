// Our Parquet writer (parquet-writer.ts and its parts): RLE/bit-packing and thrift bytes against the
// spec, files read back by parquetjs and DuckDB equal to the input, and the same rows and schema as
// the files parquetjs's ParquetWriter made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSION, EventKinds, type SessionEvent } from '@agentgate/api';
import { ByteWriter } from '../src/recorder/byte-writer.js';
import { bitWidth, encodeHybrid } from '../src/recorder/rle.js';
import { CompactWriter } from '../src/recorder/thrift-compact.js';
import { readParquet, writeParquet, writeParquetWithParquetjs } from '../src/recorder/parquet.js';
import { duck, tempDir, type Row } from './helpers/recorder.js';

const require = createRequire(import.meta.url);
const rleCodec = require('@dsnp/parquetjs/dist/lib/codec/rle.js') as {
  decodeValues(type: string, cursor: { buffer: Buffer; offset: number }, count: number, opts: { bitWidth: number; disableEnvelope: boolean }): number[];
};
const thriftTypes = require('@dsnp/parquetjs/dist/gen-nodejs/parquet_types.js') as Record<string, new () => Record<string, unknown>>;
const util = require('@dsnp/parquetjs/dist/lib/util.js') as { decodeThrift(obj: object, buf: Buffer): number };

function hybrid(values: number[], width: number): string {
  const out = new ByteWriter(4);
  encodeHybrid(out, values, values.length, width);
  return out.view().toString('hex');
}

test('RLE/bit-packing hybrid: the bytes the spec gives', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 7, 8, 255, 256].map(bitWidth), [0, 1, 2, 2, 3, 3, 4, 8, 9]);
  // Encodings.md: 0..7 at width 3 bit-pack to 10001000 11000110 11111010; header (1 group << 1) | 1.
  assert.equal(hybrid([0, 1, 2, 3, 4, 5, 6, 7], 3), '03' + '88c6fa');
  // A run of 8+ equal values is one RLE run: header count << 1, value in ceil(width / 8) bytes.
  assert.equal(hybrid(Array(8).fill(1), 1), '10' + '01');
  assert.equal(hybrid(Array(100).fill(2), 2), 'c801' + '02', 'run length 100 → varint c8 01');
  assert.equal(hybrid(Array(8).fill(300), 9), '10' + '2c01', 'a 9-bit value takes 2 bytes, little-endian');
  // Literal group then a run: the run starts on a group boundary.
  assert.equal(hybrid([0, 1, 2, 3, 4, 5, 6, 7, ...Array(10).fill(3)], 3), '0388c6fa' + '14' + '03');
  // A short tail is bit-packed and padded with zeros to a whole group (allowed only at the end).
  assert.equal(hybrid([1, 0, 1], 1), '03' + '05');
  // A repeat inside a literal group stays in the group; the rest of the run becomes an RLE run.
  assert.equal(hybrid([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1), '03' + '01' + '14' + '00');
  assert.equal(hybrid([], 1), '');
});

test('RLE/bit-packing hybrid: parquetjs decodes what we encode, for every width and run shape', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const width of [1, 2, 3, 5, 8, 9, 13, 16, 20]) {
    for (const len of [1, 7, 8, 9, 63, 64, 65, 1000]) {
      const values: number[] = [];
      while (values.length < len) {
        const v = Math.floor(rand() * 2 ** width);
        const run = rand() < 0.3 ? 1 + Math.floor(rand() * 40) : 1;
        for (let i = 0; i < run && values.length < len; i++) values.push(v);
      }
      const out = new ByteWriter(4);
      encodeHybrid(out, values, len, width);
      const cursor = { buffer: out.view(), offset: 0 };
      assert.deepEqual(rleCodec.decodeValues('INT32', cursor, len, { bitWidth: width, disableEnvelope: true }), values, `width ${width} len ${len}`);
      assert.equal(cursor.offset, out.pos, 'no trailing bytes');
    }
  }
});

test('thrift compact protocol: hand-checked bytes, and parquetjs decodes our headers', () => {
  const w = new CompactWriter().begin();
  w.i32(1, 3).i32(2, -1).bool(3, true).end();
  // field 1 i32: 0x15, zigzag(3) = 6; field 2 (delta 1): 0x15, zigzag(-1) = 1; bool true: 0x11; stop.
  assert.equal(w.out.view().toString('hex'), '1506' + '1501' + '11' + '00');
  const far = new CompactWriter().begin().i64(20, 2 ** 40).end();
  // delta > 15: type byte, then the field id as a zigzag varint (40), then zigzag(2^40) = 2^41 as a varint.
  assert.equal(far.out.view().toString('hex'), '06' + '28' + '808080808040' + '00');

  const h = new CompactWriter().begin();
  h.i32(1, 3).i32(2, 1000).i32(3, 400);
  h.struct(8).i32(1, 20).i32(2, 4).i32(3, 16).i32(4, 8).i32(5, 3).i32(6, 2).bool(7, true).end();
  const buf = Buffer.from(h.end().out.view());
  const header = new thriftTypes.PageHeader!();
  assert.equal(util.decodeThrift(header, buf), buf.length);
  assert.equal(header.type, 3);
  assert.equal(header.compressed_page_size, 400);
  assert.deepEqual(
    { ...(header.data_page_header_v2 as Record<string, unknown>), statistics: undefined },
    { num_values: 20, num_nulls: 4, num_rows: 16, encoding: 8, definition_levels_byte_length: 3, repetition_levels_byte_length: 2, is_compressed: true, statistics: undefined },
  );

  const list = new CompactWriter().begin();
  list.binaryList(3, Array.from({ length: 20 }, (_, i) => `c${i}`)).structList(8, [['k', 'v']], (x, [k, v]) => void x.binary(1, k!).binary(2, v!));
  const meta = new thriftTypes.ColumnMetaData!();
  util.decodeThrift(meta, Buffer.from(list.end().out.view()));
  assert.equal((meta.path_in_schema as string[]).length, 20, 'long list header (size ≥ 15)');
  assert.equal((meta.path_in_schema as string[])[19], 'c19');
  assert.deepEqual((meta.key_value_metadata as Array<{ key: string; value: string }>).map((kv) => [kv.key, kv.value]), [['k', 'v']]);
});

/** Events exercising every column shape: nulls, empty and filled lists, unicode, long text, every kind. */
function corpus(n: number): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (let i = 0; i < n; i++) {
    const kind = EventKinds[i % EventKinds.length]!;
    const e: SessionEvent = {
      v: EVENT_SCHEMA_VERSION, ts: Date.UTC(2025, 2, 3, 10) + i * 37, session_id: `sess-${i % 9}`, seq: i, kind,
      namespace: 'agents', pod: i % 50 === 0 ? 'pod-ünï-✓' : 'support-agent-7d9f-x2k4', service_account: 'support-agent',
      resource: ['orders-db', 'llm', 'k8s'][i % 3]!, protocol: (['postgres', 'openai', 'kubernetes', 'mcp'] as const)[i % 4]!,
    };
    if (i % 3 === 0) e.subject = `user:${'é'.repeat(i % 5)}alice-${i}`;
    if (i % 4 === 0) e.groups = i % 8 === 0 ? [] : ['admins', `g-${i}`, '𝄞 music'];
    if (i % 2 === 0) e.client_addr = `10.0.${i % 256}.1:5432`;
    if (kind === 'operation' || kind === 'approval') {
      e.request_id = `r-${i}`;
      e.operation = i % 11 === 0 ? `SELECT '${'x'.repeat(70_000)}' -- ${i}` : `SELECT * FROM t WHERE id = ${i} /* 日本語 */`;
      e.fingerprint = `fp-${i % 13}`;
      e.statement_kinds = i % 6 === 0 ? [] : ['SELECT', 'UPDATE'];
      e.tables = ['public.orders', 'public.customers'].slice(0, i % 3);
      e.decision = (['allow', 'mask', 'block', 'hold'] as const)[i % 4]!;
      if (i % 5 === 0) e.would_be = 'block';
      e.rule = 'support-agent/mask-pii';
      e.rows = i % 17;
      e.bytes_in = i * 1_000_003;
      e.bytes_out = 2 ** 40 + i;
      e.duration_ms = i % 7 === 0 ? 0 : i / 3;
      e.flagged = i % 2 === 0;
      if (i % 3 === 1) e.masked = i % 9 === 1 ? [] : [{ entity: 'EMAIL', count: 1 + (i % 4) }, { entity: 'IBAN', count: 2 }];
    }
    if (kind === 'approval') Object.assign(e, { approval_id: `ar-${i}`, approver: 'bob', approval_outcome: 'Approved', model: 'gpt-4o', tool: 'search' });
    if (kind === 'error') Object.assign(e, { error: `boom ${i}: "quoted" \\ back\nslash`, error_code: '42501', reason: 'nope', policy: 'agents/p' });
    out.push(e);
  }
  return out;
}

/** DuckDB's view of a file as events: absent values dropped, ts as epoch ms, in file order. */
async function duckEvents(path: string): Promise<unknown[]> {
  const rows = await duck(
    `SELECT to_json(t) AS j FROM (SELECT * EXCLUDE (file_row_number) REPLACE (epoch_ms(ts) AS ts) FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number) t`,
  );
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return rows.map((r: Row) => strip(JSON.parse(String(r.j))));
}

test('a file from our writer reads back equal to its events, with parquetjs and with DuckDB, over many row groups', async (t) => {
  const dir = tempDir(t, 'pqw');
  const events = corpus(400);
  const path = join(dir, 'a.parquet');
  const meta = { 'agentgate.chain': 'c1', 'agentgate.prev_sha256': '', 'agentgate.namespace': 'agents' };
  const bytes = await writeParquet(path, events, meta, 37);
  assert.deepEqual(readFileSync(path), bytes, 'returns exactly the bytes on disk');
  assert.equal(existsSync(`${path}.tmp`), false);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const back = await readParquet(bytes);
  assert.deepEqual(back.events, events);
  assert.deepEqual(back.metadata, meta);
  assert.deepEqual(await duckEvents(path), JSON.parse(JSON.stringify(events)));
  const groups = await duck(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${path}')`);
  assert.equal(Number(groups[0]!.n), Math.ceil(400 / 37));
  // Dictionary for the repeating strings, PLAIN for free text; stats DuckDB can prune on.
  const cols = await duck(
    `SELECT path_in_schema AS p, encodings AS e, stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata('${path}') WHERE row_group_id = 0`,
  );
  const col = (p: string) => cols.find((c) => c.p === p)!;
  assert.match(String(col('resource').e), /RLE_DICTIONARY/);
  assert.doesNotMatch(String(col('request_id').e), /DICTIONARY/);
  assert.deepEqual([col('seq').lo, col('seq').hi], ['0', '36']);
  assert.deepEqual([col('resource').lo, col('resource').hi], ['k8s', 'orders-db']);
  const pruned = await duck(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE seq BETWEEN 40 AND 41 AND resource = 'llm'`);
  assert.equal(Number(pruned[0]!.n), 1);
});

test('our writer and parquetjs\'s ParquetWriter: same schema, same metadata, same rows (also for an empty file)', async (t) => {
  const dir = tempDir(t, 'pqw');
  for (const [name, events, rowGroupSize] of [['varied', corpus(300), 64], ['empty', [], 16], ['one', corpus(1), 16]] as const) {
    const meta = { 'agentgate.event_schema_version': '1', 'agentgate.index': '7', 'agentgate.pod': 'p' };
    const ours = join(dir, `${name}-ours.parquet`);
    const theirs = join(dir, `${name}-theirs.parquet`);
    const a = await writeParquet(ours, [...events], meta, rowGroupSize);
    const b = await writeParquetWithParquetjs(theirs, [...events], meta, rowGroupSize);
    const ra = await readParquet(a);
    const rb = await readParquet(b);
    assert.deepEqual(ra.events, rb.events, name);
    assert.deepEqual(ra.metadata, rb.metadata, name);
    assert.equal(ra.events.length, events.length);
    const schema = (p: string) => duck(`SELECT * EXCLUDE (file_name) FROM parquet_schema('${p}')`);
    assert.deepEqual(await schema(ours), await schema(theirs), `${name}: schema`);
    const kv = (p: string) => duck(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${p}')`);
    assert.deepEqual(await kv(ours), await kv(theirs), `${name}: footer key/value metadata`);
    assert.deepEqual(await duckEvents(ours), await duckEvents(theirs), `${name}: DuckDB rows`);
    const codecs = await duck(`SELECT DISTINCT compression AS c FROM parquet_metadata('${ours}')`);
    if (events.length) assert.deepEqual(codecs.map((c) => c.c), ['SNAPPY']);
    // Selected columns only (the CLI's reads) come back the same too.
    assert.deepEqual((await readParquet(a, ['session_id', 'seq'])).events, (await readParquet(b, ['session_id', 'seq'])).events);
  }
});

test('our writer refuses a value that does not fit its column (buildFiles then validates and rejects the record)', async (t) => {
  const dir = tempDir(t, 'pqw');
  const good = corpus(3);
  const cases: Array<[string, Partial<Record<keyof SessionEvent, unknown>>, RegExp]> = [
    ['string in INT64', { seq: 'two' }, /seq: not an INT64/],
    ['fraction in INT64', { rows: 1.5 }, /rows: not an INT64/],
    ['number in UTF8', { pod: 7 }, /pod: not a string/],
    ['string in BOOLEAN', { flagged: 'yes' }, /flagged: not a boolean/],
    ['missing required', { session_id: undefined }, /missing required field: session_id/],
  ];
  for (const [name, patch, err] of cases) {
    const bad = { ...good[1]!, ...patch } as SessionEvent;
    await assert.rejects(writeParquet(join(dir, 'x.parquet'), [good[0]!, bad], {}, 10), err, name);
  }
  assert.equal(existsSync(join(dir, 'x.parquet')), false, 'nothing renamed into place');
});

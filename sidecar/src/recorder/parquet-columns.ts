// One leaf column of a row group: collects its levels and values from the shredder (shred.ts), then
// encodes them as one column chunk: an optional dictionary page and one data page (v2, as parquetjs
// wrote them), values PLAIN or RLE_DICTIONARY, levels RLE, values compressed with the column's codec.
// Statistics: null counts everywhere, min/max for numbers (cheap, and what DuckDB prunes `ts`/`seq`
// on) and for dictionary-encoded strings (computed over the distinct values only); none for free text.
import { createRequire } from 'node:module';
import { ByteWriter } from './byte-writer.js';
import { PQ, type FileField } from './parquet-format.js';
import { bitWidth, encodeHybrid } from './rle.js';
import { CompactWriter } from './thrift-compact.js';
import type { ColumnSink } from './shred.js';

const require = createRequire(import.meta.url);
// The library's codecs: snappyjs (pure JS) for SNAPPY, zlib for GZIP/BROTLI; no native dependency.
// This module loads only zlib and snappyjs, not the rest of parquetjs.
const compression = require('@dsnp/parquetjs/dist/lib/compression.js') as { deflate(method: string, value: Buffer): Promise<Buffer> };

/** A dictionary is tried for every string column and given up once it stops paying. */
const DICT_MIN_GIVE_UP = 1024;
const DICT_MAX_CHARS = 1 << 20;

export interface ChunkMeta {
  path: string[];
  type: number;
  encodings: number[];
  codec: number;
  numValues: number;
  uncompressedBytes: number;
  compressedBytes: number;
  dataPageOffset: number;
  dictionaryPageOffset: number | null;
  nullCount: number;
  min: Buffer | null;
  max: Buffer | null;
}

interface Values {
  bytes: Buffer;
  encoding: number;
  dictionary: { bytes: Buffer; count: number } | null;
  min: Buffer | null;
  max: Buffer | null;
}

export class LeafColumn implements ColumnSink {
  readonly path: string[];
  private readonly physical: string;
  private readonly logical: string | undefined;
  private readonly rMax: number;
  private readonly dMax: number;
  private readonly codec: string;
  private rl = new Uint8Array(1024);
  private dl = new Uint8Array(1024);
  private n = 0;
  private values: unknown[] = [];

  constructor(field: FileField) {
    if (field.rLevelMax > 255 || field.dLevelMax > 255) throw new Error(`${field.path.join('.')}: nesting too deep`);
    this.path = field.path;
    this.physical = field.primitiveType!;
    this.logical = field.originalType;
    this.rMax = field.rLevelMax;
    this.dMax = field.dLevelMax;
    this.codec = field.compression ?? 'UNCOMPRESSED';
  }

  value(v: unknown, rl: number): void {
    this.level(rl, this.dMax);
    this.values.push(v);
  }

  absent(rl: number, dl: number): void {
    this.level(rl, dl);
  }

  private level(r: number, d: number): void {
    if (this.n === this.dl.length) {
      const rl = new Uint8Array(this.n * 2);
      rl.set(this.rl);
      this.rl = rl;
      const dl = new Uint8Array(this.n * 2);
      dl.set(this.dl);
      this.dl = dl;
    }
    this.rl[this.n] = r;
    this.dl[this.n] = d;
    this.n++;
  }

  /** Empty the column for the next row group (the level arrays are kept). */
  reset(): void {
    this.n = 0;
    this.values = [];
  }

  /** Encode the collected row group slice as a column chunk starting at file `offset`. */
  async encode(numRows: number, offset: number): Promise<{ parts: Buffer[]; bytes: number; meta: ChunkMeta }> {
    const v = this.encodeValues();
    const codecId = PQ.CompressionCodec[this.codec]!;
    const parts: Buffer[] = [];
    let uncompressed = 0;
    let compressed = 0;
    let dictionaryPageOffset: number | null = null;
    if (v.dictionary) {
      dictionaryPageOffset = offset;
      const body = await compression.deflate(this.codec, v.dictionary.bytes);
      const w = new CompactWriter().begin();
      w.i32(1, PQ.PageType.DICTIONARY_PAGE!).i32(2, v.dictionary.bytes.length).i32(3, body.length);
      w.struct(7).i32(1, v.dictionary.count).i32(2, PQ.Encoding.PLAIN!).end();
      const header = w.end().out.view();
      parts.push(header, body);
      uncompressed += header.length + v.dictionary.bytes.length;
      compressed += header.length + body.length;
    }
    // Levels are not compressed in a v2 page; they precede the compressed values, repetition first.
    const levels = new ByteWriter(64 + (this.n >> 2));
    if (this.rMax > 0) encodeHybrid(levels, this.rl, this.n, bitWidth(this.rMax));
    const rlBytes = levels.pos;
    if (this.dMax > 0) encodeHybrid(levels, this.dl, this.n, bitWidth(this.dMax));
    const dlBytes = levels.pos - rlBytes;
    const body = await compression.deflate(this.codec, v.bytes);
    const nulls = this.n - this.values.length;
    const w = new CompactWriter().begin();
    w.i32(1, PQ.PageType.DATA_PAGE_V2!).i32(2, levels.pos + v.bytes.length).i32(3, levels.pos + body.length);
    w.struct(8).i32(1, this.n).i32(2, nulls).i32(3, numRows).i32(4, v.encoding).i32(5, dlBytes).i32(6, rlBytes);
    w.bool(7, this.codec !== 'UNCOMPRESSED').end();
    const header = w.end().out.view();
    const dataPageOffset = offset + compressed;
    parts.push(header, levels.view(), body);
    uncompressed += header.length + levels.pos + v.bytes.length;
    compressed += header.length + levels.pos + body.length;
    const encodings = v.dictionary ? [PQ.Encoding.PLAIN!, PQ.Encoding.RLE!, v.encoding] : [PQ.Encoding.RLE!, v.encoding];
    const meta: ChunkMeta = {
      path: this.path, type: PQ.Type[this.physical]!, encodings, codec: codecId, numValues: this.n,
      uncompressedBytes: uncompressed, compressedBytes: compressed, dataPageOffset, dictionaryPageOffset,
      nullCount: nulls, min: v.min, max: v.max,
    };
    return { parts, bytes: compressed, meta };
  }

  private encodeValues(): Values {
    const vals = this.values;
    const out = new ByteWriter(Math.max(64, vals.length * 8));
    const plain = (min: Buffer | null = null, max: Buffer | null = null): Values => ({ bytes: out.view(), encoding: PQ.Encoding.PLAIN!, dictionary: null, min, max });
    switch (this.physical) {
      case 'BYTE_ARRAY':
        return this.strings(out) ?? (plainStrings(vals, out, this.path), plain());
      case 'INT64':
      case 'INT32': {
        const int32 = this.physical === 'INT32';
        let min = Infinity;
        let max = -Infinity;
        for (const x of vals) {
          const n = this.integer(x, int32);
          if (n < min) min = n;
          if (n > max) max = n;
          if (int32) out.i32(n);
          else out.i64(n);
        }
        if (!vals.length) return plain();
        const stat = (n: number) => {
          const b = new ByteWriter(8);
          if (int32) b.i32(n);
          else b.i64(n);
          return b.view();
        };
        return plain(stat(min), stat(max));
      }
      case 'DOUBLE': {
        let min = Infinity;
        let max = -Infinity;
        for (const x of vals) {
          if (typeof x !== 'number') throw new Error(`${this.path.join('.')}: not a number: ${String(x)}`);
          // NaN never enters min/max (the spec's rule for floating-point statistics).
          if (x < min) min = x;
          if (x > max) max = x;
          out.f64(x);
        }
        if (min > max) return plain();
        const stat = (n: number) => {
          const b = Buffer.allocUnsafe(8);
          b.writeDoubleLE(n);
          return b;
        };
        // Zero bounds are written as -0 (min) and +0 (max), as the spec asks.
        return plain(stat(min === 0 ? -0 : min), stat(max === 0 ? 0 : max));
      }
      case 'BOOLEAN': {
        // PLAIN booleans: one bit each, LSB first.
        out.ensure((vals.length + 7) >> 3);
        out.buf.fill(0, 0, (vals.length + 7) >> 3);
        for (let i = 0; i < vals.length; i++) {
          const x = vals[i];
          if (typeof x !== 'boolean') throw new Error(`${this.path.join('.')}: not a boolean: ${String(x)}`);
          if (x) out.buf[i >> 3]! |= 1 << (i & 7);
        }
        out.pos = (vals.length + 7) >> 3;
        return plain();
      }
      default:
        throw new Error(`${this.path.join('.')}: physical type ${this.physical} not supported by the writer`);
    }
  }

  private integer(x: unknown, int32: boolean): number {
    let n = x;
    if (x instanceof Date && this.logical?.startsWith('TIMESTAMP')) n = this.logical === 'TIMESTAMP_MICROS' ? x.getTime() * 1000 : x.getTime();
    else if (typeof x === 'bigint' && x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER)) n = Number(x);
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || (int32 && (n | 0) !== n)) {
      throw new Error(`${this.path.join('.')}: not an ${int32 ? 'INT32' : 'INT64'}: ${String(x)}`);
    }
    return n;
  }

  /** Dictionary-encode the string values if they repeat enough; null to write them PLAIN. */
  private strings(out: ByteWriter): Values | null {
    const vals = this.values;
    const ids = new Map<string, number>();
    const keys: string[] = [];
    const indices = new Uint32Array(vals.length);
    let chars = 0;
    for (let i = 0; i < vals.length; i++) {
      const s = vals[i];
      if (typeof s !== 'string') throw new Error(`${this.path.join('.')}: not a string: ${String(s)}`);
      let id = ids.get(s);
      if (id === undefined) {
        id = keys.length;
        chars += s.length;
        // Mostly distinct (free text, ids): stop paying for the map early.
        if ((id >= DICT_MIN_GIVE_UP && id * 2 > i) || chars > DICT_MAX_CHARS) return null;
        ids.set(s, id);
        keys.push(s);
      }
      indices[i] = id;
    }
    if (keys.length === 0 || keys.length * 2 > vals.length) return null;
    const dict = new ByteWriter(chars + keys.length * 4 + 16);
    const starts = new Uint32Array(keys.length + 1);
    for (let k = 0; k < keys.length; k++) {
      dict.lengthPrefixedUtf8(keys[k]!);
      starts[k + 1] = dict.pos;
    }
    // min/max in unsigned byte order (how Parquet orders BYTE_ARRAY), over the distinct values only.
    const d = dict.buf;
    let lo = 0;
    let hi = 0;
    const cmp = (a: number, b: number) => d.compare(d, starts[b]! + 4, starts[b + 1], starts[a]! + 4, starts[a + 1]);
    for (let k = 1; k < keys.length; k++) {
      if (cmp(k, lo) < 0) lo = k;
      if (cmp(k, hi) > 0) hi = k;
    }
    const stat = (k: number) => Buffer.from(d.subarray(starts[k]! + 4, starts[k + 1]));
    // Data page values: the index bit width in one byte, then the indices RLE/bit-packed.
    const width = Math.max(1, bitWidth(keys.length - 1));
    out.u8(width);
    encodeHybrid(out, indices, indices.length, width);
    return {
      bytes: out.view(),
      encoding: PQ.Encoding.RLE_DICTIONARY!,
      dictionary: { bytes: dict.view(), count: keys.length },
      min: stat(lo),
      max: stat(hi),
    };
  }
}

function plainStrings(vals: unknown[], out: ByteWriter, path: string[]): void {
  for (const s of vals) {
    if (typeof s !== 'string') throw new Error(`${path.join('.')}: not a string: ${String(s)}`);
    out.lengthPrefixedUtf8(s);
  }
}

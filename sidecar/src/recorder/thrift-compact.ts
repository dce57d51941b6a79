// Write-only Thrift compact protocol (the encoding of Parquet page headers and the footer). The
// generated classes parquetjs reads with need node-int64 objects and a transport per struct; a file's
// few hundred headers are written here straight into a ByteWriter. Reading stays parquetjs's.
import { ByteWriter } from './byte-writer.js';

/** Compact-protocol type ids (field headers and list headers). */
export const T = { TRUE: 1, FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

export class CompactWriter {
  readonly out: ByteWriter;
  private last = 0;
  private stack: number[] = [];

  constructor(out = new ByteWriter(256)) {
    this.out = out;
  }

  private field(id: number, type: number): void {
    const delta = id - this.last;
    if (delta > 0 && delta <= 15) this.out.u8((delta << 4) | type);
    else {
      this.out.u8(type);
      this.zigzag(id);
    }
    this.last = id;
  }

  private zigzag(v: number): void {
    // Exact for safe integers: 2v / -2v-1 as a varint (no 32-bit shifts).
    this.out.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  i32(id: number, v: number): this {
    this.field(id, T.I32);
    this.zigzag(v);
    return this;
  }

  i64(id: number, v: number): this {
    this.field(id, T.I64);
    this.zigzag(v);
    return this;
  }

  bool(id: number, v: boolean): this {
    this.field(id, v ? T.TRUE : T.FALSE);
    return this;
  }

  binary(id: number, v: string | Uint8Array): this {
    this.field(id, T.BINARY);
    this.rawBinary(v);
    return this;
  }

  private rawBinary(v: string | Uint8Array): void {
    const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    this.out.varint(b.length);
    this.out.bytes(b);
  }

  /** Begin a nested struct in field `id`; close it with end(). */
  struct(id: number): this {
    this.field(id, T.STRUCT);
    return this.begin();
  }

  /** Start a struct that is not a field (the top level, a list element). */
  begin(): this {
    this.stack.push(this.last);
    this.last = 0;
    return this;
  }

  end(): this {
    this.out.u8(0); // field stop
    this.last = this.stack.pop() ?? 0;
    return this;
  }

  private listHeader(id: number, size: number, elem: number): void {
    this.field(id, T.LIST);
    if (size < 15) this.out.u8((size << 4) | elem);
    else {
      this.out.u8(0xf0 | elem);
      this.out.varint(size);
    }
  }

  i32List(id: number, vs: readonly number[]): this {
    this.listHeader(id, vs.length, T.I32);
    for (const v of vs) this.zigzag(v);
    return this;
  }

  binaryList(id: number, vs: ReadonlyArray<string | Uint8Array>): this {
    this.listHeader(id, vs.length, T.BINARY);
    for (const v of vs) this.rawBinary(v);
    return this;
  }

  /** A list of structs; `each` writes one element's fields (begin/end are done here). */
  structList<X>(id: number, items: readonly X[], each: (w: this, item: X) => void): this {
    this.listHeader(id, items.length, T.STRUCT);
    for (const item of items) {
      this.begin();
      each(this, item);
      this.end();
    }
    return this;
  }
}

// A growable little-endian byte buffer: the one place Parquet bytes are assembled (PLAIN values,
// RLE runs, thrift headers). Values are written in place, so a column chunk costs one buffer that
// doubles as it fills instead of a Buffer per value.

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Unsigned LEB128 varint; exact for integers up to 2^53 (thrift i64 fields here are offsets and counts). */
  varint(v: number): void {
    this.ensure(8);
    const b = this.buf;
    while (v >= 0x80) {
      b[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[this.pos++] = v;
  }

  i32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32LE(v, this.pos);
  }

  /** A safe integer as INT64 two's complement, without going through BigInt (low word first). */
  i64(v: number): void {
    this.ensure(8);
    const b = this.buf;
    b.writeUInt32LE(v >>> 0, this.pos);
    b.writeInt32LE(Math.floor(v / 4294967296), this.pos + 4);
    this.pos += 8;
  }

  f64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** A string as UTF-8; returns its byte length. Reserves the worst case (3 bytes per UTF-16 unit). */
  utf8(s: string): number {
    this.ensure(s.length * 3);
    const n = this.buf.write(s, this.pos);
    this.pos += n;
    return n;
  }

  /** PLAIN BYTE_ARRAY: 4-byte little-endian length, then the UTF-8 bytes. */
  lengthPrefixedUtf8(s: string): void {
    this.ensure(4 + s.length * 3);
    const n = this.buf.write(s, this.pos + 4);
    this.buf.writeUInt32LE(n, this.pos);
    this.pos += 4 + n;
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

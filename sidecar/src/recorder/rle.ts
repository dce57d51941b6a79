// The RLE / bit-packing hybrid of the Parquet spec (Encodings.md), used for definition and repetition
// levels and for dictionary indices. Runs of 8+ equal values become one RLE run (header, value);
// everything else is bit-packed in groups of 8. A bit-packed run must hold a multiple of 8 values except
// at the very end (the reader knows the count), so literals are taken 8 at a time and a repeat is only
// looked for at group boundaries.
import type { ByteWriter } from './byte-writer.js';

/** Bits needed for values 0..max (0 for max 0). */
export function bitWidth(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}

/** A repeat shorter than this is cheaper bit-packed (and 8 keeps literal runs aligned). */
const MIN_REPEAT = 8;

function runLength(values: ArrayLike<number>, at: number, end: number): number {
  const v = values[at];
  let j = at + 1;
  while (j < end && values[j] === v) j++;
  return j - at;
}

function rleRun(out: ByteWriter, value: number, count: number, width: number): void {
  out.varint(count * 2);
  // The value in ceil(width / 8) bytes, little-endian.
  for (let bytes = (width + 7) >> 3, v = value; bytes > 0; bytes--, v >>>= 8) out.u8(v & 0xff);
}

function bitPackedRun(out: ByteWriter, values: ArrayLike<number>, from: number, to: number, width: number): void {
  const groups = Math.ceil((to - from) / 8);
  out.varint(groups * 2 + 1);
  out.ensure(groups * width);
  const b = out.buf;
  let p = out.pos;
  // LSB first: each value's bits go above the previous one's; a group of 8 ends on a byte boundary.
  let acc = 0;
  let bits = 0;
  const end = from + groups * 8;
  for (let i = from; i < end; i++) {
    acc |= (i < to ? values[i]! : 0) << bits;
    bits += width;
    while (bits >= 8) {
      b[p++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  out.pos = p;
}

/**
 * Append `values[0..count)` (each < 2^width, width ≤ 24) hybrid-encoded to `out`, without the 4-byte
 * length prefix (data page v2 and dictionary indices carry their lengths elsewhere).
 */
export function encodeHybrid(out: ByteWriter, values: ArrayLike<number>, count: number, width: number): void {
  if (width > 24) throw new Error(`RLE bit width ${width} unsupported`);
  let i = 0;
  while (i < count) {
    const r = runLength(values, i, count);
    if (r >= MIN_REPEAT) {
      rleRun(out, values[i]!, r, width);
      i += r;
      continue;
    }
    // Literal: whole groups of 8 until a long repeat starts at a group boundary (or the data ends).
    const from = i;
    do i = Math.min(i + 8, count);
    while (i < count && runLength(values, i, Math.min(count, i + MIN_REPEAT)) < MIN_REPEAT);
    bitPackedRun(out, values, from, i, width);
  }
}

// Bytes for the client assembled from untouched spans of upstream chunks and rebuilt messages, so a
// chunk of masked rows leaves in one socket write instead of two write requests per row (a corked
// write costs far more than copying the few hundred bytes it carries).
export class OutBuffer {
  private buf: Buffer | null = null;
  len = 0;

  /** Room for `n` more bytes; returns the buffer to write into at `len`. */
  reserve(n: number): Buffer {
    const need = this.len + n;
    if (this.buf === null || need > this.buf.length) {
      // Never reuses bytes already taken: the socket holds them until they are flushed.
      const next = Buffer.allocUnsafe(Math.max(need, 16384, this.buf ? this.buf.length * 2 : 0));
      if (this.buf !== null && this.len > 0) this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    return this.buf;
  }

  append(src: Buffer, start: number, end: number): void {
    if (end <= start) return;
    const b = this.reserve(end - start);
    this.len = copyBytes(src, start, end, b, this.len);
  }

  /** The bytes so far (null when none); the next write starts a new buffer. */
  take(): Buffer | null {
    if (this.len === 0 || this.buf === null) return null;
    const out = this.buf.subarray(0, this.len);
    // The rest of the buffer is still free (the socket holds only `out`): the next rows go there.
    this.buf = this.buf.length - this.len >= 4096 ? this.buf.subarray(this.len) : null;
    this.len = 0;
    return out;
  }
}

/**
 * src[start, end) into dst at `at`; returns the end offset there. Short runs (most column values)
 * are copied in a loop: Buffer#copy's argument handling costs more than the copy itself.
 */
export function copyBytes(src: Buffer, start: number, end: number, dst: Buffer, at: number): number {
  if (end - start > 64) return at + src.copy(dst, at, start, end);
  for (let i = start; i < end; i++) dst[at++] = src[i]!;
  return at;
}

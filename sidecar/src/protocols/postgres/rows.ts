// Masking result rows: DataRow values by column rule and detector, keeping the wire type-correct.
// Pure apart from its output: an unchanged row is relayed as the bytes received; a changed one is
// rebuilt straight into the relay's output buffer.
import type { Findings, Masker } from '../../masking/types.js';
import type { FieldDescription } from './backend.js';
import { copyBytes, type OutBuffer } from './out-buffer.js';

/** Types whose values can carry free text (and so PII): text, varchar, bpchar, name, json(b), xml, unknown, bytea and their arrays. */
const TEXTUAL_TYPES = new Set([25, 1043, 1042, 19, 114, 3802, 142, 705, 17, 1009, 1015, 1014, 199, 3807, 143, 1003, 1001]);

/**
 * Fixed-width types whose text form cannot hold a maskable entity (booleans, small integers, floats,
 * OIDs, UUIDs): detectors are skipped for them unless a column rule applies. int8/numeric/dates are
 * still inspected (a card number can sit in a bigint, a birth date in a date).
 */
const OPAQUE_TYPES = new Set([16, 21, 23, 26, 700, 2950]);

export interface ColumnPlan {
  /** schema.table.column, or null when the value is computed (table OID 0) or unresolved. */
  name: string | null;
  binary: boolean;
  textual: boolean;
  /** A column rule covers it. */
  ruled: boolean;
  /** Values of this column may change under the plan. */
  work: boolean;
}

/** false when no value of a row described by `cols` can change: rows then pass through untouched. */
export const rowsNeedWork = (cols: readonly ColumnPlan[]): boolean => cols.some((c) => c.work);

export function planColumns(desc: readonly FieldDescription[], formats: readonly number[] | null, nameOf: (oid: number, attnum: number) => string | null, masker: Masker): ColumnPlan[] {
  return desc.map((f, i) => {
    const fmt = formats === null ? f.format : formats.length === 0 ? 0 : formats.length === 1 ? formats[0]! : (formats[i] ?? 0);
    const name = f.tableOid !== 0 ? nameOf(f.tableOid, f.attnum) : null;
    const binary = fmt === 1;
    const textual = TEXTUAL_TYPES.has(f.typeOid);
    const ruled = name !== null && masker.columnStyle(name) !== undefined;
    const work = binary ? ruled || textual : ruled || !OPAQUE_TYPES.has(f.typeOid);
    return { name, binary, textual, ruled, work };
  });
}

const EMPTY = Buffer.alloc(0);
const bump = (f: Findings, k: string) => f.set(k, (f.get(k) ?? 0) + 1);

// Buffer's native UTF-8 decoder without toString()'s argument handling (one call per value).
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (this: Buffer, start: number, end: number) => string }).utf8Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('utf8', start, end);
  };

/**
 * Masks DataRows in two steps, so an unchanged row costs no copy and a changed one is written once,
 * straight into the relay's output: mask() decides, writeTo() rebuilds. One per relay; the per-value
 * results are kept between the two calls in reused arrays (no array per row).
 */
export class RowMasker {
  /** Per value of the last masked row: undefined keeps the upstream bytes, null is SQL NULL. */
  private values: (string | null | undefined)[] = [];
  private count = 0;
  private bound = 0;
  private buf: Buffer = EMPTY;
  private off = 0;

  /**
   * Mask the DataRow at buf[off, off + total) (type byte and length included). `cols` null means its
   * columns are unknown: every non-null value becomes NULL (fail closed). Binary values that a rule
   * covers or that could carry text become NULL, counted under `binary:<column>`. Returns whether any
   * value changed; if so, writeTo() must follow before the next mask().
   */
  mask(buf: Buffer, off: number, total: number, cols: readonly ColumnPlan[] | null, masker: Masker, findings: Findings): boolean {
    const n = buf.readInt16BE(off + 5);
    const end = off + total;
    let p = off + 7;
    let changed = false;
    let bound = total;
    const values = this.values;
    for (let i = 0; i < n; i++) {
      if (p + 4 > end) throw new Error('upstream sent a DataRow shorter than its values');
      const len = buf.readInt32BE(p);
      p += 4;
      values[i] = undefined;
      if (len < 0) continue;
      if (p + len > end) throw new Error('upstream sent a DataRow shorter than its values');
      const start = p;
      p += len;
      const c = cols?.[i];
      if (!c) {
        values[i] = null;
        bump(findings, 'unknown-column');
        changed = true;
        continue;
      }
      if (!c.work) continue;
      if (c.binary) {
        values[i] = null;
        bump(findings, `binary:${c.name ?? '?column?'}`);
        changed = true;
        continue;
      }
      const s = utf8Slice.call(buf, start, p);
      const m = masker.maskValue(c.name, s, findings);
      if (m === s) continue;
      changed = true;
      values[i] = m;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (m !== null) bound += 3 * m.length;
    }
    this.count = n;
    this.bound = bound;
    this.buf = buf;
    this.off = off;
    return changed;
  }

  /** Append the row mask() just changed, rebuilt with correct lengths, to `out`. */
  writeTo(out: OutBuffer): void {
    const src = this.buf;
    const b = out.reserve(this.bound);
    const rowStart = out.len;
    b[rowStart] = 0x44;
    b.writeInt16BE(this.count, rowStart + 5);
    let w = rowStart + 7;
    let p = this.off + 7;
    for (let i = 0; i < this.count; i++) {
      const len = src.readInt32BE(p);
      p += 4;
      const v = this.values[i];
      if (v === undefined) {
        // Untouched (or SQL NULL upstream): length and bytes as received.
        b.writeInt32BE(len, w);
        w += 4;
        if (len > 0) w = copyBytes(src, p, p + len, b, w);
      } else if (v === null) {
        b.writeInt32BE(-1, w);
        w += 4;
      } else {
        const n = b.write(v, w + 4, 'utf8');
        b.writeInt32BE(n, w);
        w += 4 + n;
      }
      if (len > 0) p += len;
      this.values[i] = undefined;
    }
    b.writeInt32BE(w - rowStart - 1, rowStart + 1);
    out.len = w;
    this.buf = EMPTY;
  }
}

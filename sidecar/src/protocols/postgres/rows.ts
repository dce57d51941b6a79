// Masking result rows: DataRow values by column rule and detector, keeping the wire type-correct.
// Pure: takes one complete DataRow message and returns a rebuilt one, or null when nothing changed
// (the relay then forwards the original bytes untouched).
import type { Findings, Masker } from '../../masking/types.js';
import { dataRow, type FieldDescription } from './backend.js';

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

const bump = (f: Findings, k: string) => f.set(k, (f.get(k) ?? 0) + 1);

/**
 * Mask one DataRow (`msg` includes type byte and length). `cols` null means the row's columns are
 * unknown: every non-null value becomes NULL (fail closed). Binary values that a rule covers or that
 * could carry text become NULL, counted under `binary:<column>`.
 */
export function maskDataRow(msg: Buffer, cols: readonly ColumnPlan[] | null, masker: Masker, findings: Findings): Buffer | null {
  const n = msg.readInt16BE(5);
  let off = 7;
  let changed = false;
  const values: (Buffer | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const len = msg.readInt32BE(off);
    off += 4;
    if (len < 0) {
      values[i] = null;
      continue;
    }
    const raw = msg.subarray(off, off + len);
    off += len;
    values[i] = raw;
    const c = cols?.[i];
    if (!c) {
      values[i] = null;
      bump(findings, 'unknown-column');
      changed = true;
      continue;
    }
    if (!c.work) continue;
    if (c.binary) {
      {
        values[i] = null;
        bump(findings, `binary:${c.name ?? '?column?'}`);
        changed = true;
      }
      continue;
    }
    const s = raw.toString('utf8');
    const m = masker.maskValue(c.name, s, findings);
    if (m === s) continue;
    changed = true;
    values[i] = m === null ? null : Buffer.from(m, 'utf8');
  }
  return changed ? dataRow(values) : null;
}

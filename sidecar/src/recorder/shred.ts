// Columnar shredding (Dremel repetition/definition levels) for a batch of rows, straight into the
// RecordBuffer that @dsnp/parquetjs encodes. parquetjs's own shredRecord allocates a fresh Set and
// arrays per column per row and spends most of a build in the garbage collector (profiled: ~3x slower
// end to end). This walks the same field tree with the same rules and produces the same buffer (a test
// compares both), so the page and row-group encoding stay the library's.
import type { ParquetField, ParquetSchema } from '@dsnp/parquetjs';
import { createRequire } from 'node:module';

// parquetjs's value conversion per logical type (range checks for INT64, Date → ms…); not part of its
// top-level exports, so it is loaded from the module that defines it and looked up once per column.
const require = createRequire(import.meta.url);
const types = require('@dsnp/parquetjs/dist/lib/types.js') as {
  getParquetTypeDataObject(type: string, field: ParquetField): { toPrimitive(value: unknown): unknown };
};

function converter(type: string, field: ParquetField): (v: unknown) => unknown {
  // UTF8 values stay strings: the PLAIN BYTE_ARRAY encoder calls Buffer.from() on every value anyway,
  // so converting here would allocate and copy each string twice (the largest cost of a build).
  if (type === 'UTF8') return (v) => v;
  const dataObject = types.getParquetTypeDataObject(type, field);
  return (v) => dataObject.toPrimitive(v);
}

interface Column {
  dlevels: number[];
  rlevels: number[];
  values: unknown[];
  distinct_values: Set<unknown>;
  count: number;
}

export interface ShreddedBuffer {
  rowCount: number;
  pageRowCount: number;
  columnData: Record<string, Column>;
  pages: Record<string, unknown[]>;
}

interface Node {
  name: string;
  /** The list level of a standard LIST: its value is the array the event holds, not a property of it. */
  self: boolean;
  field: ParquetField;
  repeated: boolean;
  required: boolean;
  rLevelMax: number;
  dLevelMax: number;
  children: Node[] | null;
  column: Column | null;
  convert: ((v: unknown) => unknown) | null;
}

// Events hold plain arrays where the file has the 3-level LIST (`col.list.element`, see
// parquet-schema.ts); `unwrap` makes the `list` and `element` levels take the array and its items as they
// are, so rows need no `{ list: [{ element }] }` wrapping objects.
function nodes(fields: Record<string, ParquetField>, columns: Record<string, Column>, unwrap: boolean, direct: boolean): Node[] {
  return Object.entries(fields).map(([name, field]) => {
    const nested = Boolean(field.isNested && field.fields);
    const type = field.originalType ?? field.primitiveType;
    const isList = unwrap && field.originalType === 'LIST';
    return {
      name,
      self: direct,
      field,
      repeated: field.repetitionType === 'REPEATED',
      required: field.repetitionType === 'REQUIRED',
      rLevelMax: field.rLevelMax,
      dLevelMax: field.dLevelMax,
      children: nested ? nodes(field.fields!, columns, unwrap, isList || (direct && unwrap && field.repetitionType === 'REPEATED')) : null,
      column: nested ? null : columns[field.path.join(',')]!,
      convert: nested ? null : converter(type!, field),
    };
  });
}

function pushNull(list: Node[], rl: number, dl: number): void {
  for (const n of list) {
    if (n.children) pushNull(n.children, rl, dl);
    else {
      const c = n.column!;
      c.rlevels.push(rl);
      c.dlevels.push(dl);
      c.count++;
    }
  }
}

function pushValue(n: Node, v: unknown, rl: number): void {
  if (n.children) {
    shred(n.children, v as Record<string, unknown>, rl, n.dLevelMax);
    return;
  }
  const c = n.column!;
  c.distinct_values.add(v);
  c.values.push(n.convert!(v));
  c.rlevels.push(rl);
  c.dlevels.push(n.dLevelMax);
  c.count++;
}

function shred(list: Node[], record: Record<string, unknown>, rl: number, dl: number): void {
  for (const n of list) {
    const v = n.self ? record : record[n.name];
    const empty = v === undefined || v === null || (n.repeated && (v as unknown[]).length === 0);
    if (empty) {
      if (n.required) throw new Error(`missing required field: ${n.name}`);
      if (n.children) pushNull(n.children, rl, dl);
      else {
        const c = n.column!;
        c.rlevels.push(rl);
        c.dlevels.push(dl);
        c.count++;
      }
      continue;
    }
    if (n.repeated) {
      const arr = v as unknown[];
      for (let i = 0; i < arr.length; i++) pushValue(n, arr[i], i === 0 ? rl : n.rLevelMax);
    } else {
      pushValue(n, v, rl);
    }
  }
}

/**
 * Shred `rows` into a fresh RecordBuffer for `schema` (rowCount = rows.length, no pages yet).
 * `plainLists`: rows hold LIST columns as plain arrays (events) rather than parquetjs's wrapped shape.
 */
export function shredRows(schema: ParquetSchema, rows: Array<Record<string, unknown>>, plainLists = false): ShreddedBuffer {
  const columnData: Record<string, Column> = {};
  const pages: Record<string, unknown[]> = {};
  for (const f of schema.fieldList) {
    const path = f.path.join(',');
    columnData[path] = { dlevels: [], rlevels: [], values: [], distinct_values: new Set(), count: 0 };
    pages[path] = [];
  }
  const tree = nodes(schema.fields, columnData, plainLists, false);
  for (const row of rows) shred(tree, row, 0, 0);
  return { rowCount: rows.length, pageRowCount: rows.length, columnData, pages };
}

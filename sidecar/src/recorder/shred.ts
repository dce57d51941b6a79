// Columnar shredding (Dremel repetition/definition levels) for a batch of rows. Walks the parquetjs
// field tree once per row and hands each leaf column its levels and values through a ColumnSink:
// our Parquet writer (parquet-columns.ts) collects them for its own encoder; shredRows fills the
// RecordBuffer @dsnp/parquetjs encodes (the previous writer, kept for comparison in tests and the
// benchmark). parquetjs's own shredRecord allocates a fresh Set and arrays per column per row; a test
// checks that shredRows produces the same buffer.
import type { ParquetField, ParquetSchema } from '@dsnp/parquetjs';
import { createRequire } from 'node:module';

/** Receives one leaf column's entries in order. */
export interface ColumnSink {
  /** A present value: its definition level is the column's maximum. */
  value(v: unknown, rl: number): void;
  /** No value (absent, null or an empty list), defined up to level `dl`. */
  absent(rl: number, dl: number): void;
}

export interface ShredNode {
  name: string;
  /** The list level of a standard LIST: its value is the array the event holds, not a property of it. */
  self: boolean;
  repeated: boolean;
  required: boolean;
  rLevelMax: number;
  dLevelMax: number;
  children: ShredNode[] | null;
  sink: ColumnSink | null;
}

// Events hold plain arrays where the file has the 3-level LIST (`col.list.element`, see
// parquet-schema.ts); `unwrap` makes the `list` and `element` levels take the array and its items as they
// are, so rows need no `{ list: [{ element }] }` wrapping objects.
function nodes(fields: Record<string, ParquetField>, sinkFor: (f: ParquetField) => ColumnSink, unwrap: boolean, direct: boolean): ShredNode[] {
  return Object.entries(fields).map(([name, field]) => {
    const nested = Boolean(field.isNested && field.fields);
    const isList = unwrap && field.originalType === 'LIST';
    return {
      name,
      self: direct,
      repeated: field.repetitionType === 'REPEATED',
      required: field.repetitionType === 'REQUIRED',
      rLevelMax: field.rLevelMax,
      dLevelMax: field.dLevelMax,
      children: nested ? nodes(field.fields!, sinkFor, unwrap, isList || (direct && unwrap && field.repetitionType === 'REPEATED')) : null,
      sink: nested ? null : sinkFor(field),
    };
  });
}

/** The shredding plan for `schema`, with one sink per leaf column from `sinkFor`. */
export function shredTree(schema: ParquetSchema, sinkFor: (f: ParquetField) => ColumnSink, plainLists: boolean): ShredNode[] {
  return nodes(schema.fields, sinkFor, plainLists, false);
}

function pushAbsent(list: ShredNode[], rl: number, dl: number): void {
  for (const n of list) {
    if (n.children) pushAbsent(n.children, rl, dl);
    else n.sink!.absent(rl, dl);
  }
}

function shredInto(list: ShredNode[], record: Record<string, unknown>, rl: number, dl: number): void {
  for (const n of list) {
    const v = n.self ? record : record[n.name];
    if (v === undefined || v === null || (n.repeated && (v as unknown[]).length === 0)) {
      if (n.required) throw new Error(`missing required field: ${n.name}`);
      if (n.children) pushAbsent(n.children, rl, dl);
      else n.sink!.absent(rl, dl);
      continue;
    }
    const childDl = n.dLevelMax;
    if (n.repeated) {
      const arr = v as unknown[];
      for (let i = 0; i < arr.length; i++) {
        const r = i === 0 ? rl : n.rLevelMax;
        if (n.children) shredInto(n.children, arr[i] as Record<string, unknown>, r, childDl);
        else n.sink!.value(arr[i], r);
      }
    } else if (n.children) shredInto(n.children, v as Record<string, unknown>, rl, childDl);
    else n.sink!.value(v, rl);
  }
}

/** Shred one row into the tree's sinks. */
export function shredRow(tree: ShredNode[], row: Record<string, unknown>): void {
  shredInto(tree, row, 0, 0);
}

// --- parquetjs's RecordBuffer (the previous writer) ---

// parquetjs's value conversion per logical type (range checks for INT64, Date → ms…); not part of its
// top-level exports, so it is loaded from the module that defines it and looked up once per column.
const require = createRequire(import.meta.url);
const types = require('@dsnp/parquetjs/dist/lib/types.js') as {
  getParquetTypeDataObject(type: string, field: ParquetField): { toPrimitive(value: unknown): unknown };
};

function converter(type: string, field: ParquetField): (v: unknown) => unknown {
  // UTF8 values stay strings: the PLAIN BYTE_ARRAY encoder calls Buffer.from() on every value anyway,
  // so converting here would allocate and copy each string twice.
  if (type === 'UTF8') return (v) => v;
  const dataObject = types.getParquetTypeDataObject(type, field);
  return (v) => dataObject.toPrimitive(v);
}

class RecordColumn implements ColumnSink {
  dlevels: number[] = [];
  rlevels: number[] = [];
  values: unknown[] = [];
  distinct_values = new Set<unknown>();
  count = 0;

  constructor(
    private readonly dLevelMax: number,
    private readonly convert: (v: unknown) => unknown,
  ) {}

  value(v: unknown, rl: number): void {
    this.distinct_values.add(v);
    this.values.push(this.convert(v));
    this.rlevels.push(rl);
    this.dlevels.push(this.dLevelMax);
    this.count++;
  }

  absent(rl: number, dl: number): void {
    this.rlevels.push(rl);
    this.dlevels.push(dl);
    this.count++;
  }
}

export interface ShreddedBuffer {
  rowCount: number;
  pageRowCount: number;
  columnData: Record<string, RecordColumn>;
  pages: Record<string, unknown[]>;
}

/**
 * Shred `rows` into a fresh parquetjs RecordBuffer for `schema` (rowCount = rows.length, no pages yet).
 * `plainLists`: rows hold LIST columns as plain arrays (events) rather than parquetjs's wrapped shape.
 */
export function shredRows(schema: ParquetSchema, rows: Array<Record<string, unknown>>, plainLists = false): ShreddedBuffer {
  const columnData: Record<string, RecordColumn> = {};
  const pages: Record<string, unknown[]> = {};
  // parquetjs expects an entry for every field, groups included.
  for (const f of schema.fieldList) {
    const path = f.path.join(',');
    columnData[path] = new RecordColumn(f.dLevelMax, f.isNested ? (v) => v : converter((f.originalType ?? f.primitiveType)!, f));
    pages[path] = [];
  }
  const tree = shredTree(schema, (f) => columnData[f.path.join(',')]!, plainLists);
  for (const row of rows) shredRow(tree, row);
  return { rowCount: rows.length, pageRowCount: rows.length, columnData, pages };
}

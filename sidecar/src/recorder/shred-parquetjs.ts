// parquetjs's RecordBuffer, filled by our shredder: what the previous writer (parquetjs's ParquetWriter)
// encoded. Kept for writeParquetWithParquetjs (tests compare both writers' files; bench/recorder.ts);
// separate from shred.ts because parquetjs's types module loads bson, which the build worker must not.
// parquetjs's own shredRecord allocates a fresh Set and arrays per column per row; a test checks that
// shredRows produces the same buffer.
import type { ParquetField, ParquetSchema } from '@dsnp/parquetjs';
import { createRequire } from 'node:module';
import { shredRow, shredTree, type ColumnSink } from './shred.js';

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

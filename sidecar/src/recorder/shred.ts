// Columnar shredding (Dremel repetition/definition levels), one row at a time. Walks the schema's
// field tree once per row and hands each leaf column its levels and values through a ColumnSink:
// our Parquet writer (parquet-columns.ts) collects them for its own encoder; shredRows
// (shred-parquetjs.ts) fills the RecordBuffer @dsnp/parquetjs encodes (the previous writer, kept for
// comparison in tests and the benchmark). Takes our FileSchema or parquetjs's ParquetSchema (same
// shape), and loads nothing of parquetjs: the build worker imports it.
import type { FileField } from './parquet-format.js';

/** The part of a schema the shredder walks (our FileSchema; parquetjs's ParquetSchema fits too). */
export interface ShredSchema {
  fields: Record<string, FileField>;
}

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
function nodes(fields: Record<string, FileField>, sinkFor: (f: FileField) => ColumnSink, unwrap: boolean, direct: boolean): ShredNode[] {
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
export function shredTree(schema: ShredSchema, sinkFor: (f: FileField) => ColumnSink, plainLists: boolean): ShredNode[] {
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

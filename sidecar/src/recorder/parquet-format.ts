// What our Parquet writer needs to know about a file's schema, without loading @dsnp/parquetjs: the
// format's enum numbers (parquet.thrift; a test checks them against parquetjs's generated module) and
// the field tree with repetition/definition levels, computed from the same SchemaDefinition that
// parquetSchemaFor derives from the event's JSON Schema (a test checks it against parquetjs's
// ParquetSchema). parquetjs's schema module pulls in its thrift types and bson (~17 MiB of ArrayBuffer
// at load); the build worker only needs these few numbers.
import type { FieldDefinition, SchemaDefinition } from './parquet-schema.js';

export const PQ: Record<'Type' | 'Encoding' | 'PageType' | 'CompressionCodec' | 'ConvertedType' | 'FieldRepetitionType', Record<string, number>> = {
  Type: { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 },
  Encoding: { PLAIN: 0, PLAIN_DICTIONARY: 2, RLE: 3, BIT_PACKED: 4, RLE_DICTIONARY: 8 },
  PageType: { DATA_PAGE: 0, INDEX_PAGE: 1, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 },
  CompressionCodec: { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, LZO: 3, BROTLI: 4, LZ4: 5, ZSTD: 6 },
  ConvertedType: { UTF8: 0, MAP: 1, MAP_KEY_VALUE: 2, LIST: 3, TIMESTAMP_MILLIS: 9, TIMESTAMP_MICROS: 10, INT_64: 18 },
  FieldRepetitionType: { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 },
};

export type RepetitionType = 'REQUIRED' | 'OPTIONAL' | 'REPEATED';

/** One node of the file schema; the same shape (for these properties) as parquetjs's ParquetField. */
export interface FileField {
  name: string;
  path: string[];
  repetitionType: RepetitionType;
  rLevelMax: number;
  dLevelMax: number;
  isNested?: boolean;
  fieldCount?: number;
  fields?: Record<string, FileField>;
  primitiveType?: string;
  originalType?: string;
  compression?: string;
  typeLength?: number;
  scale?: number;
  precision?: number;
}

export interface FileSchema {
  fields: Record<string, FileField>;
  /** Every node, depth first (groups before their children): the footer's schema order. */
  fieldList: FileField[];
}

// The logical types parquetSchemaFor emits, as parquetjs maps them to physical + converted types.
const TYPES: Record<string, { primitiveType: string; originalType?: string }> = {
  BOOLEAN: { primitiveType: 'BOOLEAN' },
  INT32: { primitiveType: 'INT32' },
  INT64: { primitiveType: 'INT64' },
  DOUBLE: { primitiveType: 'DOUBLE' },
  UTF8: { primitiveType: 'BYTE_ARRAY', originalType: 'UTF8' },
  TIMESTAMP_MILLIS: { primitiveType: 'INT64', originalType: 'TIMESTAMP_MILLIS' },
  TIMESTAMP_MICROS: { primitiveType: 'INT64', originalType: 'TIMESTAMP_MICROS' },
};

function build(def: SchemaDefinition, rParent: number, dParent: number, path: string[]): Record<string, FileField> {
  const out: Record<string, FileField> = {};
  for (const [name, opts] of Object.entries(def) as Array<[string, FieldDefinition]>) {
    // Dremel levels: an optional node adds a definition level, a repeated one a repetition level and
    // a definition level (an empty list is distinguishable from a list with one element).
    let rLevelMax = rParent;
    let dLevelMax = dParent;
    let repetitionType: RepetitionType = 'REQUIRED';
    if (opts.optional) {
      repetitionType = 'OPTIONAL';
      dLevelMax++;
    }
    if (opts.repeated) {
      repetitionType = 'REPEATED';
      rLevelMax++;
      if (!opts.optional) dLevelMax++;
    }
    const p = [...path, name];
    if (opts.fields) {
      const fields = build(opts.fields, rLevelMax, dLevelMax, p);
      out[name] = { name, path: p, repetitionType, rLevelMax, dLevelMax, isNested: true, fieldCount: Object.keys(opts.fields).length, fields };
      if (opts.type === 'LIST' || opts.type === 'MAP') out[name].originalType = opts.type;
      continue;
    }
    const t = opts.type === undefined ? undefined : TYPES[opts.type];
    if (!t) throw new Error(`${p.join('.')}: Parquet type ${String(opts.type)} not supported by the writer`);
    out[name] = { name, path: p, repetitionType, rLevelMax, dLevelMax, ...t, compression: opts.compression ?? 'UNCOMPRESSED' };
  }
  return out;
}

function list(fields: Record<string, FileField>): FileField[] {
  return Object.values(fields).flatMap((f) => (f.fields ? [f, ...list(f.fields)] : [f]));
}

/** The file schema of a SchemaDefinition (what `new ParquetSchema(def)` computes, for our writer). */
export function fileSchema(def: SchemaDefinition): FileSchema {
  const fields = build(def, 0, 0, []);
  return { fields, fieldList: list(fields) };
}

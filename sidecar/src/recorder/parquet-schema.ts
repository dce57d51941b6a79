// Pure: derive the Parquet schema of session files from the one JSON Schema of SessionEvent
// (crds/src/schemas/event.ts), and convert events to the row shape @dsnp/parquetjs writes and back.
// Nothing here names a column: a new field in the event schema becomes a new column by itself.
//
// Mapping (chosen for what DuckDB, Athena, Trino and Spark read natively):
//   integer → INT64 · number → DOUBLE · boolean → BOOLEAN · string / string enum → UTF8
//   array   → standard 3-level LIST (`<col>.list.element`), elements required
//   object  → group (struct) · `x-parquet-type` on a field overrides (TIMESTAMP_MILLIS for `ts`)
//   optional property → OPTIONAL column; required property → REQUIRED column.
import type { TSchema } from '@sinclair/typebox';
import type { FieldDefinition, ParquetCompression, SchemaDefinition } from '@dsnp/parquetjs';

export type { FieldDefinition, SchemaDefinition };

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  'x-parquet-type'?: string;
}

/** How one property converts between an event value and a parquetjs row value. */
type Plan =
  | { kind: 'scalar'; timestamp: boolean; integer: boolean }
  | { kind: 'list'; element: Plan }
  | { kind: 'struct'; fields: Array<[string, Plan]> };

const LOGICAL_OVERRIDES = new Set(['TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'UTF8', 'INT64', 'INT32', 'DOUBLE', 'BOOLEAN']);

function scalarType(node: JsonSchemaNode, path: string): FieldDefinition['type'] {
  const override = node['x-parquet-type'];
  if (override !== undefined) {
    if (!LOGICAL_OVERRIDES.has(override)) throw new Error(`${path}: unsupported x-parquet-type ${JSON.stringify(override)}`);
    return override as FieldDefinition['type'];
  }
  switch (node.type) {
    case 'integer':
      return 'INT64';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'UTF8';
    default:
      throw new Error(`${path}: no Parquet mapping for JSON Schema ${JSON.stringify(node)}`);
  }
}

function field(node: JsonSchemaNode, optional: boolean, path: string, compression: ParquetCompression): FieldDefinition {
  if (node.type === 'array') {
    if (!node.items) throw new Error(`${path}: array without items`);
    return {
      type: 'LIST',
      optional,
      fields: { list: { repeated: true, fields: { element: field(node.items, false, `${path}[]`, compression) } } },
    };
  }
  if (node.type === 'object') return { optional, fields: fields(node, path, compression) };
  return { type: scalarType(node, path), optional, compression };
}

function fields(node: JsonSchemaNode, path: string, compression: ParquetCompression): SchemaDefinition {
  if (node.type !== 'object' || !node.properties) throw new Error(`${path || '<root>'}: expected an object schema with properties`);
  const required = new Set(node.required ?? []);
  const out: SchemaDefinition = {};
  for (const [name, child] of Object.entries(node.properties)) {
    out[name] = field(child, !required.has(name), path ? `${path}.${name}` : name, compression);
  }
  return out;
}

/** The parquetjs schema definition for an object schema (e.g. SessionEvent). */
export function parquetSchemaFor(schema: TSchema, compression: ParquetCompression = 'SNAPPY'): SchemaDefinition {
  return fields(schema as JsonSchemaNode, '', compression);
}

function plan(node: JsonSchemaNode, path: string): Plan {
  if (node.type === 'array') return { kind: 'list', element: plan(node.items ?? {}, `${path}[]`) };
  if (node.type === 'object') {
    return { kind: 'struct', fields: Object.entries(node.properties ?? {}).map(([k, v]) => [k, plan(v, `${path}.${k}`)]) };
  }
  const t = scalarType(node, path);
  return { kind: 'scalar', timestamp: t === 'TIMESTAMP_MILLIS', integer: t === 'INT64' || t === 'INT32' };
}

function toRowValue(p: Plan, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  switch (p.kind) {
    case 'scalar':
      return v;
    case 'list':
      return { list: (v as unknown[]).map((e) => ({ element: toRowValue(p.element, e) })) };
    case 'struct': {
      const o: Record<string, unknown> = {};
      for (const [k, fp] of p.fields) {
        const x = toRowValue(fp, (v as Record<string, unknown>)[k]);
        if (x !== undefined) o[k] = x;
      }
      return o;
    }
  }
}

function fromRowValue(p: Plan, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  switch (p.kind) {
    case 'scalar':
      if (p.timestamp) return v instanceof Date ? v.getTime() : Number(v);
      if (p.integer) return typeof v === 'bigint' ? Number(v) : v;
      return v;
    case 'list': {
      // parquetjs reads an empty list back as { list: null }.
      const items = (v as { list?: Array<{ element: unknown }> | null }).list ?? [];
      return items.map((e) => fromRowValue(p.element, e.element));
    }
    case 'struct': {
      const o: Record<string, unknown> = {};
      for (const [k, fp] of p.fields) {
        const x = fromRowValue(fp, (v as Record<string, unknown>)[k]);
        if (x !== undefined) o[k] = x;
      }
      return o;
    }
  }
}

export interface RowCodec<T> {
  /** Event → the nested row shape parquetjs appends (lists wrapped as list.element). */
  toRow(value: T): Record<string, unknown>;
  /** parquetjs row (bigints, Dates, wrapped lists, nulls) → the event as the schema describes it. */
  fromRow(row: Record<string, unknown>): T;
}

/** Converters between values of `schema` and parquetjs rows, planned once from the schema. */
export function rowCodecFor<T>(schema: TSchema): RowCodec<T> {
  const root = plan(schema as JsonSchemaNode, '');
  if (root.kind !== 'struct') throw new Error('row codec needs an object schema');
  // Top level specialised: most columns are scalars and copy as they are.
  const listOrStruct = root.fields.filter(([, p]) => p.kind !== 'scalar');
  const scalars = root.fields.filter(([, p]) => p.kind === 'scalar').map(([k]) => k);
  return {
    toRow(value: T): Record<string, unknown> {
      const src = value as Record<string, unknown>;
      const row: Record<string, unknown> = {};
      for (const k of scalars) {
        const x = src[k];
        if (x !== undefined) row[k] = x;
      }
      for (const [k, p] of listOrStruct) {
        const x = toRowValue(p, src[k]);
        if (x !== undefined) row[k] = x;
      }
      return row;
    },
    fromRow(row: Record<string, unknown>): T {
      return fromRowValue(root, row) as T;
    },
  };
}

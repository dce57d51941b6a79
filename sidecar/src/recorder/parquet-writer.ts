// Our Parquet file writer: rows in, file bytes out. Everything about the file's shape comes from the
// parquetjs ParquetSchema built from the event schema (SCHEMA in parquet.ts): column order, paths,
// physical and converted types, repetition, levels, codec. Replaces parquetjs's ParquetWriter, which
// allocated a Buffer per value and a Set of distinct values per column (about half of a build's CPU);
// the file layout otherwise follows what it wrote (data page v2, converted types only, same footer).
import type { ParquetField, ParquetSchema } from '@dsnp/parquetjs';
import { ByteWriter } from './byte-writer.js';
import { LeafColumn, PQ, type ChunkMeta } from './parquet-columns.js';
import { shredRow, shredTree } from './shred.js';
import { CompactWriter } from './thrift-compact.js';

const MAGIC = Buffer.from('PAR1');
/** FileMetaData.version: 1, as parquetjs wrote (readers treat the v2 data pages on their own merits). */
const FORMAT_VERSION = 1;
export const CREATED_BY = 'agentgate';

interface RowGroupMeta {
  numRows: number;
  fileOffset: number;
  uncompressedBytes: number;
  compressedBytes: number;
  columns: ChunkMeta[];
}

/**
 * Encode `rows` (events: LIST columns as plain arrays) as a Parquet file of row groups of at most
 * `rowGroupSize` rows. Throws on a value that does not fit its column (the caller then validates).
 */
export async function encodeParquet(schema: ParquetSchema, rows: Array<Record<string, unknown>>, meta: Record<string, string>, rowGroupSize: number): Promise<Buffer> {
  const leaves = new Map<string, LeafColumn>();
  for (const f of schema.fieldList) if (!f.isNested) leaves.set(f.path.join(','), new LeafColumn(f));
  const tree = shredTree(schema, (f) => leaves.get(f.path.join(','))!, true);
  const parts: Buffer[] = [MAGIC];
  let offset = MAGIC.length;
  const groups: RowGroupMeta[] = [];
  for (let at = 0; at < rows.length; at += rowGroupSize) {
    const end = Math.min(rows.length, at + rowGroupSize);
    for (const c of leaves.values()) c.reset();
    for (let i = at; i < end; i++) shredRow(tree, rows[i]!);
    const group: RowGroupMeta = { numRows: end - at, fileOffset: offset, uncompressedBytes: 0, compressedBytes: 0, columns: [] };
    // Column chunks in schema order, as parquetjs laid them out.
    for (const c of leaves.values()) {
      const chunk = await c.encode(group.numRows, offset);
      for (const p of chunk.parts) parts.push(p);
      offset += chunk.bytes;
      group.uncompressedBytes += chunk.meta.uncompressedBytes;
      group.compressedBytes += chunk.meta.compressedBytes;
      group.columns.push(chunk.meta);
    }
    groups.push(group);
  }
  const footer = encodeFooter(schema, rows.length, groups, meta);
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(footer.length, 0);
  MAGIC.copy(trailer, 4);
  parts.push(footer, trailer);
  return Buffer.concat(parts, offset + footer.length + trailer.length);
}

function schemaElement(w: CompactWriter, f: ParquetField): void {
  if (!f.isNested) w.i32(1, PQ.Type[f.primitiveType!]!);
  if (f.typeLength !== undefined) w.i32(2, f.typeLength);
  w.i32(3, PQ.FieldRepetitionType[f.repetitionType]!);
  w.binary(4, f.name);
  if (f.isNested) w.i32(5, f.fieldCount!);
  if (f.originalType) w.i32(6, PQ.ConvertedType[f.originalType]!);
  if (f.scale !== undefined) w.i32(7, f.scale);
  if (f.precision !== undefined) w.i32(8, f.precision);
}

function columnChunk(w: CompactWriter, c: ChunkMeta): void {
  // file_offset: deprecated; the chunk's first byte (parquetjs pointed at a ColumnMetaData copy after
  // the pages, which we do not write).
  w.i64(2, c.dictionaryPageOffset ?? c.dataPageOffset);
  w.struct(3);
  w.i32(1, c.type).i32List(2, c.encodings).binaryList(3, c.path).i32(4, c.codec);
  w.i64(5, c.numValues).i64(6, c.uncompressedBytes).i64(7, c.compressedBytes).i64(9, c.dataPageOffset);
  if (c.dictionaryPageOffset !== null) w.i64(11, c.dictionaryPageOffset);
  w.struct(12).i64(3, c.nullCount);
  if (c.max) w.binary(5, c.max);
  if (c.min) w.binary(6, c.min);
  w.end();
  w.end();
}

function encodeFooter(schema: ParquetSchema, numRows: number, groups: RowGroupMeta[], meta: Record<string, string>): Buffer {
  const w = new CompactWriter(new ByteWriter(8192)).begin();
  w.i32(1, FORMAT_VERSION);
  const root = { name: 'root', fieldCount: Object.keys(schema.fields).length };
  w.structList(2, [null, ...schema.fieldList], (w, f) => {
    if (f) schemaElement(w, f);
    else w.binary(4, root.name).i32(5, root.fieldCount);
  });
  w.i64(3, numRows);
  w.structList(4, groups, (w, g) => {
    w.structList(1, g.columns, columnChunk);
    w.i64(2, g.uncompressedBytes).i64(3, g.numRows).i64(5, g.fileOffset).i64(6, g.compressedBytes);
  });
  w.structList(5, Object.entries(meta), (w, [k, v]) => void w.binary(1, k).binary(2, v));
  w.binary(6, CREATED_BY);
  // Every leaf orders by its type (signed numbers, unsigned bytes): min_value/max_value are meaningful.
  const leaves = schema.fieldList.filter((f) => !f.isNested);
  w.structList(7, leaves, (w) => void w.struct(1).end());
  return Buffer.from(w.end().out.view());
}

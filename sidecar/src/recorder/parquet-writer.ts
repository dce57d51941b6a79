// Our Parquet file writer: rows in, file bytes out. Everything about the file's shape comes from the
// FileSchema derived from the event schema (parquet-format.ts; parquetjs's ParquetSchema has the same
// shape and is accepted too): column order, paths, physical and converted types, repetition, levels,
// codec. Replaces parquetjs's ParquetWriter, which allocated a Buffer per value and a Set of distinct
// values per column (about half of a build's CPU); the file layout otherwise follows what it wrote
// (data page v2, converted types only, same footer).
import { ByteWriter } from './byte-writer.js';
import { LeafColumn, type ChunkMeta } from './parquet-columns.js';
import { PQ, type FileField, type FileSchema } from './parquet-format.js';
import { shredRow, shredTree, type ShredNode } from './shred.js';
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
 * One file, written a row at a time: add() shreds a row into the current row group's columns, so the
 * caller need not hold its rows (the build worker parses and adds one journal record at a time); a full
 * row group is encoded by flush(). Throws on a value that does not fit its column (the caller then
 * validates); a writer that threw is not to be used again.
 */
export class ParquetFileWriter {
  private readonly leaves: LeafColumn[] = [];
  private readonly tree: ShredNode[];
  private readonly parts: Buffer[] = [MAGIC];
  private offset = MAGIC.length;
  private readonly groups: RowGroupMeta[] = [];
  private rows = 0;
  private pending = 0;

  constructor(
    private readonly schema: FileSchema,
    private readonly rowGroupSize: number,
  ) {
    const leaves = new Map<string, LeafColumn>();
    for (const f of schema.fieldList) {
      if (f.isNested) continue;
      const c = new LeafColumn(f);
      leaves.set(f.path.join(','), c);
      this.leaves.push(c);
    }
    this.tree = shredTree(schema, (f) => leaves.get(f.path.join(','))!, true);
  }

  /** Shred one row (LIST columns as plain arrays); true when the row group is full: await flush() next. */
  add(row: Record<string, unknown>): boolean {
    shredRow(this.tree, row);
    this.rows++;
    return ++this.pending >= this.rowGroupSize;
  }

  /** Encode the rows added since the last flush as a row group (nothing if there are none). */
  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const group: RowGroupMeta = { numRows: this.pending, fileOffset: this.offset, uncompressedBytes: 0, compressedBytes: 0, columns: [] };
    // Column chunks in schema order, as parquetjs laid them out.
    for (const c of this.leaves) {
      const chunk = await c.encode(group.numRows, this.offset);
      for (const p of chunk.parts) this.parts.push(p);
      this.offset += chunk.bytes;
      group.uncompressedBytes += chunk.meta.uncompressedBytes;
      group.compressedBytes += chunk.meta.compressedBytes;
      group.columns.push(chunk.meta);
      c.reset();
    }
    this.groups.push(group);
    this.pending = 0;
  }

  /** The whole file: the last row group, then the footer with `meta` as key/value metadata. */
  async finish(meta: Record<string, string>): Promise<Buffer> {
    await this.flush();
    const footer = encodeFooter(this.schema, this.rows, this.groups, meta);
    const trailer = Buffer.allocUnsafe(8);
    trailer.writeUInt32LE(footer.length, 0);
    MAGIC.copy(trailer, 4);
    this.parts.push(footer, trailer);
    return Buffer.concat(this.parts, this.offset + footer.length + trailer.length);
  }
}

/**
 * Encode `rows` (events: LIST columns as plain arrays) as a Parquet file of row groups of at most
 * `rowGroupSize` rows. Throws on a value that does not fit its column (the caller then validates).
 */
export async function encodeParquet(schema: FileSchema, rows: Array<Record<string, unknown>>, meta: Record<string, string>, rowGroupSize: number): Promise<Buffer> {
  const w = new ParquetFileWriter(schema, rowGroupSize);
  for (const row of rows) if (w.add(row)) await w.flush();
  return w.finish(meta);
}

function schemaElement(w: CompactWriter, f: FileField): void {
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

function encodeFooter(schema: FileSchema, numRows: number, groups: RowGroupMeta[], meta: Record<string, string>): Buffer {
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

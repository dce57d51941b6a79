// Session files: read them back (CLI, demo, tests) and the direct entry points around the build
// (build.ts, which the worker runs). This module loads @dsnp/parquetjs (reading, the previous writer kept
// for comparison) and @agentgate/api; the build worker imports neither (build-worker.ts).
import { closeSync, fsyncSync, openSync, readFileSync, renameSync } from 'node:fs';
import parquet from '@dsnp/parquetjs';
import { EVENT_SCHEMA_VERSION, SessionEvent, validateSessionEvent } from '@agentgate/api';
import { parquetSchemaFor, rowCodecFor } from './parquet-schema.js';
import { fileSchema } from './parquet-format.js';
import { shredRows } from './shred-parquetjs.js';
import { encodeParquet } from './parquet-writer.js';
import { buildRecords, COMPRESSION, writeFileDurably, type BuildEnv, type BuildJob, type BuildResult } from './build.js';

export { COMPRESSION, META, type BuildJob, type BuildResult, type BuiltFile, type SessionSummary } from './build.js';
export const SCHEMA = new parquet.ParquetSchema(parquetSchemaFor(SessionEvent, COMPRESSION));
/** The same schema as our writer takes it (parquet-format.ts; a test checks it matches SCHEMA). */
export const FILE_SCHEMA = fileSchema(parquetSchemaFor(SessionEvent, COMPRESSION));
export const CODEC = rowCodecFor<SessionEvent>(SessionEvent);

/** Build environment for this thread (tests, benchmarks): everything is loaded already. */
export const LOCAL_BUILD_ENV: BuildEnv = {
  schema: FILE_SCHEMA,
  schemaVersion: EVENT_SCHEMA_VERSION,
  validator: () => Promise.resolve(validateSessionEvent),
};

/** Write events as one Parquet file at `path` (tmp + fsync + rename); returns its bytes. */
export async function writeParquet(path: string, events: SessionEvent[], meta: Record<string, string>, rowGroupSize: number): Promise<Buffer> {
  const bytes = await encodeParquet(FILE_SCHEMA, events as unknown as Array<Record<string, unknown>>, meta, rowGroupSize);
  writeFileDurably(path, bytes);
  return bytes;
}

/**
 * The previous writer: parquetjs's ParquetWriter encoding our shredder's RecordBuffer. Kept to compare
 * against (tests: same rows; bench/recorder.ts: CPU and heap per build), not used by the recorder.
 */
export async function writeParquetWithParquetjs(path: string, events: SessionEvent[], meta: Record<string, string>, rowGroupSize: number): Promise<Buffer> {
  const tmp = `${path}.tmp`;
  const w = await parquet.ParquetWriter.openFile(SCHEMA, tmp, { rowGroupSize, mode: 0o600 });
  for (const [k, v] of Object.entries(meta)) w.setMetadata(k, v);
  // One data page per column per row group (pageSize counts rows in parquetjs).
  w.setPageSize(rowGroupSize + 1);
  for (let at = 0; at < events.length; at += rowGroupSize) {
    const rows = events.slice(at, at + rowGroupSize);
    const last = rows.pop()!;
    // All rows but the last are shredded column-wise by shredRows; appending the last one through the
    // public API makes parquetjs encode and write the full row group exactly as it would have.
    w.rowBuffer = rows.length ? (shredRows(SCHEMA, rows, true) as unknown as typeof w.rowBuffer) : {};
    w.setRowGroupSize(rows.length + 1);
    await w.appendRow(CODEC.toRow(last));
  }
  await w.close();
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return readFileSync(path);
}

/** buildRecords on JSON texts already in memory, on this thread (tests; the worker streams the segment). */
export function buildFiles(job: BuildJob, records: string[]): Promise<BuildResult> {
  return buildRecords(job, () => records, LOCAL_BUILD_ENV);
}

/** Read a session file: its events in file order (only `columns` when given) and its footer metadata. */
export async function readParquet(buf: Buffer, columns?: string[]): Promise<{ events: SessionEvent[]; metadata: Record<string, string> }> {
  const reader = await parquet.ParquetReader.openBuffer(buf);
  try {
    const cursor = columns ? reader.getCursor(columns.map((c) => [c])) : reader.getCursor();
    const events: SessionEvent[] = [];
    for (let row = await cursor.next(); row; row = await cursor.next()) {
      events.push(CODEC.fromRow(row as Record<string, unknown>));
    }
    return { events, metadata: reader.getMetadata() as Record<string, string> };
  } finally {
    await reader.close();
  }
}

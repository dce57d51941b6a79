// Session files: build Parquet from journal records (in a worker thread, see build-worker.ts) and read
// them back (CLI). One file per UTC hour of event time within a segment, so Hive partitions are exact.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import parquet from '@dsnp/parquetjs';
import { EVENT_SCHEMA_VERSION, SessionEvent, validateSessionEvent } from '@agentgate/api';
import { hourBucket, outboxName } from './keys.js';
import { parquetSchemaFor, rowCodecFor } from './parquet-schema.js';
import { shredRows } from './shred.js';
import { encodeParquet } from './parquet-writer.js';

// Snappy: what DuckDB/Athena/Spark read fastest and every engine supports; parquetjs's snappy is pure
// JS but measured faster than gzip here for these rows at a ratio that still beats JSON ~8x (BENCHMARKS.md).
export const COMPRESSION = 'SNAPPY';
export const SCHEMA = new parquet.ParquetSchema(parquetSchemaFor(SessionEvent, COMPRESSION));
export const CODEC = rowCodecFor<SessionEvent>(SessionEvent);

/** Parquet footer key/value metadata every session file carries (readable with parquet_kv_metadata). */
export const META = {
  schemaVersion: 'agentgate.event_schema_version',
  chain: 'agentgate.chain',
  index: 'agentgate.index',
  prevSha256: 'agentgate.prev_sha256',
  namespace: 'agentgate.namespace',
  pod: 'agentgate.pod',
} as const;

export interface SessionSummary {
  id: string;
  resource: string;
  first_seq: number;
  last_seq: number;
  count: number;
  first_ts: number;
  last_ts: number;
}

export interface BuildJob {
  segmentPath: string;
  outDir: string;
  startIndex: number;
  prevSha256: string | null;
  chain: string;
  namespace: string;
  pod: string;
  rowGroupSize: number;
  /** Write a 0-row file when the segment holds no event (seals the chain at shutdown). */
  emptyFile: boolean;
  /** Hour bucket for an empty file. */
  nowBucket: number;
}

export interface BuiltFile {
  index: number;
  path: string;
  bytes: number;
  sha256: string;
  prevSha256: string | null;
  rows: number;
  bucket: number;
  minTs: number;
  maxTs: number;
  sessions: SessionSummary[];
}

export interface BuildResult {
  files: BuiltFile[];
  /** Records that are not valid SessionEvents: the caller quarantines them. */
  rejected: string[];
}

function summarise(events: SessionEvent[]): { minTs: number; maxTs: number; sessions: SessionSummary[] } {
  const by = new Map<string, SessionSummary>();
  let minTs = Infinity;
  let maxTs = -Infinity;
  for (const e of events) {
    if (e.ts < minTs) minTs = e.ts;
    if (e.ts > maxTs) maxTs = e.ts;
    const s = by.get(e.session_id);
    if (!s) {
      by.set(e.session_id, { id: e.session_id, resource: e.resource, first_seq: e.seq, last_seq: e.seq, count: 1, first_ts: e.ts, last_ts: e.ts });
      continue;
    }
    s.count++;
    s.first_seq = Math.min(s.first_seq, e.seq);
    s.last_seq = Math.max(s.last_seq, e.seq);
    s.first_ts = Math.min(s.first_ts, e.ts);
    s.last_ts = Math.max(s.last_ts, e.ts);
  }
  return { minTs: events.length ? minTs : 0, maxTs: events.length ? maxTs : 0, sessions: [...by.values()] };
}

/** Write events as one Parquet file at `path` (tmp + fsync + rename); returns its bytes. */
export async function writeParquet(path: string, events: SessionEvent[], meta: Record<string, string>, rowGroupSize: number): Promise<Buffer> {
  const bytes = await encodeParquet(SCHEMA, events as unknown as Array<Record<string, unknown>>, meta, rowGroupSize);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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

/**
 * Parse and group a journal segment's records, then write its Parquet files in chain order.
 * Records were validated by record() before they were framed and their CRC checked on reading, so
 * the schema check (~7% of a build) is skipped for records of this schema version; should a file
 * still fail to build, the segment is built again with every record validated and bad ones rejected.
 */
export async function buildFiles(job: BuildJob, records: string[]): Promise<BuildResult> {
  try {
    return await buildFilesOnce(job, records, false);
  } catch {
    return buildFilesOnce(job, records, true);
  }
}

async function buildFilesOnce(job: BuildJob, records: string[], validateAll: boolean): Promise<BuildResult> {
  const rejected: string[] = [];
  const buckets = new Map<number, SessionEvent[]>();
  for (const json of records) {
    let ev: unknown;
    try {
      ev = JSON.parse(json);
    } catch {
      rejected.push(json);
      continue;
    }
    let value: SessionEvent;
    if (!validateAll && (ev as { v?: unknown } | null)?.v === EVENT_SCHEMA_VERSION) value = ev as SessionEvent;
    else {
      const r = validateSessionEvent(ev);
      if (!r.ok) {
        rejected.push(json);
        continue;
      }
      value = r.value;
    }
    const b = hourBucket(value.ts);
    let list = buckets.get(b);
    if (!list) buckets.set(b, (list = []));
    list.push(value);
  }
  if (buckets.size === 0 && job.emptyFile) buckets.set(job.nowBucket, []);
  const files: BuiltFile[] = [];
  let prev = job.prevSha256;
  let index = job.startIndex;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    const events = buckets.get(bucket)!;
    const path = join(job.outDir, outboxName(index, 'parquet'));
    try {
      unlinkSync(`${path}.tmp`);
    } catch {
      // usual case: no leftover from an interrupted build
    }
    const bytes = await writeParquet(
      path,
      events,
      {
        [META.schemaVersion]: String(EVENT_SCHEMA_VERSION),
        [META.chain]: job.chain,
        [META.index]: String(index),
        [META.prevSha256]: prev ?? '',
        [META.namespace]: job.namespace,
        [META.pod]: job.pod,
      },
      job.rowGroupSize,
    );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    files.push({ index, path, bytes: bytes.length, sha256, prevSha256: prev, rows: events.length, bucket, ...summarise(events) });
    prev = sha256;
    index++;
  }
  return { files, rejected };
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

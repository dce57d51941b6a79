// Building a journal segment's Parquet files: what the build worker (build-worker.ts) runs. Loads only
// our encoder and snappy: no @dsnp/parquetjs (its schema, thrift and bson modules cost the worker ~25 MiB
// resident) and no @agentgate/api (ajv) unless a record needs schema validation (see buildRecords).
// Records are parsed and shredded one at a time, so a build holds the column values of its files, not
// every event object of the segment at once.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent } from '@agentgate/api';
import { hourBucket, outboxName } from './keys.js';
import type { FileSchema } from './parquet-format.js';
import { ParquetFileWriter } from './parquet-writer.js';

// Snappy: what DuckDB/Athena/Spark read fastest and every engine supports; parquetjs's snappy is pure
// JS but measured faster than gzip here for these rows at a ratio that still beats JSON ~8x (BENCHMARKS.md).
export const COMPRESSION = 'SNAPPY';

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

export type Validate = (v: unknown) => { ok: true; value: SessionEvent } | { ok: false };

/** What a build needs besides the job: the file schema, the event schema version, a validator on demand. */
export interface BuildEnv {
  schema: FileSchema;
  schemaVersion: number;
  /** Loaded the first time a record needs validating (the worker then imports @agentgate/api). */
  validator: () => Promise<Validate>;
}

/** One hour bucket's file being written, and the summary of its events. */
class BucketFile {
  readonly writer: ParquetFileWriter;
  rows = 0;
  minTs = Infinity;
  maxTs = -Infinity;
  readonly sessions = new Map<string, SessionSummary>();

  constructor(schema: FileSchema, rowGroupSize: number) {
    this.writer = new ParquetFileWriter(schema, rowGroupSize);
  }

  /** True when the row group is full (await writer.flush()). */
  add(e: SessionEvent): boolean {
    const full = this.writer.add(e as unknown as Record<string, unknown>);
    this.rows++;
    if (e.ts < this.minTs) this.minTs = e.ts;
    if (e.ts > this.maxTs) this.maxTs = e.ts;
    const s = this.sessions.get(e.session_id);
    if (!s) {
      this.sessions.set(e.session_id, { id: e.session_id, resource: e.resource, first_seq: e.seq, last_seq: e.seq, count: 1, first_ts: e.ts, last_ts: e.ts });
      return full;
    }
    s.count++;
    s.first_seq = Math.min(s.first_seq, e.seq);
    s.last_seq = Math.max(s.last_seq, e.seq);
    s.first_ts = Math.min(s.first_ts, e.ts);
    s.last_ts = Math.max(s.last_ts, e.ts);
    return full;
  }
}

/** Write `bytes` to `path` durably: tmp file, fsync, rename. */
export function writeFileDurably(path: string, bytes: Buffer): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Parse and group a segment's records, then write its Parquet files in chain order. `records` is called
 * once per pass and yields the JSON texts (segmentRecords over the file in the worker).
 * Records were validated by record() before they were framed and their CRC checked on reading, so
 * the schema check (~7% of a build) is skipped for records of this schema version; should a file
 * still fail to build, the segment is built again with every record validated and bad ones rejected.
 */
export async function buildRecords(job: BuildJob, records: () => Iterable<string>, env: BuildEnv): Promise<BuildResult> {
  try {
    return await buildOnce(job, records(), false, env);
  } catch {
    return buildOnce(job, records(), true, env);
  }
}

async function buildOnce(job: BuildJob, records: Iterable<string>, validateAll: boolean, env: BuildEnv): Promise<BuildResult> {
  const rejected: string[] = [];
  const buckets = new Map<number, BucketFile>();
  let validate: Validate | null = null;
  for (const json of records) {
    let ev: unknown;
    try {
      ev = JSON.parse(json);
    } catch {
      rejected.push(json);
      continue;
    }
    let value: SessionEvent;
    if (!validateAll && (ev as { v?: unknown } | null)?.v === env.schemaVersion) value = ev as SessionEvent;
    else {
      validate ??= await env.validator();
      const r = validate(ev);
      if (!r.ok) {
        rejected.push(json);
        continue;
      }
      value = r.value;
    }
    const b = hourBucket(value.ts);
    let file = buckets.get(b);
    if (!file) buckets.set(b, (file = new BucketFile(env.schema, job.rowGroupSize)));
    if (file.add(value)) await file.writer.flush();
  }
  if (buckets.size === 0 && job.emptyFile) buckets.set(job.nowBucket, new BucketFile(env.schema, job.rowGroupSize));
  const files: BuiltFile[] = [];
  let prev = job.prevSha256;
  let index = job.startIndex;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    const file = buckets.get(bucket)!;
    const path = join(job.outDir, outboxName(index, 'parquet'));
    try {
      unlinkSync(`${path}.tmp`);
    } catch {
      // usual case: no leftover from an interrupted build
    }
    const bytes = await file.writer.finish({
      [META.schemaVersion]: String(env.schemaVersion),
      [META.chain]: job.chain,
      [META.index]: String(index),
      [META.prevSha256]: prev ?? '',
      [META.namespace]: job.namespace,
      [META.pod]: job.pod,
    });
    writeFileDurably(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rows = file.rows;
    files.push({
      index, path, bytes: bytes.length, sha256, prevSha256: prev, rows, bucket,
      minTs: rows ? file.minTs : 0, maxTs: rows ? file.maxTs : 0, sessions: [...file.sessions.values()],
    });
    buckets.delete(bucket); // its column values can go before the next file is encoded
    prev = sha256;
    index++;
  }
  return { files, rejected };
}

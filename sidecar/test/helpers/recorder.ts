// Shared by the recorder tests: events, temp folders, a real S3-compatible server on loopback, DuckDB.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { rootLogger } from '../../src/telemetry/index.js';

// Expected warnings (outages, refusals, quarantines) would bury the test report; AGENTGATE_LOG_LEVEL=info shows them.
if (process.env.AGENTGATE_LOG_LEVEL) rootLogger().level = process.env.AGENTGATE_LOG_LEVEL;
else rootLogger().silent = true;
// The SDK's notice about its future Node 22 floor (the project pins Node 20; see sinks/s3.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export { event, NS, POD } from './events.js';
export const BUCKET = 'audit';

export interface HasAfter {
  after(fn: () => unknown): void;
}

const stacks = new WeakMap<HasAfter, Array<() => unknown>>();

/**
 * Register cleanup for the end of test `t`, run last-registered-first (node:test runs t.after hooks in
 * registration order, which would delete a temp folder before the recorder writing into it is closed).
 */
export function defer(t: HasAfter, fn: () => unknown): void {
  let stack = stacks.get(t);
  if (!stack) {
    const s: Array<() => unknown> = [];
    stacks.set(t, (stack = s));
    t.after(async () => {
      for (const f of s.reverse()) await f();
    });
  }
  stack.push(fn);
}

export function tempDir(t: HasAfter, name = 'rec'): string {
  const dir = mkdtempSync(join(tmpdir(), `agentgate-${name}-`));
  defer(t, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface S3 {
  port: number;
  endpoint: string;
  dir: string;
  client: S3Client;
  stop(): Promise<void>;
  start(): Promise<void>;
  credentialsDir: string;
}

/** s3rver on 127.0.0.1 with a bucket; stop() drops connections at once (an outage), start() reuses the port. */
export async function startS3(t: HasAfter, root: string): Promise<S3> {
  const dir = join(root, 's3');
  mkdirSync(dir, { recursive: true });
  const credentialsDir = join(root, 's3-credentials');
  mkdirSync(credentialsDir, { recursive: true });
  writeFileSync(join(credentialsDir, 'accessKeyId'), 'S3RVER');
  writeFileSync(join(credentialsDir, 'secretAccessKey'), 'S3RVER\n');
  let server: S3rver | null = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const s3: S3 = {
    port, endpoint, dir, client, credentialsDir,
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      const closing = s.close();
      s.httpServer?.closeAllConnections();
      await closing;
    },
    async start() {
      if (server) return;
      server = new S3rver({ port, address: '127.0.0.1', directory: dir, silent: true });
      await server.run();
    },
  };
  defer(t, async () => {
    client.destroy();
    await s3.stop();
  });
  return s3;
}

export async function listKeys(s3: S3, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Download every Parquet object under `prefix` with the AWS SDK (DuckDB's httpfs is not available here). */
export async function downloadParquet(s3: S3, prefix: string, into: string): Promise<number> {
  let n = 0;
  for (const key of await listKeys(s3, prefix)) {
    if (!key.endsWith('.parquet')) continue;
    const r = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const path = join(into, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(await r.Body!.transformToByteArray()));
    n++;
  }
  return n;
}

export type Row = Record<string, unknown>;

/** Run SQL in a fresh in-memory DuckDB; values as JSON (BIGINT as string, TIMESTAMP as text). */
export async function duck(sql: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Row[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** `read_parquet` over every session file below `root`, Hive partitions included. */
export function parquetGlob(root: string): string {
  return `read_parquet('${join(root, '**', '*.parquet')}', hive_partitioning = true)`;
}

/** session → sorted seqs, from DuckDB over the files below `root`. */
export async function seqsBySession(root: string): Promise<Map<string, number[]>> {
  const rows = await duck(`SELECT session_id, list(seq ORDER BY seq) AS seqs FROM ${parquetGlob(root)} GROUP BY session_id`);
  return new Map(rows.map((r) => [String(r.session_id), (r.seqs as string[]).map(Number)]));
}

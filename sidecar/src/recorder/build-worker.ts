// Worker thread that turns sealed journal segments into Parquet files. Encoding a row group is
// CPU-bound JavaScript (hundreds of milliseconds for a full segment); on the main thread it would stall
// every proxied statement, so it runs here and the data path only ever pays for write(2).
//
// Its imports are kept to what a build needs (build.ts: our encoder, snappy), since every module loaded
// here stays resident for as long as the worker lives. The event schema comes from the main thread
// (workerData, see builder.ts), which has @agentgate/api loaded anyway; the validator is imported here
// only if a record needs one.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { TSchema } from '@sinclair/typebox';
import { buildRecords, COMPRESSION, type BuildEnv, type BuildJob, type BuildResult, type Validate } from './build.js';
import { segmentRecords, tornBytes } from './journal.js';
import { fileSchema } from './parquet-format.js';
import { parquetSchemaFor } from './parquet-schema.js';

export interface WorkerRequest {
  id: number;
  job: BuildJob;
}

export type WorkerResponse =
  | { id: number; ok: true; result: BuildResult & { corrupt: string[]; tornBytes: number } }
  | { id: number; ok: false; error: string };

/** What builder.ts passes as workerData: the SessionEvent JSON Schema and its version. */
export interface WorkerData {
  eventSchema: TSchema;
  schemaVersion: number;
}

const port = parentPort;
if (port) {
  const data = workerData as WorkerData;
  const env: BuildEnv = {
    schema: fileSchema(parquetSchemaFor(data.eventSchema, COMPRESSION)),
    schemaVersion: data.schemaVersion,
    validator: async () => (await import('@agentgate/api')).validateSessionEvent as Validate,
  };
  port.on('message', (msg: WorkerRequest) => {
    void (async () => {
      try {
        const buf = readFileSync(msg.job.segmentPath);
        const corrupt: string[] = [];
        // Each pass (a fallback pass reads the segment again) collects the corrupt lines afresh: a pass that
        // failed may have stopped before reaching some.
        const records = () => {
          corrupt.length = 0;
          return segmentRecords(buf, corrupt);
        };
        const result = await buildRecords(msg.job, records, env);
        const res: WorkerResponse = { id: msg.id, ok: true, result: { ...result, corrupt, tornBytes: tornBytes(buf) } };
        port.postMessage(res);
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerResponse);
      }
    })();
  });
}

// Worker thread that turns sealed journal segments into Parquet files. Encoding a row group is
// CPU-bound JavaScript (hundreds of milliseconds for a full segment); on the main thread it would stall
// every proxied statement, so it runs here and the data path only ever pays for write(2).
import { parentPort } from 'node:worker_threads';
import { parseSegment } from './journal.js';
import { buildFiles, type BuildJob, type BuildResult } from './parquet.js';
import { readFileSync } from 'node:fs';

export interface WorkerRequest {
  id: number;
  job: BuildJob;
}

export type WorkerResponse =
  | { id: number; ok: true; result: BuildResult & { corrupt: string[]; tornBytes: number } }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  port.on('message', (msg: WorkerRequest) => {
    void (async () => {
      try {
        const parsed = parseSegment(readFileSync(msg.job.segmentPath));
        const result = await buildFiles(msg.job, parsed.records);
        const res: WorkerResponse = { id: msg.id, ok: true, result: { ...result, corrupt: parsed.corrupt, tornBytes: parsed.tornBytes } };
        port.postMessage(res);
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerResponse);
      }
    })();
  });
}

// Main-thread handle on the build worker (build-worker.ts): one job at a time, restarted if it dies.
import { Worker } from 'node:worker_threads';
import { EVENT_SCHEMA_VERSION, SessionEvent } from '@agentgate/api';
import type { BuildJob } from './build.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './build-worker.js';

export type BuildOutput = Extract<WorkerResponse, { ok: true }>['result'];

/** An idle worker is stopped after this long: its heap (tens of MiB after a build) goes back to the OS. */
const IDLE_EXIT_MS = 10_000;

export class BuildWorker {
  private worker: Worker | null = null;
  private idle: NodeJS.Timeout | null = null;
  private seq = 0;
  private pending = new Map<number, { resolve: (r: BuildOutput) => void; reject: (e: Error) => void }>();

  /** Start the worker now: loading its modules takes a few hundred ms, better spent before the first build. */
  warm(): void {
    this.worker ??= this.spawn();
  }

  private spawn(): Worker {
    // A small young generation: the worker's allocations are a segment's worth of short-lived rows;
    // V8's default (semispaces up to 16 MiB each) would stay resident in the sidecar between builds.
    // The event schema travels as workerData so that the worker need not load @agentgate/api (ajv).
    const workerData: WorkerData = { eventSchema: SessionEvent, schemaVersion: EVENT_SCHEMA_VERSION };
    const w = new Worker(new URL('./build-worker.js', import.meta.url), { workerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    w.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`parquet build failed: ${msg.error}`));
    });
    const fail = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (this.worker === w) this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`parquet build worker exited with code ${code}`)));
    w.unref();
    return w;
  }

  run(job: BuildJob): Promise<BuildOutput> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.worker ??= this.spawn();
    const id = ++this.seq;
    const w = this.worker;
    // Referenced only while it works: an idle worker must not keep the process alive.
    w.ref();
    return new Promise<BuildOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, job } satisfies WorkerRequest);
    }).finally(() => {
      // A worker being terminated keeps its ref until it has exited (see terminate()).
      if (this.pending.size > 0 || this.worker !== w) return;
      w.unref();
      // Under steady load the next segment arrives within seconds and reuses the worker; a sidecar
      // whose agent is quiet (rotation by age, every minute) holds no build heap between builds.
      this.idle = setTimeout(() => {
        this.idle = null;
        if (this.worker === w && this.pending.size === 0) {
          this.worker = null;
          void w.terminate();
        }
      }, IDLE_EXIT_MS);
      this.idle.unref();
    });
  }

  async terminate(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    // An idle worker is unref'd, and a build that finishes while the worker stops must not unref it
    // again (run() checks): the exit terminate() waits for has to keep the loop alive, or a caller
    // awaiting close() with nothing else pending sees its process end first.
    w.ref();
    await w.terminate();
  }
}

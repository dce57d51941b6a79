// Main-thread handle on the build worker (build-worker.ts): one job at a time, restarted if it dies.
import { Worker } from 'node:worker_threads';
import type { BuildJob } from './parquet.js';
import type { WorkerRequest, WorkerResponse } from './build-worker.js';

export type BuildOutput = Extract<WorkerResponse, { ok: true }>['result'];

export class BuildWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private pending = new Map<number, { resolve: (r: BuildOutput) => void; reject: (e: Error) => void }>();

  /** Start the worker now: loading its modules takes a few hundred ms, better spent before the first build. */
  warm(): void {
    this.worker ??= this.spawn();
  }

  private spawn(): Worker {
    const w = new Worker(new URL('./build-worker.js', import.meta.url));
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
    this.worker ??= this.spawn();
    const id = ++this.seq;
    const w = this.worker;
    // Referenced only while it works: an idle worker must not keep the process alive.
    w.ref();
    return new Promise<BuildOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, job } satisfies WorkerRequest);
    }).finally(() => {
      if (this.pending.size === 0) w.unref();
    });
  }

  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

// Pod deletion sends SIGTERM and waits terminationGracePeriodSeconds before SIGKILL. Whoever owns the
// process (the sidecar main) calls installShutdown once, so the journal is flushed and shipped inside
// that window; what does not make it stays on disk (emptyDir) for the next start.
import type { Recorder } from './types.js';

export interface ShutdownOptions {
  /** Time allowed for close(): keep it below the pod's grace period (default 30s) minus other work. */
  deadlineMs: number;
  signals?: NodeJS.Signals[];
  /** Runs before the recorder closes (stop listeners first, so no new events arrive). */
  before?: () => Promise<void> | void;
  /** Exit the process afterwards (default true). */
  exit?: boolean;
}

export function installShutdown(recorder: Recorder, opts: ShutdownOptions): () => void {
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void (async () => {
      let code = 0;
      try {
        await opts.before?.();
        await recorder.close(opts.deadlineMs);
      } catch (err) {
        code = 1;
        process.stderr.write(`agentgate: shutdown after ${signal} failed: ${String(err)}\n`);
      }
      if (opts.exit ?? true) process.exit(code);
    })();
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

// Everything between a sealed journal segment and the sink, off the data path:
//   build:  segment → Parquet files (worker thread) → signed manifests → one state commit → segment deleted
//   upload: each built file in chain order → sink (verified) → its manifest → local copies deleted
// Both loops retry failures forever with backoff; nothing is dropped to make progress. The local
// "journal" that the cap bounds is segments plus built files not yet shipped (ADR 0005).
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EVENT_SCHEMA_VERSION } from '@agentgate/api';
import type { Logger } from '../telemetry/index.js';
import { BuildWorker } from './builder.js';
import { MANIFEST_VERSION, type Manifest } from './chain.js';
import { backoffMs, type ResolvedConfig } from './config.js';
import { listSegments, segmentName, WAL_DIR } from './journal.js';
import { dataKey, hourBucket, manifestKey } from './keys.js';
import { metrics } from './metrics.js';
import { outboxName } from './keys.js';
import type { Signer } from './signing.js';
import { decodeManifest } from './signing.js';
import type { Sink } from './sinks/index.js';
import { fsyncDir, saveState, writeAtomic, type RecorderState } from './state.js';

export const OUTBOX_DIR = 'outbox';
export const QUARANTINE_DIR = 'quarantine';

export interface SealedSegment {
  n: number;
  bytes: number;
  /** Wall clock of its first record. */
  firstAt: number;
  /** Settles when the segment is synced and closed. */
  ready: Promise<void>;
  /** Last segment of a clean shutdown: build it even if empty, and mark its last file final. */
  final: boolean;
}

interface OutboxEntry {
  index: number;
  bytes: number;
  oldestAt: number;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Cancellable sleep: wake() ends every pending wait early (new work, shutdown). */
class Waiter {
  private wakers = new Set<() => void>();
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wakers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      t.unref();
      this.wakers.add(done);
    });
  }
  wake(): void {
    for (const w of [...this.wakers]) w();
  }
}

export class Shipper {
  readonly walDir: string;
  readonly outDir: string;
  private readonly quarantineDir: string;
  private sealed: SealedSegment[] = [];
  private outbox: OutboxEntry[] = [];
  /** Bytes of sealed segments and outbox files. */
  bytes = 0;
  /** Events dropped under failOpen, declared in the next file's manifest. */
  dropped = 0;
  built = 0;
  uploaded = 0;
  private worker = new BuildWorker();
  private building = false;
  private uploading = false;
  private stopped = false;
  /** Retry now, ignoring backoff (shutdown wants every chance before its deadline). */
  private urgent = false;
  private buildWait = new Waiter();
  private uploadWait = new Waiter();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly cfg: ResolvedConfig,
    private state: RecorderState,
    private readonly sink: Sink,
    private readonly signer: Signer,
    private readonly log: Logger,
  ) {
    this.walDir = join(cfg.journalDir, WAL_DIR);
    this.outDir = join(cfg.journalDir, OUTBOX_DIR);
    this.quarantineDir = join(cfg.journalDir, QUARANTINE_DIR);
  }

  get chain(): string {
    return this.state.chain;
  }

  get pendingFiles(): number {
    return this.outbox.length;
  }

  get pendingSegments(): number {
    return this.sealed.length;
  }

  /** Wall clock of the oldest record still waiting here, or undefined. */
  get oldestAt(): number | undefined {
    let oldest: number | undefined;
    for (const s of this.sealed) if (s.bytes > 0 && (oldest === undefined || s.firstAt < oldest)) oldest = s.firstAt;
    for (const o of this.outbox) if (oldest === undefined || o.oldestAt < oldest) oldest = o.oldestAt;
    return oldest;
  }

  /**
   * Startup: forget what an interrupted build left behind, queue unbuilt segments and unshipped
   * files. Returns the highest segment number seen, so the journal continues after it.
   */
  recover(): number {
    const built = this.state.lastSegment;
    for (const name of readdirSync(this.outDir)) {
      const m = /^(\d{8,})\.(parquet|jws)$/.exec(name);
      const index = m ? Number(m[1]) : -1;
      // Temporary files and files of a build whose state commit never happened: rebuilt from the segment.
      if (!m || index >= this.state.nextIndex) unlinkQuiet(join(this.outDir, name));
    }
    const names = new Set(readdirSync(this.outDir));
    const indices = [...new Set([...names].map((n) => Number(n.split('.')[0])))].sort((a, b) => a - b);
    for (const index of indices) {
      const pq = join(this.outDir, outboxName(index, 'parquet'));
      const jws = join(this.outDir, outboxName(index, 'jws'));
      if (!names.has(outboxName(index, 'parquet')) || !names.has(outboxName(index, 'jws'))) {
        // Local copies are deleted only after both objects were stored, so a lone half is already shipped.
        unlinkQuiet(pq);
        unlinkQuiet(jws);
        continue;
      }
      let oldestAt: number;
      try {
        oldestAt = decodeManifest(readFileSync(jws, 'utf8')).min_ts;
      } catch (err) {
        // Unreadable although committed (disk damage): kept aside for an operator, never shipped unsigned.
        for (const p of [pq, jws]) renameSync(p, join(this.quarantineDir, `${basename(p)}.unreadable`));
        this.log.error('built file with an unreadable manifest quarantined', { index, err: String(err) });
        continue;
      }
      const bytes = sizeOf(pq) + sizeOf(jws);
      this.outbox.push({ index, bytes, oldestAt });
      this.bytes += bytes;
    }
    let max = built;
    for (const n of listSegments(this.walDir)) {
      max = Math.max(max, n);
      const path = join(this.walDir, segmentName(n));
      if (n <= built) {
        unlinkQuiet(path); // committed into files; the crash came before the unlink
        continue;
      }
      const st = statSync(path);
      this.sealed.push({ n, bytes: st.size, firstAt: st.mtimeMs, ready: Promise.resolve(), final: false });
      this.bytes += st.size;
    }
    if (this.outbox.length || this.sealed.length) {
      this.log.info('recovering unshipped journal', { segments: this.sealed.length, files: this.outbox.length, bytes: this.bytes });
    }
    return max;
  }

  enqueue(seg: SealedSegment): void {
    this.sealed.push(seg);
    this.bytes += seg.bytes;
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    this.worker.warm();
    if (!this.building && this.sealed.length) void this.buildLoop();
    if (!this.uploading && this.outbox.length) void this.uploadLoop();
  }

  /** Shutdown: retry immediately instead of waiting out backoffs. */
  hurry(): void {
    this.urgent = true;
    this.buildWait.wake();
    this.uploadWait.wake();
    this.kick();
  }

  get idle(): boolean {
    return this.sealed.length === 0 && this.outbox.length === 0;
  }

  /** Resolves when nothing is left to build or upload. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private checkIdle(): void {
    if (!this.idle) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const r of w) r();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.buildWait.wake();
    this.uploadWait.wake();
    await this.worker.terminate();
  }

  private async backoff(wait: Waiter, attempt: number): Promise<void> {
    if (this.urgent) return wait.sleep(Math.min(200, this.cfg.retryInitialMs));
    return wait.sleep(backoffMs(attempt, this.cfg.retryInitialMs, this.cfg.retryMaxMs));
  }

  private async buildLoop(): Promise<void> {
    this.building = true;
    let attempt = 0;
    try {
      while (!this.stopped && this.sealed.length) {
        try {
          await this.build(this.sealed[0]!);
          this.sealed.shift();
          attempt = 0;
          this.checkIdle();
        } catch (err) {
          if (this.stopped) break;
          metrics.buildFailures.inc();
          this.log.error('parquet build failed; retrying', { segment: this.sealed[0]!.n, err: String(err), attempt });
          await this.backoff(this.buildWait, attempt++);
        }
      }
    } finally {
      this.building = false;
    }
  }

  private async build(seg: SealedSegment): Promise<void> {
    await seg.ready.catch(() => undefined); // a failed final fsync leaves the bytes readable; build anyway
    const started = performance.now();
    const segPath = join(this.walDir, segmentName(seg.n));
    const now = Date.now();
    const out = await this.worker.run({
      segmentPath: segPath,
      outDir: this.outDir,
      startIndex: this.state.nextIndex,
      prevSha256: this.state.prevSha256,
      chain: this.state.chain,
      namespace: this.cfg.namespace,
      pod: this.cfg.pod,
      rowGroupSize: this.cfg.rowGroupSize,
      emptyFile: seg.final,
      nowBucket: hourBucket(now),
    });
    if (this.stopped) throw new Error('stopped');
    const rejected = [...out.corrupt, ...out.rejected];
    if (rejected.length) {
      // Never silently lost: kept next to the journal for an operator to inspect.
      appendFileSync(join(this.quarantineDir, `${segmentName(seg.n)}.bad`), rejected.map((l) => `${l}\n`).join(''));
      metrics.quarantined.inc(rejected.length);
      this.log.error('journal records quarantined', { segment: seg.n, records: rejected.length });
    }
    if (out.tornBytes) this.log.warn('journal segment ends in a torn write (crash while appending)', { segment: seg.n, bytes: out.tornBytes });

    const entries: OutboxEntry[] = [];
    // Drops so far are declared in this build's first manifest; record() may add more meanwhile.
    const declared = this.dropped;
    let dropped = declared;
    for (const [i, f] of out.files.entries()) {
      const id = { namespace: this.cfg.namespace, pod: this.cfg.pod, chain: this.state.chain, index: f.index };
      const manifest: Manifest = {
        v: MANIFEST_VERSION,
        event_schema_version: EVENT_SCHEMA_VERSION,
        ...id,
        key: dataKey(id, f.bucket),
        sha256: f.sha256,
        bytes: f.bytes,
        prev_sha256: f.prevSha256,
        rows: f.rows,
        min_ts: f.minTs,
        max_ts: f.maxTs,
        created: now,
        dropped,
        final: seg.final && i === out.files.length - 1,
        sessions: f.sessions,
      };
      dropped = 0;
      const jws = Buffer.from(await this.signer.sign(manifest));
      writeAtomic(join(this.outDir, outboxName(f.index, 'jws')), jws);
      entries.push({ index: f.index, bytes: f.bytes + jws.length, oldestAt: seg.bytes > 0 ? seg.firstAt : now });
      metrics.rowsBuilt.inc(f.rows);
    }
    fsyncDir(this.outDir);
    const last = out.files[out.files.length - 1];
    this.state = {
      ...this.state,
      lastSegment: seg.n,
      ...(last ? { nextIndex: last.index + 1, prevSha256: last.sha256 } : {}),
    };
    saveState(this.cfg.journalDir, this.state);
    if (entries.length) this.dropped -= declared;
    unlinkQuiet(segPath);
    this.bytes -= seg.bytes;
    for (const e of entries) {
      this.outbox.push(e);
      this.bytes += e.bytes;
    }
    this.built += entries.length;
    metrics.filesBuilt.inc(entries.length);
    metrics.buildSeconds.observe((performance.now() - started) / 1000);
    if (!this.uploading && this.outbox.length) void this.uploadLoop();
  }

  private async uploadLoop(): Promise<void> {
    this.uploading = true;
    let attempt = 0;
    try {
      while (!this.stopped && this.outbox.length) {
        const entry = this.outbox[0]!;
        try {
          await this.upload(entry);
          this.outbox.shift();
          this.bytes -= entry.bytes;
          attempt = 0;
          this.checkIdle();
        } catch (err) {
          if (this.stopped) break;
          metrics.uploadFailures.inc();
          this.log.warn('upload failed; retrying', { index: entry.index, sink: this.sink.url, err: String(err), attempt });
          await this.backoff(this.uploadWait, attempt++);
        }
      }
    } finally {
      this.uploading = false;
    }
  }

  private async upload(entry: OutboxEntry): Promise<void> {
    const started = performance.now();
    const pqPath = join(this.outDir, outboxName(entry.index, 'parquet'));
    const jwsPath = join(this.outDir, outboxName(entry.index, 'jws'));
    const body = readFileSync(pqPath);
    const jws = readFileSync(jwsPath);
    const m = decodeManifest(jws.toString('utf8'));
    // Data first, manifest second: a manifest in the sink always has its file there.
    await this.sink.put(m.key, body, m.sha256);
    await this.sink.put(manifestKey(m), jws, createHash('sha256').update(jws).digest('hex'));
    unlinkQuiet(pqPath);
    unlinkQuiet(jwsPath);
    this.uploaded++;
    metrics.filesUploaded.inc();
    metrics.uploadedBytes.inc(body.length + jws.length);
    metrics.uploadSeconds.observe((performance.now() - started) / 1000);
  }
}

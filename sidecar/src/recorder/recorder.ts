// The Recorder the gate calls (types.ts): validate, frame, write(2) into the journal, return. Everything
// slower happens elsewhere: fdatasync in group commits (journal.ts), Parquet in a worker, uploads in the
// shipper. The caller's path only asks: is the recorder open, is the event valid (a compiled ajv check,
// ~0.5 µs), is the journal at its cap (a counter).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateSessionEvent, type SessionEvent } from '@agentgate/api';
import { logger, type Logger } from '../telemetry/index.js';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { Segment, WAL_DIR } from './journal.js';
import { metrics } from './metrics.js';
import { OUTBOX_DIR, QUARANTINE_DIR, Shipper } from './shipper.js';
import { loadSigner } from './signing.js';
import { openSink, type Sink } from './sinks/index.js';
import { loadState, newState, saveState, stateFromOutbox } from './state.js';
import type { Recorder } from './types.js';

const DEFAULT_CLOSE_DEADLINE_MS = 10_000;
// Repeated identical errors (a bug emitting invalid events, a full disk) are logged at most this often.
const LOG_EVERY_MS = 10_000;

const recorded = metrics.events.labels('recorded');
const refused = metrics.events.labels('refused');
const droppedMetric = metrics.events.labels('dropped');

export interface RecorderStats {
  /** Local unshipped bytes (open segment + sealed segments + built files). */
  journalBytes: number;
  pendingSegments: number;
  pendingFiles: number;
  dropped: number;
  /** Files built / uploaded by this recorder since it opened. */
  built: number;
  uploaded: number;
  chain: string;
  accepting: boolean;
}

export class JournalRecorder implements Recorder {
  private segment: Segment;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly lastLog = new Map<string, number>();
  private droppedTotal = 0;
  private readonly unreported = { events: 0, bytes: 0 };
  private readonly sealing = new Set<Promise<void>>();

  private constructor(
    readonly config: ResolvedConfig,
    private readonly shipper: Shipper,
    private readonly sink: Sink,
    private readonly log: Logger,
    firstSegment: number,
  ) {
    this.segment = new Segment(shipper.walDir, firstSegment, config.syncIntervalMs);
    metrics.journalMaxBytes.set(config.journalMaxBytes);
    // Age-based rotation and gauges. Unref'd: a recorder alone does not keep a process running.
    this.timer = setInterval(() => this.tick(), Math.min(1000, Math.max(10, config.rotateAgeMs / 4)));
    this.timer.unref();
    shipper.kick();
    this.tick();
  }

  /** Open the journal (recovering what a previous run left), the sink and the signing key. */
  static async open(input: unknown): Promise<JournalRecorder> {
    const cfg = resolveConfig(input);
    // Compile the event validator now: done lazily, the first recorded statement would wait ~50 ms for it.
    validateSessionEvent({});
    const log = logger('recorder', { namespace: cfg.namespace, pod: cfg.pod });
    for (const d of ['', WAL_DIR, OUTBOX_DIR, QUARANTINE_DIR]) mkdirSync(join(cfg.journalDir, d), { recursive: true });
    let state = loadState(cfg.journalDir);
    if (!state) {
      // First start, or state.json lost with built files still waiting: continue their chain, never drop them.
      state = stateFromOutbox(join(cfg.journalDir, OUTBOX_DIR)) ?? newState();
      saveState(cfg.journalDir, state);
    }
    const signer = await loadSigner(cfg.signingKeyFile, cfg.journalDir);
    const sink = openSink(cfg.sink, cfg.s3);
    const shipper = new Shipper(cfg, state, sink, signer, log);
    const last = shipper.recover();
    log.info('recorder open', { sink: cfg.sink, chain: state.chain, kid: signer.kid, failurePolicy: cfg.failurePolicy });
    return new JournalRecorder(cfg, shipper, sink, log, last + 1);
  }

  private get journalBytes(): number {
    return this.segment.bytes + this.shipper.bytes;
  }

  get accepting(): boolean {
    if (this.closed) return false;
    return this.config.failurePolicy === 'failOpen' || this.journalBytes < this.config.journalMaxBytes;
  }

  record(event: SessionEvent): boolean {
    if (this.closed) {
      refused.inc();
      return false;
    }
    const valid = validateSessionEvent(event);
    if (!valid.ok) {
      // A gate bug, not a policy question: refusing keeps an unreadable record out of the audit trail.
      refused.inc();
      this.warnOnce('invalid', 'invalid session event refused', { errors: valid.errors.slice(0, 5) });
      return false;
    }
    if (this.journalBytes >= this.config.journalMaxBytes) {
      return this.unrecorded('full', 'journal full: the sink is not keeping up', { journalBytes: this.journalBytes });
    }
    try {
      this.unreported.bytes += this.segment.append(JSON.stringify(event), Date.now());
    } catch (err) {
      // ENOSPC / EIO: continue in a fresh segment so a partial line can only sit at a segment's end.
      this.tryRotate(true);
      return this.unrecorded('write', 'journal write failed', { err: String(err) });
    }
    this.unreported.events++;
    if (!this.segment.syncPending) this.segment.sync().catch((err: unknown) => this.syncFailed(err));
    if (this.segment.bytes >= this.config.rotateBytes) this.tryRotate();
    return true;
  }

  /** The event could not be journaled: failClosed refuses it (the gate denies), failOpen drops and counts it. */
  private unrecorded(kind: string, msg: string, meta: Record<string, unknown>): boolean {
    if (this.config.failurePolicy === 'failOpen') {
      this.shipper.dropped++;
      this.droppedTotal++;
      droppedMetric.inc();
      this.warnOnce(`${kind}-open`, `${msg}; failOpen lets operations through unrecorded`, meta);
      return true;
    }
    refused.inc();
    this.updateGauges();
    this.warnOnce(kind, `${msg}; failClosed refuses new operations`, meta);
    return false;
  }

  /** rotate() for the data path and timers: an error (no new segment file) must not escape to the caller. */
  private tryRotate(force = false): void {
    try {
      this.rotate(false, force);
    } catch (err) {
      this.warnOnce('rotate', 'journal rotation failed; the open segment keeps taking records', { err: String(err) });
    }
  }

  private syncFailed(err: unknown): void {
    metrics.syncFailures.inc();
    this.warnOnce('fsync', 'journal fdatasync failed', { err: String(err) });
  }

  private warnOnce(kind: string, msg: string, meta: Record<string, unknown>): void {
    const now = Date.now();
    if ((this.lastLog.get(kind) ?? 0) + LOG_EVERY_MS > now) return;
    this.lastLog.set(kind, now);
    this.log.warn(msg, meta);
  }

  /** Seal the open segment (if it holds anything, or `final`/`force`) and hand it to the shipper. */
  private rotate(final = false, force = false): void {
    const old = this.segment;
    if (old.records === 0 && !final && !force) return;
    // The new file is opened first: if that fails, nothing has changed.
    this.segment = new Segment(this.shipper.walDir, old.n + 1, this.config.syncIntervalMs);
    const ready = old.seal();
    this.sealing.add(ready);
    ready.catch((err: unknown) => this.syncFailed(err)).finally(() => this.sealing.delete(ready));
    this.shipper.enqueue({ n: old.n, bytes: old.bytes, firstAt: old.firstAt, ready, final });
  }

  private tick(): void {
    const s = this.segment;
    if (!this.closed && s.records > 0 && Date.now() - s.firstAt >= this.config.rotateAgeMs) this.tryRotate();
    this.updateGauges();
  }

  private updateGauges(): void {
    // Per-event counters are summed here rather than on every record(): a prom-client inc() costs
    // as much as the CRC, and a scrape a second late loses nothing.
    if (this.unreported.events) recorded.inc(this.unreported.events);
    if (this.unreported.bytes) metrics.journalBytesWritten.inc(this.unreported.bytes);
    this.unreported.events = 0;
    this.unreported.bytes = 0;
    const s = this.segment;
    let oldest = this.shipper.oldestAt;
    if (s.records > 0 && (oldest === undefined || s.firstAt < oldest)) oldest = s.firstAt;
    metrics.oldestUnshipped.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
    metrics.journalBytes.set(this.journalBytes);
    metrics.pendingFiles.set(this.shipper.pendingFiles);
    metrics.accepting.set(this.accepting ? 1 : 0);
  }

  async flush(): Promise<void> {
    // Rotated segments get their last fdatasync in seal(); the open one in a group commit.
    await Promise.all([...this.sealing, this.segment.sync(true)]);
  }

  /** Seal what is open and wait until the sink has everything (tests, benchmarks, `drain` before exit). */
  async drain(): Promise<void> {
    this.tryRotate();
    await this.shipper.whenIdle();
    this.tick();
  }

  close(deadlineMs = DEFAULT_CLOSE_DEADLINE_MS): Promise<void> {
    this.closing ??= this.doClose(deadlineMs);
    return this.closing;
  }

  private async doClose(deadlineMs: number): Promise<void> {
    this.closed = true;
    const started = Date.now();
    try {
      this.rotate(true); // seals even when empty: the last file is marked final
    } catch (err) {
      this.log.error('could not seal the journal at shutdown; the next start ships it', { err: String(err) });
    }
    this.shipper.hurry();
    let timer: NodeJS.Timeout | undefined;
    const shipped = await Promise.race([
      this.shipper.whenIdle().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs))),
    ]);
    clearTimeout(timer);
    clearInterval(this.timer);
    await this.shipper.stop();
    this.segment.discard(); // the fresh segment the final rotate opened; closed recorders take no records
    this.sink.close();
    this.tick();
    if (shipped) this.log.info('recorder closed: everything shipped', { ms: Date.now() - started });
    else {
      this.log.warn('recorder closed at its deadline with data left in the journal; the next start ships it', {
        ms: Date.now() - started,
        segments: this.shipper.pendingSegments,
        files: this.shipper.pendingFiles,
        bytes: this.shipper.bytes,
      });
    }
  }

  stats(): RecorderStats {
    return {
      journalBytes: this.journalBytes,
      pendingSegments: this.shipper.pendingSegments,
      pendingFiles: this.shipper.pendingFiles,
      dropped: this.droppedTotal,
      built: this.shipper.built,
      uploaded: this.shipper.uploaded,
      chain: this.shipper.chain,
      accepting: this.accepting,
    };
  }
}

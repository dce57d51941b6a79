// The write-ahead journal: numbered segment files of framed JSON lines in `<journalDir>/wal/`.
//
// Each record is `<crc32 as 8 hex> <json>\n`, written with one write(2) before record() returns, so a
// kill -9 loses nothing the caller was told was recorded. fdatasync runs in small batches (group
// commit: every write of one event-loop turn shares one sync) on the libuv pool, never on the caller's
// path. A power cut can still tear the unsynced tail; the CRC and the missing newline make torn or
// corrupt lines detectable, and a restart always opens a new segment, so damage stays at a segment's end.
import { closeSync, fdatasync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

export const WAL_DIR = 'wal';
const SEG_RE = /^seg-(\d{12})\.wal$/;

export function segmentName(n: number): string {
  return `seg-${String(n).padStart(12, '0')}.wal`;
}

/** Segment numbers present in `dir`, ascending. */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => SEG_RE.exec(n)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

const HEX = Buffer.from('0123456789abcdef');
let scratch = Buffer.allocUnsafe(64 * 1024);

/** One framed record for a JSON text (what Segment.append writes). */
export function frame(json: string): string {
  return `${(crc32(json) >>> 0).toString(16).padStart(8, '0')} ${json}\n`;
}

export interface ParsedSegment {
  records: string[];
  /** Lines whose CRC or framing is wrong (kept for quarantine, never silently dropped). */
  corrupt: string[];
  /** Bytes after the last newline: a write torn by a crash, never acknowledged to a caller. */
  tornBytes: number;
}

/**
 * The JSON texts of a segment's intact records, one at a time: each is decoded from the bytes only when
 * it is reached, so a reader that is done with a record before taking the next never holds the segment
 * as text (the build worker: 4 MiB of string plus a slice of it per record otherwise). Lines whose CRC or
 * framing is wrong go to `corrupt` when given.
 */
export function* segmentRecords(buf: Buffer, corrupt?: string[]): Generator<string, void, undefined> {
  let start = 0;
  for (let nl = buf.indexOf(0x0a); nl !== -1; nl = buf.indexOf(0x0a, start)) {
    const s = start;
    start = nl + 1;
    if (nl === s) continue;
    // The CRC is over the record's bytes as written (valid UTF-8: Segment.append encodes a JS string).
    const sp = buf.indexOf(0x20, s);
    if (sp !== s + 8 || parseInt(buf.toString('latin1', s, s + 8), 16) !== crc32(buf.subarray(s + 9, nl)) >>> 0) {
      corrupt?.push(buf.toString('utf8', s, nl));
      continue;
    }
    yield buf.toString('utf8', s + 9, nl);
  }
}

/** Bytes after the last newline: a write torn by a crash. */
export function tornBytes(buf: Buffer): number {
  return buf.length - (buf.lastIndexOf(0x0a) + 1);
}

/** Split a segment's bytes into the JSON texts of its intact records. */
export function parseSegment(buf: Buffer): ParsedSegment {
  const corrupt: string[] = [];
  const records = [...segmentRecords(buf, corrupt)];
  return { records, corrupt, tornBytes: tornBytes(buf) };
}

export function readSegment(dir: string, n: number): ParsedSegment {
  return parseSegment(readFileSync(join(dir, segmentName(n))));
}

/**
 * Default minimum time between the starts of two background group commits of one segment
 * (RecorderConfig `syncInterval`). On ext4 a write(2) issued while fdatasync runs waits for the journal
 * commit, so every sync stalls the data path: measured with `pgbench -S -c 16` through the sidecar, a
 * sync every 10 ms cost ~30 µs of CPU per statement and a third of the throughput, every 100 ms ~12 µs,
 * every 1 s nothing measurable (BENCHMARKS.md). Every append is write(2)-complete before record()
 * returns, so a process crash loses nothing whatever the interval; only a power loss or kernel crash of
 * the node can lose the last interval's events (the journal is node-local: such a node loses its
 * emptyDir anyway unless it comes back). PostgreSQL with synchronous_commit=off accepts up to 3 × 200 ms.
 */
export const SYNC_INTERVAL_MS = 1000;

/**
 * The open segment. append() is synchronous (write(2)); sync() returns a promise that settles when
 * every byte appended before the sync *started* is on disk. Calls within one turn share one fdatasync.
 */
export class Segment {
  readonly path: string;
  bytes = 0;
  records = 0;
  /** Wall clock of the first append (age-based rotation, oldest-unshipped metric). */
  firstAt = 0;
  private fd: number;
  private synced = 0;
  private inflight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private closed = false;
  private lastSyncStart = 0;

  private timer: NodeJS.Timeout | null = null;
  private startQueued: (() => void) | null = null;
  private urgent = false;

  constructor(
    readonly dir: string,
    readonly n: number,
    private readonly syncIntervalMs = SYNC_INTERVAL_MS,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, segmentName(n));
    // 'wx': a segment number is never reused, so an existing file means a bug, not data to overwrite.
    this.fd = openSync(this.path, 'wx', 0o600);
  }

  /**
   * Frame `json` as one record (same bytes as frame()) and write it with one write(2); returns the
   * bytes written. Throws on I/O errors (ENOSPC, EIO).
   */
  append(json: string, now: number): number {
    // Encoded once into a reused buffer: the CRC and the write read the same bytes, and the data path
    // allocates nothing per event beyond the JSON text itself.
    if (json.length * 3 + 10 > scratch.length) scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, json.length * 3 + 10));
    const n = scratch.write(json, 9, 'utf8');
    const crc = crc32(scratch.subarray(9, 9 + n)) >>> 0;
    for (let i = 7, c = crc; i >= 0; i--, c >>>= 4) scratch[i] = HEX[c & 15]!;
    scratch[8] = 0x20;
    scratch[9 + n] = 0x0a;
    const len = n + 10;
    let off = 0;
    // A regular file takes the whole write unless the disk is full; loop for the rare short write.
    while (off < len) off += writeSync(this.fd, scratch, off, len - off);
    if (this.records === 0) this.firstAt = now;
    this.records++;
    this.bytes += len;
    return len;
  }

  /** A group commit is scheduled and has not started yet: it will cover the next appends too. */
  get syncPending(): boolean {
    return this.queued !== null;
  }

  get dirty(): boolean {
    return this.synced < this.bytes;
  }

  /**
   * Group commit: every append made before the returned sync starts is covered by it. Background syncs
   * (record()) start at most every syncIntervalMs; `now` (seal, flush, shutdown) starts one as soon as
   * the running one, if any, ends.
   */
  sync(now = false): Promise<void> {
    if (now) this.urgent = true;
    if (this.queued) {
      if (now && this.timer && !this.inflight) {
        clearTimeout(this.timer);
        this.startQueued!();
      }
      return this.queued;
    }
    if (!this.dirty && !this.inflight) {
      this.urgent = false;
      return Promise.resolve();
    }
    const queued = new Promise<void>((resolve, reject) => {
      const start = () => {
        this.timer = null;
        this.startQueued = null;
        this.queued = null;
        this.urgent = false;
        const target = this.bytes;
        if (this.closed) return reject(new Error(`segment ${this.path} closed before sync`));
        this.lastSyncStart = Date.now();
        const run = new Promise<void>((res, rej) => fdatasync(this.fd, (err) => (err ? rej(err) : res())));
        this.inflight = run;
        run.then(
          () => {
            this.synced = Math.max(this.synced, target);
            this.inflight = null;
            resolve();
          },
          (err: unknown) => {
            this.inflight = null;
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      };
      this.startQueued = start;
      // One sync at a time per file; a second waits for the first, then covers what came since.
      // Background syncs are spaced by syncIntervalMs (see SYNC_INTERVAL_MS for why).
      const later = () => {
        if (this.startQueued !== start) return; // started meanwhile by sync(true)
        const wait = this.urgent ? 0 : this.lastSyncStart + this.syncIntervalMs - Date.now();
        if (wait > 0) {
          // Unref'd: a pending background sync must not keep a process alive (close() seals with now).
          this.timer = setTimeout(start, wait);
          this.timer.unref();
        } else setImmediate(start);
      };
      if (this.inflight) this.inflight.then(later, later);
      else later();
    });
    this.queued = queued;
    return queued;
  }

  /** Final sync, then close. */
  async seal(): Promise<void> {
    await this.sync(true);
    if (this.inflight) await this.inflight;
    if (this.dirty) await this.sync(true);
    this.closeFd();
  }

  /** Close without syncing (shutdown after a failed sync; the bytes are still in the page cache). */
  closeFd(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** Close and delete; only for a segment that never received a record. */
  discard(): void {
    if (this.records !== 0) throw new Error(`segment ${this.path} holds records`);
    this.closeFd();
    unlinkSync(this.path);
  }
}

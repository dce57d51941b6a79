// The upstream → client half of a proxied session: frames the server's messages, attributes each
// to the operation that caused it (so rows, bytes and errors are recorded per statement), masks rows
// when the verdict carries a masker, swaps substituted syntax errors for our 42501, and relays
// everything else as the bytes it received. Rows and COPY data that nothing masks stream through in
// pieces, so a 1 GB row never sits in memory; back-pressure pauses the upstream socket.
import type { Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import type { GateSession, OperationOutcome, Verdict } from '../../gate/types.js';
import type { Findings, Masker } from '../../masking/types.js';
import { errorResponse, parseNoticeFields, parseRowDescription, type FieldDescription } from './backend.js';
import type { LexingGuard } from './lexing.js';
import type { ColumnResolver } from './columns.js';
import { OutBuffer } from './out-buffer.js';
import { planColumns, RowMasker, rowsNeedWork, type ColumnPlan } from './rows.js';

/** handleUpstream() masked a DataRow: RowMasker.writeTo() appends it to the output. */
const REBUILT = Symbol('rebuilt');

export interface OpRec {
  v: Verdict;
  rows: number;
  bytesIn: number;
  bytesOut: number;
  error?: string;
  code?: string;
  findings?: Findings;
}
export interface Stmt {
  v: Verdict;
  desc: FieldDescription[] | null;
}
export interface Portal {
  stmt: Stmt | null;
  formats: number[];
  desc: FieldDescription[] | null;
}
export type Expect =
  | { k: 'query'; op: OpRec | null }
  | { k: 'execute'; op: OpRec | null; portal: Portal | null }
  | { k: 'describeS'; stmt: Stmt | null }
  | { k: 'describeP'; portal: Portal | null }
  | { k: 'parse' | 'bind' | 'close' | 'sync' | 'fn' };

/** What the relay needs from its session. */
export interface RelayHost {
  readonly c: Socket;
  readonly u: Socket;
  readonly gate: GateSession;
  /** Responses the server still owes, in order (pushed by the client half). */
  readonly expect: Expect[];
  /** Marker carried by substituted statements; refusals by number. */
  readonly token: string;
  readonly refusals: Map<number, string>;
  readonly ended: boolean;
  readonly lexing: LexingGuard;
  columns(): ColumnResolver;
  guard(fn: () => void): void;
  fail(e: Error): void;
}

/** Backend messages above this size are refused (PostgreSQL's own limit is 1 GB). */
const MAX_BACKEND_MESSAGE = 1024 * 1024 * 1024;

export class ResponseRelay {
  private uCarry: Buffer[] = [];
  uCarryLen = 0;
  private uCarryNeed = 0;
  passRemaining = 0;
  private suspended = false;
  private uQueue: Buffer[] = [];
  private readonly uPause = new Set<string>();
  private injections: Buffer[] = [];
  private curDesc: FieldDescription[] | null = null;
  private curCols: ColumnPlan[] | null = null;
  /** curCols is known and no value of these rows can change. */
  private curColsIdle = false;
  private readonly rows = new RowMasker();
  /** Output of the chunk being relayed, once a row in it was rebuilt. */
  private readonly out = new OutBuffer();

  constructor(private readonly h: RelayHost) {}

  /** No message is half-written to the client: an ErrorResponse or notice may be sent now. */
  get atBoundary(): boolean {
    return this.passRemaining === 0 && this.uCarryLen === 0;
  }

  onData(chunk: Buffer): void {
    if (this.suspended) {
      this.uQueue.push(chunk);
      return;
    }
    if (this.uCarryLen) {
      this.uCarry.push(chunk);
      this.uCarryLen += chunk.length;
      if (this.uCarryLen < this.uCarryNeed) return;
      chunk = Buffer.concat(this.uCarry, this.uCarryLen);
      this.uCarry = [];
      this.uCarryLen = 0;
    }
    const out: Buffer[] = [];
    let emitFrom = 0;
    let off = 0;
    if (this.passRemaining > 0) {
      const n = Math.min(this.passRemaining, chunk.length);
      this.passRemaining -= n;
      off = n;
    }
    let stopAt = chunk.length;
    while (off < chunk.length) {
      if (chunk.length - off < 5) {
        stopAt = off;
        this.carryUp(chunk.subarray(off), 5);
        break;
      }
      const type = chunk[off]!;
      const total = chunk.readInt32BE(off + 1) + 1;
      if (total < 5 || total > MAX_BACKEND_MESSAGE) throw new Error(`upstream sent an invalid message length ${total - 1}`);
      if (chunk.length - off < total) {
        if (this.streamable(type)) {
          this.countStreamed(type, total);
          this.passRemaining = total - (chunk.length - off);
          off = chunk.length;
          break;
        }
        stopAt = off;
        this.carryUp(chunk.subarray(off), total);
        break;
      }
      const r = this.handleUpstream(type, chunk, off, total);
      if (r === REBUILT) {
        // Untouched bytes before the row, then the row itself, into one output buffer.
        this.out.append(chunk, emitFrom, off);
        this.rows.writeTo(this.out);
        emitFrom = off + total;
        off += total;
        continue;
      }
      if (r instanceof Promise) {
        // Column names needed before this message can be masked: emit what precedes it, wait, resume.
        this.emitSpan(out, chunk, emitFrom, off);
        this.writeClient(out);
        this.suspended = true;
        this.pauseUpstream('resolve');
        const rest = chunk.subarray(off);
        r.then(
          () => this.h.guard(() => {
            this.suspended = false;
            this.resumeUpstream('resolve');
            const queued = this.uQueue;
            this.uQueue = [];
            this.onData(rest);
            for (const q of queued) this.onData(q);
          }),
          (e: Error) => this.h.fail(e),
        );
        return;
      }
      if (r !== undefined) {
        this.emitSpan(out, chunk, emitFrom, off);
        if (r !== null) out.push(r);
        emitFrom = off + total;
      }
      off += total;
    }
    this.emitSpan(out, chunk, emitFrom, stopAt);
    this.writeClient(out);
  }

  /**
   * Queue chunk[from, to) for the client after what is queued: appended to the rebuilt rows' buffer when
   * there are any (one write), else as a view of the chunk (no copy).
   */
  private emitSpan(out: Buffer[], chunk: Buffer, from: number, to: number): void {
    if (this.out.len > 0) {
      this.out.append(chunk, from, to);
      out.push(this.out.take()!);
    } else if (to > from) out.push(chunk.subarray(from, to));
  }

  private carryUp(part: Buffer, need: number): void {
    this.uCarry = [part];
    this.uCarryLen = part.length;
    this.uCarryNeed = need;
  }

  private writeClient(out: Buffer[]): void {
    if (this.passRemaining === 0 && this.uCarryLen === 0 && this.injections.length) {
      out.push(...this.injections);
      this.injections = [];
    }
    if (out.length === 0 || this.h.ended) return;
    let ok = true;
    if (out.length === 1) ok = this.h.c.write(out[0]!);
    else {
      // One writev for the spans around replaced messages.
      this.h.c.cork();
      for (const b of out) ok = this.h.c.write(b);
      this.h.c.uncork();
    }
    if (!ok) {
      this.pauseUpstream('client-full');
      this.h.c.once('drain', () => this.resumeUpstream('client-full'));
    }
  }

  /** Asynchronous message (NoticeResponse for a hold): sent at the next message boundary. */
  inject(b: Buffer): void {
    this.injections.push(b);
    if (this.passRemaining === 0 && this.uCarryLen === 0 && !this.suspended) this.writeClient([]);
  }

  private pauseUpstream(why: string): void {
    this.uPause.add(why);
    this.h.u.pause();
  }
  private resumeUpstream(why: string): void {
    this.uPause.delete(why);
    if (this.uPause.size === 0 && !this.h.ended) this.h.u.resume();
  }

  private headOp(): OpRec | null {
    const h = this.h.expect[0];
    return h && (h.k === 'query' || h.k === 'execute') ? h.op : null;
  }

  private masker(): Masker | null {
    return this.headOp()?.v.masker ?? null;
  }

  /** Can this message pass through in pieces? Rows and COPY data when nothing masks them. */
  private streamable(type: number): boolean {
    if (type === 0x44) return this.curColsIdle || this.masker() === null;
    return type === 0x64 && this.masker() === null;
  }

  private countStreamed(type: number, total: number): void {
    const op = this.headOp();
    if (!op) return;
    op.bytesOut += total;
    if (type === 0x44) op.rows++;
  }

  /** Column plan for the head operation's rows; a promise when names must be fetched first. */
  private columns(masker: Masker): ColumnPlan[] | null | Promise<void> {
    if (this.curCols) return this.curCols;
    const h = this.h.expect[0];
    let desc = this.curDesc;
    let formats: number[] | null = null;
    if (h?.k === 'execute') {
      desc = h.portal?.desc ?? null;
      if (!desc && h.portal?.stmt?.desc) {
        desc = h.portal.stmt.desc;
        formats = h.portal.formats;
      }
    }
    if (!desc) return null;
    let nameOf = (_o: number, _a: number): string | null => null;
    if (masker.plan.columns.length > 0) {
      const resolver = this.h.columns();
      const missing = resolver.missing(desc.map((f) => f.tableOid));
      if (missing.length) return resolver.load(missing);
      nameOf = resolver.nameOf;
    }
    this.curCols = planColumns(desc, formats, nameOf, masker);
    this.curColsIdle = !rowsNeedWork(this.curCols);
    return this.curCols;
  }

  completeOp(op: OpRec | null): void {
    if (!op) return;
    const outcome: OperationOutcome = { rows: op.rows, bytesIn: op.bytesIn, bytesOut: op.bytesOut };
    if (op.error !== undefined) outcome.error = op.error;
    if (op.code !== undefined) outcome.errorCode = op.code;
    if (op.findings) outcome.findings = op.findings;
    this.h.gate.complete(op.v, outcome);
  }

  private shift(): void {
    this.h.expect.shift();
    this.curDesc = null;
    this.curCols = null;
    this.curColsIdle = false;
  }

  /**
   * One complete upstream message: undefined = relay as is, Buffer = replace, null = drop, REBUILT =
   * masked into this.rows, Promise = wait.
   */
  private handleUpstream(type: number, buf: Buffer, off: number, total: number): Buffer | null | undefined | typeof REBUILT | Promise<void> {
    const op = this.headOp();
    if (op) op.bytesOut += total;
    switch (type) {
      case 0x44: { // DataRow
        if (op) op.rows++;
        const masker = op?.v.masker;
        if (!masker || this.curColsIdle) return undefined;
        const cols = this.columns(masker);
        if (cols instanceof Promise) {
          // This DataRow is handled again once the column names are loaded: count it then, not twice.
          op.rows--;
          op.bytesOut -= total;
          return cols;
        }
        if (this.curColsIdle) return undefined;
        op.findings ??= new Map();
        return this.rows.mask(buf, off, total, cols, masker, op.findings) ? REBUILT : undefined;
      }
      case 0x64: { // CopyData (COPY TO STDOUT): text rows, masked as text
        const masker = op?.v.masker;
        if (!masker) return undefined;
        op.findings ??= new Map();
        const text = buf.toString('utf8', off + 5, off + total);
        const masked = masker.maskText(text, op.findings);
        if (masked === text) return undefined;
        return serialize.copyData(Buffer.from(masked, 'utf8'));
      }
      case 0x54: { // RowDescription
        const desc = parseRowDescription(buf.subarray(off + 5, off + total));
        const h = this.h.expect[0];
        if (h?.k === 'query') {
          this.curDesc = desc;
          this.curCols = null;
          this.curColsIdle = false;
        } else if (h?.k === 'describeS') {
          if (h.stmt) h.stmt.desc = desc;
          this.shift();
        } else if (h?.k === 'describeP') {
          if (h.portal) {
            h.portal.desc = desc;
            // A statement's result columns are fixed when it is parsed: later portals of it that are not
            // described (pgJDBC binds a named statement again without Describe) are planned from these,
            // with their own Bind's formats, instead of failing closed to NULL.
            if (h.portal.stmt && !h.portal.stmt.desc) h.portal.stmt.desc = desc;
          }
          this.shift();
        }
        return undefined;
      }
      case 0x6e: // NoData
        if (this.h.expect[0]?.k === 'describeS' || this.h.expect[0]?.k === 'describeP') this.shift();
        return undefined;
      case 0x43: // CommandComplete
      case 0x49: // EmptyQueryResponse
        if (op && type === 0x43) {
          const tag = buf.toString('latin1', off + 5, off + total - 1);
          const n = Number(tag.slice(tag.lastIndexOf(' ') + 1));
          if (Number.isInteger(n) && !tag.startsWith('SELECT') && !tag.startsWith('FETCH')) op.rows += n;
        }
        if (this.h.expect[0]?.k === 'execute') {
          this.completeOp(op);
          this.shift();
        } else {
          this.curDesc = null;
          this.curCols = null;
          this.curColsIdle = false;
        }
        return undefined;
      case 0x73: // PortalSuspended
        if (this.h.expect[0]?.k === 'execute') {
          this.completeOp(op);
          this.shift();
        }
        return undefined;
      case 0x31: case 0x32: case 0x33: // ParseComplete, BindComplete, CloseComplete
        this.shift();
        return undefined;
      case 0x74: // ParameterDescription: RowDescription/NoData follows
        return undefined;
      case 0x5a: { // ReadyForQuery
        const h = this.h.expect[0];
        if (h?.k === 'query') this.completeOp(h.op);
        // Anything still queued before the sync point was skipped by the server.
        while (this.h.expect.length && !['sync', 'query', 'fn'].includes(this.h.expect[0]!.k)) this.shift();
        this.shift();
        if (this.h.expect.length === 0) this.h.lexing.settle();
        return undefined;
      }
      case 0x45: // ErrorResponse
        return this.onUpstreamError(buf.subarray(off + 5, off + total), op);
      case 0x53: // ParameterStatus: settings that change how the server lexes SQL
        this.h.lexing.onParameterMessage(buf.subarray(off, off + total));
        return undefined;
      default: // NoticeResponse, NotificationResponse, Copy*Response, CopyDone, FunctionCallResponse
        return undefined;
    }
  }

  private onUpstreamError(body: Buffer, op: OpRec | null): Buffer | undefined {
    const f = parseNoticeFields(body);
    const message = f.get('M') ?? '';
    let replacement: Buffer | undefined;
    const at = message.indexOf(this.h.token);
    if (at >= 0) {
      const n = Number(/^_(\d+)/.exec(message.slice(at + this.h.token.length))?.[1]);
      const text = this.h.refusals.get(n);
      for (const k of this.h.refusals.keys()) if (k <= n) this.h.refusals.delete(k);
      replacement = errorResponse({ severity: 'ERROR', code: '42501', message: text ?? 'agentgate: refused by policy' });
    } else if (op) {
      op.error = message;
      op.code = f.get('C') ?? 'XX000';
    }
    const h = this.h.expect[0];
    if (h && h.k !== 'query' && h.k !== 'sync' && h.k !== 'fn') {
      if (h.k === 'execute') this.completeOp(op);
      // Extended protocol: the server skips everything up to Sync after an error.
      while (this.h.expect.length && this.h.expect[0]!.k !== 'sync' && this.h.expect[0]!.k !== 'query') this.shift();
    }
    if (f.get('S') === 'FATAL' || f.get('V') === 'FATAL') this.h.gate.error(message, f.get('C'));
    return replacement;
  }
}

// One proxied connection after startup: client messages are classified and decided by the gate,
// upstream responses are relayed (unchanged bytes when nothing is masked) and attributed to the
// operation that caused them, so each operation is recorded with its rows, bytes and errors.
//
// Refusals are enforced by substitution: a blocked Query/Parse is replaced, on its way upstream, by
// text that cannot parse and carries a session token. The server answers it with a syntax error at
// exactly the position the real statement had, runs nothing, aborts an open transaction as a failed
// statement would, and (extended protocol) skips to Sync on its own. The relay swaps that error for
// our 42501. Message order, pipelining and ReadyForQuery status therefore stay the server's own.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import type { DecideHooks, GateSession, HoldInfo, OperationInput, OperationOutcome, Verdict } from '../../gate/types.js';
import type { Findings, Masker } from '../../masking/types.js';
import type { Logger } from '../../telemetry/index.js';
import { errorResponse, noticeResponse, parseNoticeFields, parseRowDescription, type FieldDescription } from './backend.js';
import { classifySql, mergeClassifications, toOperationSql, type SqlClassification } from './classify/index.js';
import type { ColumnResolver } from './columns.js';
import { ProtocolError, parseFrontend } from './frontend.js';
import { maskDataRow, planColumns, rowsNeedWork, type ColumnPlan } from './rows.js';

interface OpRec {
  v: Verdict;
  rows: number;
  bytesIn: number;
  bytesOut: number;
  error?: string;
  code?: string;
  findings?: Findings;
}
interface Stmt {
  v: Verdict;
  desc: FieldDescription[] | null;
}
interface Portal {
  stmt: Stmt | null;
  formats: number[];
  desc: FieldDescription[] | null;
}
type Expect =
  | { k: 'query'; op: OpRec | null }
  | { k: 'execute'; op: OpRec | null; portal: Portal | null }
  | { k: 'describeS'; stmt: Stmt | null }
  | { k: 'describeP'; portal: Portal | null }
  | { k: 'parse' | 'bind' | 'close' | 'sync' | 'fn' };

export interface SessionOptions {
  client: Socket;
  upstream: Socket;
  gate: GateSession;
  log: Logger;
  maxMessageBytes: number;
  /** Lazily created when a plan has column rules. */
  columns: () => ColumnResolver;
  onEnd: () => void;
}

/**
 * Messages forwarded unchanged are consecutive slices of one received chunk: write them as one
 * slice of it instead of copying (the common case: a whole pipeline batch relayed as received).
 */
function joinSlices(parts: Buffer[]): Buffer {
  const first = parts[0]!;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.buffer !== first.buffer || p.byteOffset !== end) return Buffer.concat(parts);
    end += p.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}

/** Backend messages above this size are refused (PostgreSQL's own limit is 1 GB). */
const MAX_BACKEND_MESSAGE = 1024 * 1024 * 1024;

export class PgSession {
  private readonly c: Socket;
  private readonly u: Socket;
  private readonly gate: GateSession;
  private readonly token = `agentgate_blocked_${randomBytes(6).toString('hex')}`;
  private readonly refusals = new Map<number, string>();
  private nextRefusal = 0;
  private readonly abort = new AbortController();
  private searchPath: readonly string[] | undefined;
  private readonly sqlPrepared = new Map<string, SqlClassification>();
  private readonly stmts = new Map<string, Stmt>();
  private readonly portals = new Map<string, Portal>();
  private readonly expect: Expect[] = [];
  private discardUntilSync = false;
  private ended = false;

  // client → upstream
  private cCarry: Buffer[] = [];
  private cCarryLen = 0;
  private inbox: Buffer[] = [];
  private holding = false;
  private toUp: Buffer[] = [];
  private readonly cPause = new Set<string>();

  // upstream → client
  private uCarry: Buffer[] = [];
  private uCarryLen = 0;
  private uCarryNeed = 0;
  private passRemaining = 0;
  private suspended = false;
  private uQueue: Buffer[] = [];
  private readonly uPause = new Set<string>();
  private injections: Buffer[] = [];
  private curDesc: FieldDescription[] | null = null;
  private curCols: ColumnPlan[] | null = null;
  /** curCols is known and no value of these rows can change. */
  private curColsIdle = false;

  constructor(private readonly o: SessionOptions) {
    this.c = o.client;
    this.u = o.upstream;
    this.gate = o.gate;
  }

  start(clientLeftover: Buffer, upstreamLeftover: Buffer): void {
    this.c.on('data', (d: Buffer) => this.guard(() => this.onClientData(d)));
    this.u.on('data', (d: Buffer) => this.guard(() => this.onUpstreamData(d)));
    this.c.on('close', () => this.end('client disconnected'));
    this.c.on('error', (e) => this.o.log.debug('client socket error', { error: e.message }));
    this.u.on('error', (e) => this.o.log.debug('upstream socket error', { error: e.message }));
    this.u.on('close', () => this.upstreamGone());
    if (upstreamLeftover.length) this.guard(() => this.onUpstreamData(upstreamLeftover));
    if (clientLeftover.length) this.guard(() => this.onClientData(clientLeftover));
  }

  private guard(fn: () => void): void {
    if (this.ended) return;
    try {
      fn();
    } catch (e) {
      this.fail(e as Error);
    }
  }

  // ---------------------------------------------------------------- client → upstream

  private onClientData(chunk: Buffer): void {
    if (this.cCarryLen) {
      this.cCarry.push(chunk);
      chunk = Buffer.concat(this.cCarry, this.cCarryLen + chunk.length);
      this.cCarry = [];
      this.cCarryLen = 0;
    }
    let off = 0;
    while (chunk.length - off >= 5) {
      const len = chunk.readInt32BE(off + 1);
      if (len < 4) throw new ProtocolError(`invalid message length ${len}`);
      if (len + 1 > this.o.maxMessageBytes) throw new ProtocolError(`message of ${len + 1} bytes exceeds the limit of ${this.o.maxMessageBytes} bytes`, '54000');
      if (chunk.length - off < len + 1) break;
      this.inbox.push(chunk.subarray(off, off + len + 1));
      off += len + 1;
    }
    if (off < chunk.length) {
      this.cCarry.push(chunk.subarray(off));
      this.cCarryLen = chunk.length - off;
    }
    if (!this.holding) this.pumpClient();
  }

  private pumpClient(): void {
    while (this.inbox.length && !this.ended) {
      const raw = this.inbox.shift()!;
      const r = this.handleClient(raw);
      if (r) {
        // A hold: relay what came before it, stop reading until a human decides.
        this.flushUp();
        this.holding = true;
        this.pauseClient('hold');
        r.then(
          () => this.guard(() => {
            this.holding = false;
            this.resumeClient('hold');
            this.pumpClient();
          }),
          (e: Error) => this.fail(e),
        );
        return;
      }
    }
    this.flushUp();
  }

  private flushUp(): void {
    if (this.toUp.length === 0 || this.ended) return;
    const ok = this.u.write(this.toUp.length === 1 ? this.toUp[0]! : joinSlices(this.toUp));
    this.toUp = [];
    if (!ok) {
      this.pauseClient('upstream-full');
      this.u.once('drain', () => this.resumeClient('upstream-full'));
    }
  }

  private pauseClient(why: string): void {
    this.cPause.add(why);
    this.c.pause();
  }
  private resumeClient(why: string): void {
    this.cPause.delete(why);
    if (this.cPause.size === 0 && !this.ended) this.c.resume();
  }

  private classify(sql: string): SqlClassification {
    let c = classifySql(sql, this.searchPath ? { searchPath: this.searchPath } : {});
    for (const p of c.prepares) c = mergeClassifications(c, p.classification);
    for (const name of c.executes) {
      const prep = this.sqlPrepared.get(name);
      if (prep) c = mergeClassifications(c, prep);
    }
    return c;
  }

  /** Session effects of an allowed SQL text: PREPARE/DEALLOCATE bookkeeping, search_path. */
  private applyEffects(c: SqlClassification): void {
    if (c.deallocates === 'all') this.sqlPrepared.clear();
    else for (const d of c.deallocates) this.sqlPrepared.delete(d);
    for (const p of c.prepares) this.sqlPrepared.set(p.name, p.classification);
    if (c.searchPath) this.searchPath = c.searchPath === 'default' ? undefined : c.searchPath;
  }

  private decide(op: OperationInput, fingerprint: string | undefined, then: (v: Verdict) => void): Promise<void> | undefined {
    const hooks: DecideHooks = { signal: this.abort.signal, onHold: this.onHold };
    if (fingerprint !== undefined) hooks.fingerprint = fingerprint;
    const v = this.gate.decide(op, hooks);
    if (v instanceof Promise) return v.then((verdict) => this.guard(() => then(verdict)));
    then(v);
    return undefined;
  }

  /**
   * COPY … TO STDOUT rows carry no table OIDs, so column rules cannot be applied to them: under a plan
   * with column rules the COPY is refused rather than leaking those columns (detectors still run on COPY).
   */
  private adapterVeto(v: Verdict, c: SqlClassification): Verdict {
    if (!v.proceed || !v.masker || v.masker.plan.columns.length === 0 || !c.statementKinds.includes('COPY_TO')) return v;
    const reason = 'COPY … TO STDOUT cannot apply the column masking rules of this policy; use SELECT';
    return { ...v, proceed: false, masker: null, decision: { ...v.decision, action: 'block', reason }, message: `agentgate: ${reason}` };
  }

  private readonly onHold = (h: HoldInfo): void =>
    this.inject(noticeResponse({
      severity: 'NOTICE',
      code: '00000',
      message: `agentgate: waiting for approval ${h.approvalId}: ${h.reason} (up to ${h.timeoutSeconds}s)`,
    }));

  private refuse(v: Verdict, bytesIn: number): number {
    this.gate.complete(v, { bytesIn, error: v.message ?? 'refused', errorCode: '42501' });
    const n = ++this.nextRefusal;
    this.refusals.set(n, v.message ?? 'agentgate: refused');
    return n;
  }

  private newOp(v: Verdict, bytesIn: number): OpRec {
    return { v, rows: 0, bytesIn, bytesOut: 0 };
  }

  /** Handle one complete client message; returns a promise while an operation is held. */
  private handleClient(raw: Buffer): Promise<void> | undefined {
    const type = raw[0]!;
    if (this.discardUntilSync && type !== 0x53 && type !== 0x51) return undefined;
    const m = parseFrontend(type, raw.subarray(5));
    switch (m.type) {
      case 'query': {
        this.discardUntilSync = false;
        const c = this.classify(m.sql);
        return this.decide({ text: m.sql, sql: toOperationSql(c) }, c.fingerprint, (verdict) => {
          const v = this.adapterVeto(verdict, c);
          if (v.proceed) {
            this.applyEffects(c);
            this.toUp.push(raw);
            this.expect.push({ k: 'query', op: this.newOp(v, raw.length) });
          } else {
            const n = this.refuse(v, raw.length);
            this.toUp.push(serialize.query(`${this.token}_${n}`));
            this.expect.push({ k: 'query', op: null });
          }
          this.flushIfHeld();
        });
      }
      case 'parse': {
        const c = this.classify(m.sql);
        return this.decide({ text: m.sql, sql: toOperationSql(c) }, c.fingerprint, (verdict) => {
          const v = this.adapterVeto(verdict, c);
          if (v.proceed) {
            this.applyEffects(c);
            this.stmts.set(m.name, { v, desc: null });
            this.toUp.push(raw);
          } else {
            const n = this.refuse(v, raw.length);
            this.stmts.delete(m.name);
            this.toUp.push(serialize.parse({ name: m.name, text: `${this.token}_${n}` }));
            this.discardUntilSync = true;
          }
          this.expect.push({ k: 'parse' });
          this.flushIfHeld();
        });
      }
      case 'bind':
        this.portals.set(m.portal, { stmt: this.stmts.get(m.statement) ?? null, formats: m.resultFormats, desc: null });
        this.expect.push({ k: 'bind' });
        break;
      case 'describe':
        this.expect.push(m.target === 'S' ? { k: 'describeS', stmt: this.stmts.get(m.name) ?? null } : { k: 'describeP', portal: this.portals.get(m.name) ?? null });
        break;
      case 'execute': {
        const portal = this.portals.get(m.portal) ?? null;
        this.expect.push({ k: 'execute', portal, op: portal?.stmt ? this.newOp(portal.stmt.v, raw.length) : null });
        break;
      }
      case 'close':
        if (m.target === 'S') this.stmts.delete(m.name);
        else this.portals.delete(m.name);
        this.expect.push({ k: 'close' });
        break;
      case 'sync':
        this.discardUntilSync = false;
        this.expect.push({ k: 'sync' });
        break;
      case 'functionCall':
        // The fastpath interface calls a function by OID: nothing to classify, so it is opaque.
        return this.decide({ text: `<fastpath function call ${m.oid}>`, sql: { statementKinds: ['SELECT'], functions: [`oid:${m.oid}`], opaque: true } }, undefined, (v) => {
          if (v.proceed) {
            this.toUp.push(raw);
            this.expect.push({ k: 'fn' });
          } else {
            this.toUp.push(serialize.query(`${this.token}_${this.refuse(v, raw.length)}`));
            this.expect.push({ k: 'query', op: null });
          }
          this.flushIfHeld();
        });
      case 'terminate':
        this.toUp.push(raw);
        this.flushUp();
        this.u.end();
        this.end('client terminated');
        return undefined;
      case 'password':
        throw new ProtocolError('unexpected password message after authentication');
      default: // flush, copyData, copyDone, copyFail
        break;
    }
    this.toUp.push(raw);
    return undefined;
  }

  /** After an asynchronous (held) decision the pump is stopped: write at once. */
  private flushIfHeld(): void {
    if (this.holding) this.flushUp();
  }

  // ---------------------------------------------------------------- upstream → client

  private onUpstreamData(chunk: Buffer): void {
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
      if (r instanceof Promise) {
        // Column names needed before this message can be masked: emit what precedes it, wait, resume.
        out.push(chunk.subarray(emitFrom, off));
        this.writeClient(out);
        this.suspended = true;
        this.pauseUpstream('resolve');
        const rest = chunk.subarray(off);
        r.then(
          () => this.guard(() => {
            this.suspended = false;
            this.resumeUpstream('resolve');
            const queued = this.uQueue;
            this.uQueue = [];
            this.onUpstreamData(rest);
            for (const q of queued) this.onUpstreamData(q);
          }),
          (e: Error) => this.fail(e),
        );
        return;
      }
      if (r !== undefined) {
        if (off > emitFrom) out.push(chunk.subarray(emitFrom, off));
        if (r !== null) out.push(r);
        emitFrom = off + total;
      }
      off += total;
    }
    if (stopAt > emitFrom) out.push(chunk.subarray(emitFrom, stopAt));
    this.writeClient(out);
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
    if (out.length === 0 || this.ended) return;
    let ok = true;
    if (out.length === 1) ok = this.c.write(out[0]!);
    else {
      // One writev for the spans around replaced messages.
      this.c.cork();
      for (const b of out) ok = this.c.write(b);
      this.c.uncork();
    }
    if (!ok) {
      this.pauseUpstream('client-full');
      this.c.once('drain', () => this.resumeUpstream('client-full'));
    }
  }

  /** Asynchronous message (NoticeResponse for a hold): sent at the next message boundary. */
  private inject(b: Buffer): void {
    this.injections.push(b);
    if (this.passRemaining === 0 && this.uCarryLen === 0 && !this.suspended) this.writeClient([]);
  }

  private pauseUpstream(why: string): void {
    this.uPause.add(why);
    this.u.pause();
  }
  private resumeUpstream(why: string): void {
    this.uPause.delete(why);
    if (this.uPause.size === 0 && !this.ended) this.u.resume();
  }

  private headOp(): OpRec | null {
    const h = this.expect[0];
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
    const h = this.expect[0];
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
      const resolver = this.o.columns();
      const missing = resolver.missing(desc.map((f) => f.tableOid));
      if (missing.length) return resolver.load(missing);
      nameOf = resolver.nameOf;
    }
    this.curCols = planColumns(desc, formats, nameOf, masker);
    this.curColsIdle = !rowsNeedWork(this.curCols);
    return this.curCols;
  }

  private completeOp(op: OpRec | null): void {
    if (!op) return;
    const outcome: OperationOutcome = { rows: op.rows, bytesIn: op.bytesIn, bytesOut: op.bytesOut };
    if (op.error !== undefined) outcome.error = op.error;
    if (op.code !== undefined) outcome.errorCode = op.code;
    if (op.findings) outcome.findings = op.findings;
    this.gate.complete(op.v, outcome);
  }

  private shift(): void {
    this.expect.shift();
    this.curDesc = null;
    this.curCols = null;
    this.curColsIdle = false;
  }

  /** One complete upstream message: undefined = relay as is, Buffer = replace, null = drop, Promise = wait. */
  private handleUpstream(type: number, buf: Buffer, off: number, total: number): Buffer | null | undefined | Promise<void> {
    const op = this.headOp();
    if (op) op.bytesOut += total;
    switch (type) {
      case 0x44: { // DataRow
        if (op) op.rows++;
        const masker = op?.v.masker;
        if (!masker || this.curColsIdle) return undefined;
        const cols = this.columns(masker);
        if (cols instanceof Promise) return cols;
        if (this.curColsIdle) return undefined;
        op.findings ??= new Map();
        return maskDataRow(buf.subarray(off, off + total), cols, masker, op.findings) ?? undefined;
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
        const h = this.expect[0];
        if (h?.k === 'query') {
          this.curDesc = desc;
          this.curCols = null;
          this.curColsIdle = false;
        } else if (h?.k === 'describeS') {
          if (h.stmt) h.stmt.desc = desc;
          this.shift();
        } else if (h?.k === 'describeP') {
          if (h.portal) h.portal.desc = desc;
          this.shift();
        }
        return undefined;
      }
      case 0x6e: // NoData
        if (this.expect[0]?.k === 'describeS' || this.expect[0]?.k === 'describeP') this.shift();
        return undefined;
      case 0x43: // CommandComplete
      case 0x49: // EmptyQueryResponse
        if (op && type === 0x43) {
          const tag = buf.toString('latin1', off + 5, off + total - 1);
          const n = Number(tag.slice(tag.lastIndexOf(' ') + 1));
          if (Number.isInteger(n) && !tag.startsWith('SELECT') && !tag.startsWith('FETCH')) op.rows += n;
        }
        if (this.expect[0]?.k === 'execute') {
          this.completeOp(op);
          this.shift();
        } else {
          this.curDesc = null;
          this.curCols = null;
          this.curColsIdle = false;
        }
        return undefined;
      case 0x73: // PortalSuspended
        if (this.expect[0]?.k === 'execute') {
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
        const h = this.expect[0];
        if (h?.k === 'query') this.completeOp(h.op);
        // Anything still queued before the sync point was skipped by the server.
        while (this.expect.length && !['sync', 'query', 'fn'].includes(this.expect[0]!.k)) this.shift();
        this.shift();
        return undefined;
      }
      case 0x45: // ErrorResponse
        return this.onUpstreamError(buf.subarray(off + 5, off + total), op);
      default: // NoticeResponse, NotificationResponse, ParameterStatus, Copy*Response, CopyDone, FunctionCallResponse
        return undefined;
    }
  }

  private onUpstreamError(body: Buffer, op: OpRec | null): Buffer | undefined {
    const f = parseNoticeFields(body);
    const message = f.get('M') ?? '';
    let replacement: Buffer | undefined;
    const at = message.indexOf(this.token);
    if (at >= 0) {
      const n = Number(/^_(\d+)/.exec(message.slice(at + this.token.length))?.[1]);
      const text = this.refusals.get(n);
      for (const k of this.refusals.keys()) if (k <= n) this.refusals.delete(k);
      replacement = errorResponse({ severity: 'ERROR', code: '42501', message: text ?? 'agentgate: refused by policy' });
    } else if (op) {
      op.error = message;
      op.code = f.get('C') ?? 'XX000';
    }
    const h = this.expect[0];
    if (h && h.k !== 'query' && h.k !== 'sync' && h.k !== 'fn') {
      if (h.k === 'execute') this.completeOp(op);
      // Extended protocol: the server skips everything up to Sync after an error.
      while (this.expect.length && this.expect[0]!.k !== 'sync' && this.expect[0]!.k !== 'query') this.shift();
    }
    if (f.get('S') === 'FATAL' || f.get('V') === 'FATAL') this.gate.error(message, f.get('C'));
    return replacement;
  }

  // ---------------------------------------------------------------- teardown

  /** Protocol violation or internal error: tell the client (when at a message boundary), end the session. */
  private fail(e: Error): void {
    if (this.ended) return;
    const code = e instanceof ProtocolError ? e.code : 'XX000';
    this.o.log.warn('session failed', { error: e.message, code });
    this.gate.error(e.message, code);
    if (this.passRemaining === 0 && this.uCarryLen === 0 && !this.c.destroyed) {
      this.c.end(errorResponse({ severity: 'FATAL', code, message: `agentgate: ${e.message}` }));
    } else this.c.destroy();
    this.u.end(serialize.end());
    this.end(`error: ${e.message}`);
  }

  private upstreamGone(): void {
    if (this.ended) return;
    const message = 'agentgate: the upstream server closed the connection';
    for (const h of this.expect) if ((h.k === 'query' || h.k === 'execute') && h.op) {
      h.op.error = message;
      h.op.code = '08006';
      this.completeOp(h.op);
    }
    this.expect.length = 0;
    this.gate.error(message, '08006');
    if (this.passRemaining === 0 && this.uCarryLen === 0) this.c.end(errorResponse({ severity: 'FATAL', code: '08006', message }));
    else this.c.destroy();
    this.end('upstream closed');
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.abort();
    for (const h of this.expect) if ((h.k === 'query' || h.k === 'execute') && h.op) {
      h.op.error ??= reason;
      this.completeOp(h.op);
    }
    this.expect.length = 0;
    this.gate.close(reason);
    // Give a final ErrorResponse a moment to leave; then nothing may linger.
    setTimeout(() => {
      this.c.destroy();
      this.u.destroy();
    }, 1000).unref();
    if (this.c.writableEnded || this.c.destroyed) this.u.destroy();
    this.o.onEnd();
  }
}

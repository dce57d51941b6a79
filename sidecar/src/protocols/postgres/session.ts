// One proxied connection after startup, client → upstream half: messages are classified and decided by the gate;
// the upstream → client half (responses.ts) relays the answers (unchanged bytes when nothing is masked) and attributes them to the
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
import type { DecideHooks, GateSession, HoldInfo, OperationInput, Verdict } from '../../gate/types.js';
import type { Logger } from '../../telemetry/index.js';
import { errorResponse, noticeResponse } from './backend.js';
import { toOperationSql, withPrepared, type SqlClassification } from './classify/index.js';
import { classifyShape } from './literals.js';
import { LexingGuard } from './lexing.js';
import type { ColumnResolver } from './columns.js';
import { ProtocolError, parseFrontend } from './frontend.js';
import { ResponseRelay, type Expect, type OpRec, type Portal, type RelayHost, type Stmt } from './responses.js';

export interface SessionOptions {
  client: Socket;
  upstream: Socket;
  gate: GateSession;
  log: Logger;
  maxMessageBytes: number;
  /** Lazily created when a plan has column rules. */
  columns: () => ColumnResolver;
  /** ParameterStatus messages the server sent during startup (settings that change how SQL is lexed). */
  startupMessages?: Buffer[];
  /** The resource's search path: where unqualified names resolve until the client SETs another. */
  searchPath?: readonly string[];
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


export class PgSession implements RelayHost {
  readonly c: Socket;
  readonly u: Socket;
  readonly gate: GateSession;
  readonly token = `agentgate_blocked_${randomBytes(6).toString('hex')}`;
  readonly refusals = new Map<number, string>();
  private nextRefusal = 0;
  private abort = new AbortController();
  private searchPath: readonly string[] | undefined;
  private readonly sqlPrepared = new Map<string, SqlClassification>();
  private readonly stmts = new Map<string, Stmt>();
  private readonly portals = new Map<string, Portal>();
  readonly expect: Expect[] = [];
  private discardUntilSync = false;
  readonly lexing = new LexingGuard();
  ended = false;

  // client → upstream
  private cCarry: Buffer[] = [];
  private cCarryLen = 0;
  private inbox: Buffer[] = [];
  private holding = false;
  private toUp: Buffer[] = [];
  private readonly cPause = new Set<string>();

  private readonly relay: ResponseRelay;
  constructor(private readonly o: SessionOptions) {
    this.c = o.client;
    this.u = o.upstream;
    this.gate = o.gate;
    this.relay = new ResponseRelay(this);
    for (const m of o.startupMessages ?? []) if (m[0] === 0x53) this.lexing.onParameterMessage(m);
    this.searchPath = o.searchPath;
  }

  /**
   * A CancelRequest for this session. While a statement is held for approval nothing runs upstream, so
   * the cancel withdraws the hold (the statement is refused); returns false when the server should get it.
   */
  cancel(): boolean {
    if (!this.holding || this.ended) return false;
    this.abort.abort();
    this.abort = new AbortController();
    return true;
  }

  columns(): ColumnResolver {
    return this.o.columns();
  }

  start(clientLeftover: Buffer, upstreamLeftover: Buffer): void {
    this.c.on('data', (d: Buffer) => this.guard(() => this.onClientData(d)));
    this.u.on('data', (d: Buffer) => this.guard(() => this.relay.onData(d)));
    this.c.on('close', () => this.end('client disconnected'));
    this.c.on('error', (e) => this.o.log.debug('client socket error', { error: e.message }));
    this.u.on('error', (e) => this.o.log.debug('upstream socket error', { error: e.message }));
    this.u.on('close', () => this.upstreamGone());
    if (upstreamLeftover.length) this.guard(() => this.relay.onData(upstreamLeftover));
    if (clientLeftover.length) this.guard(() => this.onClientData(clientLeftover));
  }

  guard(fn: () => void): void {
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
    return withPrepared(classifyShape(sql, this.searchPath ? { searchPath: this.searchPath } : {}), this.sqlPrepared);
  }

  /** Session effects of an allowed SQL text: PREPARE/DEALLOCATE bookkeeping, search_path. */
  private applyEffects(c: SqlClassification): void {
    if (c.deallocates === 'all') this.sqlPrepared.clear();
    else for (const d of c.deallocates) this.sqlPrepared.delete(d);
    for (const p of c.prepares) this.sqlPrepared.set(p.name, p.classification);
    if (c.searchPath) this.searchPath = c.searchPath === 'default' ? this.o.searchPath : c.searchPath;
  }

  private decide(op: OperationInput, fingerprint: string | undefined, then: (v: Verdict) => void): Promise<void> | undefined {
    const hooks: DecideHooks = { signal: this.abort.signal, onHold: this.onHold };
    if (fingerprint !== undefined) hooks.fingerprint = fingerprint;
    const v = this.gate.decide(op, hooks);
    if (v instanceof Promise) {
      return v.then((verdict) => {
        // The client left while a human was deciding: nothing ran, and the record must still say so.
        if (this.ended) this.gate.complete({ ...verdict, proceed: false }, { bytesIn: 0, error: 'the client disconnected while the operation was held; it did not run', errorCode: '08006' });
        else this.guard(() => then(verdict));
      });
    }
    then(v);
    return undefined;
  }

  /**
   * COPY … TO STDOUT rows carry no table OIDs, so column rules cannot be applied to them: under a plan
   * with column rules the COPY is refused rather than leaking those columns (detectors still run on COPY).
   */
  private adapterVeto(v: Verdict, c: SqlClassification, sql: string): Verdict {
    const lexing = v.proceed ? this.lexing.refusal(sql) : undefined;
    if (lexing !== undefined) {
      return { ...v, proceed: false, masker: null, decision: { ...v.decision, action: 'block', reason: lexing }, message: `agentgate: ${lexing}` };
    }
    if (!v.proceed || !v.masker || v.masker.plan.columns.length === 0 || !c.statementKinds.includes('COPY_TO')) return v;
    const reason = 'COPY … TO STDOUT cannot apply the column masking rules of this policy; use SELECT';
    return { ...v, proceed: false, masker: null, decision: { ...v.decision, action: 'block', reason }, message: `agentgate: ${reason}` };
  }

  private readonly onHold = (h: HoldInfo): void =>
    this.relay.inject(noticeResponse({
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
          const v = this.adapterVeto(verdict, c, m.sql);
          if (v.proceed) {
            this.applyEffects(c);
            this.lexing.forwarded(c);
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
          const v = this.adapterVeto(verdict, c, m.sql);
          if (v.proceed) {
            this.applyEffects(c);
            this.lexing.forwarded(c);
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


  // ---------------------------------------------------------------- teardown

  /** Protocol violation or internal error: tell the client (when at a message boundary), end the session. */
  fail(e: Error): void {
    if (this.ended) return;
    const code = e instanceof ProtocolError ? e.code : 'XX000';
    this.o.log.warn('session failed', { error: e.message, code });
    this.gate.error(e.message, code);
    if (this.relay.atBoundary && !this.c.destroyed) {
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
      this.relay.completeOp(h.op);
    }
    this.expect.length = 0;
    this.gate.error(message, '08006');
    if (this.relay.atBoundary) this.c.end(errorResponse({ severity: 'FATAL', code: '08006', message }));
    else this.c.destroy();
    this.end('upstream closed');
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.abort();
    for (const h of this.expect) if ((h.k === 'query' || h.k === 'execute') && h.op) {
      h.op.error ??= reason;
      this.relay.completeOp(h.op);
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

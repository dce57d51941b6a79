// Opening an authenticated connection to the real PostgreSQL server with the sidecar's credentials:
// optional TLS (SSLRequest), startup, then trust / cleartext / MD5 / SCRAM-SHA-256 (server signature
// verified). The agent never sees the password; the caller relays only ParameterStatus and its own key.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { serialize } from 'pg-protocol';
import { parseNoticeFields } from './backend.js';
import { md5Password, scramClientFinal, scramClientFirst, scramVerifyServer } from './scram.js';

export interface UpstreamTarget {
  host: string;
  port: number;
  tls?: boolean | { ca?: string; servername?: string; rejectUnauthorized?: boolean };
}

export interface UpstreamLogin extends UpstreamTarget {
  user: string;
  password?: string;
  database: string;
  /** Other startup parameters from the client (application_name, client_encoding, options, DateStyle…). */
  params?: Record<string, string>;
  timeoutMs?: number;
}

export interface UpstreamConnection {
  socket: Socket | TLSSocket;
  processId: number;
  secretKey: number;
  /** Raw ParameterStatus / NoticeResponse messages received during startup, to relay to the client. */
  startupMessages: Buffer[];
  txStatus: 'I' | 'T' | 'E';
  /** Bytes received after ReadyForQuery (normally none). */
  leftover: Buffer;
}

export class UpstreamError extends Error {
  constructor(message: string, readonly code = '08006', readonly fromServer = false) {
    super(message);
  }
}

/** Minimal framed reader for the startup phase; detached before the relay takes over the socket. */
export class StartupReader {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;
  constructor(private readonly socket: Socket, initial?: Buffer) {
    if (initial?.length) this.buf = initial;
    socket.on('data', this.onData);
    socket.on('error', this.onEnd);
    socket.on('close', this.onEnd);
  }
  private onData = (d: Buffer) => {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    this.wake();
  };
  private onEnd = (e?: unknown) => {
    this.failure ??= e instanceof Error ? e : new Error('connection closed by the server');
    this.wake();
  };
  private wake() {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
  async bytes(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (this.failure) throw new UpstreamError(`upstream: ${this.failure.message}`);
      await new Promise<void>((r) => (this.waiter = r));
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
  async message(): Promise<{ type: string; body: Buffer; raw: Buffer }> {
    const head = await this.bytes(5);
    const len = head.readInt32BE(1);
    if (len < 4 || len > 16 * 1024 * 1024) throw new UpstreamError(`upstream sent an invalid message length ${len} during startup`, '08P01');
    const body = Buffer.from(await this.bytes(len - 4));
    return { type: String.fromCharCode(head[0]!), body, raw: Buffer.concat([head, body]) };
  }
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onEnd);
    this.socket.off('close', this.onEnd);
    return this.buf;
  }
}

function tcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host, port });
    s.setNoDelay(true);
    const t = setTimeout(() => {
      s.destroy();
      reject(new UpstreamError(`upstream ${host}:${port}: connect timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(t);
      reject(new UpstreamError(`upstream ${host}:${port}: ${e.message}`));
    });
  });
}

/** TCP, then SSLRequest and a TLS handshake when `tls` is set. */
export async function openSocket(t: UpstreamTarget, timeoutMs = 10_000): Promise<Socket | TLSSocket> {
  const s = await tcp(t.host, t.port, timeoutMs);
  if (!t.tls) return s;
  const opts = typeof t.tls === 'object' ? t.tls : {};
  s.write(serialize.requestSsl());
  const r = new StartupReader(s);
  const answer = await r.bytes(1).catch((e: Error) => {
    s.destroy();
    throw e;
  });
  r.detach();
  if (answer[0] !== 0x53) {
    s.destroy();
    throw new UpstreamError(`upstream ${t.host}:${t.port} does not accept TLS`);
  }
  return new Promise((resolve, reject) => {
    const ts = tlsConnect({
      socket: s,
      servername: opts.servername ?? t.host,
      ...(opts.ca !== undefined && { ca: opts.ca }),
      rejectUnauthorized: opts.rejectUnauthorized ?? true,
    });
    ts.once('secureConnect', () => {
      ts.removeAllListeners('error');
      resolve(ts);
    });
    ts.once('error', (e) => {
      s.destroy();
      reject(new UpstreamError(`upstream TLS: ${e.message}`));
    });
  });
}

/** Connect and log in; resolves at the server's first ReadyForQuery. */
export async function connectUpstream(o: UpstreamLogin): Promise<UpstreamConnection> {
  const socket = await openSocket(o, o.timeoutMs);
  const r = new StartupReader(socket);
  try {
    socket.write(serialize.startup({ ...o.params, user: o.user, database: o.database }));
    let scram: ReturnType<typeof scramClientFirst>['state'] | null = null;
    const startupMessages: Buffer[] = [];
    let processId = 0;
    let secretKey = 0;
    const needPassword = (): string => {
      if (o.password === undefined) throw new UpstreamError('upstream asks for a password but the sidecar has none configured', '28P01');
      return o.password;
    };
    for (;;) {
      const m = await r.message();
      switch (m.type) {
        case 'R': {
          const code = m.body.readInt32BE(0);
          if (code === 0) break; // AuthenticationOk
          if (code === 3) socket.write(serialize.password(needPassword()));
          else if (code === 5) socket.write(serialize.password(md5Password(o.user, needPassword(), m.body.subarray(4, 8))));
          else if (code === 10) {
            const mechs = m.body.toString('utf8', 4).split('\0');
            if (!mechs.includes('SCRAM-SHA-256')) throw new UpstreamError(`upstream offers no supported SASL mechanism (${mechs.filter(Boolean).join(', ')})`, '28000');
            const first = scramClientFirst();
            needPassword();
            scram = first.state;
            socket.write(serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', first.message));
          } else if (code === 11) {
            if (!scram) throw new UpstreamError('upstream sent SASLContinue out of order', '08P01');
            socket.write(serialize.sendSCRAMClientFinalMessage(scramClientFinal(scram, needPassword(), m.body.toString('utf8', 4))));
          } else if (code === 12) {
            if (!scram) throw new UpstreamError('upstream sent SASLFinal out of order', '08P01');
            scramVerifyServer(scram, m.body.toString('utf8', 4));
          } else throw new UpstreamError(`upstream requires an unsupported authentication method (code ${code})`, '28000');
          break;
        }
        case 'S':
        case 'N':
          startupMessages.push(m.raw);
          break;
        case 'K':
          processId = m.body.readInt32BE(0);
          secretKey = m.body.readInt32BE(4);
          break;
        case 'E': {
          const f = parseNoticeFields(m.body);
          throw new UpstreamError(`upstream refused the login: ${f.get('M') ?? 'unknown error'}`, f.get('C') ?? '08006', true);
        }
        case 'Z': {
          const leftover = r.detach();
          return { socket, processId, secretKey, startupMessages, txStatus: m.body.toString('latin1', 0, 1) as 'I', leftover: Buffer.from(leftover) };
        }
        default:
          throw new UpstreamError(`upstream sent unexpected message ${JSON.stringify(m.type)} during startup`, '08P01');
      }
    }
  } catch (e) {
    r.detach();
    socket.destroy();
    if (e instanceof UpstreamError) throw e;
    throw new UpstreamError(`upstream login failed: ${(e as Error).message}`, '28000');
  }
}

/** Send a CancelRequest for `processId/secretKey` on a fresh connection (the protocol's way). */
export async function cancelUpstream(t: UpstreamTarget, processId: number, secretKey: number): Promise<void> {
  const s = await openSocket(t, 5000);
  await new Promise<void>((resolve) => {
    s.end(serialize.cancel(processId, secretKey), () => resolve());
    s.on('error', () => resolve());
  });
  s.destroy();
}

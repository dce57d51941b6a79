// Frontend (client → server) message codec, protocol v3 (PostgreSQL docs, "Message Formats").
// pg-protocol only parses backend messages, so this is the one place that reads what clients send.
// Pure: parses complete messages handed over by the framer (framing.ts); throws ProtocolError on bad input.

export const PROTOCOL_V3 = 196608; // 3.0
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

export class ProtocolError extends Error {
  constructor(message: string, readonly code = '08P01') {
    super(message);
  }
}

export type StartupPacket =
  | { type: 'startup'; protocol: number; params: Record<string, string> }
  | { type: 'ssl' }
  | { type: 'gssenc' }
  | { type: 'cancel'; processId: number; secretKey: number };

export type FrontendMessage =
  | { type: 'query'; sql: string }
  | { type: 'parse'; name: string; sql: string; paramTypes: number[] }
  | { type: 'bind'; portal: string; statement: string; paramFormats: number[]; params: (Buffer | null)[]; resultFormats: number[] }
  | { type: 'describe'; target: 'S' | 'P'; name: string }
  | { type: 'execute'; portal: string; maxRows: number }
  | { type: 'close'; target: 'S' | 'P'; name: string }
  | { type: 'sync' }
  | { type: 'flush' }
  | { type: 'copyData'; data: Buffer }
  | { type: 'copyDone' }
  | { type: 'copyFail'; message: string }
  | { type: 'password'; data: Buffer } // PasswordMessage, SASLInitialResponse, SASLResponse, GSSResponse share 'p'
  | { type: 'terminate' }
  | { type: 'functionCall'; oid: number };

/** Reads a message body; every read is bounds-checked so truncated input throws instead of reading garbage. */
export class Reader {
  off = 0;
  constructor(readonly buf: Buffer, off = 0) {
    this.off = off;
  }
  private need(n: number): void {
    if (n < 0 || this.off + n > this.buf.length) throw new ProtocolError('message truncated');
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.off);
    this.off += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.off);
    this.off += 4;
    return v;
  }
  byte(): number {
    this.need(1);
    return this.buf[this.off++]!;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.off);
    if (end < 0) throw new ProtocolError('unterminated string');
    const s = this.buf.toString('utf8', this.off, end);
    this.off = end + 1;
    return s;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  rest(): Buffer {
    const b = this.buf.subarray(this.off);
    this.off = this.buf.length;
    return b;
  }
  get remaining(): number {
    return this.buf.length - this.off;
  }
}

/** Parse an untyped first packet (length included in `buf`). */
export function parseStartup(buf: Buffer): StartupPacket {
  const r = new Reader(buf);
  const len = r.int32();
  if (len !== buf.length || len < 8) throw new ProtocolError('invalid startup packet length');
  const code = r.int32();
  if (code === SSL_REQUEST && len === 8) return { type: 'ssl' };
  if (code === GSSENC_REQUEST && len === 8) return { type: 'gssenc' };
  if (code === CANCEL_REQUEST && len === 16) return { type: 'cancel', processId: r.int32(), secretKey: r.int32() };
  if (code >> 16 !== 3) throw new ProtocolError(`unsupported frontend protocol ${code >> 16}.${code & 0xffff}: server supports 3.0`, '0A000');
  const params: Record<string, string> = {};
  while (r.remaining > 1) {
    const k = r.cstring();
    params[k] = r.cstring();
  }
  if (r.remaining !== 1 || r.byte() !== 0) throw new ProtocolError('invalid startup packet layout');
  if (params.user === undefined) throw new ProtocolError('no PostgreSQL user name specified in startup packet', '28000');
  return { type: 'startup', protocol: code, params };
}

function target(r: Reader): 'S' | 'P' {
  const t = r.byte();
  if (t === 0x53) return 'S';
  if (t === 0x50) return 'P';
  throw new ProtocolError(`invalid target type ${t}`);
}

function formats(r: Reader): number[] {
  const n = r.int16();
  if (n < 0) throw new ProtocolError('negative format count');
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = r.int16();
    if (f !== 0 && f !== 1) throw new ProtocolError(`invalid format code ${f}`);
    out[i] = f;
  }
  return out;
}

/** Parse one typed message; `body` excludes the type byte and length word. */
export function parseFrontend(type: number, body: Buffer): FrontendMessage {
  const r = new Reader(body);
  let m: FrontendMessage;
  switch (type) {
    case 0x51: // Q
      m = { type: 'query', sql: r.cstring() };
      break;
    case 0x50: {
      // P
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      if (n < 0) throw new ProtocolError('negative parameter count');
      const paramTypes: number[] = new Array(n);
      for (let i = 0; i < n; i++) paramTypes[i] = r.int32() >>> 0;
      m = { type: 'parse', name, sql, paramTypes };
      break;
    }
    case 0x42: {
      // B
      const portal = r.cstring();
      const statement = r.cstring();
      const paramFormats = formats(r);
      const n = r.int16();
      if (n < 0) throw new ProtocolError('negative parameter count');
      const params: (Buffer | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const len = r.int32();
        if (len < -1) throw new ProtocolError('invalid parameter length');
        params[i] = len === -1 ? null : r.bytes(len);
      }
      m = { type: 'bind', portal, statement, paramFormats, params, resultFormats: formats(r) };
      break;
    }
    case 0x44: // D
      m = { type: 'describe', target: target(r), name: r.cstring() };
      break;
    case 0x45: // E
      m = { type: 'execute', portal: r.cstring(), maxRows: r.int32() };
      break;
    case 0x43: // C
      m = { type: 'close', target: target(r), name: r.cstring() };
      break;
    case 0x53: // S
      m = { type: 'sync' };
      break;
    case 0x48: // H
      m = { type: 'flush' };
      break;
    case 0x64: // d
      return { type: 'copyData', data: r.rest() };
    case 0x63: // c
      m = { type: 'copyDone' };
      break;
    case 0x66: // f
      m = { type: 'copyFail', message: r.cstring() };
      break;
    case 0x70: // p
      return { type: 'password', data: r.rest() };
    case 0x58: // X
      m = { type: 'terminate' };
      break;
    case 0x46: // F: FunctionCall (fastpath); we only need to know it happened
      return { type: 'functionCall', oid: r.int32() >>> 0 };
    default:
      throw new ProtocolError(`invalid frontend message type ${JSON.stringify(String.fromCharCode(type))} (0x${type.toString(16)})`);
  }
  if (r.remaining !== 0) throw new ProtocolError(`invalid message format: ${r.remaining} trailing bytes in ${String.fromCharCode(type)}`);
  return m;
}

/** Frontend messages a client may legally send after startup. */
export const FRONTEND_TYPES = new Set([0x51, 0x50, 0x42, 0x44, 0x45, 0x43, 0x53, 0x48, 0x64, 0x63, 0x66, 0x70, 0x58, 0x46]);

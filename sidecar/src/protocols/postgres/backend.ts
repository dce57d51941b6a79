// Backend (server → client) message serialiser, protocol v3 (PostgreSQL docs, "Message Formats").
// pg-protocol serialises only frontend messages; the sidecar answers clients itself on startup,
// refusals, holds and masked rows. Pure.

function msg(type: string, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length);
  out[0] = type.charCodeAt(0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
}

function cstr(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf8');
}

export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

export interface NoticeFields {
  severity: Severity;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** Field codes as in "Error and Notice Message Fields". */
function fields(f: NoticeFields): Buffer {
  const parts: Buffer[] = [
    cstr(`S${f.severity}`),
    cstr(`V${f.severity}`),
    cstr(`C${f.code}`),
    cstr(`M${f.message}`),
  ];
  if (f.detail !== undefined) parts.push(cstr(`D${f.detail}`));
  if (f.hint !== undefined) parts.push(cstr(`H${f.hint}`));
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

export const errorResponse = (f: NoticeFields): Buffer => msg('E', fields(f));
export const noticeResponse = (f: NoticeFields): Buffer => msg('N', fields(f));

export type TxStatus = 'I' | 'T' | 'E';
export const readyForQuery = (status: TxStatus): Buffer => msg('Z', Buffer.from(status, 'latin1'));

export const authenticationOk = (): Buffer => msg('R', int32(0));
export const authenticationCleartextPassword = (): Buffer => msg('R', int32(3));

export const parameterStatus = (name: string, value: string): Buffer => msg('S', Buffer.concat([cstr(name), cstr(value)]));

export function backendKeyData(processId: number, secretKey: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeInt32BE(processId, 0);
  b.writeInt32BE(secretKey, 4);
  return msg('K', b);
}

export const commandComplete = (tag: string): Buffer => msg('C', cstr(tag));
export const emptyQueryResponse = (): Buffer => msg('I', Buffer.alloc(0));

/** DataRow from already-encoded values (null = SQL NULL). */
export function dataRow(values: readonly (Buffer | null)[]): Buffer {
  let len = 4 + 2;
  for (const v of values) len += 4 + (v ? v.length : 0);
  const out = Buffer.allocUnsafe(1 + len);
  out[0] = 0x44;
  out.writeInt32BE(len, 1);
  out.writeInt16BE(values.length, 5);
  let off = 7;
  for (const v of values) {
    if (v === null) {
      out.writeInt32BE(-1, off);
      off += 4;
    } else {
      out.writeInt32BE(v.length, off);
      off += 4;
      off += v.copy(out, off);
    }
  }
  return out;
}

export interface FieldDescription {
  name: string;
  tableOid: number;
  attnum: number;
  typeOid: number;
  typeLen: number;
  typeMod: number;
  format: 0 | 1;
}

/** RowDescription (used in tests and by the demo; the relay passes upstream's bytes through unchanged). */
export function rowDescription(cols: readonly FieldDescription[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0, 0])];
  parts[0]!.writeInt16BE(cols.length, 0);
  for (const c of cols) {
    const b = Buffer.allocUnsafe(18);
    b.writeUInt32BE(c.tableOid >>> 0, 0);
    b.writeInt16BE(c.attnum, 4);
    b.writeUInt32BE(c.typeOid >>> 0, 6);
    b.writeInt16BE(c.typeLen, 10);
    b.writeInt32BE(c.typeMod, 12);
    b.writeInt16BE(c.format, 16);
    parts.push(cstr(c.name), b);
  }
  return msg('T', Buffer.concat(parts));
}

/** Parse a RowDescription body (type byte and length excluded). */
export function parseRowDescription(body: Buffer): FieldDescription[] {
  const n = body.readInt16BE(0);
  const out: FieldDescription[] = new Array(n);
  let off = 2;
  for (let i = 0; i < n; i++) {
    const end = body.indexOf(0, off);
    if (end < 0) throw new Error('RowDescription: unterminated name');
    const name = body.toString('utf8', off, end);
    off = end + 1;
    out[i] = {
      name,
      tableOid: body.readUInt32BE(off),
      attnum: body.readInt16BE(off + 4),
      typeOid: body.readUInt32BE(off + 6),
      typeLen: body.readInt16BE(off + 10),
      typeMod: body.readInt32BE(off + 12),
      format: body.readInt16BE(off + 16) === 1 ? 1 : 0,
    };
    off += 18;
  }
  return out;
}

/** Parse ErrorResponse / NoticeResponse fields into a code → value map. */
export function parseNoticeFields(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let off = 0;
  while (off < body.length && body[off] !== 0) {
    const code = String.fromCharCode(body[off]!);
    const end = body.indexOf(0, off + 1);
    if (end < 0) break;
    out.set(code, body.toString('utf8', off + 1, end));
    off = end + 1;
  }
  return out;
}

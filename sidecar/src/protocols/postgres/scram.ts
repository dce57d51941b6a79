// SCRAM-SHA-256 client (RFC 5802 / 7677) as PostgreSQL speaks it: no channel binding, empty user
// name in the client-first message (the server uses the startup user). Pure crypto, no I/O.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();

// PBKDF2 with 4096 rounds costs milliseconds; reconnects with the same salt reuse it.
const saltedCache = new Map<string, Buffer>();

function saltedPassword(password: string, salt: string, iterations: number): Buffer {
  const key = `${salt}:${iterations}:${createHash('sha256').update(password).digest('hex')}`;
  let v = saltedCache.get(key);
  if (!v) {
    v = pbkdf2Sync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), iterations, 32, 'sha256');
    if (saltedCache.size > 64) saltedCache.clear();
    saltedCache.set(key, v);
  }
  return v;
}

export interface ScramState {
  clientNonce: string;
  clientFirstBare: string;
  serverSignature?: Buffer;
}

export function scramClientFirst(nonce = randomBytes(18).toString('base64')): { state: ScramState; message: string } {
  const clientFirstBare = `n=*,r=${nonce}`;
  return { state: { clientNonce: nonce, clientFirstBare }, message: `n,,${clientFirstBare}` };
}

function attrs(msg: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of msg.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) m.set(part.slice(0, i), part.slice(i + 1));
  }
  return m;
}

/** Answer the server-first message; returns the client-final message. Throws on a malformed or foreign nonce. */
export function scramClientFinal(state: ScramState, password: string, serverFirst: string): string {
  const a = attrs(serverFirst);
  const nonce = a.get('r');
  const salt = a.get('s');
  const iterations = Number(a.get('i'));
  if (!nonce || !salt || !Number.isInteger(iterations) || iterations < 1) throw new Error('SCRAM: malformed server-first message');
  if (!nonce.startsWith(state.clientNonce) || nonce.length === state.clientNonce.length) throw new Error('SCRAM: server nonce does not extend the client nonce');
  const salted = saltedPassword(password, salt, iterations);
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=biws,r=${nonce}`;
  const authMessage = `${state.clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.alloc(clientKey.length);
  for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ signature[i]!;
  state.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
  return `${withoutProof},p=${proof.toString('base64')}`;
}

/** Verify the server-final message: proves the server knew the password too (no impostor upstream). */
export function scramVerifyServer(state: ScramState, serverFinal: string): void {
  const a = attrs(serverFinal);
  if (a.has('e')) throw new Error(`SCRAM: server error ${a.get('e')}`);
  const v = a.get('v');
  if (!v || !state.serverSignature) throw new Error('SCRAM: missing server signature');
  const got = Buffer.from(v, 'base64');
  if (got.length !== state.serverSignature.length || !timingSafeEqual(got, state.serverSignature)) {
    throw new Error('SCRAM: server signature does not match');
  }
}

export function md5Password(user: string, password: string, salt: Buffer): string {
  const inner = createHash('md5').update(password + user).digest('hex');
  return 'md5' + createHash('md5').update(Buffer.concat([Buffer.from(inner), salt])).digest('hex');
}

// Manifest signatures (compact JWS via jose). The recorder signs with a configured private key, or with
// an Ed25519 key it generates once per journal folder. Every manifest carries the public JWK and its
// thumbprint as `kid`: `sessions verify` can then check integrity on its own, and proves *origin* only
// when given the expected public key (--key), because anyone can sign with a key they embed themselves.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, CompactSign, compactVerify, createLocalJWKSet, EmbeddedJWK, type JWK } from 'jose';
import { MANIFEST_TYPE, type Manifest } from './chain.js';

export const GENERATED_KEY_FILE = 'signing-key.pem';

export interface Signer {
  alg: 'EdDSA' | 'ES256';
  kid: string;
  publicJwk: JWK;
  sign(manifest: Manifest): Promise<string>;
}

function algOf(key: KeyObject): 'EdDSA' | 'ES256' {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`unsupported signing key type ${key.asymmetricKeyType ?? '?'}: use Ed25519 or EC P-256`);
}

/** A private key from PEM (PKCS#8 / SEC1) or JWK text. */
export function parsePrivateKey(text: string): KeyObject {
  const t = text.trim();
  return t.startsWith('{') ? createPrivateKey({ key: JSON.parse(t) as JsonWebKey, format: 'jwk' }) : createPrivateKey(t);
}

export async function signerFor(privateKey: KeyObject): Promise<Signer> {
  const alg = algOf(privateKey);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk);
  const header = { alg, kid, typ: MANIFEST_TYPE, jwk: publicJwk };
  return {
    alg,
    kid,
    publicJwk,
    sign: (manifest) => new CompactSign(Buffer.from(JSON.stringify(manifest))).setProtectedHeader(header).sign(privateKey),
  };
}

/** The configured key, or the journal folder's generated one (created on first use, mode 0600). */
export async function loadSigner(keyFile: string | undefined, journalDir: string): Promise<Signer> {
  if (keyFile) return signerFor(parsePrivateKey(readFileSync(keyFile, 'utf8')));
  const path = join(journalDir, GENERATED_KEY_FILE);
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return signerFor(parsePrivateKey(readFileSync(path, 'utf8')));
}

/** Public keys for verification from PEM (public or private), a JWK, or a JWKS document. */
export async function parseVerifyKeys(text: string): Promise<JWK[]> {
  const t = text.trim();
  let jwks: JWK[];
  if (t.startsWith('{')) {
    const doc = JSON.parse(t) as { keys?: JWK[] } & JWK;
    jwks = Array.isArray(doc.keys) ? doc.keys : [doc];
  } else {
    const key = t.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(t)) : createPublicKey(t);
    jwks = [key.export({ format: 'jwk' }) as JWK];
  }
  // Strip private parts and give every key its thumbprint as kid, which is what manifests name.
  return Promise.all(
    jwks.map(async (k) => {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = k;
      return { ...pub, kid: await calculateJwkThumbprint(pub) };
    }),
  );
}

export interface VerifiedManifest {
  manifest: Manifest;
  kid: string;
}

/** Verify a manifest JWS, against `keys` when given, else against the key it embeds. Throws if invalid. */
export async function verifyManifest(jws: string, keys?: JWK[]): Promise<VerifiedManifest> {
  const result = keys
    ? await compactVerify(jws, createLocalJWKSet({ keys }), { algorithms: ['EdDSA', 'ES256'] })
    : await compactVerify(jws, EmbeddedJWK, { algorithms: ['EdDSA', 'ES256'] });
  if (result.protectedHeader.typ !== MANIFEST_TYPE) throw new Error(`not an agentgate manifest (typ ${String(result.protectedHeader.typ)})`);
  const manifest = JSON.parse(Buffer.from(result.payload).toString('utf8')) as Manifest;
  const kid = keys ? String(result.protectedHeader.kid) : await calculateJwkThumbprint(result.protectedHeader.jwk!);
  return { manifest, kid };
}

/** The payload of a manifest without checking its signature (the recorder reading its own outbox). */
export function decodeManifest(jws: string): Manifest {
  const payload = jws.split('.')[1];
  if (payload === undefined) throw new Error('not a compact JWS');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Manifest;
}

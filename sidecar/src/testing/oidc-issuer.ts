// A real OIDC issuer on loopback for tests (sidecar unit tests and e2e): discovery document + JWKS over
// HTTP, keys generated per run, counting JWKS fetches so rate limiting can be asserted; signs tokens too.
// Test tooling shipped as `@agentgate/sidecar/testing`; nothing in the data path imports it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function makeKey(kid: string, alg = 'ES256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  /** Keys currently published. Replace to rotate. */
  published: TestKey[];
  jwksFetches: number;
  /** When true the JWKS endpoint answers 503. */
  down: boolean;
  sign(key: TestKey, claims: JWTPayload, opts?: { expiresIn?: string | number; audience?: string; issuer?: string; notBefore?: string | number }): Promise<string>;
  close(): Promise<void>;
}

export async function startIssuer(): Promise<TestIssuer> {
  let base = '';
  const state: TestIssuer = {
    issuer: '',
    jwksUri: '',
    published: [],
    jwksFetches: 0,
    down: false,
    async sign(key, claims, opts = {}) {
      let jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setIssuer(opts.issuer ?? state.issuer)
        .setAudience(opts.audience ?? 'agentgate')
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '5m');
      if (opts.notBefore !== undefined) jwt = jwt.setNotBefore(opts.notBefore);
      return jwt.sign(key.privateKey);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: state.issuer, jwks_uri: state.jwksUri }));
      return;
    }
    if (req.url === '/jwks') {
      state.jwksFetches++;
      if (state.down) {
        res.statusCode = 503;
        res.end('down');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: state.published.map((k) => k.jwk) }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.issuer = base;
  state.jwksUri = `${base}/jwks`;
  return state;
}

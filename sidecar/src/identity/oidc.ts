// OIDC token verification for agents that present a token (as the Postgres password, an HTTP bearer).
// Keys come from the issuer's JWKS via jose's remote key set: cached, refetched when a token names an
// unknown `kid` (key rotation) but at most once per cooldown, so a flood of forged kids cannot turn the
// sidecar into a JWKS hammer. Every failure carries a machine reason and a sentence a human can act on;
// the protocol adapter maps the reason to its native error (SQLSTATE 28P01/28000, HTTP 401/403).
import {
  createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify,
  type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
import { parseDuration, type Oidc } from '@agentgate/api';

export const OIDC_FAILURE_REASONS = [
  'missing_token', 'malformed', 'alg_not_allowed', 'unknown_key', 'bad_signature', 'expired', 'not_yet_valid',
  'wrong_issuer', 'wrong_audience', 'missing_claim', 'claim_mismatch', 'jwks_unavailable',
] as const;
export type OidcFailureReason = (typeof OIDC_FAILURE_REASONS)[number];

export class OidcError extends Error {
  constructor(
    readonly reason: OidcFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

/**
 * SQLSTATE for a failed token: 28P01 (invalid_password) when the credential itself is bad — forged,
 * expired, unreadable — so clients treat it like a wrong password; 28000 (invalid_authorization_specification)
 * when a sound token is not good for this resource or none was given.
 */
export function sqlstateFor(reason: OidcFailureReason): '28000' | '28P01' {
  switch (reason) {
    case 'missing_token':
    case 'wrong_audience':
    case 'missing_claim':
    case 'claim_mismatch':
    case 'jwks_unavailable':
      return '28000';
    default:
      return '28P01';
  }
}

export interface VerifiedIdentity {
  subject: string;
  groups: string[];
  issuer: string;
  expiresAt?: number;
  claims: JWTPayload;
}

export interface OidcVerifier {
  readonly issuer: string;
  verify(token: string): Promise<VerifiedIdentity>;
}

export interface OidcVerifierOptions {
  /** Minimum time between JWKS refetches triggered by unknown kids. Default 30s (jose's cooldown). */
  refetchCooldownMs?: number;
  /** Keys are refetched at least this often even when every kid is known. Default 10m. */
  cacheMaxAgeMs?: number;
  /** HTTP timeout for discovery and JWKS. Default 5s. */
  timeoutMs?: number;
  /** Test seam: the current time. */
  now?: () => Date;
}

/** Asymmetric algorithms only: `none` and HMAC (a shared secret the sidecar would have to hold) are refused. */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const DEFAULT_SKEW_MS = 60_000;
const MAX_SKEW_MS = 5 * 60_000;

async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (e) {
    throw new OidcError('jwks_unavailable', `OIDC discovery at ${url} failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new OidcError('jwks_unavailable', `OIDC discovery at ${url} answered HTTP ${res.status}`);
  const doc = (await res.json().catch(() => null)) as { jwks_uri?: unknown; issuer?: unknown } | null;
  if (typeof doc?.jwks_uri !== 'string') throw new OidcError('jwks_unavailable', `OIDC discovery at ${url} has no jwks_uri`);
  // A discovery document for another issuer means a misconfiguration or a spoof; refuse it.
  if (typeof doc.issuer === 'string' && doc.issuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw new OidcError('jwks_unavailable', `OIDC discovery at ${url} names issuer ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(issuer)}`);
  }
  return new URL(doc.jwks_uri);
}

function claimValues(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) return v.filter((x): x is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof x)).map(String);
  return [];
}

/** Look a claim up by name; a dotted name (`realm_access.roles`) walks nested objects when no flat claim has it. */
function claim(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let cur: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function mapJoseError(e: unknown, cfg: Oidc): OidcError {
  if (e instanceof OidcError) return e;
  if (e instanceof joseErrors.JWTExpired) return new OidcError('expired', 'token expired');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    switch (e.claim) {
      case 'aud':
        return new OidcError('wrong_audience', `token audience is not one of ${cfg.audiences.join(', ')}`);
      case 'iss':
        return new OidcError('wrong_issuer', `token issuer is not ${cfg.issuer}`);
      case 'nbf':
        return new OidcError('not_yet_valid', 'token is not valid yet (nbf in the future)');
      case 'iat':
        return new OidcError('not_yet_valid', 'token issued in the future (iat)');
      case 'exp':
        return new OidcError('malformed', 'token has no valid exp claim');
      default:
        return new OidcError('malformed', `token claim ${e.claim}: ${e.reason}`);
    }
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return new OidcError('alg_not_allowed', 'token signing algorithm is not allowed (asymmetric algorithms only)');
  if (e instanceof joseErrors.JWKSNoMatchingKey) return new OidcError('unknown_key', 'token signed with a key the issuer does not publish');
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return new OidcError('bad_signature', 'token signature is invalid');
  if (e instanceof joseErrors.JWKSTimeout) return new OidcError('jwks_unavailable', 'issuer keys (JWKS) did not load in time');
  if (e instanceof joseErrors.JWKSInvalid) return new OidcError('jwks_unavailable', 'issuer keys (JWKS) are not a valid key set');
  if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JOSENotSupported) {
    return new OidcError('malformed', `token is malformed: ${(e as Error).message}`);
  }
  const msg = (e as Error)?.message ?? String(e);
  // fetch failures surface as plain errors from the remote key set.
  return new OidcError('jwks_unavailable', `issuer keys (JWKS) unavailable: ${msg}`);
}

export function createOidcVerifier(cfg: Oidc, opts: OidcVerifierOptions = {}): OidcVerifier {
  const skewMs = Math.min(cfg.clockSkew ? parseDuration(cfg.clockSkew) : DEFAULT_SKEW_MS, MAX_SKEW_MS);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const subjectClaim = cfg.subjectClaim ?? 'sub';
  const groupsClaim = cfg.groupsClaim ?? 'groups';
  let keys: JWTVerifyGetKey | undefined;
  let keysPending: Promise<JWTVerifyGetKey> | undefined;

  // Discovery is lazy and retried on the next token after a failure, so a sidecar that starts while the
  // issuer is down recovers on its own instead of needing a restart.
  const getKeys = (): Promise<JWTVerifyGetKey> => {
    if (keys) return Promise.resolve(keys);
    keysPending ??= (async () => {
      const uri = cfg.jwksUri ? new URL(cfg.jwksUri) : await discoverJwksUri(cfg.issuer, timeoutMs);
      keys = createRemoteJWKSet(uri, {
        timeoutDuration: timeoutMs,
        cooldownDuration: opts.refetchCooldownMs ?? 30_000,
        cacheMaxAge: opts.cacheMaxAgeMs ?? 10 * 60_000,
      });
      return keys;
    })().finally(() => {
      keysPending = undefined;
    });
    return keysPending;
  };

  return {
    issuer: cfg.issuer,
    async verify(token: string): Promise<VerifiedIdentity> {
      if (!token) throw new OidcError('missing_token', 'an OIDC token is required (send it as the password)');
      try {
        // Cheap structural check first: a password that is not a JWT should say so, not "bad signature".
        const header = decodeProtectedHeader(token);
        if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) {
          throw new OidcError('alg_not_allowed', `token signing algorithm ${JSON.stringify(header.alg)} is not allowed (asymmetric algorithms only)`);
        }
      } catch (e) {
        if (e instanceof OidcError) throw e;
        throw new OidcError('malformed', 'the password is not a JWT (an OIDC token is required)');
      }
      let payload: JWTPayload;
      try {
        const ks = await getKeys();
        ({ payload } = await jwtVerify(token, ks, {
          issuer: cfg.issuer,
          audience: cfg.audiences,
          algorithms: ALLOWED_ALGORITHMS,
          clockTolerance: Math.round(skewMs / 1000),
          requiredClaims: ['exp'],
          ...(opts.now && { currentDate: opts.now() }),
        }));
      } catch (e) {
        throw mapJoseError(e, cfg);
      }
      const sub = claim(payload, subjectClaim);
      if (typeof sub !== 'string' || sub === '') throw new OidcError('missing_claim', `token has no ${subjectClaim} claim`);
      for (const rc of cfg.requiredClaims ?? []) {
        const have = claimValues(claim(payload, rc.claim));
        if (have.length === 0) throw new OidcError('missing_claim', `token has no ${rc.claim} claim`);
        if (!have.some((v) => rc.values.includes(v))) {
          throw new OidcError('claim_mismatch', `token claim ${rc.claim} is not one of ${rc.values.join(', ')}`);
        }
      }
      const rawGroups = claim(payload, groupsClaim);
      // Some issuers send a single group as a string; treat it as a list of one.
      const groups = claimValues(rawGroups);
      return {
        subject: sub,
        groups,
        issuer: cfg.issuer,
        ...(typeof payload.exp === 'number' && { expiresAt: payload.exp * 1000 }),
        claims: payload,
      };
    },
  };
}

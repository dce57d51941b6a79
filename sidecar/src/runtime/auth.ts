// Client authentication for one listener: when an AgentPolicy that applies to this pod and resource
// asks for OIDC (`spec.identity.oidc`), the agent must send a token as its password; the token is
// verified against the issuer and its subject and groups go to the gate. The listener records a
// refusal through the gate session (kind `error` with the SQLSTATE), so bad tokens show up in the
// audit trail, not only in logs.
import type { Oidc, Protocol } from '@agentgate/api';
import { createOidcVerifier, OidcError, sqlstateFor, type OidcVerifier, type OidcVerifierOptions } from '../identity/index.js';
import { applicablePolicies, type CompiledPolicySet } from '../policy/index.js';
import { counter, type Logger } from '../telemetry/index.js';
import type { ClientAuthResult, PodRef } from './deps.js';

const verifications = counter(
  'agentgate_oidc_verifications_total',
  'OIDC tokens verified at connect, by resource and result (ok or the failure reason).',
  ['resource', 'result'],
);

export interface AuthContext {
  compiled: CompiledPolicySet;
  pod: PodRef;
  logger: Logger;
  oidcOptions?: OidcVerifierOptions;
}

/** One verifier per distinct OIDC block, shared by every listener (one JWKS cache per issuer config). */
const verifierCache = new WeakMap<CompiledPolicySet, Map<string, OidcVerifier>>();

function verifiersFor(ctx: AuthContext, resource: string, protocol: Protocol): { oidc: Oidc; verifier: OidcVerifier; policy: string }[] {
  const policies = applicablePolicies(ctx.compiled, {
    resource,
    protocol,
    identity: { namespace: ctx.pod.namespace, pod: ctx.pod.pod, serviceAccount: ctx.pod.serviceAccount, podLabels: ctx.pod.labels },
  });
  let cache = verifierCache.get(ctx.compiled);
  if (!cache) verifierCache.set(ctx.compiled, (cache = new Map()));
  const out: { oidc: Oidc; verifier: OidcVerifier; policy: string }[] = [];
  for (const p of policies) {
    const oidc = p.object.spec.identity?.oidc;
    if (!oidc) continue;
    const key = JSON.stringify(oidc);
    let v = cache.get(key);
    if (!v) cache.set(key, (v = createOidcVerifier(oidc, ctx.oidcOptions)));
    out.push({ oidc, verifier: v, policy: p.key });
  }
  return out;
}

/**
 * The `authenticateClient` hook for a listener, or undefined when no applicable policy asks for OIDC
 * (then the agent connects without a password: the pod identity is what policies see).
 */
export function clientAuthenticator(
  ctx: AuthContext,
  resource: string,
  protocol: Protocol,
): ((startup: { user: string; database: string; password?: string }) => Promise<ClientAuthResult>) | undefined {
  const verifiers = verifiersFor(ctx, resource, protocol);
  if (verifiers.length === 0) return undefined;
  const required = verifiers.some((v) => v.oidc.required !== false);

  const refuse = (e: OidcError, user: string): ClientAuthResult => {
    const code = sqlstateFor(e.reason);
    // The listener prefixes `agentgate: ` when it sends the FATAL error.
    const message = `OIDC authentication failed: ${e.message}`;
    verifications.inc({ resource, result: e.reason });
    ctx.logger.warn('client refused', { resource, user, reason: e.reason, code, detail: e.message });
    return { refused: message, code };
  };

  return async (startup) => {
    const token = startup.password ?? '';
    if (token === '') {
      if (!required) return {};
      return refuse(new OidcError('missing_token', 'an OIDC token is required: send it as the password'), startup.user);
    }
    // Several policies may name different issuers: the first that accepts the token wins; the
    // first one's error is reported, as that is the issuer the operator listed first.
    let first: OidcError | undefined;
    for (const { verifier } of verifiers) {
      try {
        const id = await verifier.verify(token);
        verifications.inc({ resource, result: 'ok' });
        return { subject: id.subject, groups: id.groups, issuer: id.issuer };
      } catch (e) {
        const err = e instanceof OidcError ? e : new OidcError('malformed', String(e));
        first ??= err;
      }
    }
    return refuse(first!, startup.user);
  };
}

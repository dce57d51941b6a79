// OIDC verification against a real JWKS server on loopback with keys generated per run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOidcVerifier, OidcError, sqlstateFor, type OidcFailureReason } from '../src/identity/index.js';
import { makeKey, startIssuer } from '../src/testing/oidc-issuer.js';

async function rejects(p: Promise<unknown>, reason: OidcFailureReason, message?: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof OidcError, `expected OidcError, got ${String(e)}`);
    assert.equal(e.reason, reason, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

test('OIDC: discovery, subject and groups, expiry, audience, issuer, nbf, alg none, bad signature', async (t) => {
  const iss = await startIssuer();
  t.after(() => iss.close());
  const k1 = await makeKey('k1');
  iss.published = [k1];
  const v = createOidcVerifier({ issuer: iss.issuer, audiences: ['agentgate', 'other'], clockSkew: '30s' });

  const ok = await v.verify(await iss.sign(k1, { sub: 'user:alice', groups: ['sre', 'agents'] }));
  assert.equal(ok.subject, 'user:alice');
  assert.deepEqual(ok.groups, ['sre', 'agents']);
  assert.equal(ok.issuer, iss.issuer);
  assert.equal(iss.jwksFetches, 1, 'keys fetched once, through discovery');
  await v.verify(await iss.sign(k1, { sub: 'bob', groups: 'one-group' })).then((r) => assert.deepEqual(r.groups, ['one-group']));
  assert.equal(iss.jwksFetches, 1, 'cached');

  const now = Math.floor(Date.now() / 1000);
  await rejects(v.verify(await iss.sign(k1, { sub: 'a' }, { expiresIn: now - 120 })), 'expired', /expired/);
  // Inside the 30s skew an expired token still passes: clocks differ between issuer and pod.
  await v.verify(await iss.sign(k1, { sub: 'a' }, { expiresIn: now - 10 }));
  await rejects(v.verify(await iss.sign(k1, { sub: 'a' }, { audience: 'someone-else' })), 'wrong_audience', /agentgate, other/);
  await rejects(v.verify(await iss.sign(k1, { sub: 'a' }, { issuer: 'https://evil.example' })), 'wrong_issuer');
  await rejects(v.verify(await iss.sign(k1, { sub: 'a' }, { notBefore: now + 600 })), 'not_yet_valid');
  await rejects(v.verify(await iss.sign(k1, {})), 'missing_claim', /sub/);

  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'root', iss: iss.issuer, aud: 'agentgate', exp: now + 60 })}.`;
  await rejects(v.verify(none), 'alg_not_allowed');
  const hs = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ sub: 'root', iss: iss.issuer, aud: 'agentgate', exp: now + 60 })}.c2ln`;
  await rejects(v.verify(hs), 'alg_not_allowed');

  // Same kid, different private key: the published key does not verify it.
  const impostor = await makeKey('k1');
  await rejects(v.verify(await iss.sign(impostor, { sub: 'a' })), 'bad_signature');
  // A payload altered after signing.
  const [h, , s] = (await iss.sign(k1, { sub: 'a' })).split('.');
  await rejects(v.verify(`${h}.${b64({ sub: 'admin', iss: iss.issuer, aud: 'agentgate', exp: now + 60 })}.${s}`), 'bad_signature');
  await rejects(v.verify('hunter2'), 'malformed', /not a JWT/);
  await rejects(v.verify(''), 'missing_token');

  assert.equal(sqlstateFor('expired'), '28P01');
  assert.equal(sqlstateFor('bad_signature'), '28P01');
  assert.equal(sqlstateFor('wrong_audience'), '28000');
  assert.equal(sqlstateFor('missing_token'), '28000');
});

test('OIDC: key rotation refetches on an unknown kid, at most once per cooldown', async (t) => {
  const iss = await startIssuer();
  t.after(() => iss.close());
  const k1 = await makeKey('k1', 'RS256');
  const k2 = await makeKey('k2', 'EdDSA');
  iss.published = [k1];
  const v = createOidcVerifier({ issuer: iss.issuer, audiences: ['agentgate'], jwksUri: iss.jwksUri }, { refetchCooldownMs: 300 });
  await v.verify(await iss.sign(k1, { sub: 'a' }));
  assert.equal(iss.jwksFetches, 1);

  // The issuer rotates: k2 is published, k1 retired. Wait out the cooldown, as a real rotation would be.
  iss.published = [k2, k1];
  await new Promise((r) => setTimeout(r, 350));
  const r2 = await v.verify(await iss.sign(k2, { sub: 'rotated' }));
  assert.equal(r2.subject, 'rotated');
  assert.equal(iss.jwksFetches, 2, 'one refetch for the new kid');

  // A flood of tokens with unknown kids costs at most one more fetch inside the cooldown.
  const rogue = await makeKey('rogue');
  const before = iss.jwksFetches;
  for (let i = 0; i < 20; i++) await rejects(v.verify(await iss.sign(rogue, { sub: 'x' })), 'unknown_key', /does not publish/);
  assert.ok(iss.jwksFetches - before <= 1, `fetched ${iss.jwksFetches - before} times for 20 unknown kids`);
});

test('OIDC: required claims and nested group claims', async (t) => {
  const iss = await startIssuer();
  t.after(() => iss.close());
  const k = await makeKey('k');
  iss.published = [k];
  const v = createOidcVerifier({
    issuer: iss.issuer,
    audiences: ['agentgate'],
    jwksUri: iss.jwksUri,
    groupsClaim: 'realm_access.roles',
    subjectClaim: 'email',
    requiredClaims: [{ claim: 'tenant', values: ['acme'] }],
  });
  const r = await v.verify(await iss.sign(k, { email: 'a@acme.test', tenant: 'acme', realm_access: { roles: ['dba'] } }));
  assert.equal(r.subject, 'a@acme.test');
  assert.deepEqual(r.groups, ['dba']);
  await rejects(v.verify(await iss.sign(k, { email: 'a@acme.test', tenant: 'globex' })), 'claim_mismatch', /tenant/);
  await rejects(v.verify(await iss.sign(k, { email: 'a@acme.test' })), 'missing_claim', /tenant/);
});

test('OIDC: an unreachable JWKS is reported, and the verifier recovers when it returns', async (t) => {
  const iss = await startIssuer();
  t.after(() => iss.close());
  const k = await makeKey('k');
  iss.published = [k];
  iss.down = true;
  const v = createOidcVerifier({ issuer: iss.issuer, audiences: ['agentgate'], jwksUri: iss.jwksUri }, { refetchCooldownMs: 0 });
  const token = await iss.sign(k, { sub: 'a' });
  await rejects(v.verify(token), 'jwks_unavailable');
  iss.down = false;
  assert.equal((await v.verify(token)).subject, 'a');
});

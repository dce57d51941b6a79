// Tamper evidence without I/O: manifest signatures and the chain rules over synthetic sink contents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { MANIFEST_VERSION, verifyChain, verifySessions, type DataEntry, type Manifest, type ManifestEntry } from '../src/recorder/chain.js';
import { dataKey, manifestKey, parseDataKey, parseManifestKey } from '../src/recorder/keys.js';
import { decodeManifest, parseVerifyKeys, signerFor, verifyManifest } from '../src/recorder/signing.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ID = { namespace: 'agents', pod: 'p1', chain: 'abcdef012345' };
const NAME = 'agents/p1/abcdef012345';

/** A chain of n files whose contents are "file-<i>", manifests linked by hash. */
function chain(n: number, finalLast = true): { manifests: ManifestEntry[]; data: DataEntry[] } {
  const manifests: ManifestEntry[] = [];
  const data: DataEntry[] = [];
  let prev: string | null = null;
  for (let index = 0; index < n; index++) {
    const id = { ...ID, index };
    const key = dataKey(id, 480_000 + index);
    const content = sha(`file-${index}`);
    const m: Manifest = {
      v: MANIFEST_VERSION, event_schema_version: 1, ...id, key, sha256: content, bytes: 10, prev_sha256: prev, rows: 5,
      min_ts: 0, max_ts: 0, created: 0, dropped: 0, final: finalLast && index === n - 1, sessions: [],
    };
    manifests.push({ key: manifestKey(id), at: parseManifestKey(manifestKey(id))!, manifest: m, kid: 'k1' });
    data.push({ key, at: parseDataKey(key)!, sha256: content });
    prev = content;
  }
  return { manifests, data };
}

const check = (c: { manifests: ManifestEntry[]; data: DataEntry[] }, fromStart = true) => verifyChain({ name: NAME, ...c, fromStart });
const errors = (r: ReturnType<typeof check>) => r.findings.filter((f) => f.severity === 'error');

test('an intact, sealed chain verifies with no finding', () => {
  const r = check(chain(4));
  assert.deepEqual(r.findings, []);
  assert.equal(r.verified.length, 4);
  assert.equal(r.sealed, true);
});

test('a deleted file (data and manifest) is reported by index, after the file before it', () => {
  const c = chain(5);
  c.manifests.splice(2, 1);
  c.data.splice(2, 1);
  const e = errors(check(c));
  assert.equal(e.length, 1, JSON.stringify(e));
  assert.equal(e[0]!.problem, 'missing-file');
  assert.match(e[0]!.message, /file #2 is missing .* after namespace=agents\/.*-00000001\.parquet/);
});

test('deleting the first files is caught when the whole chain is listed, not under a time filter', () => {
  const c = chain(3);
  c.manifests.shift();
  c.data.shift();
  assert.deepEqual(errors(check(c)).map((f) => f.problem), ['missing-file']);
  assert.deepEqual(errors(check(c, false)), []);
});

test('altered content names the object and both hashes', () => {
  const c = chain(3);
  c.data[1]!.sha256 = sha('tampered');
  const e = errors(check(c));
  assert.equal(e.length, 1);
  assert.equal(e[0]!.problem, 'altered');
  assert.equal(e[0]!.key, c.data[1]!.key);
  assert.match(e[0]!.message, new RegExp(`manifest says ${c.manifests[1]!.manifest!.sha256}`));
});

test('swapped contents are reported as reordered, naming whose content each key holds', () => {
  const c = chain(4);
  const [a, b] = [c.data[1]!.sha256, c.data[2]!.sha256];
  c.data[1]!.sha256 = b;
  c.data[2]!.sha256 = a;
  const e = errors(check(c));
  assert.deepEqual(e.map((f) => f.problem), ['reordered', 'reordered']);
  assert.match(e[0]!.message, /-00000001\.parquet holds the content of file #2/);
});

test('a manifest copied under another index is caught as moved; a foreign or unsigned file is flagged', () => {
  const c = chain(3);
  c.manifests[2] = { ...c.manifests[2]!, manifest: c.manifests[1]!.manifest };
  const e = errors(check(c)).map((f) => f.problem);
  assert.ok(e.includes('manifest-moved'), e.join());
  const d = chain(3);
  const extraKey = dataKey({ ...ID, index: 1 }, 1);
  d.data.push({ key: extraKey, at: parseDataKey(extraKey)!, sha256: sha('x') });
  assert.deepEqual(errors(check(d)).map((f) => f.problem), ['unsigned']);
  const tail = chain(2);
  const pendingKey = dataKey({ ...ID, index: 2 }, 1);
  tail.data.push({ key: pendingKey, at: parseDataKey(pendingKey)!, sha256: sha('y') });
  const r = check(tail);
  assert.deepEqual(errors(r), [], 'a file newer than the last manifest may still be uploading');
  assert.ok(r.findings.some((f) => f.problem === 'pending'));
});

test('a rewritten chain link and an unsealed tail are reported; several signing keys are an error', () => {
  const c = chain(3, false);
  c.manifests[2]!.manifest!.prev_sha256 = sha('elsewhere');
  const r = check(c);
  assert.deepEqual(errors(r).map((f) => f.problem), ['broken-link']);
  assert.ok(r.findings.some((f) => f.problem === 'open-tail' && f.severity === 'warning'));
  const k = chain(2);
  k.manifests[1]!.kid = 'k2';
  assert.deepEqual(errors(check(k)).map((f) => f.problem), ['key-changed']);
  const s = chain(2);
  s.manifests[0] = { key: s.manifests[0]!.key, at: s.manifests[0]!.at, signatureError: 'signature verification failed' };
  assert.ok(errors(check(s)).some((f) => f.problem === 'bad-signature'));
});

test('session sequence numbers: gaps and duplicates per session; declared drops make gaps warnings', () => {
  const ev = (session_id: string, ...seqs: number[]) => seqs.map((seq) => ({ session_id, seq }));
  const f = verifySessions(NAME, [...ev('a', 0, 1, 2, 3), ...ev('b', 0, 2, 2, 5), ...ev('c', 3, 4)], { droppedDeclared: false, fromStart: true });
  const msgs = f.map((x) => `${x.severity} ${x.message}`).sort();
  assert.deepEqual(msgs, [
    'error session b: seq 1, 3..4 missing',
    'error session b: seq 2 recorded more than once',
    'error session c: seq 0..2 missing',
  ]);
  const g = verifySessions(NAME, ev('c', 3, 4, 6), { droppedDeclared: true, fromStart: false });
  assert.deepEqual(g.map((x) => `${x.severity} ${x.message}`), ['warning session c: seq 5 missing (events were dropped under failOpen)']);
});

test('manifests are JWS signed with Ed25519 or P-256; verify uses the embedded key or a given one', async () => {
  const m = chain(1).manifests[0]!.manifest!;
  for (const type of ['ed25519', 'ec'] as const) {
    const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : generateKeyPairSync('ed25519');
    const signer = await signerFor(privateKey);
    const jws = await signer.sign(m);
    assert.deepEqual(decodeManifest(jws), m);
    const embedded = await verifyManifest(jws);
    assert.deepEqual(embedded.manifest, m);
    assert.equal(embedded.kid, signer.kid);
    const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
    assert.equal((await verifyManifest(jws, await parseVerifyKeys(pem))).kid, signer.kid);
    // A signature by another key fails against the expected key, even though it verifies on its own.
    const other = await signerFor(generateKeyPairSync('ed25519').privateKey);
    const forged = await other.sign(m);
    await verifyManifest(forged);
    await assert.rejects(verifyManifest(forged, await parseVerifyKeys(pem)));
    // Any change to the payload breaks the signature.
    const [h, , s] = jws.split('.');
    const edited = `${h}.${Buffer.from(JSON.stringify({ ...m, rows: 6 })).toString('base64url')}.${s}`;
    await assert.rejects(verifyManifest(edited), /signature verification failed/);
  }
  await assert.rejects(signerFor(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), /unsupported signing key type rsa/);
});

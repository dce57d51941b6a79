// Streaming: any chunking (strings or bytes, splits inside UTF-8 characters and inside entities)
// gives exactly the one-shot output; the hold-back is bounded so output flows before end().
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMasker, type Findings } from '../src/masking/index.js';
import { resolveMaskingPlan } from '../src/policy/masking-plan.js';
import { generateCorpus } from './helpers/masking-corpus.js';

const masker = compileMasker(resolveMaskingPlan([{}]), { hashKey: 'stream-test' });

/** Deterministic PRNG (Park–Miller) so a failure reproduces. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

function streamed(input: string | Uint8Array, sizes: () => number, findings?: Findings): string {
  const s = masker.stream(findings);
  let out = '';
  for (let i = 0; i < input.length; ) {
    const n = sizes();
    out += s.write(input.slice(i, i + n));
    i += n;
  }
  return out + s.end();
}

for (const [mix, seed] of [['main', 11], ['holdout', 12]] as const) {
  test(`random chunkings of the ${mix} corpus equal the one-shot output (strings and bytes)`, () => {
    const text = generateCorpus(seed, mix, 6).map((d) => d.text).join('\n');
    const oneShot = masker.maskText(text);
    assert.notEqual(oneShot, text);
    const rnd = prng(seed);
    for (let trial = 0; trial < 12; trial++) {
      const max = [1, 7, 64, 300, 2000][trial % 5]!;
      const sizes = () => 1 + Math.floor(rnd() * max);
      const input = trial % 2 === 0 ? text : new TextEncoder().encode(text);
      assert.equal(streamed(input, sizes), oneShot, `trial ${trial} (max chunk ${max}, ${trial % 2 === 0 ? 'string' : 'bytes'})`);
    }
  });
}

test('random chunkings of written-out e-mail addresses, prose phone numbers, cookies and codes equal the one-shot output', () => {
  const parts = [
    'mail jane[at]example.com please', 'jane (at) example (dot) com', 'email me at jane dot doe at example dot co dot uk', 'look at this dot com',
    'GET /users?email=jane%40example.com&page=2', 'jane @ example.com', 'You can reach me at 015 953 64593 after five.', 'Dial 0800 586 106 now',
    `${'x '.repeat(40)}ana dot maria dot lopez dot garcia at correo dot example dot es`, '\n< Set-Cookie: sid=s%3AJ8fK2mP9qR4tV7wX1yZ3aB5cD6eF8gH0.abcdEFGHijkl; Path=/\n',
    'OTP: 482913', 'cvv 123',
  ];
  const text = Array.from({ length: 60 }, (_, i) => parts[(i * 7) % parts.length]).join(' ');
  const oneShot = masker.maskText(text);
  assert.ok((oneShot.match(/\[EMAIL\]/g) ?? []).length >= 25, oneShot.slice(0, 200));
  assert.ok(oneShot.includes('[HIGH_ENTROPY_SECRET]') && oneShot.includes('[PASSWORD]'), oneShot.slice(0, 200));
  const rnd = prng(21);
  for (let trial = 0; trial < 12; trial++) {
    const max = [1, 7, 64, 300, 2000][trial % 5]!;
    assert.equal(streamed(text, () => 1 + Math.floor(rnd() * max)), oneShot, `trial ${trial} (max chunk ${max})`);
  }
});

test('multi-byte UTF-8 characters split at every byte decode intact', () => {
  const text = 'Grüße — 東京 🚀 café; contact jürgen@example.de ✓ '.repeat(20);
  const bytes = new TextEncoder().encode(text);
  assert.equal(streamed(bytes, () => 1), masker.maskText(text));
  const rnd = prng(3);
  assert.equal(streamed(bytes, () => 1 + Math.floor(rnd() * 5)), masker.maskText(text));
});

test('an entity split at every position across two chunks is still masked', () => {
  const text = 'prefix text card 4111 1111 1111 1111 key AKIAIOSFODNN7EXAMPLE mail jane.doe@example.com end';
  const expected = masker.maskText(text);
  for (let cut = 1; cut < text.length; cut++) {
    const s = masker.stream();
    const out = s.write(text.slice(0, cut)) + s.write(text.slice(cut)) + s.end();
    assert.equal(out, expected, `cut at ${cut}`);
  }
});

test('findings from a stream count each entity once', () => {
  const f: Findings = new Map();
  const text = 'a@example.com '.repeat(50) + 'x'.repeat(2000);
  const rnd = prng(9);
  streamed(text, () => 1 + Math.floor(rnd() * 40), f);
  assert.equal(f.get('EMAIL'), 50);
});

test('the hold-back is bounded: long clean text flows before end()', () => {
  const s = masker.stream();
  let early = '';
  for (let i = 0; i < 100; i++) early += s.write('All quiet on the data path today. ');
  const total = 100 * 'All quiet on the data path today. '.length;
  assert.ok(early.length >= total - 512, `only ${early.length}/${total} characters emitted before end()`);
  assert.equal(early + s.end(), 'All quiet on the data path today. '.repeat(100));
});

test('an open private-key block is held, then masked whole', () => {
  const s = masker.stream();
  let out = s.write('log line\n-----BEGIN RSA PRIVATE KEY-----\n');
  for (let i = 0; i < 20; i++) out += s.write('MIIEowIBAAKCAQEAx'.repeat(4) + '\n');
  assert.doesNotMatch(out, /MIIEow/, 'no key material leaves before the block ends');
  out += s.write('-----END RSA PRIVATE KEY-----\nafter') + s.end();
  assert.equal(out, 'log line\n[PRIVATE_KEY]\nafter');
});

test('a long text (scanned line by line) masks exactly like its documents one by one', () => {
  for (const [mix, seed] of [['main', 21], ['holdout', 22]] as const) {
    const docs = generateCorpus(seed, mix, 8).map((d) => d.text);
    const whole = docs.join('\n');
    assert.ok(whole.length > 20_000);
    assert.equal(masker.maskText(whole), docs.map((d) => masker.maskText(d)).join('\n'), mix);
  }
});

test('a kubeconfig\'s base64-encoded client key is masked whole, however the stream is cut; the certificates beside it stay', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const cert = b64('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Vyd\n-----END CERTIFICATE-----\n');
  for (const [type, opts] of [['rsa', { modulusLength: 2048 }], ['rsa', { modulusLength: 4096 }], ['ec', { namedCurve: 'prime256v1' }]] as const) {
    const { privateKey } = generateKeyPairSync(type as 'rsa', opts as { modulusLength: number });
    for (const format of ['pkcs8', type === 'rsa' ? 'pkcs1' : 'sec1'] as const) {
      const key = b64(privateKey.export({ type: format, format: 'pem' }) as string);
      const kubeconfig = `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${cert}\n    server: https://10.0.0.1:6443\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${cert}\n    client-key-data: ${key}\n`;
      const whole = masker.maskText(kubeconfig);
      assert.ok(!whole.includes(key.slice(20, 60)) && whole.includes('client-key-data: [PRIVATE_KEY]\n'), `${type} ${format}`);
      assert.equal(whole.split(cert).length, 3, 'both certificates kept');
      const rnd = prng(key.length);
      for (let k = 0; k < 5; k++) assert.equal(streamed(kubeconfig, () => 1 + Math.floor(rnd() * 700)), whole, `${type} ${format} chunking ${k}`);
    }
  }
});

// The feature pass runs in WebAssembly (assembly/features.ts, embedded in features-wasm.ts). Its
// behaviour is checked by masking-gates.test.ts (gated detection equals running every detector); here:
// the embedded module is the one the source compiles to, and the host's copying (ranges, growth,
// UTF-16 positions) is right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { C_JWT, candidateFeatures, features, K_NAMEKEY, RESIDENT_MAX, residentBytes, setShortcuts, SH_SSN } from '../src/masking/features.js';
import { mayNeed } from '../src/masking/gates.js';
import { generateCorpus, mixedText } from './helpers/masking-corpus.js';
import { FEATURES_WASM } from '../src/masking/features-wasm.js';
import { seededInts } from './helpers/rand.js';

test('the embedded feature pass is what sidecar/assembly/features.ts compiles to (run `make wasm` after editing it)', async () => {
  const script = new URL('../../scripts/build-wasm.mjs', import.meta.url).href;
  const { compile } = (await import(script)) as { compile(): Promise<string> };
  assert.equal(await compile(), FEATURES_WASM);
});

test('positions are string indices: ranges, non-ASCII and lone surrogates before them', () => {
  const f = features('é😀\ud800 name: Ana Ruiz');
  assert.equal(f.nameEnd, 9);
  assert.ok((f.keys & K_NAMEKEY) !== 0);
  const text = 'first line\n{"customer_name": "Ana Ruiz"}\n';
  // features() reuses its result object: copy before the next call.
  const r = { ...features(text, 11, text.length) };
  assert.equal(text.slice(r.nameEnd - 13, r.nameEnd), 'customer_name');
  assert.equal(r.nameLast, r.nameEnd);
  // The same range of a longer text gives what the range alone gives, positions shifted.
  const alone = { ...features(text.slice(11)) };
  assert.deepEqual({ ...alone, nameEnd: alone.nameEnd + 11, nameLast: alone.nameLast + 11 }, r);
});

test('texts longer than the pass memory grow it, and short texts after a long one are scanned afresh', () => {
  const long = `${'lorem ipsum '.repeat(40_000)}ssn 123-45-6789 token eyJhbGciOiJIUzI1NiJ9.e30.sig`;
  const f = features(long);
  assert.ok((f.shapes & SH_SSN) !== 0);
  assert.ok((f.cand & C_JWT) !== 0);
  assert.equal(f.digits, 9);
  // Nothing of the long text leaks into a shorter one scanned next.
  const g = features('plain words only');
  assert.equal(g.shapes, 0);
  assert.equal(g.cand, 0);
  assert.equal(g.digits, 0);
  assert.equal(g.valRun, 5);
});

test('a text above RESIDENT_MAX is scanned in an instance of its own: the resident memory stays bounded', () => {
  const before = residentBytes();
  for (const n of [RESIDENT_MAX - 100, RESIDENT_MAX + 100, 3_000_000]) {
    const text = `${'x'.repeat(n)} ssn 123-45-6789`;
    const f = features(text);
    assert.ok((f.shapes & SH_SSN) !== 0, `ssn found at length ${n}`);
    assert.equal(features('name: Ana Ruiz').nameEnd, 4);
  }
  // The largest text was 6 MB of UTF-16; the resident instance holds at most RESIDENT_MAX units and its tables.
  assert.ok(residentBytes() <= Math.max(before, RESIDENT_MAX * 2 + (1 << 20)), `${residentBytes()} bytes`);
});

test('the pass says "no candidate" exactly when gates.ts mayNeed() is false on its features', () => {
  const texts = [...mixedText(31, 300_000).split('\n'), ...generateCorpus(32, 'main', 6).flatMap((d) => [d.text, ...d.negatives])];
  let quiet = 0;
  for (const t of texts) {
    const expected = mayNeed(features(t));
    assert.equal(candidateFeatures(t) !== null, expected, t);
    if (!expected) quiet++;
  }
  // Both kinds occur, or the comparison proves nothing.
  assert.ok(quiet > 100 && quiet < texts.length - 100, `${quiet} of ${texts.length} quiet`);
});

test('ISO 8601 date-times, which the pass takes at once, give the features their runs one by one gave', () => {
  // Computed by the pass before it had the shortcut (f3e3f8e): every context the shortcut's state touches —
  // a cluster before the year (trunk, card), a glued token (prefixes), base58 runs after the 'Z', fractions of
  // 3, 6, 7, 8 (a DNI's shape before the 'Z') and 9 digits, and 10, which the shortcut leaves to the runs.
  const FIELDS = ['digits', 'digitsTotal', 'dots', 'hexColons', 'valRun', 'keys', 'shapes', 'cand', 'pfx', 'assign'] as const;
  const golden: Array<[string, number[]]> = [
    ["2026-12-03T05:18:12.621Z", [8, 17, 1, 2, 13, 0, 0, 0, 0, 1]],
    ["2026-12-03T05:18:12Z", [8, 14, 0, 2, 13, 0, 0, 0, 0, 1]],
    ["\"at\":\"2026-12-03T05:18:12.621Z\"}", [8, 17, 1, 2, 13, 1048576, 0, 0, 0, 1]],
    ["ts_abc_def_ghij_2026-12-03T05:18:12Z", [8, 14, 0, 2, 29, 0, 0, 0, 0, 1]],
    ["0 2026-12-03T05:18:12Z", [9, 15, 0, 2, 13, 0, 128, 0, 0, 1]],
    // cand 0 since a NIR candidate needs its spaces where a NIR has them (it was 8: 16 digits in spaced groups).
    ["4111 1111 1111 2026-12-03T23:59:59.999Z", [20, 29, 1, 2, 13, 0, 256, 0, 0, 1]],
    ["2026-12-03T13:18:31Zqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", [8, 14, 0, 2, 33, 0, 0, 4, 0, 1]],
    // cand 0 since a base58 candidate must be all base58 (it was 4: this run holds an 'l').
    ["2026-12-03T05:18:12.321Zabcdefghijklmnopqrstuvwxyz", [8, 17, 1, 2, 33, 0, 0, 0, 0, 1]],
    ["2026-12-03T05:18:12.6211Z", [8, 18, 1, 2, 13, 0, 0, 0, 0, 1]],
    ["2026-12-03T05:18:12+01:00", [8, 18, 0, 3, 13, 0, 0, 0, 0, 1]],
    ["x2026-12-03T05:18:12Z", [8, 14, 0, 2, 14, 0, 0, 0, 0, 1]],
    // shapes 5 since a 3-2-4 number's area is read too (SH_SSN_AREA; it was 1).
    ["12 2026-12-03T05:18:12Z 123-45-6789", [10, 25, 0, 2, 13, 0, 5, 0, 0, 1]],
    // cand 0 since the NIR's Corsican `2B` needs digits around it (it was 8, from the trace id's `42BdE`).
    ["2026-12-03T05:18:12.621Z INFO GET /api 200 trace=C9d6E42BdE45b78E", [8, 28, 1, 2, 22, 0, 0, 0, 0, 1]],
    ["2026-12-03T05:18:12Z:00", [8, 16, 0, 2, 13, 0, 0, 0, 0, 1]],
    ["1999-01-01T00:00:00.000Z", [8, 17, 1, 2, 13, 0, 0, 0, 0, 1]],
    ["2026-12-03T05:18:12.123456Z", [8, 20, 1, 2, 13, 0, 0, 0, 0, 1]],
    ["2026-12-03T05:18:12.12345678Z", [10, 22, 1, 2, 13, 0, 0, 16, 0, 1]],
    ["2026-12-03T05:18:02.912345678Z", [11, 23, 1, 2, 13, 0, 152, 0, 0, 1]],
    ["0 2026-12-03T05:18:02.1234567Z", [9, 22, 1, 2, 13, 0, 128, 0, 0, 1]],
    ["2026-12-03T05:18:12.1234567890Z", [12, 24, 1, 2, 14, 0, 0, 0, 0, 1]],
  ];
  for (const [text, want] of golden) {
    const f = features(text);
    assert.deepEqual(FIELDS.map((k) => Number(f[k])), want, text);
  }
});

test('the date-time shortcut leaves exactly the state the general path does: 40,000 texts around random date-times, both ways', () => {
  const rnd = seededInts(4242);
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const d = () => String(rnd(10));
  const dateTime = () => {
    let t = `${pick(['2026', '1999', '0000', '3141', '1111', '2345', '0123'])}-${d()}${d()}-${d()}${d()}T${d()}${d()}:${d()}${d()}:${d()}${d()}`;
    const r = rnd(10);
    if (r < 5) t += `.${Array.from({ length: 1 + rnd(10) }, d).join('')}`;
    else if (r < 6) t += pick(['+01:00', '-05:00', ':00']);
    return t + pick(['Z', 'Z', 'Z', 'z', '', 'ZZ', 'Zabc', 'Z1', 'Z.', 'Z:', 'Z "', 'Z,', 'Z ab', `Z${'q'.repeat(30)}`]);
  };
  // What the shortcut's state depends on: a digit cluster before the year (trunk, card), a glued token (key
  // prefixes), keys before it, what follows the 'Z'.
  const before = ['', ' ', '"', 'at ', 'x', 'ts_', 'abc_def_ghi_jklmn-', 'sk_live_', '0 ', '4111 1111 ', '5', '12 ', '-', '+', '1-', 'T', '"at":"',
    'id=', 'AKIA', ':', '.', '1.2.3.', 'password: ', 'Name: ', '4111 1111 1111 ', '0 0 0 ', 'aa bb '];
  const after = ['', ' ', '"', ',', ' INFO request', '.', ':', '-', '123', 'abc', ' 4111', ' name: Ana Ruiz', ' ssn 123-45-6789', '"}'];
  const fields = (t: string) => JSON.stringify(features(t));
  let taken = 0;
  try {
    for (let k = 0; k < 40_000; k++) {
      const t = pick(before) + dateTime() + pick(after) + (rnd(4) === 0 ? pick(before) + dateTime() + pick(after) : '');
      if (/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z/.test(t)) taken++;
      setShortcuts(true);
      const fast = fields(t);
      setShortcuts(false);
      assert.equal(fast, fields(t), t);
    }
  } finally {
    setShortcuts(true);
  }
  // Most texts hold a shape the shortcut takes, or the comparison proves little.
  assert.ok(taken > 20_000, `${taken} texts with a date-time the shortcut takes`);
});

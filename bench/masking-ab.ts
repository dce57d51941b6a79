// A/B of two builds of the masking engine on the masking bench's corpus, for changes too small to see
// across separate runs on this machine (whose speed moves by 1.5× within minutes). Both builds run in
// one process, interleaved per 500 documents in alternating order, so a change of load hits both.
//
//   node bench/dist/masking-ab.js A B [--features | --rows] [--rounds N]
//
// A and B are copies of sidecar/dist/src (each with masking/ and policy/) placed under sidecar/dist/,
// e.g. `cp -a sidecar/dist/src sidecar/dist/ab-base` before a change and the fresh sidecar/dist/src
// after it. Prints MB/s of each and B's speed-up over A; run it a few times, swapping A and B.
// --features times the feature pass alone; --rows the bench's 100 rows × 10 columns through maskValue
// (p50 of alternating iterations).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mixedText } from '@agentgate/sidecar/testing/masking-corpus';

const args = process.argv.slice(2);
const dirs = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const featuresOnly = args.includes('--features');
const rowsMode = args.includes('--rows');
const ri = args.indexOf('--rounds');
const rounds = ri >= 0 ? Number(args[ri + 1]) : 3;
if (dirs.length !== 2) {
  console.error('usage: node bench/dist/masking-ab.js A B [--features | --rows] [--rounds N]  (A, B: copies of sidecar/dist/src)');
  process.exit(2);
}

async function load(dir: string): Promise<(s: string) => number> {
  const url = (p: string) => pathToFileURL(resolve(dir, p)).href;
  if (featuresOnly) {
    const f = (await import(url('masking/features.js'))) as { features(s: string): { keys: number } };
    return (s) => f.features(s).keys;
  }
  const m = (await import(url('masking/index.js'))) as { compileMasker(plan: unknown, o: object): { maskText(s: string): string } };
  const p = (await import(url('policy/index.js'))) as { resolveMaskingPlan(x: object[]): unknown };
  const masker = m.compileMasker(p.resolveMaskingPlan([{}]), { hashKey: 'bench' });
  return (s) => masker.maskText(s).length;
}

type MaskValue = (column: string, value: string) => string | null;

/** The masking bench's rows case (bench/masking.ts rows()) for one build. */
async function rowsMasker(dir: string): Promise<MaskValue> {
  const url = (p: string) => pathToFileURL(resolve(dir, p)).href;
  const m = (await import(url('masking/index.js'))) as { compileMasker(plan: unknown, o: object): { maskValue: MaskValue } };
  const p = (await import(url('policy/index.js'))) as { resolveMaskingPlan(x: object[]): object };
  const plan = { ...p.resolveMaskingPlan([{}]), columns: [{ name: '*.customers.ssn', style: 'null' }, { name: '*.customers.full_name', style: 'hash' }] };
  const masker = m.compileMasker(plan, { hashKey: 'bench' });
  return (c, v) => masker.maskValue(c, v);
}

if (rowsMode) {
  const cols = ['id', 'full_name', 'email', 'phone', 'ssn', 'city', 'created_at', 'total', 'status', 'note'].map((c) => `public.customers.${c}`);
  const data: string[][] = Array.from({ length: 100 }, (_, i) => [
    String(1000 + i), `Customer ${i} Name`, `user${i}@example.com`, `+1 415 555 ${String(1000 + i).slice(-4)}`, `123-45-${String(6000 + i)}`,
    'Springfield', `2025-0${1 + (i % 9)}-1${i % 10}T10:2${i % 10}:00Z`, `${(i * 13.7).toFixed(2)}`, i % 3 === 0 ? 'shipped' : 'open',
    i % 10 === 0 ? `called back on +44 20 7946 ${String(1000 + i)}` : 'no issues reported',
  ]);
  const maskers = await Promise.all(dirs.map(rowsMasker));
  const lat: number[][] = [[], []];
  for (let it = 0; it < 20_000; it++) {
    for (const k of it % 2 === 0 ? [0, 1] : [1, 0]) {
      const t = process.hrtime.bigint();
      for (const r of data) for (let c = 0; c < 10; c++) maskers[k]!(cols[c]!, r[c]!);
      lat[k]!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  // The first 2,000 iterations warm the JIT.
  const p50 = (xs: number[]) => xs.slice(2000).sort((a, b) => a - b)[(xs.length - 2000) >> 1]!;
  console.log(`rows p50: A ${p50(lat[0]!).toFixed(3)} ms, B ${p50(lat[1]!).toFixed(3)} ms, B/A ${(p50(lat[0]!) / p50(lat[1]!)).toFixed(3)}`);
  process.exit(0);
}

const docs = mixedText(20261202, 10_000_000)
  .split('\n')
  .map((l) => Buffer.from(l).toString());
const chars = docs.reduce((n, d) => n + d.length, 0);
const fns = await Promise.all(dirs.map(load));
let sink = 0;
for (const f of fns) for (const d of docs) sink += f(d); // warm-up
const ms = [0, 0];
const CHUNK = 500;
for (let r = 0; r < rounds; r++) {
  for (let c = 0; c < docs.length; c += CHUNK) {
    const order = (c / CHUNK + r) % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const t0 = performance.now();
      for (let k = c; k < c + CHUNK && k < docs.length; k++) sink += fns[i]!(docs[k]!);
      ms[i]! += performance.now() - t0;
    }
  }
}
const mbps = (i: number) => ((chars * rounds) / 1e3 / ms[i]!).toFixed(1);
console.log(`${featuresOnly ? 'features()' : 'maskText'}: A ${mbps(0)} MB/s, B ${mbps(1)} MB/s, B/A ${(ms[0]! / ms[1]!).toFixed(3)} (${rounds} rounds; ${sink > 0 ? 'ok' : ''})`);

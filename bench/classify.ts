// Statement classification cost: what a statement the proxy has seen before costs (issue 4: ≤ 2 µs),
// next to what the real parser costs when nothing is cached (libpg-query parse + fingerprint, the
// peer in the same run). Cases are the shapes the data path sees: an extended-protocol Parse (by-text
// cache), simple-protocol statements whose inline literals change on every call (shape cache: literals
// lexed out, the parameterised text looked up), and an agent-style query with string and number literals.
//
//   npx tsc -b && flock /tmp/agentgate-heavy.lock node bench/dist/classify.js
import { cpus, loadavg } from 'node:os';
import * as pgQuery from 'libpg-query';
import { classifyShape, classifySql, initClassifier } from '@agentgate/sidecar/postgres';

await initClassifier();

const N = 200_000;
const ROUNDS = 5;

interface Case { name: string; text: (i: number) => string; run: (s: string) => unknown }
const cases: Case[] = [
  { name: 'extended Parse, same text (`-M extended`)', text: () => 'SELECT abalance FROM pgbench_accounts WHERE aid = $1;', run: (s) => classifySql(s) },
  { name: 'simple Query, literal changes every call (`-S`)', text: (i) => `SELECT abalance FROM pgbench_accounts WHERE aid = ${(i * 7919) % 1_000_000};`, run: (s) => classifyShape(s) },
  {
    name: 'agent query, string + number literals change',
    text: (i) => `SELECT c.id, c.email, sum(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.country = 'C${i % 97}' AND o.total > ${i % 1000} GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 50`,
    run: (s) => classifyShape(s),
  },
];

/** Median µs per call over ROUNDS rounds of `n` calls (texts built before timing). */
function measure(texts: string[], run: (s: string) => unknown, n: number): number {
  const per: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) run(texts[i % texts.length]!);
    per.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  return per.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

const rows: string[] = [];
for (const c of cases) {
  const texts = Array.from({ length: 4096 }, (_, i) => c.text(i));
  for (const t of texts.slice(0, 64)) c.run(t); // warm: the shape is parsed once, then cached
  const cached = measure(texts, c.run, N);
  // The peer: the real parser with no cache (what every statement would cost without one).
  const parse = measure(texts, (s) => {
    pgQuery.parseSync(s);
    return pgQuery.fingerprintSync(s);
  }, 2_000);
  rows.push(`| ${c.name} | ${cached.toFixed(2)} µs | ${parse.toFixed(1)} µs | ${(parse / cached).toFixed(0)}× |`);
}

console.log(`classification, median of ${ROUNDS} rounds; ${cpus().length} cores (${cpus()[0]?.model.trim()}), load ${loadavg()[0]!.toFixed(2)}; ${new Date().toISOString()}\n`);
console.log('| statement | agentgate, seen before (cache) | libpg-query parse + fingerprint, uncached | ratio |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(r);

// `agentgate policy test --sql` through the real bin (the installed entry point), so the classifier's
// WASM loading, argument parsing and exit codes are exercised exactly as a user meets them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'sidecar/bin/agentgate.js');
const EXAMPLES = join(ROOT, 'crds/examples/');

function agentgate(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

test('DROP TABLE is blocked by the destructive built-ins, naming the rule', async () => {
  const r = await agentgate('policy', 'test', '--sql', 'DROP TABLE customers', '--builtin', 'destructive');
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^SQL\s+1 statement\(s\): DROP$/m);
  assert.match(r.out, /^TABLES\s+public\.customers$/m);
  assert.match(r.out, /^DECISION\s+block$/m);
  assert.match(r.out, /^RULE\s+builtin:destructive\/drop$/m);
});

test('DELETE without WHERE is blocked as an unbounded write; with WHERE it is allowed', async () => {
  const r = await agentgate('policy', 'test', '--sql', 'DELETE FROM orders');
  assert.equal(r.code, 1);
  assert.match(r.out, /^RULE\s+builtin:destructive\/unbounded-write$/m);
  const ok = await agentgate('policy', 'test', '--sql', 'DELETE FROM orders WHERE id = 7');
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /^DECISION\s+allow$/m);
});

test('SELECT is allowed and exits 0', async () => {
  const r = await agentgate('policy', 'test', '--sql', 'SELECT name, email FROM customers WHERE id = 1');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^DECISION\s+allow$/m);
});

test('a multi-statement string is decided on every statement it contains', async () => {
  const r = await agentgate('policy', 'test', '--sql', 'SELECT 1; WITH x AS (DELETE FROM orders RETURNING *) SELECT * FROM x');
  assert.equal(r.code, 1);
  assert.match(r.out, /^SQL\s+2 statement\(s\): SELECT, DELETE$/m);
  assert.match(r.out, /^RULE\s+builtin:destructive\/unbounded-write$/m);
});

test('PREPARE is decided by the statement it prepares, as the proxy decides it', async () => {
  const r = await agentgate('policy', 'test', '--sql', 'PREPARE wipe AS DELETE FROM orders');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /^SQL\s+1 statement\(s\): PREPARE, DELETE$/m);
  assert.match(r.out, /^RULE\s+builtin:destructive\/unbounded-write$/m);
  const ok = await agentgate('policy', 'test', '--sql', 'PREPARE one(int) AS SELECT name FROM customers WHERE id = $1; EXECUTE one(1)');
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /^DECISION\s+allow$/m);
});

test('--builtin none turns the built-ins off; unknown sets exit 2', async () => {
  const r = await agentgate('policy', 'test', '--sql', 'DROP TABLE customers', '--builtin', 'none');
  assert.equal(r.code, 0);
  const bad = await agentgate('policy', 'test', '--sql', 'SELECT 1', '--builtin', 'destructiv');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--builtin: unknown rule set "destructiv"/);
});

test('--policy files and a --resource file decide with the user\'s own rules', async () => {
  const r = await agentgate(
    'policy', 'test', '--sql', 'TRUNCATE public.customers', '--policy', join(EXAMPLES, 'agentpolicy-support-agent.yaml'),
    '-f', join(EXAMPLES, 'protectedresource-openai.yaml'),
    '--resource', join(EXAMPLES, 'protectedresource-orders-db.yaml'),
  );
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^RULE\s+support-agent\/no-drop-tables$/m);
  assert.match(r.out, /^POLICY\s+agents\/support-agent$/m);
});

test('a rule on the tables an UPDATE or DELETE writes applies to it (the target is a table of the statement)', async () => {
  const args = ['--policy', join(EXAMPLES, 'agentpolicy-support-agent.yaml'), '-f', join(EXAMPLES, 'protectedresource-openai.yaml'), '--resource', join(EXAMPLES, 'protectedresource-orders-db.yaml')];
  for (const sql of ["UPDATE orders SET status = 'refunded' WHERE id = 7", 'DELETE FROM public.refunds WHERE id = 3']) {
    const r = await agentgate('policy', 'test', '--sql', sql, ...args);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /^DECISION\s+hold$/m, sql);
    assert.match(r.out, /^RULE\s+support-agent\/refunds-need-approval$/m, sql);
  }
  const other = await agentgate('policy', 'test', '--sql', 'UPDATE notes SET body = 1 WHERE id = 7', ...args);
  assert.match(other.out, /^DECISION\s+allow$/m, other.out);
});

test('--sql against a non-postgres resource, or combined with -k, is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-sql-'));
  const f = join(dir, 'llm.yaml');
  writeFileSync(f, 'apiVersion: agentgate.dev/v1alpha1\nkind: ProtectedResource\nmetadata: {name: llm}\nspec:\n  type: openai\n  endpoint: {host: api.openai.com, port: 443}\n');
  const r = await agentgate('policy', 'test', '--sql', 'SELECT 1', '--resource', f);
  assert.equal(r.code, 2);
  assert.match(r.err, /ProtectedResource "llm" is openai, not postgres/);
  const both = await agentgate('policy', 'test', '--sql', 'SELECT 1', '-k', 'DROP');
  assert.equal(both.code, 2);
});

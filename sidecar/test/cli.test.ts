import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.js';
import { captureIo } from '../src/cli/io.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = join(ROOT, 'crds/examples/');
const exec = promisify(execFile);

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

test('policy test blocks DROP TABLE against the example policy, naming the rule', async () => {
  const r = await cli('policy', 'test', '-f', EXAMPLES, '-r', 'orders-db', '-k', 'DROP', '-t', 'public.customers');
  assert.equal(r.code, 1);
  assert.match(r.out, /^DECISION\s+block$/m);
  assert.match(r.out, /^RULE\s+support-agent\/no-drop-tables$/m);
  assert.match(r.out, /^REASON\s+agents never drop or truncate tables$/m);
  assert.match(r.out, /^NOTE\s+no --label given/m);
});

test('an allowed operation exits 0', async () => {
  const r = await cli(
    'policy', 'test', '-f', EXAMPLES, '-r', 'openai', '--model', 'gpt-4o-mini',
    '-n', 'agents', '-l', 'app=support-agent', '--service-account', 'support-agent',
  );
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^DECISION\s+allow$/m);
  assert.doesNotMatch(r.out, /^NOTE/m);
});

test('a hold prints who may approve; json output is the Decision', async () => {
  const r = await cli(
    'policy', 'test', '-f', EXAMPLES, '-r', 'orders-db', '-k', 'UPDATE', '-t', 'public.orders',
    '-n', 'agents', '-l', 'app=support-agent', '--service-account', 'support-agent', '-o', 'json',
  );
  assert.equal(r.code, 1);
  const d = JSON.parse(r.out) as { action: string; rule: string; approval: { approverGroups: string[] } };
  assert.equal(d.action, 'hold');
  assert.equal(d.rule, 'support-agent/refunds-need-approval');
  assert.deepEqual(d.approval.approverGroups, ['sre-oncall']);
});

test('--operation takes a whole Operation as JSON and validates it', async () => {
  const op = { resource: 'cluster-api', protocol: 'kubernetes', kubernetes: { verb: 'get', resource: 'secrets' } };
  const r = await cli('policy', 'test', '-f', EXAMPLES, '--operation', JSON.stringify(op));
  assert.equal(r.code, 0, 'audit mode lets it through');
  assert.match(r.out, /^DECISION\s+allow \(audit mode; enforce would block\)$/m);
  const bad = await cli('policy', 'test', '-f', EXAMPLES, '--operation', JSON.stringify({ ...op, kubernetes: { verb: 'yeet', resource: 'x' } }));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /kubernetes\.verb: Unsupported value: "yeet"/);
});

test('invalid policy files exit 2 with file, document and field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-cli-'));
  const f = join(dir, 'bad.yaml');
  writeFileSync(f, 'apiVersion: agentgate.dev/v1alpha1\nkind: AgentPolicy\nmetadata: {name: p}\nspec:\n  selector: {}\n  resources: [{name: db}]\n  mode: enforcing\n');
  const r = await cli('policy', 'test', '-f', f, '-r', 'db', '--protocol', 'postgres', '-k', 'DROP');
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.yaml: document 1 \(AgentPolicy p\)/);
  assert.match(r.err, /spec\.mode: Unsupported value: "enforcing": supported values: "enforce", "audit"/);
});

test('usage errors exit 2', async () => {
  assert.equal((await cli('policy', 'test')).code, 2);
  assert.equal((await cli('policy', 'test', '-f', EXAMPLES, '-k', 'DROP')).code, 2, 'several resources and no --resource');
  assert.equal((await cli('nope')).code, 2);
  assert.equal((await cli('policy', 'test', '--bogus')).code, 2);
  assert.equal((await cli('--help')).code, 0);
});

test('the installed bins work: npx agentgate and kubectl-agentgate', async () => {
  const npx = await exec('npx', ['--no-install', 'agentgate', 'policy', 'test', '-f', EXAMPLES, '-r', 'orders-db', '-k', 'DROP'], { cwd: ROOT }).then(
    () => assert.fail('expected exit 1'),
    (e: { code: number; stdout: string }) => e,
  );
  assert.equal(npx.code, 1);
  assert.match(npx.stdout, /support-agent\/no-drop-tables/);
  const plugin = await exec(join(ROOT, 'node_modules/.bin/kubectl-agentgate'), ['--help']);
  assert.match(plugin.stdout, /^Usage: kubectl agentgate <command>/);
  const version = await exec(join(ROOT, 'node_modules/.bin/agentgate'), ['version']);
  assert.match(version.stdout, /^agentgate \d+\.\d+\.\d+/);
});

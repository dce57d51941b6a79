// Real clients through the sidecar: psql (transparency: same script, same output as direct) and pgbench.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { direct, pgCluster, startProxy, type Proxy } from './helpers/pg.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../test/fixtures/transparency.sql', import.meta.url));

let p: Proxy;
before(async () => {
  p = await startProxy();
});
after(async () => {
  await p.close();
});

function directEnv(): Record<string, string> {
  const c = pgCluster();
  return { ...process.env as Record<string, string>, PGHOST: c.host, PGPORT: String(c.port), PGUSER: c.user, PGPASSWORD: c.password, PGDATABASE: c.database };
}

async function psql(env: Record<string, string>, args: string[]): Promise<string> {
  // psql exits 0 with ON_ERROR_STOP off; stderr carries the errors, so both streams are compared.
  const r = await run('psql', ['-X', '-a', '-v', 'ON_ERROR_STOP=0', ...args], { env, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout: string; stderr: string }) => e);
  return `${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

test('psql: the same script gives byte-identical output directly and through the sidecar', async () => {
  const viaDirect = await psql(directEnv(), ['-f', SCRIPT]);
  const viaSidecar = await psql(p.env, ['-f', SCRIPT]);
  assert.match(viaDirect, /gamma/);
  assert.match(viaDirect, /division by zero/);
  assert.match(viaDirect, /Table "pg_temp_\d+\.tt"/);
  // Only the temp schema number may differ (another backend, another pg_temp_N).
  const norm = (s: string) => s.replace(/pg_temp_\d+/g, 'pg_temp_N');
  assert.equal(norm(viaSidecar), norm(viaDirect));
});

test('psql \\copy in and out through the sidecar round-trips 20k rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-copy-'));
  try {
    const d = await direct();
    await d.query('DROP TABLE IF EXISTS pgclients_copy; CREATE TABLE pgclients_copy (id int, body text)');
    await d.end();
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i}\tline ${i} ${'é'.repeat(i % 7)}`).join('\n') + '\n';
    writeFileSync(join(dir, 'in.tsv'), rows);
    await psql(p.env, ['-c', `\\copy pgclients_copy FROM '${join(dir, 'in.tsv')}'`]);
    await psql(p.env, ['-c', `\\copy (SELECT * FROM pgclients_copy ORDER BY id) TO '${join(dir, 'out.tsv')}'`]);
    assert.equal(readFileSync(join(dir, 'out.tsv'), 'utf8'), rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pgbench (tpcb-like, extended protocol, 4 clients) runs through the sidecar without failures', async () => {
  const c = pgCluster();
  // Initialise directly: pgbench -i drops and truncates tables, which the default policy blocks.
  await run('pgbench', ['-i', '-q', '-s', '1', '-h', c.host, '-p', String(c.port), '-U', c.user, c.database], { env: directEnv() });
  for (const mode of ['simple', 'extended', 'prepared']) {
    const r = await run('pgbench', ['-n', '-T', '2', '-c', '4', '-j', '2', '-M', mode, '-h', p.host, '-p', String(p.port), '-U', 'agent', pgCluster().database], { env: p.env });
    const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1]);
    assert.ok(tps > 10, `${mode}: tps ${tps}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /number of failed transactions: 0/);
  }
});

// psycopg 3 through the sidecar: server-side parameters, prepared statements, binary results, a blocked
// statement in and out of a transaction, pipeline mode and COPY — a libpq client in extended protocol.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emailMaskingProxy, type MemoryRecorder, type Proxy } from './helpers/pg.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../test/fixtures/psycopg-client.py', import.meta.url));
// The system interpreter: Debian's python3-psycopg installs there (a pyenv or venv python may not see it).
const PYTHON = '/usr/bin/python3';
const T = 'pgpsy_customers';

function psycopgMissing(): string | false {
  try {
    execFileSync(PYTHON, ['-c', 'import psycopg'], { stdio: 'ignore' });
    return false;
  } catch {
    return `${PYTHON} cannot import psycopg (apt-get install -y python3-psycopg; scripts/test.sh installs it)`;
  }
}
const missing = psycopgMissing();
if (missing && process.env.CI) throw new Error(`CI must run the psycopg test: ${missing}`);
if (missing) console.log(`# skipping the psycopg test: ${missing}`);

let p: Proxy;
let rec: MemoryRecorder;
before(async () => {
  ({ proxy: p, recorder: rec } = await emailMaskingProxy(T, [[1, 'alice@example.com', 'likes tea'], [2, 'bob@corp.io', 'vip']]));
});
after(async () => {
  await p.close();
});

test('psycopg 3: parameters, prepared statements, binary results, blocks, pipeline and COPY', { skip: missing || false }, async () => {
  const { stdout } = await run(PYTHON, [SCRIPT], { env: { ...p.env, PGAPPNAME: 'psycopg-test' } });
  const o = JSON.parse(stdout) as Record<string, unknown>;
  assert.deepEqual(o.param, [[1, '[EMAIL]', 'likes tea']]);
  assert.deepEqual(o.prepared, [['[EMAIL]'], ['[EMAIL]'], ['[EMAIL]']]);
  assert.deepEqual(o.binary, [[1, null]]);
  assert.deepEqual(o.drop, { sqlstate: '42501', message: 'agentgate: DROP statements are blocked (policy agents/p, rule builtin:destructive/drop)' });
  assert.equal(o.after_block, 42);
  assert.equal(o.unbounded, '42501');
  assert.equal(o.note_kept, 'vip');
  assert.deepEqual(o.pipeline, ['[EMAIL]', 'call [EMAIL]']);
  assert.deepEqual(o.copy, ['[EMAIL]\n', '[EMAIL]\n']);
  // Every statement was recorded, the refused ones with their SQLSTATE.
  const ops = rec.events.filter((e) => e.kind === 'operation');
  assert.ok(ops.some((e) => e.decision === 'block' && e.error_code === '42501' && /DROP TABLE/.test(e.operation ?? '')));
  assert.ok(ops.some((e) => (e.masked ?? []).some((m) => m.entity === 'EMAIL')));
});

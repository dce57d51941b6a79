// pgJDBC through the sidecar: named server-side statements after the prepare threshold, batches, a
// blocked statement in and out of a transaction, a cursor fetched in one-row portions (PortalSuspended),
// driver metadata queries and Statement.cancel() — a client that implements the protocol itself in Java.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { emailMaskingProxy, pgCluster, type MemoryRecorder, type Proxy } from './helpers/pg.js';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('../../test/fixtures/JdbcClient.java', import.meta.url));
// Debian's libpostgresql-jdbc-java (scripts/test.sh installs it).
const JAR = '/usr/share/java/postgresql.jar';
const T = 'pgjdbc_customers';

function jdbcMissing(): string | false {
  if (!existsSync(JAR)) return `${JAR} is missing (apt-get install -y libpostgresql-jdbc-java; scripts/test.sh installs it)`;
  try {
    // Source-file mode needs a JDK (its compiler), not only a runtime.
    execFileSync('java', ['--version'], { stdio: 'ignore' });
    execFileSync('javac', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'no JDK on PATH (java and javac; scripts/test.sh installs openjdk-17-jdk-headless when missing)';
  }
}
const missing = jdbcMissing();
if (missing && process.env.CI) throw new Error(`CI must run the JDBC test: ${missing}`);
if (missing) console.log(`# skipping the JDBC test: ${missing}`);

let p: Proxy;
let rec: MemoryRecorder;
before(async () => {
  ({ proxy: p, recorder: rec } = await emailMaskingProxy(T, [[1, 'alice@example.com', 'likes tea'], [2, 'bob@corp.io', 'vip'], [3, 'carol@shop.example', 'new']]));
});
after(async () => {
  await p.close();
});

test('pgJDBC: prepared past the threshold, batch, blocks, cursor portions, metadata and cancel', { skip: missing || false }, async () => {
  const { stdout } = await run('java', ['-cp', JAR, SOURCE, p.host, String(p.port), pgCluster().database, T], { timeout: 120_000 });
  const o = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(o.product, 'PostgreSQL');
  assert.deepEqual(o.prepared, Array(7).fill('[EMAIL]'), 'masked before and after the switch to a named statement');
  assert.deepEqual(o.batch, [1, 1, 1]);
  assert.deepEqual(o.drop, { sqlstate: '42501', message: 'ERROR: agentgate: DROP statements are blocked (policy agents/p, rule builtin:destructive/drop)' });
  assert.equal(o.after_block, 42);
  assert.deepEqual(o.fetched, ['[EMAIL]', '[EMAIL]', '[EMAIL]'], 'every one-row portion masked');
  assert.equal(o.unbounded, '42501');
  assert.equal(o.note_kept, 'batch 2', 'the blocked UPDATE changed nothing; the batch before it did');
  assert.deepEqual(o.metadata, [T]);
  assert.equal(o.cancel, '57014', 'the cancel reached the backend running pg_sleep');
  assert.ok((o.cancel_ms as number) < 15_000, `cancelled after ${String(o.cancel_ms)} ms`);
  const ops = rec.events.filter((e) => e.kind === 'operation');
  assert.ok(ops.some((e) => e.decision === 'block' && e.error_code === '42501' && /DROP TABLE/.test(e.operation ?? '')));
  assert.ok(ops.some((e) => e.error_code === '57014'), 'the cancelled statement is recorded with its SQLSTATE');
});

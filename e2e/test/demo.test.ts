// `make demo` as a newcomer meets it: scripts/demo.sh from the repository root, stdin not a terminal
// (so it must print everything and exit by itself), then the recorded session read back with the
// real `agentgate sessions` bin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTOMERS, SECRET_VALUES } from '../src/demo/seed.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function runDemo(): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // stdin 'ignore' is /dev/null: not a TTY, exactly like CI or `make demo < /dev/null`.
    const child = spawn('bash', ['scripts/demo.sh'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGENTGATE_LOG_LEVEL: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

test('make demo: masked rows, both blocks naming their rule, a readable session recording; exits by itself', { timeout: 240_000 }, async () => {
  const r = await runDemo();
  assert.equal(r.code, 0, `demo exited ${r.code}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  assert.doesNotMatch(r.out, /UNEXPECTED/);

  // Masked: no SSN or card number from the seed data reaches the agent; the masked forms do.
  for (const secret of SECRET_VALUES) assert.ok(!r.out.includes(secret), `raw value ${secret} in the demo output`);
  for (const c of CUSTOMERS) {
    assert.ok(!r.out.includes(c.email), `raw e-mail ${c.email} in the output`);
    assert.ok(r.out.includes(`**** ${c.card.slice(-4)}`) || r.out.includes(`*${c.card.slice(-4)}`), `last four of ${c.id}'s card kept`);
  }
  assert.match(r.out, /\*\*\*@example\.com/);
  assert.match(r.out, /Please call me back on \S+ \S+ or write to \*\*\*@example\.net/, 'PII inside free text masked');

  // Both refusals, with SQLSTATE and the rule that made them.
  assert.match(r.out, /\| BLOCKED \| 42501 +\| agentgate: DROP statements are blocked \(policy demo\/support-agent, rule builtin:destructive\/drop\)/);
  assert.match(r.out, /\| BLOCKED \| 42501 +\| agentgate: UPDATE\/DELETE without a WHERE clause is blocked \(policy demo\/support-agent, rule builtin:destructive\/unbounded-write\)/);
  assert.match(r.out, /\| customers \|\n\+-+\+\n\| 5 +\|/, 'still five customers: nothing was dropped or deleted');

  // Where the session went, and a command that reads it.
  const show = /npx agentgate sessions show (\S+) -s (file:\/\/\S+)/.exec(r.out);
  assert.ok(show, 'prints a sessions show command');
  const [, sessionId, sink] = show;
  assert.match(r.out, /duckdb -c "SELECT .* FROM read_parquet\('\.\/\.agentgate-demo\/sessions\/\*\*\/\*\.parquet'/);
  assert.match(r.out, /psql|stdin is not a terminal/);
  const files = walk(fileURLToPath(sink!));
  assert.ok(files.some((f) => f.endsWith('.parquet')), `Parquet files in ${sink}: ${files.join(', ')}`);

  const shown = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [join(ROOT, 'sidecar/bin/agentgate.js'), 'sessions', 'show', sessionId!, '-s', sink!], (e, stdout) =>
      resolve({ code: e ? Number(e.code) : 0, out: stdout }),
    );
  });
  assert.equal(shown.code, 0, shown.out);
  assert.match(shown.out, /block rule=builtin:destructive\/drop "DROP TABLE customers"/);
  assert.match(shown.out, /block rule=builtin:destructive\/unbounded-write "DELETE FROM orders"/);
  assert.match(shown.out, /mask rule=support-agent\/mask-customer-pii .*masked .*CREDIT_CARD/);
  assert.match(shown.out, /"SELECT id, full_name, email, phone, card_number, ssn, city FROM customers ORDER BY id" \(5 rows,/, 'rows counted once, also when masking waits for column names');
  assert.match(shown.out, /disconnect/);
});

// `agentgate mask` through the real bin (sidecar/bin/agentgate.js), as users and scripts call it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/agentgate.js', import.meta.url));

function mask(args: string[], input: string | Buffer, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, 'mask', ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('stdin text is masked to stdout with every detector and redact', () => {
  const r = mask([], 'mail jane@example.com, card 4111 1111 1111 1111\nkey AKIAIOSFODNN7EXAMPLE ok\n');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'mail [EMAIL], card [CREDIT_CARD]\nkey [AWS_ACCESS_KEY_ID] ok\n');
});

test('large multi-byte input streams through unchanged where clean', () => {
  const text = 'Grüße aus 東京 🚀 — nothing sensitive here.\n'.repeat(5000);
  const r = mask([], Buffer.from(text));
  assert.equal(r.code, 0);
  assert.equal(r.out, text);
});

test('--jsonl masks only "text", keeps other fields and order; bad lines are reported by number and skipped', () => {
  const input = [
    '{"id":1,"text":"call +1 415 555 2671 or jane@example.com","meta":{"lang":"en"}}',
    'not json',
    '{"id":3}',
    '',
    '{"id":"4","text":"nothing here"}',
  ].join('\n');
  const r = mask(['--jsonl', '--findings'], input);
  assert.equal(r.code, 1);
  assert.equal(r.out, '{"id":1,"text":"call [PHONE] or [EMAIL]","meta":{"lang":"en"}}\n{"id":"4","text":"nothing here"}\n');
  assert.match(r.err, /line 2: invalid JSON/);
  assert.match(r.err, /line 3: expected an object with a string "text" field/);
  assert.doesNotMatch(r.err, /jane@example\.com/);
  assert.match(r.err, /\{"PHONE":1,"EMAIL":1\}/);
});

test('--style and --entities select; hash needs a key and is stable for it', () => {
  assert.equal(mask(['-e', 'EMAIL'], 'a@example.com 4111111111111111').out, '[EMAIL] 4111111111111111');
  assert.equal(mask(['--style', 'partial', '--entities', 'credit_card'], '4111 1111 1111 1111').out, '**** **** **** 1111');
  const h1 = mask(['--style', 'hash', '--hash-key', 'k1'], 'a@example.com');
  const h2 = mask(['--style', 'hash'], 'a@example.com', { AGENTGATE_MASK_HASH_KEY: 'k1' });
  assert.match(h1.out, /^\[EMAIL:[0-9a-f]{16}\]$/);
  assert.equal(h1.out, h2.out);
  const nul = mask(['--jsonl', '--style', 'null'], '{"text":"a@example.com"}\n{"text":"fine"}\n');
  assert.equal(nul.out, '{"text":null}\n{"text":"fine"}\n');
});

test('bad flags exit 2 with a clear message', () => {
  for (const [args, msg] of [
    [['--style', 'bogus'], /--style must be one of/],
    [['--entities', 'EMAIL,NOPE'], /unknown entity "NOPE"/],
    [['--style', 'hash'], /needs --hash-key/],
    [['--style', 'null'], /only applies to --jsonl/],
    [['--frobnicate'], /Unknown option/],
  ] as const) {
    const r = mask([...args], '', { AGENTGATE_MASK_HASH_KEY: '' });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
  }
  const h = mask(['--help'], '');
  assert.equal(h.code, 0);
  assert.match(h.out, /--jsonl/);
});

test('a reader that closes the pipe early (`| head -1`) ends the command quietly with status 141, no EPIPE stack trace', () => {
  // The shell's stdin (the input) is the command's; `head` exits after one line and closes the pipe.
  const input = 'mail jane@example.com\n'.repeat(200_000);
  const r = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${BIN}" mask | head -1; exit \${PIPESTATUS[0]}`], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.stdout, 'mail [EMAIL]\n');
  assert.equal(r.stderr, '');
  // The status of a process SIGPIPE ended (128 + 13), as `cat` gives: a pipeline under `set -o pipefail` sees it.
  assert.equal(r.status, 141);
});

// `agentgate sessions list|show|replay|verify` over a real recording, and tampering it must detect.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validateSessionEvent } from '@agentgate/api';
import { createRecorder } from '../src/recorder/index.js';
import { run } from '../src/cli/main.js';
import { captureIo } from '../src/cli/io.js';
import { event, NS, POD } from './helpers/events.js';
import './helpers/recorder.js';

const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/agentgate.js', import.meta.url));
const T0 = Date.UTC(2025, 2, 3, 10, 0, 0);

let root: string;
let sink: string;
let pubKey: string;

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await run(['sessions', ...argv], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** A copy of the recording to tamper with. */
function copy(): { dir: string; url: string; files: string[]; manifests: string[] } {
  const dir = mkdtempSync(join(root, 'copy-'));
  cpSync(sink, dir, { recursive: true });
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const all = walk(dir).sort();
  return { dir, url: `file://${dir}`, files: all.filter((f) => f.endsWith('.parquet')).sort((a, b) => (a.slice(-16) < b.slice(-16) ? -1 : 1)), manifests: all.filter((f) => f.endsWith('.jws')) };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'agentgate-cli-sessions-'));
  sink = join(root, 'sink');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(root, 'signing.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
  pubKey = join(root, 'signing.pub.pem');
  writeFileSync(pubKey, publicKey.export({ format: 'pem', type: 'spki' }));
  const rec = await createRecorder({
    journalDir: join(root, 'journal'), sink: `file://${sink}`, identity: { namespace: NS, pod: POD },
    rotateBytes: 4096, signingKeyFile: join(root, 'signing.pem'),
  });
  for (let seq = 0; seq < 30; seq++) {
    assert.ok(rec.record(event('alpha', seq, { ts: T0 + seq * 40, ...(seq === 0 ? { subject: 'user:alice' } : {}) })));
    if (seq < 20) assert.ok(rec.record(event('beta', seq, { ts: T0 + 5000 + seq * 10, resource: 'billing-db' })));
  }
  await rec.close(10_000);
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test('list shows each session with its pod, resource, start, duration and event count', async () => {
  const r = await cli('list', '-s', `file://${sink}`);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.match(lines[0]!, /^SESSION\s+NAMESPACE\s+POD\s+RESOURCE\s+START \(UTC\)\s+DURATION\s+EVENTS$/);
  assert.match(lines[1]!, new RegExp(`^alpha\\s+agents\\s+${POD}\\s+orders-db\\s+2025-03-03 10:00:00.000\\s+1.2s\\s+30$`));
  assert.match(lines[2]!, /^beta\s+agents\s+\S+\s+billing-db\s+2025-03-03 10:00:05.000\s+190ms\s+20$/);
  const json = JSON.parse((await cli('list', '-s', `file://${sink}`, '-o', 'json')).out) as Array<{ id: string; events: number; files: string[] }>;
  assert.deepEqual(json.map((s) => [s.id, s.events]), [['alpha', 30], ['beta', 20]]);
  assert.ok(json[0]!.files.length >= 2, 'alpha spans several files');
  assert.equal((await cli('list', '-s', `file://${sink}`, '-n', 'elsewhere')).out, 'No sessions found.\n');
  const since = await cli('list', '-s', `file://${sink}`, '--since', '2025-03-03T10:00:03Z');
  assert.doesNotMatch(since.out, /^alpha/m);
  assert.match(since.out, /^beta/m);
});

test('show prints a session as a timeline; -o json prints its events, valid against the schema', async () => {
  const r = await cli('show', 'alpha', '-s', `file://${sink}`);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.match(lines[0]!, new RegExp(`^Session alpha  agents/${POD}  resource orders-db$`));
  assert.match(lines[1]!, /^30 events, seq 0\.\.29, 2025-03-03 10:00:00\.000 → 2025-03-03 10:00:01\.160 UTC \(1\.2s\)$/);
  const timeline = lines.slice(3);
  assert.equal(timeline.length, 30);
  assert.match(timeline[0]!, /^\s+\+0\.000s #0\s+connect\s+sa=support-agent sub=user:alice$/);
  assert.match(timeline[2]!, /^\s+\+0\.080s #2\s+operation\s+mask rule=support-agent\/mask-pii "SELECT id, email FROM public\.customers WHERE id = 2" \(2 rows, 0\.5ms, masked EMAIL×3\)$/);
  const json = await cli('show', 'beta', '-s', `file://${sink}`, '-o', 'json');
  const events = json.out.trim().split('\n').map((l) => JSON.parse(l) as unknown);
  assert.equal(events.length, 20);
  for (const e of events) assert.equal(validateSessionEvent(e).ok, true);
  assert.deepEqual(events.map((e) => (e as { seq: number }).seq), Array.from({ length: 20 }, (_, i) => i));
  const missing = await cli('show', 'gamma', '-s', `file://${sink}`);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /session "gamma" not found/);
});

test('replay prints the events in seq order (speed 0: without waiting)', async () => {
  const r = await cli('replay', 'beta', '-s', `file://${sink}`, '--speed', '0');
  assert.equal(r.code, 0, r.err);
  const seqs = [...r.out.matchAll(/ #(\d+) /g)].map((m) => Number(m[1]));
  assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i));
});

test('verify passes an untouched recording, with and without the expected public key', async () => {
  const r = await cli('verify', '-s', `file://${sink}`);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^CHAIN agents\/support-agent-7d9f-x2k4\/[0-9a-f]{12}: \d+ file\(s\), 50 verified row\(s\), sealed, signed by \S+ \(embedded key: pass --key to prove origin\) → OK$/m);
  assert.match(r.out, /^verify: OK$/m);
  const keyed = await cli('verify', '-s', `file://${sink}`, '--key', pubKey);
  assert.equal(keyed.code, 0, keyed.out);
  assert.match(keyed.out, /\(matches --key\)/);
  const other = join(root, 'other.pub.pem');
  writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
  const wrong = await cli('verify', '-s', `file://${sink}`, '--key', other);
  assert.equal(wrong.code, 1);
  assert.match(wrong.out, /ERROR bad-signature: manifest _manifests\/.*\.jws does not verify/);
});

test('verify detects a deleted file and names its place in the chain', async () => {
  const c = copy();
  assert.ok(c.files.length >= 4, `${c.files.length} files`);
  unlinkSync(c.files[2]!);
  unlinkSync(c.manifests.find((m) => m.endsWith('/00000002.jws'))!);
  const r = await cli('verify', '-s', c.url);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /ERROR missing-file: file #2 is missing \(no manifest, no data\) after namespace=agents\/.*-00000001\.parquet/);
  assert.match(r.out, /ERROR seq-gap: session \w+: seq \S+ missing/, 'and which events went with it');
  // Only the data object gone, its manifest left behind:
  const d = copy();
  unlinkSync(d.files[1]!);
  const r2 = await cli('verify', '-s', d.url);
  assert.equal(r2.code, 1);
  assert.match(r2.out, /ERROR missing-data: file #1 namespace=.*-00000001\.parquet is missing \(its manifest is present\)/);
});

test('verify detects reordered files and says whose content each holds', async () => {
  const c = copy();
  const [a, b] = [c.files[1]!, c.files[2]!];
  renameSync(a, `${a}.swap`);
  renameSync(b, a);
  renameSync(`${a}.swap`, b);
  const r = await cli('verify', '-s', c.url);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /ERROR reordered: namespace=.*-00000001\.parquet holds the content of file #2 \(namespace=.*-00000002\.parquet\), not #1/);
  assert.match(r.out, /ERROR reordered: namespace=.*-00000002\.parquet holds the content of file #1/);
});

test('verify detects an altered file and an edited manifest', async () => {
  const c = copy();
  const f = c.files[3]!;
  const bytes = readFileSync(f);
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  writeFileSync(f, bytes);
  const r = await cli('verify', '-s', c.url);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /ERROR altered: namespace=.*-00000003\.parquet was altered: sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}/);

  const d = copy();
  const m = d.manifests.find((x) => x.endsWith('/00000001.jws'))!;
  const [h, p, s] = readFileSync(m, 'utf8').split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { rows: number };
  payload.rows += 1;
  writeFileSync(m, `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`);
  const r2 = await cli('verify', '-s', d.url);
  assert.equal(r2.code, 1);
  assert.match(r2.out, /ERROR bad-signature: manifest _manifests\/.*\/00000001\.jws does not verify/);
});

test('bad input exits 2 with a reason', async () => {
  const saved = process.env.AGENTGATE_SINK;
  delete process.env.AGENTGATE_SINK;
  try {
    const cases: Array<[string[], RegExp]> = [
      [['list'], /no sink: pass --sink/],
      [['list', '-s', 'ftp://x'], /unsupported sink URL "ftp:\/\/x"/],
      [['show', '-s', `file://${sink}`], /sessions show takes one SESSION id/],
      [['frobnicate', '-s', `file://${sink}`], /unknown sessions command "frobnicate"/],
      [['list', '-s', `file://${sink}`, '--since', 'yesterday'], /--since: "yesterday" is neither a time/],
      [['replay', 'alpha', '-s', `file://${sink}`, '--speed=-1'], /--speed: expected a non-negative number/],
      [['verify', '-s', `file://${sink}`, '--key', join(root, 'nope.pem')], /--key .*nope\.pem/],
      [['list', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.out}${r.err}`);
      assert.match(r.err, re);
    }
    assert.equal((await cli()).code, 2);
    assert.equal((await cli('--help')).code, 0);
  } finally {
    if (saved !== undefined) process.env.AGENTGATE_SINK = saved;
  }
});

test('the installed bin verifies from a real process: 0 when intact, 1 when tampered', async () => {
  const ok = await exec(process.execPath, [BIN, 'sessions', 'verify', '--sink', `file://${sink}`]);
  assert.match(ok.stdout, /^verify: OK$/m);
  const c = copy();
  unlinkSync(c.files[0]!);
  await assert.rejects(exec(process.execPath, [BIN, 'sessions', 'verify', '--sink', c.url]), (err: { code: number; stdout: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stdout, /ERROR missing-data: file #0/);
    return true;
  });
});

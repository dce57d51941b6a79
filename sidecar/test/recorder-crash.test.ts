// The recorder in its own process against a real S3-compatible server: kill -9 mid-stream and restart
// loses and duplicates nothing; SIGTERM ships everything before exit, or leaves it for the next start
// when the sink is down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecorderConfig } from '@agentgate/api';
import { run } from '../src/cli/main.js';
import { captureIo } from '../src/cli/io.js';
import { BUCKET, defer, downloadParquet, duck, NS, parquetGlob, POD, seqsBySession, startS3, tempDir, type HasAfter, type S3 } from './helpers/recorder.js';

const CHILD = fileURLToPath(new URL('./fixtures/recorder-child.js', import.meta.url));

function config(dir: string, s3: S3, extra: Partial<RecorderConfig> = {}): RecorderConfig {
  return {
    journalDir: join(dir, 'journal'),
    sink: `s3://${BUCKET}/recordings`,
    s3: { endpoint: s3.endpoint, forcePathStyle: true, credentialsDir: s3.credentialsDir },
    identity: { namespace: NS, pod: POD },
    // Small segments: many builds and uploads are in flight whenever the process is killed.
    rotateBytes: 16_384,
    retry: { initial: '20ms', max: '200ms' },
    ...extra,
  };
}

interface Child {
  proc: ChildProcess;
  lines: AsyncIterator<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(t: HasAfter, args: string[]): Child {
  const proc = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  defer(t, () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator](), exited };
}

async function nextLine(c: Child): Promise<string> {
  const r = await c.lines.next();
  if (r.done) throw new Error(`child ended early (${JSON.stringify(await c.exited)})`);
  return r.value;
}

async function verifyCli(s3: S3, ...extra: string[]) {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const io = captureIo();
  const code = await run(['sessions', 'verify', '-s', `s3://${BUCKET}/recordings`, '--endpoint', s3.endpoint, '--path-style', ...extra], io);
  return { code, out: io.stdout() + io.stderr() };
}

test('kill -9 mid-stream, three times, then restart: every acknowledged event is in S3 exactly once, no gaps', async (t) => {
  const dir = tempDir(t, 'crash');
  const s3 = await startS3(t, dir);
  const cfg = JSON.stringify(config(dir, s3));
  const acked = new Map<string, number>();
  for (let round = 0; round < 3; round++) {
    const child = start(t, [cfg, 'stream', `r${round}`]);
    // Kill at a different depth each round, once this run has shipped files (so later segments are
    // being sealed, built and uploaded when the signal lands), with fsyncs in flight.
    const target = 300 + round * 170;
    let acks = 0;
    let uploaded = 0;
    while (acks < target || uploaded < 2 + round) {
      const [what, a, b] = (await nextLine(child)).split(' ');
      if (what === 'uploaded') uploaded = Number(a);
      else {
        acked.set(a!, Number(b));
        acks++;
      }
    }
    child.proc.kill('SIGKILL');
    assert.deepEqual(await child.exited, { code: null, signal: 'SIGKILL' });
  }
  // A last, clean run recovers everything the killed ones left and ships it. Its shutdown deadline is
  // generous: it only bounds the wait (close returns as soon as all is shipped), and on a loaded CI machine
  // dozens of recovered segments can take longer than 20 s to build and upload (the deadline path itself
  // is tested below).
  const last = start(t, [cfg, 'batch', 'final', '5', '90000']);
  assert.equal(await nextLine(last), 'ready');
  last.proc.kill('SIGTERM');
  assert.deepEqual(await last.exited, { code: 0, signal: null });

  const local = join(dir, 'download');
  assert.ok((await downloadParquet(s3, 'recordings/', local)) > 10, 'many files were shipped');
  const seqs = await seqsBySession(local);
  assert.equal(acked.size, 12);
  for (const [session, maxAcked] of acked) {
    const got = seqs.get(session) ?? [];
    // Nothing lost: every acknowledged seq is there. Nothing duplicated, no gap: exactly 0..n-1.
    // (An event written just before the kill but not yet acknowledged may be there too.)
    assert.ok(got.length >= maxAcked + 1, `${session}: ${got.length} events, acknowledged up to ${maxAcked}`);
    assert.deepEqual(got, Array.from({ length: got.length }, (_, i) => i), `${session} is 0..n-1 once each`);
  }
  assert.deepEqual(seqs.get('final'), [0, 1, 2, 3, 4]);
  const total = await duck(`SELECT count(*) AS n, count(DISTINCT (session_id, seq)) AS d FROM ${parquetGlob(local)}`);
  assert.equal(total[0]!.n, total[0]!.d, 'no duplicate rows');

  // The hash chain survived the crashes: one chain, every file signed, linked and sealed.
  const v = await verifyCli(s3);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /CHAIN agents\/support-agent-7d9f-x2k4\/[0-9a-f]{12}: \d+ file\(s\), \d+ verified row\(s\), sealed/);
  assert.doesNotMatch(v.out, /ERROR|WARN/);
});

test('SIGTERM flushes and uploads everything before the process exits, and seals the chain', async (t) => {
  const dir = tempDir(t, 'term');
  const s3 = await startS3(t, dir);
  const child = start(t, [JSON.stringify(config(dir, s3, { rotateBytes: 1 << 20 })), 'batch', 'term', '200', '20000']);
  assert.equal(await nextLine(child), 'ready');
  child.proc.kill('SIGTERM');
  assert.deepEqual(await child.exited, { code: 0, signal: null });
  const local = join(dir, 'download');
  await downloadParquet(s3, 'recordings/', local);
  assert.deepEqual((await seqsBySession(local)).get('term'), Array.from({ length: 200 }, (_, i) => i));
  const v = await verifyCli(s3);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /sealed/);
});

test('SIGTERM with the sink down exits at its deadline; the next start ships what was left', async (t) => {
  const dir = tempDir(t, 'termdown');
  const s3 = await startS3(t, dir);
  const cfg = JSON.stringify(config(dir, s3));
  await s3.stop();
  const child = start(t, [cfg, 'batch', 'down', '150', '300']);
  assert.equal(await nextLine(child), 'ready');
  child.proc.kill('SIGTERM');
  // It exits by itself, cleanly, with the data still in its journal (the test would time out otherwise).
  assert.deepEqual(await child.exited, { code: 0, signal: null });
  await s3.start();
  const next = start(t, [cfg, 'batch', 'after', '3', '20000']);
  assert.equal(await nextLine(next), 'ready');
  next.proc.kill('SIGTERM');
  assert.deepEqual(await next.exited, { code: 0, signal: null });
  const local = join(dir, 'download');
  await downloadParquet(s3, 'recordings/', local);
  const seqs = await seqsBySession(local);
  assert.deepEqual(seqs.get('down'), Array.from({ length: 150 }, (_, i) => i));
  assert.deepEqual(seqs.get('after'), [0, 1, 2]);
});

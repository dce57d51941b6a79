// An S3 outage (the server stopped) and its recovery: the journal grows to its cap, the failure policy
// decides, and after recovery every accepted event is in the bucket exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FailurePolicy, RecorderConfig } from '@agentgate/api';
import { createRecorder, type JournalRecorder } from '../src/recorder/index.js';
import { metrics } from '../src/recorder/metrics.js';
import { run } from '../src/cli/main.js';
import { captureIo } from '../src/cli/io.js';
import { BUCKET, defer, downloadParquet, duck, event, NS, parquetGlob, POD, seqsBySession, startS3, tempDir, type S3 } from './helpers/recorder.js';

const CAP = 64 * 1024;

function config(dir: string, s3: S3, failurePolicy: FailurePolicy): RecorderConfig {
  return {
    journalDir: join(dir, 'journal'),
    sink: `s3://${BUCKET}/tenant-a/sessions`,
    s3: { endpoint: s3.endpoint, forcePathStyle: true, credentialsDir: s3.credentialsDir },
    identity: { namespace: NS, pod: POD },
    failurePolicy,
    journalMaxBytes: CAP,
    rotateBytes: 4096,
    rotateAge: '50ms',
    retry: { initial: '20ms', max: '100ms' },
  };
}

const value = async (m: { get(): Promise<{ values: Array<{ value: number }> }> }) => (await m.get()).values[0]?.value ?? 0;

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(10);
}

/** Record into session `s` from `from` on, yielding now and then so builds and uploads run, until `stop`. */
async function feed(rec: JournalRecorder, s: string, from: number, stop: (accepted: boolean, n: number) => boolean) {
  let seq = from;
  let offered = 0;
  for (;;) {
    const ok = rec.record(event(s, seq));
    offered++;
    // The gate numbers recorded events: a refused one does not use up its seq.
    if (ok) seq++;
    if (stop(ok, offered)) return seq;
    if (offered % 25 === 0) await sleep(2);
  }
}

async function verify(s3: S3) {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const io = captureIo();
  const code = await run(['sessions', 'verify', '-s', `s3://${BUCKET}/tenant-a/sessions`, '--endpoint', s3.endpoint, '--path-style'], io);
  return { code, out: io.stdout() + io.stderr() };
}

test('failClosed: during an outage the journal fills to its cap, then record() refuses; after recovery everything lands once', async (t) => {
  const dir = tempDir(t, 'outage');
  const s3 = await startS3(t, dir);
  const rec = await createRecorder(config(dir, s3, 'failClosed'));
  defer(t, () => rec.close(0));
  const before = await feed(rec, 'before', 0, (_, n) => n === 50);
  await rec.drain();
  assert.equal(rec.stats().journalBytes, 0, 'all shipped while the sink is up');

  const failures = await value(metrics.uploadFailures);
  await s3.stop();
  // First a few events that get built into files which wait (the sink cannot take them), then until the cap.
  const first = await feed(rec, 'during', 0, (ok, n) => {
    assert.equal(ok, true, 'below the cap everything is accepted');
    return n === 20;
  });
  await until(() => rec.stats().pendingFiles >= 2);
  let high = 0;
  const during = await feed(rec, 'during', first, (ok) => {
    high = Math.max(high, rec.stats().journalBytes);
    return !ok;
  });
  assert.equal(rec.accepting, false, 'at the cap, failClosed stops accepting');
  assert.equal(rec.record(event('during', during)), false, 'and keeps refusing');
  const st = rec.stats();
  assert.ok(st.journalBytes >= CAP, `journal at its cap: ${st.journalBytes}`);
  assert.ok(st.pendingFiles > 0, 'built files wait locally for the sink');
  assert.ok(high >= CAP, `highest journal size seen ${high}`);
  assert.equal(await value(metrics.accepting), 0);
  assert.ok((await value(metrics.journalBytes)) >= CAP, 'the journal size gauge shows it');
  // Upload attempts keep failing (and are counted) while the server is down.
  while ((await value(metrics.uploadFailures)) <= failures) await sleep(10);

  await s3.start();
  await until(() => rec.accepting);
  const after = await feed(rec, 'during', during, (_, n) => n === 30);
  await rec.close(20_000);

  const local = join(dir, 'download');
  await downloadParquet(s3, 'tenant-a/sessions/', local);
  const seqs = await seqsBySession(local);
  assert.deepEqual(seqs.get('before'), Array.from({ length: before }, (_, i) => i));
  assert.deepEqual(seqs.get('during'), Array.from({ length: after }, (_, i) => i), 'every accepted event exactly once');
  const [n] = await duck(`SELECT count(*) AS n FROM ${parquetGlob(local)}`);
  assert.equal(Number(n!.n), before + after);
  const v = await verify(s3);
  assert.equal(v.code, 0, v.out);
  assert.doesNotMatch(v.out, /dropped|seq-gap/);
});

test('failOpen: at the cap operations go through unrecorded and are counted; the gap is declared, not hidden', async (t) => {
  const dir = tempDir(t, 'outage-open');
  const s3 = await startS3(t, dir);
  const rec = await createRecorder(config(dir, s3, 'failOpen'));
  defer(t, () => rec.close(0));
  await s3.stop();
  let offered = 0;
  // The gate numbers every event it hands over; under failOpen the dropped ones leave holes.
  for (; rec.stats().dropped < 20; offered++) {
    assert.equal(rec.record(event('open', offered)), true, 'failOpen never refuses');
    if (offered % 25 === 0) await sleep(2);
  }
  assert.equal(rec.accepting, true);
  const dropped = rec.stats().dropped;
  await s3.start();
  await until(() => rec.stats().journalBytes < CAP / 2);
  for (let i = 0; i < 10; i++, offered++) assert.equal(rec.record(event('open', offered)), true);
  await rec.close(20_000);
  assert.equal(rec.stats().dropped, dropped, 'nothing dropped once the sink was back');

  const local = join(dir, 'download');
  await downloadParquet(s3, 'tenant-a/sessions/', local);
  const [c] = await duck(`SELECT count(*) AS n, count(DISTINCT seq) AS d, max(seq) AS m FROM ${parquetGlob(local)}`);
  assert.equal(Number(c!.n), offered - dropped, 'everything not dropped arrived');
  assert.equal(Number(c!.d), Number(c!.n), 'exactly once');
  assert.equal(Number(c!.m), offered - 1, 'the events after recovery are there');
  const v = await verify(s3);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, new RegExp(`WARN {2}dropped: ${dropped} event\\(s\\) were dropped`));
  assert.match(v.out, /WARN {2}seq-gap: session open: seq .* missing \(events were dropped under failOpen\)/);
});

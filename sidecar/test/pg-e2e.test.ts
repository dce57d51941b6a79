// End to end with the real recorder: agent → sidecar (default destructive rules, masking with the real
// engine, a hold) → PostgreSQL, and the Parquet files the file:// sink receives hold every event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SessionEvent } from '@agentgate/api';
import { compileMasker } from '../src/masking/index.js';
import { createRecorder } from '../src/recorder/index.js';
import { readParquet } from '../src/recorder/reading.js';
import { POD, direct, startProxy } from './helpers/pg.js';

function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => join(e.parentPath, e.name));
}

test('a recorded agent session: connect, allowed+masked, blocked, approved hold, error, disconnect', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-pg-e2e-'));
  try {
    const d = await direct();
    await d.query("DROP TABLE IF EXISTS pge2e_users; CREATE TABLE pge2e_users (id int, email text); INSERT INTO pge2e_users VALUES (1, 'dana@example.com')");
    await d.end();
    const recorder = await createRecorder({ journalDir: join(dir, 'journal'), sink: `file://${join(dir, 'sink')}`, identity: { namespace: POD.namespace, pod: POD.pod } });
    const p = await startProxy({
      recorder,
      policy: {
        masking: { entities: ['EMAIL'] },
        rules: [{ name: 'updates-need-a-human', match: { sql: { statementKinds: ['UPDATE'] } }, action: 'hold' }],
        approval: { approverGroups: ['dba'], timeout: '10s' },
      },
      maskerFor: (plan) => compileMasker(plan, { hashKey: 'k' }),
    });
    p.approvals.onRequest((r) => setTimeout(() => p.approvals.decide(r.id, 'Approved', 'bob@example.com'), 20));
    const c = new pg.Client(p.client);
    await c.connect();
    assert.equal((await c.query('SELECT email FROM pge2e_users')).rows[0].email, '[EMAIL]');
    await assert.rejects(c.query('DROP TABLE pge2e_users'), /42501|DROP/);
    assert.equal((await c.query("UPDATE pge2e_users SET email = 'x@example.com' WHERE id = 1")).rowCount, 1);
    await assert.rejects(c.query('SELECT * FROM pge2e_missing'), /does not exist/);
    await c.end();
    await new Promise((r) => setTimeout(r, 100));
    await p.close();
    await recorder.close(10_000);

    const events: SessionEvent[] = [];
    for (const f of parquetFiles(join(dir, 'sink'))) events.push(...(await readParquet(readFileSync(f))).events);
    events.sort((a, b) => a.seq - b.seq);
    assert.deepEqual(new Set(events.map((e) => e.session_id)).size, 1);
    assert.deepEqual(events.map((e) => e.kind), ['connect', 'operation', 'operation', 'approval', 'approval', 'operation', 'operation', 'disconnect']);
    const [, sel, drop, , approved, upd, missing] = events as SessionEvent[] & { length: 8 };
    assert.equal(sel!.decision, 'allow');
    assert.equal(sel!.rows, 1);
    assert.deepEqual(sel!.masked, [{ entity: 'EMAIL', count: 1 }]);
    assert.equal(drop!.decision, 'block');
    assert.equal(drop!.rule, 'builtin:destructive/drop');
    assert.equal(drop!.error_code, '42501');
    assert.equal(approved!.approval_outcome, 'Approved');
    assert.equal(approved!.approver, 'bob@example.com');
    assert.equal(upd!.decision, 'hold');
    assert.equal(upd!.approval_outcome, 'Approved');
    assert.equal(upd!.operation, "UPDATE pge2e_users SET email = '[EMAIL]' WHERE id = 1");
    assert.equal(upd!.rows, 1);
    assert.equal(missing!.error_code, '42P01');
    for (const e of events) {
      assert.equal(e.pod, POD.pod);
      assert.equal(e.resource, 'db');
      assert.equal(e.protocol, 'postgres');
    }
    assert.ok(!JSON.stringify(events).includes('dana@example.com'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

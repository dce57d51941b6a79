// Result masking through the sidecar with the real masking engine (compileMasker): detectors, column
// rules resolved from RowDescription table OIDs, binary-format results nulled, COPY TO STDOUT, counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { compileMasker } from '../src/masking/index.js';
import { MemoryRecorder, direct, startProxy, type Proxy } from './helpers/pg.js';
import { RawClient } from './helpers/raw-pg.js';

const run = promisify(execFile);
const T = 'pgmask_customers';
let p: Proxy;
let rec: MemoryRecorder;

before(async () => {
  const d = await direct();
  await d.query(`DROP TABLE IF EXISTS ${T}; CREATE TABLE ${T} (id int PRIMARY KEY, email text, card text, note text, score bigint, active bool, raw bytea)`);
  await d.query(`INSERT INTO ${T} VALUES
    (1, 'alice@example.com', '4111 1111 1111 1111', 'likes tea', 42, true, '\\x00ff'),
    (2, 'no email here', 'n/a', 'call bob@corp.io', 7, false, NULL),
    (3, NULL, NULL, NULL, NULL, NULL, NULL)`);
  await d.end();
  rec = new MemoryRecorder();
  p = await startProxy({
    recorder: rec,
    policy: { masking: { entities: ['EMAIL', 'CREDIT_CARD'], columns: [{ name: `public.${T}.note`, style: 'redact' }] } },
    maskerFor: (plan) => compileMasker(plan, { hashKey: 'test-key' }),
  });
});
after(async () => {
  await p.close();
});

test('text results: detectors and column rules mask values; other columns are untouched', async () => {
  const c = new pg.Client(p.client);
  await c.connect();
  for (const q of [`SELECT * FROM ${T} ORDER BY id`, { text: `SELECT * FROM ${T} WHERE id > $1 ORDER BY id`, values: [0] }]) {
    const r = await c.query(q as string);
    assert.deepEqual(r.rows.map((x) => [x.id, x.email, x.card, x.note, x.score, x.active]), [
      [1, '[EMAIL]', '[CREDIT_CARD]', '[column:public.pgmask_customers.note]', '42', true],
      [2, 'no email here', 'n/a', '[column:public.pgmask_customers.note]', '7', false],
      [3, null, null, null, null, null],
    ]);
    assert.deepEqual(r.rows[0].raw, Buffer.from([0, 255]), 'bytea without entities is unchanged');
  }
  // A computed column has no table: detectors still apply.
  const r = await c.query("SELECT 'mail: carol@example.org' AS x, 5 AS n");
  assert.deepEqual(r.rows[0], { x: 'mail: [EMAIL]', n: 5 });
  await c.end();
  const op = rec.ops().find((e) => e.operation === `SELECT * FROM ${T} ORDER BY id`)!;
  assert.equal(op.rows, 3, 'a row that waited for column names is counted once');
  assert.deepEqual(Object.fromEntries(op.masked!.map((m) => [m.entity, m.count])), { EMAIL: 1, CREDIT_CARD: 1, [`column:public.${T}.note`]: 2 });
});

test('json and jsonb values are masked as their strings read and stay valid JSON for the client', async () => {
  // Every detector on: values hold escaped quotes and line breaks next to labelled entities.
  const all = await startProxy({ policy: { masking: {} }, maskerFor: (plan) => compileMasker(plan, { hashKey: 'test-key' }) });
  const c = new pg.Client(all.client);
  await c.connect();
  // node-postgres parses json/jsonb with JSON.parse: a mask that cut an escape in two would throw here.
  const doc = { note: 'api_key="Zk3jq9LmP2xV8wRt" and Name: Ana Ruiz\nDOB: 1990-01-01', list: ['bob@corp.io\t', 'password: hunter22\nnext'] };
  const r = await c.query('SELECT $1::jsonb AS b, $1::json AS j', [JSON.stringify(doc)]);
  for (const v of [r.rows[0].b, r.rows[0].j]) {
    assert.deepEqual(v, { note: 'api_key="[PASSWORD]" and Name: [PERSON_NAME]\nDOB: [DATE_OF_BIRTH]', list: ['[EMAIL]\t', 'password: [PASSWORD]\nnext'] });
  }
  await c.end();
  await all.close();
});

test('binary-format results: text columns become NULL (counted), fixed-width ones stay', async () => {
  const c = new pg.Client(p.client);
  await c.connect();
  // node-pg asks for binary results with `binary: true`; it then decodes only a few types itself.
  const r = await c.query({ text: `SELECT id, email, active FROM ${T} WHERE id = $1`, values: [1], binary: true } as pg.QueryConfig);
  assert.equal(r.rows[0].email, null);
  assert.equal(r.rows[0].active, true);
  assert.ok(Buffer.isBuffer(r.rows[0].id) || r.rows[0].id === 1);
  await c.end();
  const op = rec.ops().at(-1)!;
  assert.equal(op.masked?.find((m) => m.entity === `binary:public.${T}.email`)?.count, 1);
});

test('COPY … TO STDOUT: detectors mask the text rows; under column rules it is refused instead of leaking', async () => {
  const refused = await run('psql', ['-X', '-At', '-c', `COPY (SELECT id, note FROM ${T}) TO STDOUT`], { env: p.env }).catch((e: { stderr: string }) => e);
  assert.match(refused.stderr, /cannot apply the column masking rules/);
  const detectorsOnly = await startProxy({
    policy: { masking: { entities: ['EMAIL', 'CREDIT_CARD'] } },
    maskerFor: (plan) => compileMasker(plan, { hashKey: 'test-key' }),
  });
  try {
    const r = await run('psql', ['-X', '-At', '-c', `COPY (SELECT id, email, note FROM ${T} ORDER BY id) TO STDOUT`], { env: detectorsOnly.env });
    assert.equal(r.stdout, '1\t[EMAIL]\tlikes tea\n2\tno email here\tcall [EMAIL]\n3\t\\N\t\\N\n');
  } finally {
    await detectorsOnly.close();
  }
});

test('masked statement text in the recording', async () => {
  const c = new pg.Client(p.client);
  await c.connect();
  await c.query(`SELECT id FROM ${T} WHERE email = 'alice@example.com'`);
  await c.end();
  assert.ok(rec.ops().some((e) => e.operation === `SELECT id FROM ${T} WHERE email = '[EMAIL]'`));
  assert.ok(!JSON.stringify(rec.events).includes('alice@example.com'));
});

test('a portal executed without Describe is masked with its statement description and Bind formats', async () => {
  const c = await RawClient.open(p.port);
  const start = c.messages.length;
  c.socket.write(Buffer.concat([
    serialize.parse({ name: 's1', text: `SELECT email, note FROM ${T} WHERE id = 1` }),
    serialize.describe({ type: 'S', name: 's1' }),
    serialize.sync(),
  ]));
  await c.until((m) => m.type === 'Z', start);
  const from = c.messages.length;
  // Bind with no result formats (all text), Execute, Sync: the relay has seen no RowDescription for this portal.
  c.socket.write(Buffer.concat([serialize.bind({ statement: 's1' }), serialize.execute(), serialize.sync()]));
  await c.until((m) => m.type === 'Z', from);
  const row = c.messages.slice(from).find((m) => m.type === 'D')!;
  const values: string[] = [];
  for (let i = 0, off = 2; i < row.body.readInt16BE(0); i++) {
    const len = row.body.readInt32BE(off);
    values.push(row.body.toString('utf8', off + 4, off + 4 + len));
    off += 4 + len;
  }
  assert.deepEqual(values, ['[EMAIL]', `[column:public.${T}.note]`]);
  c.socket.destroy();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startProxy } from './helpers/pg.js';

test('smoke: simple query through the sidecar', async () => {
  const p = await startProxy();
  const c = new pg.Client(p.client);
  await c.connect();
  const r = await c.query('SELECT 1 AS one');
  assert.equal(r.rows[0].one, 1);
  const r2 = await c.query('SELECT $1::int + 1 AS two', [1]);
  assert.equal(r2.rows[0].two, 2);
  await assert.rejects(c.query('DROP TABLE nothing_here'), /DROP statements are blocked/);
  const r3 = await c.query('SELECT 3 AS three');
  assert.equal(r3.rows[0].three, 3);
  await c.end();
  await p.close();
});

// Settings that make the server lex SQL differently from the classifier (standard_conforming_strings
// off, client-only multi-byte encodings) must not let a statement hide from the policy check.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'pg-protocol';
import pg from 'pg';
import { initClassifier, classifySql } from '../src/protocols/postgres/classify/index.js';
import { LexingGuard } from '../src/protocols/postgres/lexing.js';
import { direct, startProxy, type Proxy } from './helpers/pg.js';
import { RawClient } from './helpers/raw-pg.js';

const T = 'pglex_victim';
// With standard_conforming_strings off the server reads `'a\''` as the string a' and then runs the
// DROP; with it on (the classifier's view) everything after SELECT is one string literal.
const SMUGGLE = `SELECT 'a\\'' ; DROP TABLE ${T}; --'`;

before(() => initClassifier());

test('guard: backslashes under standard_conforming_strings=off, non-ASCII under SJIS, in-flight SETs', () => {
  const g = new LexingGuard();
  assert.equal(g.refusal(SMUGGLE), undefined, 'defaults: the classifier lexes like the server');
  g.onParameter('standard_conforming_strings', 'off');
  assert.match(g.refusal(SMUGGLE) ?? '', /standard_conforming_strings is off/);
  assert.equal(g.refusal('SELECT 1'), undefined, 'no backslash: lexed the same either way');
  g.onParameter('standard_conforming_strings', 'on');
  g.onParameter('client_encoding', 'SJIS');
  assert.match(g.refusal("SELECT 'ソ'") ?? '', /client_encoding is SJIS/);
  assert.equal(g.refusal("SELECT 'plain'"), undefined);
  g.onParameter('client_encoding', 'UTF8');
  assert.equal(g.refusal("SELECT 'ソ'"), undefined);
  g.forwarded(classifySql('SET search_path = public'));
  assert.match(g.refusal(SMUGGLE) ?? '', /still running/);
  g.settle();
  assert.equal(g.refusal(SMUGGLE), undefined);
  g.forwarded(classifySql("SELECT set_config('standard_conforming_strings', 'off', false)"));
  assert.ok(g.refusal(SMUGGLE));
  g.settle();
  g.forwarded(classifySql('SELECT 1'));
  assert.equal(g.refusal(SMUGGLE), undefined, 'ordinary statements do not unsettle');
});

describe('through the sidecar, against PostgreSQL', () => {
  let p: Proxy;
  before(async () => {
    const d = await direct();
    await d.query(`DROP TABLE IF EXISTS ${T}; CREATE TABLE ${T} (id int)`);
    await d.end();
    p = await startProxy();
  });
  after(async () => {
    await p.close();
    const d = await direct();
    await d.query(`DROP TABLE IF EXISTS ${T}`);
    await d.end();
  });

  const tableExists = async () => {
    const d = await direct();
    const r = await d.query('SELECT to_regclass($1) AS t', [T]);
    await d.end();
    return r.rows[0].t !== null;
  };

  test('standard_conforming_strings=off cannot smuggle a DROP inside a string', async () => {
    const c = new pg.Client(p.client);
    await c.connect();
    await c.query('SET standard_conforming_strings = off');
    await assert.rejects(c.query(SMUGGLE), (e: Error & { code?: string }) => e.code === '42501' && /standard_conforming_strings/.test(e.message));
    assert.equal(await tableExists(), true);
    // set_config and RESET are seen too: the server's ParameterStatus is what counts.
    await c.query('SET standard_conforming_strings = on');
    assert.equal((await c.query("SELECT 'a\\b' AS v")).rows[0].v, 'a\\b', 'backslashes are fine while the setting is on');
    await c.query("SELECT set_config('standard_conforming_strings', 'off', false)");
    await assert.rejects(c.query(SMUGGLE), /standard_conforming_strings/);
    await c.end();
  });

  test('a startup parameter turning it off is seen from the first statement; privilege GUCs are not forwarded', async () => {
    const raw = await RawClient.open(p.port, {
      user: p.client.user as string, database: p.client.database as string,
      standard_conforming_strings: 'off', role: 'pg_read_server_files', search_path: 'evil',
    });
    assert.equal(raw.messages.some((m) => m.type === 'S' && m.body.toString().startsWith('standard_conforming_strings\0off')), true);
    let from = raw.messages.length;
    raw.socket.write(serialize.query(SMUGGLE));
    const err = await raw.until((m) => m.type === 'E', from);
    assert.ok(err);
    assert.match(RawClient.fields(err).M ?? '', /standard_conforming_strings is off/);
    await raw.until((m) => m.type === 'Z', from);
    from = raw.messages.length;
    raw.socket.write(serialize.query('SELECT current_user = session_user AS same, current_setting(\'search_path\') AS sp'));
    await raw.until((m) => m.type === 'Z', from);
    const row = raw.messages.slice(from).find((m) => m.type === 'D');
    assert.ok(row);
    assert.doesNotMatch(row.body.toString(), /evil/, 'search_path from the startup packet is dropped');
    assert.match(row.body.toString(), /\bt\b/, 'role from the startup packet is dropped');
    raw.socket.end();
    assert.equal(await tableExists(), true);
  });

  test('a SET pipelined with the smuggling statement is not raced', async () => {
    const raw = await RawClient.open(p.port, { user: p.client.user as string, database: p.client.database as string });
    const from = raw.messages.length;
    raw.socket.write(Buffer.concat([serialize.query('SET standard_conforming_strings = off'), serialize.query(SMUGGLE)]));
    const err = await raw.until((m) => m.type === 'E', from);
    assert.ok(err);
    assert.equal(RawClient.fields(err).C, '42501');
    raw.socket.end();
    assert.equal(await tableExists(), true);
  });

  test('client_encoding SJIS: non-ASCII statements refused, ASCII ones run', async () => {
    const c = new pg.Client(p.client);
    await c.connect();
    await c.query("SET client_encoding = 'SJIS'");
    assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1);
    await assert.rejects(c.query("SELECT 'é' AS v"), /client_encoding is SJIS/);
    await c.query("SET client_encoding = 'UTF8'");
    assert.equal((await c.query("SELECT 'é' AS v")).rows[0].v, 'é');
    await c.end();
  });
});

describe("the resource's search path qualifies unqualified names", () => {
  let p: Proxy;
  before(async () => {
    p = await startProxy({
      policy: { rules: [{ name: 'no-vault', match: { sql: { tables: ['vault.*'] } }, action: 'block' }] },
      resource: { postgres: { searchPath: ['vault', 'public'] } },
      listener: { searchPath: ['vault', 'public'] },
    });
  });
  after(async () => {
    await p.close();
  });

  test('unqualified names resolve to the resource search path, SET moves them, RESET returns to it', async () => {
    const c = new pg.Client(p.client);
    await c.connect();
    await assert.rejects(c.query('SELECT * FROM secrets'), (e: Error & { code?: string }) => e.code === '42501' && /no-vault/.test(e.message));
    await c.query('SET search_path = public');
    await assert.rejects(c.query('SELECT * FROM secrets'), (e: Error & { code?: string }) => e.code === '42P01', 'public.secrets does not exist: the server ran it');
    await c.query('RESET search_path');
    await assert.rejects(c.query('SELECT * FROM secrets'), /no-vault/);
    await c.end();
  });
});

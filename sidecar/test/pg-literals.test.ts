// The literal-shape cache (literals.ts) must never classify a statement more leniently than the
// classifier does on the real text.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySql, initClassifier } from '../src/protocols/postgres/classify/index.js';
import { classifyShape, parameterise } from '../src/protocols/postgres/literals.js';

before(() => initClassifier());

test('literals become parameters; equal literals share one; unsure input is left alone', () => {
  assert.equal(parameterise('SELECT a FROM t WHERE id = 42 AND name = \'it\'\'s\''), 'SELECT a FROM t WHERE id = $30001 AND name = $30002');
  assert.equal(parameterise('UPDATE t SET n = n + 1 WHERE id = 1'), 'UPDATE t SET n = n + $30001 WHERE id = $30001');
  assert.equal(parameterise('SELECT "a\'b", x1, t2.c3, $1 FROM t -- 5 \'\nWHERE y = 2.5e3'), 'SELECT "a\'b", x1, t2.c3, $1 FROM t -- 5 \'\nWHERE y = $30001');
  for (const unsure of ["SELECT E'a\\'b'", "SELECT 'a\\'; DROP TABLE t; --'", 'SELECT $$x$$', "SELECT U&'d\\0061t'", 'SELECT 1 /* 2 */', 'SELECT 0x1F', "SELECT 'open", 'SELECT a FROM t']) {
    assert.equal(parameterise(unsure), null, unsure);
  }
});

test('the shape classification equals the real one, except that it can only be stricter about WHERE', () => {
  const corpus = [
    'SELECT abalance FROM pgbench_accounts WHERE aid = 4711',
    "UPDATE pgbench_accounts SET abalance = abalance + -3 WHERE aid = 99",
    "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 2, 3, 4, CURRENT_TIMESTAMP)",
    'DELETE FROM t WHERE id = 5', 'DELETE FROM t WHERE 1 = 1', 'DELETE FROM t WHERE id + 0 = id + 0', "DELETE FROM t WHERE 'yes'",
    'DELETE FROM t WHERE true OR id = 3', 'DELETE FROM t WHERE false', 'UPDATE t SET a = 1 WHERE 2 > 1',
    "SELECT pg_read_file('/etc/passwd')", "SELECT lo_export(1234, '/tmp/x')", "COPY t TO PROGRAM 'sh -c id'",
    "SELECT * FROM dblink('host=x', 'DROP TABLE t') AS r(a int)", "WITH d AS (DELETE FROM t WHERE 1=1 RETURNING *) SELECT 1",
    "PREPARE p AS DELETE FROM t WHERE id = 3", "EXPLAIN ANALYZE DELETE FROM t WHERE 1 = 1", "SELECT interval '1 day'",
    "DO 'BEGIN DROP TABLE t; END'", "SET search_path = 'evil'", "SELECT set_config('search_path', 'evil', false)", "SELECT set_config('role', 'postgres', false)", "DROP TABLE t", "GRANT ALL ON t TO u", "SELECT 1; DELETE FROM t",
  ];
  for (const sql of corpus) {
    const shape = classifyShape(sql);
    const real = classifySql(sql);
    const msg = `${sql}: shape ${JSON.stringify(shape)} real ${JSON.stringify(real)}`;
    assert.deepEqual(shape.statementKinds, real.statementKinds, msg);
    assert.deepEqual(shape.tables, real.tables, msg);
    assert.deepEqual(shape.functions, real.functions, msg);
    assert.equal(shape.opaque, real.opaque, msg);
    assert.deepEqual(shape.searchPath, real.searchPath, msg);
    assert.ok(shape.unboundedWrite || !real.unboundedWrite, `more lenient: ${msg}`);
  }
  assert.equal(classifyShape('DELETE FROM t WHERE false').unboundedWrite, false, 'no literal-free text changes');
  // Opaque shapes fall back to the real text, so a literal set_config is not refused as opaque.
  assert.deepEqual(classifyShape("SELECT set_config('search_path', 'evil', false)").searchPath, ['evil']);
});

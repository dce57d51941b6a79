// SQL classification with the real PostgreSQL parser (libpg-query, WASM), cached by text so a
// repeated statement costs a Map lookup. Every data path and `agentgate policy test --sql` use this.
import { createHash } from 'node:crypto';
import './wasm-flags.js'; // before libpg-query: it compiles its WebAssembly when imported
import * as pgQuery from 'libpg-query';
import type { Operation } from '@agentgate/api';
import { classifyTree, type SqlClassification } from './analyze.js';

export type { SqlClassification } from './analyze.js';

const DEFAULT_SEARCH_PATH = ['public'];
const CACHE_ENTRIES = 4096;
const CACHE_MAX_TEXT = 64 * 1024;

let ready: Promise<void> | undefined;
let loaded = false;
const cache = new Map<string, SqlClassification>();

/** Load the parser's WASM module; idempotent. Call once at startup before classifySql. */
export function initClassifier(): Promise<void> {
  ready ??= pgQuery.loadModule().then(() => {
    loaded = true;
  });
  return ready;
}

function unparseable(sql: string, message: string): SqlClassification {
  return {
    statementKinds: ['UNPARSEABLE'],
    tables: [],
    columns: [],
    functions: [],
    unboundedWrite: false,
    opaque: false,
    parseError: message,
    fingerprint: createHash('sha256').update(sql).digest('hex').slice(0, 16),
    statements: 0,
    prepares: [],
    executes: [],
    deallocates: [],
  };
}

function classifyUncached(sql: string, searchPath: readonly string[]): SqlClassification {
  let tree: { stmts?: { stmt?: unknown }[] };
  // The parser rejects "" but PostgreSQL answers it with EmptyQueryResponse: nothing to decide.
  if (sql.length === 0) return classifyTree({ stmts: [] }, searchPath, '0000000000000000');
  try {
    tree = pgQuery.parseSync(sql) as typeof tree;
  } catch (e) {
    return unparseable(sql, (e as Error).message);
  }
  let fingerprint: string;
  try {
    fingerprint = pgQuery.fingerprintSync(sql);
  } catch {
    fingerprint = createHash('sha256').update(sql).digest('hex').slice(0, 16);
  }
  return classifyTree(tree, searchPath, fingerprint);
}

/**
 * Classify `sql` (any number of statements). Never throws: text that does not parse is classified
 * as UNPARSEABLE with the parser's message. Results are shared and must be treated as read-only.
 */
export function classifySql(sql: string, opts: { searchPath?: readonly string[] } = {}): SqlClassification {
  if (!loaded) throw new Error('classifySql called before initClassifier() resolved');
  const searchPath = opts.searchPath ?? DEFAULT_SEARCH_PATH;
  const key = searchPath === DEFAULT_SEARCH_PATH ? sql : `${searchPath.join(',')}\u0000${sql}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const c = classifyUncached(sql, searchPath);
  if (sql.length <= CACHE_MAX_TEXT) {
    // Map keeps insertion order: dropping the first key evicts the oldest entry.
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
  }
  return c;
}

const opSql = new WeakMap<SqlClassification, NonNullable<Operation['sql']>>();

/** The Operation.sql part for the policy engine (memoised per classification: cached statements cost nothing). */
export function toOperationSql(c: SqlClassification): NonNullable<Operation['sql']> {
  let o = opSql.get(c);
  if (!o) {
    o = {
      statementKinds: c.statementKinds,
      tables: c.tables,
      columns: c.columns,
      functions: c.functions,
      unboundedWrite: c.unboundedWrite,
      opaque: c.opaque,
    };
    if (c.parseError !== undefined) o.parseError = c.parseError;
    opSql.set(c, o);
  }
  return o;
}

/**
 * What a SQL text does once its SQL-level prepared statements are accounted for: a `PREPARE` is
 * judged by the statement it prepares, an `EXECUTE` by what was prepared under that name earlier in
 * the session (`prepared`). The proxy and `agentgate policy test` both decide on this.
 */
export function withPrepared(c: SqlClassification, prepared: ReadonlyMap<string, SqlClassification>): SqlClassification {
  for (const p of c.prepares) c = mergeClassifications(c, p.classification);
  for (const name of c.executes) {
    const prep = prepared.get(name) ?? c.prepares.find((p) => p.name === name)?.classification;
    if (prep) c = mergeClassifications(c, prep);
  }
  return c;
}

/** Merge classifications (e.g. an EXECUTE with the statement it runs). */
export function mergeClassifications(a: SqlClassification, b: SqlClassification): SqlClassification {
  const u = <T>(x: readonly T[], y: readonly T[]) => [...new Set([...x, ...y])];
  return {
    ...a,
    statementKinds: u(a.statementKinds, b.statementKinds),
    tables: u(a.tables, b.tables),
    columns: u(a.columns, b.columns),
    functions: u(a.functions, b.functions),
    unboundedWrite: a.unboundedWrite || b.unboundedWrite,
    opaque: a.opaque || b.opaque,
  };
}

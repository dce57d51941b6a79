// Walk a libpg-query parse tree and extract what policy needs: statement kinds of every statement,
// nested ones included (writable CTEs, EXPLAIN ANALYZE, COPY (query), DECLARE … CURSOR FOR, CREATE
// TABLE AS), target and source tables resolved with the search path, columns, called functions,
// whether UPDATE/DELETE/MERGE restrict their rows, and whether anything is opaque (DO, dynamic SQL,
// installing server-side code). Pure: no I/O, no caching (see index.ts).
import type { StatementKind } from '@agentgate/api';
import { CODE_DEFINING, DYNAMIC_SQL_FUNCTIONS, ROLE_SETTINGS, kindsOf } from './kinds.js';
import { isEffectivePredicate } from './where.js';

type Node = Record<string, unknown>;

export interface SqlClassification {
  statementKinds: StatementKind[];
  tables: string[];
  columns: string[];
  functions: string[];
  unboundedWrite: boolean;
  opaque: boolean;
  parseError?: string;
  /** Normalised-statement fingerprint (hex): same statement with different literals → same value. */
  fingerprint: string;
  /** Top-level statements in the text. */
  statements: number;
  /** SQL-level `PREPARE name AS …`: what the prepared statement would do when EXECUTEd. */
  prepares: { name: string; classification: SqlClassification }[];
  /** SQL-level `EXECUTE name`: the adapter substitutes what it recorded for `name` at PREPARE time. */
  executes: string[];
  deallocates: string[] | 'all';
  /** `SET search_path …` in this text: the adapter resolves later statements with it ('default' = RESET). */
  searchPath?: string[] | 'default';
}

/** Statement nodes are `<Upper…>Stmt`; fields such as InsertStmt.selectStmt are lower-case. */
const STATEMENT_KEY = /^[A-Z]\w*Stmt$/;

const RELATION_DROPS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE', 'OBJECT_INDEX']);

interface Acc {
  kinds: Set<StatementKind>;
  tables: Set<string>;
  columns: Set<string>;
  functions: Set<string>;
  unbounded: boolean;
  opaque: boolean;
  prepares: SqlClassification['prepares'];
  executes: string[];
  deallocates: string[] | 'all';
  searchPath?: string[] | 'default';
}

interface Scope {
  defaultSchema: string;
  searchPath: readonly string[];
  /** CTE names: unqualified references to them are not tables. */
  ctes: Set<string>;
  /** alias or relname → schema.table, for qualifying column references. */
  aliases: Map<string, string>;
  rawColumns: string[][];
  /** Inside a plain EXPLAIN: the statement is planned, not run. */
  planOnly: boolean;
}

function str(n: unknown): string | undefined {
  const s = (n as { String?: { sval?: string } } | undefined)?.String?.sval;
  return typeof s === 'string' ? s : undefined;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map(str).filter((s): s is string => s !== undefined) : [];
}

function qualify(scope: Scope, schema: string | undefined, rel: string): string {
  if (schema) return `${schema}.${rel}`;
  // Unqualified system catalogs resolve to pg_catalog before anything on the search path.
  if (rel.startsWith('pg_')) return `pg_catalog.${rel}`;
  return `${scope.defaultSchema}.${rel}`;
}

function addRangeVar(acc: Acc, scope: Scope, rv: Node): void {
  const rel = rv.relname as string | undefined;
  if (!rel) return;
  const schema = rv.schemaname as string | undefined;
  if (!schema && scope.ctes.has(rel)) return;
  const q = qualify(scope, schema, rel);
  acc.tables.add(q);
  scope.aliases.set(rel, q);
  const alias = (rv.alias as Node | undefined)?.aliasname;
  if (typeof alias === 'string') scope.aliases.set(alias, q);
}

/** The columns an UPDATE sets or an INSERT lists belong to its target table, whatever else it reads. */
function targetColumns(acc: Acc, scope: Scope, rv: Node | undefined, list: unknown): void {
  const rel = rv?.relname as string | undefined;
  if (!rel || !Array.isArray(list)) return;
  const table = qualify(scope, rv!.schemaname as string | undefined, rel);
  for (const t of list) {
    const name = ((t as Node).ResTarget as Node | undefined)?.name;
    if (typeof name === 'string') acc.columns.add(`${table}.${name}`);
  }
}

function explainAnalyzes(body: Node): boolean {
  for (const o of (body.options as Node[] | undefined) ?? []) {
    const d = o.DefElem as Node | undefined;
    if (d?.defname !== 'analyze') continue;
    const arg = d.arg as Node | undefined;
    if (!arg) return true;
    const v = String(str(arg) ?? (arg.Boolean as Node | undefined)?.boolval ?? (arg.Integer as Node | undefined)?.ival ?? 'true').toLowerCase();
    return !['false', 'off', '0', 'no'].includes(v);
  }
  return false;
}

function mergeInto(acc: Acc, inner: SqlClassification): void {
  inner.tables.forEach((t) => acc.tables.add(t));
}

function statement(type: string, body: Node, acc: Acc, scope: Scope, classifyNested: (n: Node) => SqlClassification): boolean {
  // Returns true when the node's children must not be walked generically.
  if (type === 'ExplainStmt') {
    acc.kinds.add('EXPLAIN');
    const analyze = explainAnalyzes(body);
    if (analyze) acc.kinds.add('EXPLAIN_ANALYZE');
    walk(body.query, acc, { ...scope, planOnly: scope.planOnly || !analyze });
    return true;
  }
  if (type === 'PrepareStmt') {
    if (!scope.planOnly) acc.kinds.add('PREPARE');
    const inner = classifyNested(body.query as Node);
    acc.prepares.push({ name: String(body.name ?? ''), classification: inner });
    mergeInto(acc, inner);
    return true;
  }
  if (!scope.planOnly) for (const k of kindsOf(type, body)) acc.kinds.add(k);
  switch (type) {
    case 'ExecuteStmt':
      acc.executes.push(String(body.name ?? ''));
      break;
    case 'CallStmt': {
      // The procedure call is an unwrapped FuncCall.
      const fname = names((body.funccall as Node | undefined)?.funcname);
      if (fname.length > 0) acc.functions.add(fname.join('.'));
      break;
    }
    case 'DeallocateStmt':
      if (body.isall === true) acc.deallocates = 'all';
      else if (acc.deallocates !== 'all') acc.deallocates.push(String(body.name ?? ''));
      break;
    case 'UpdateStmt':
    case 'DeleteStmt':
      if (!scope.planOnly && !isEffectivePredicate(body.whereClause)) acc.unbounded = true;
      if (type === 'UpdateStmt') targetColumns(acc, scope, body.relation as Node | undefined, body.targetList);
      break;
    case 'InsertStmt':
      targetColumns(acc, scope, body.relation as Node | undefined, body.cols);
      break;
    case 'MergeStmt': {
      for (const w of (body.mergeWhenClauses as Node[] | undefined) ?? []) {
        const cmd = (w.MergeWhenClause as Node | undefined)?.commandType;
        if (scope.planOnly) continue;
        if (cmd === 'CMD_DELETE') acc.kinds.add('DELETE');
        if (cmd === 'CMD_UPDATE') acc.kinds.add('UPDATE');
        if (cmd === 'CMD_INSERT') acc.kinds.add('INSERT');
        if ((cmd === 'CMD_DELETE' || cmd === 'CMD_UPDATE') && !isEffectivePredicate(body.joinCondition)) acc.unbounded = true;
      }
      break;
    }
    case 'SelectStmt':
      if (body.intoClause && !scope.planOnly) acc.kinds.add('CREATE');
      break;
    case 'DropStmt':
      if (RELATION_DROPS.has(String(body.removeType))) {
        for (const o of (body.objects as Node[] | undefined) ?? []) {
          const parts = names((o.List as Node | undefined)?.items);
          if (parts.length === 1) acc.tables.add(qualify(scope, undefined, parts[0]!));
          else if (parts.length >= 2) acc.tables.add(parts.slice(-2).join('.'));
        }
      }
      break;
    case 'DoStmt':
      if (!scope.planOnly) acc.opaque = true;
      break;
    case 'VariableSetStmt':
      if (String(body.name ?? '').toLowerCase() === 'search_path') {
        const k = String(body.kind ?? '');
        if (k === 'VAR_SET_VALUE') {
          acc.searchPath = ((body.args as Node[] | undefined) ?? [])
            .map((a) => ((a.A_Const as Node | undefined)?.sval as Node | undefined)?.sval)
            .filter((s): s is string => typeof s === 'string')
            .flatMap((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
        } else if (k === 'VAR_SET_DEFAULT' || k.startsWith('VAR_RESET')) acc.searchPath = 'default';
      }
      break;
    default:
      if (CODE_DEFINING.has(type) && !scope.planOnly) acc.opaque = true;
  }
  if (body.withClause) {
    for (const c of ((body.withClause as Node).ctes as Node[] | undefined) ?? []) {
      const name = (c.CommonTableExpr as Node | undefined)?.ctename;
      if (typeof name === 'string') scope.ctes.add(name);
    }
  }
  return false;
}

function walk(node: unknown, acc: Acc, scope: Scope): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, acc, scope);
    return;
  }
  if (typeof (node as Node).relname === 'string') {
    // A field typed RangeVar rather than Node comes unwrapped: the target of INSERT / UPDATE / DELETE /
    // MERGE / COPY, the table of ALTER TABLE, CREATE INDEX / TRIGGER / POLICY, a view's name, INTO.
    addRangeVar(acc, scope, node as Node);
    return;
  }
  // Statements first so CTE names are known before the FROM list is walked.
  const entries = Object.entries(node as Node);
  for (const [key, value] of entries) {
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      walk(value, acc, scope);
      continue;
    }
    if (STATEMENT_KEY.test(key)) {
      if (statement(key, value as Node, acc, scope, (n) => classifyTree({ stmts: [{ stmt: n }] }, scope.searchPath, '')))
        continue;
      walkChildren(value as Node, acc, scope);
    } else if (key === 'RangeVar') {
      addRangeVar(acc, scope, value as Node);
    } else if (key === 'FuncCall') {
      const fname = names((value as Node).funcname);
      if (fname.length > 0) {
        const full = fname.join('.');
        acc.functions.add(full);
        if (DYNAMIC_SQL_FUNCTIONS.has(fname[fname.length - 1]!) && !scope.planOnly) acc.opaque = true;
        if (fname[fname.length - 1] === 'set_config') setConfigCall(value as Node, acc, scope);
      }
      walkChildren(value as Node, acc, scope);
    } else if (key === 'ColumnRef') {
      const fields = names((value as Node).fields);
      if (fields.length > 0) scope.rawColumns.push(fields);
    } else {
      walk(value, acc, scope);
    }
  }
}

/** A string literal (possibly cast), else undefined. */
function constString(n: unknown): string | undefined {
  const node = n as Node | undefined;
  const c = node?.A_Const as Node | undefined;
  if (c) return ((c.sval as Node | undefined)?.sval as string | undefined) ?? undefined;
  const cast = node?.TypeCast as Node | undefined;
  return cast ? constString(cast.arg) : undefined;
}

/**
 * `set_config(name, value, is_local)` is SET in function form: `set_config('role', …)` switches role
 * and `set_config('search_path', …)` moves unqualified names elsewhere. A name or search path that is
 * not a literal cannot be known before it runs, so it is opaque.
 */
function setConfigCall(call: Node, acc: Acc, scope: Scope): void {
  if (scope.planOnly) return;
  const args = (call.args as unknown[] | undefined) ?? [];
  const name = constString(args[0])?.toLowerCase();
  if (name === undefined) acc.opaque = true;
  else if (ROLE_SETTINGS.has(name)) acc.kinds.add('SET_ROLE');
  else if (name === 'search_path') {
    const value = constString(args[1]);
    if (value === undefined) acc.opaque = true;
    else acc.searchPath = value.split(',').map((x) => x.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  }
}

function walkChildren(body: Node, acc: Acc, scope: Scope): void {
  // CTE definitions before the rest, so references to them are recognised.
  if (body.withClause) walk(body.withClause, acc, scope);
  for (const [k, v] of Object.entries(body)) if (k !== 'withClause') walk(v, acc, scope);
}

function resolveColumns(acc: Acc, scope: Scope): void {
  const single = acc.tables.size === 1 ? [...acc.tables][0]! : undefined;
  for (const f of scope.rawColumns) {
    if (f.length === 1) acc.columns.add(single ? `${single}.${f[0]}` : f[0]!);
    else if (f.length === 2) {
      const t = scope.aliases.get(f[0]!);
      acc.columns.add(t ? `${t}.${f[1]}` : f.join('.'));
    } else acc.columns.add(f.slice(-3).join('.'));
  }
}

/** Classify a parsed tree ({ stmts: [{ stmt }] }). `fingerprint` is supplied by the caller. */
export function classifyTree(tree: { stmts?: { stmt?: unknown }[] }, searchPath: readonly string[], fingerprint: string): SqlClassification {
  const acc: Acc = {
    kinds: new Set(),
    tables: new Set(),
    columns: new Set(),
    functions: new Set(),
    unbounded: false,
    opaque: false,
    prepares: [],
    executes: [],
    deallocates: [],
  };
  const defaultSchema = searchPath.find((s) => s !== '$user' && s !== '"$user"') ?? 'public';
  const stmts = tree.stmts ?? [];
  for (const s of stmts) {
    const scope: Scope = { defaultSchema, searchPath, ctes: new Set(), aliases: new Map(), rawColumns: [], planOnly: false };
    walk(s.stmt, acc, scope);
    resolveColumns(acc, scope);
  }
  return {
    statementKinds: [...acc.kinds],
    tables: [...acc.tables],
    columns: [...acc.columns],
    functions: [...acc.functions],
    unboundedWrite: acc.unbounded,
    opaque: acc.opaque,
    fingerprint,
    statements: stmts.length,
    prepares: acc.prepares,
    executes: acc.executes,
    deallocates: acc.deallocates,
    ...(acc.searchPath !== undefined && { searchPath: acc.searchPath }),
  };
}

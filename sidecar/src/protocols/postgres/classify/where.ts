// Does an UPDATE/DELETE's WHERE clause (or a MERGE's ON) actually restrict the rows it touches?
// Agents (and evasion tricks) write `WHERE true`, `WHERE 1=1`, `WHERE id = id`, `WHERE id IS NOT
// NULL`, `WHERE x OR true`, `WHERE EXISTS (SELECT 1)`: all of them hit every row. A predicate is
// effective only when it depends on a column and is not one of the tautology shapes below. This is
// a conservative syntactic check, not a proof: `WHERE id > -1` still counts as effective.
type Node = Record<string, unknown>;

function only(n: unknown): [string, Node] | null {
  if (!n || typeof n !== 'object' || Array.isArray(n)) return null;
  const keys = Object.keys(n);
  if (keys.length !== 1) return null;
  return [keys[0]!, (n as Node)[keys[0]!] as Node];
}

/** Any column reference anywhere inside (sub-selects included). */
function mentionsColumn(n: unknown): boolean {
  if (!n || typeof n !== 'object') return false;
  if (Array.isArray(n)) return n.some(mentionsColumn);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'ColumnRef') return true;
    if (mentionsColumn(v)) return true;
  }
  return false;
}

type Truth = 'true' | 'false' | 'unknown';

function constTruth(n: unknown): Truth {
  const e = only(n);
  if (!e) return 'unknown';
  const [type, body] = e;
  if (type === 'A_Const') {
    if ('boolval' in body) return (body.boolval as Node).boolval === true ? 'true' : 'false';
    if ('sval' in body) {
      const s = String((body.sval as Node).sval ?? '').trim().toLowerCase();
      if (['t', 'true', 'y', 'yes', 'on', '1'].includes(s)) return 'true';
      if (['f', 'false', 'n', 'no', 'off', '0'].includes(s)) return 'false';
    }
    return 'unknown';
  }
  if (type === 'TypeCast') return constTruth(body.arg);
  if (type === 'BoolExpr') {
    const args = (body.args as unknown[]) ?? [];
    const t = args.map(constTruth);
    if (body.boolop === 'NOT_EXPR') return t[0] === 'true' ? 'false' : t[0] === 'false' ? 'true' : 'unknown';
    if (body.boolop === 'AND_EXPR') return t.every((x) => x === 'true') ? 'true' : t.some((x) => x === 'false') ? 'false' : 'unknown';
    if (body.boolop === 'OR_EXPR') return t.some((x) => x === 'true') ? 'true' : t.every((x) => x === 'false') ? 'false' : 'unknown';
  }
  return 'unknown';
}

function same(a: unknown, b: unknown): boolean {
  // Structural equality ignoring token locations: `id = id`, `t.a = t.a`, `1 = 1`.
  return JSON.stringify(a, (k, v: unknown) => (k === 'location' ? undefined : v)) ===
    JSON.stringify(b, (k, v: unknown) => (k === 'location' ? undefined : v));
}

/** true when `pred` restricts rows; false for missing, constant, or tautological predicates. */
export function isEffectivePredicate(pred: unknown): boolean {
  if (pred === undefined || pred === null) return false;
  const t = constTruth(pred);
  if (t === 'true') return false;
  if (t === 'false') return true; // `WHERE false` touches nothing: harmless.
  const e = only(pred);
  if (!e) return mentionsColumn(pred);
  const [type, body] = e;
  switch (type) {
    case 'BoolExpr': {
      const args = (body.args as unknown[]) ?? [];
      if (body.boolop === 'OR_EXPR') return args.every(isEffectivePredicate);
      if (body.boolop === 'AND_EXPR') return args.some(isEffectivePredicate);
      // NOT of a non-effective predicate (e.g. NOT (id IS NULL)) is just as broad.
      return isEffectivePredicate(args[0]) && !(only(args[0])?.[0] === 'NullTest');
    }
    case 'A_Expr': {
      // x = x, x >= x, x <= x are true for every non-null row.
      const op = ((body.name as Node[] | undefined)?.[0]?.String as Node | undefined)?.sval;
      if (body.kind === 'AEXPR_OP' && (op === '=' || op === '>=' || op === '<=') && same(body.lexpr, body.rexpr)) return false;
      if (body.kind === 'AEXPR_NOT_DISTINCT' && same(body.lexpr, body.rexpr)) return false;
      return mentionsColumn(pred);
    }
    case 'NullTest':
      // `col IS NOT NULL` selects every row of a NOT NULL column (every primary key).
      return body.nulltesttype !== 'IS_NOT_NULL' && mentionsColumn(body.arg);
    case 'BooleanTest':
      return mentionsColumn(body.arg);
    case 'CurrentOfExpr':
      return true;
    default:
      return mentionsColumn(pred);
  }
}

// Classification cache across literal values. With the simple protocol every statement arrives with
// its values inlined (`… WHERE aid = 4711`), so the classifier's by-text cache misses every time and a
// libpg-query parse costs 60–180 µs. Here literals are lexed out and replaced by parameters, and the
// *parameterised* text is classified (and cached): every statement with the same shape shares it.
//
// Why this is safe: the classification is computed from the parameterised text, never copied from the
// first literal seen. Statement kinds, tables, columns and functions do not depend on literal values;
// the WHERE check (where.ts) can only get stricter when a constant becomes an unknown parameter (a
// constant `true`/`false` is then "not effective"), and equal literals map to the same parameter so
// `id + 0 = id + 0` stays a tautology. Anything the lexer is not sure about (backslashes, E'' / U&''
// / dollar quotes, block comments, numbers glued to identifiers) or a parameterised text that does not
// parse falls back to classifying the real text. SET (search_path) never takes this path.
import { classifySql, type SqlClassification } from './classify/index.js';

const FIRST_PARAM = 30001;
/** Characters the lexer acts on: quotes, comment starts, $, &, digits and the dot of `.5`. */
const INTERESTING = /['"\-/$&0-9.]/g;
const PARAMS = Array.from({ length: 64 }, (_, k) => `$${FIRST_PARAM + k}`);

/** The text with literals replaced by $n (equal literals, equal n); null when there are none or when unsure. */
export function parameterise(sql: string): string | null {
  let out = '';
  let from = 0;
  // Literal texts in order of first appearance; equal literals share a parameter number. A statement
  // has few literals, so a linear search beats hashing every sliced literal into a Map.
  const values: string[] = [];
  let i = 0;
  const n = sql.length;
  const param = (lit: string) => {
    let k = values.indexOf(lit);
    if (k < 0) k = values.push(lit) - 1;
    return PARAMS[k] ?? `$${FIRST_PARAM + k}`;
  };
  while (i < n) {
    const ch = sql.charCodeAt(i);
    if (ch === 0x27) {
      // '…' with '' escapes; a backslash would lex differently under standard_conforming_strings=off.
      if (i > 0 && isIdent(sql.charCodeAt(i - 1))) return null; // E'', B'', X'', N'', U&'' (& is caught below)
      let j = i + 1;
      for (;;) {
        if (j >= n) return null;
        const c = sql.charCodeAt(j);
        if (c === 0x5c) return null;
        if (c === 0x27) {
          if (sql.charCodeAt(j + 1) === 0x27) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(from, i) + param(sql.slice(i, j + 1));
      i = from = j + 1;
    } else if (ch === 0x22) {
      const end = skipQuoted(sql, i, 0x22);
      if (end < 0) return null;
      i = end;
    } else if (ch === 0x2d && sql.charCodeAt(i + 1) === 0x2d) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (ch === 0x2f && sql.charCodeAt(i + 1) === 0x2a) {
      return null; // nested block comments: not worth lexing
    } else if (ch === 0x24 && !(i > 0 && isIdent(sql.charCodeAt(i - 1))) && !isDigit(sql.charCodeAt(i + 1))) {
      return null; // dollar quoting
    } else if (ch === 0x26) {
      if (sql.charCodeAt(i + 1) === 0x27) return null; // U&'…'
      i++;
    } else if (isDigit(ch) || (ch === 0x2e && isDigit(sql.charCodeAt(i + 1)))) {
      if (i > 0 && isIdent(sql.charCodeAt(i - 1))) {
        i++;
        continue;
      }
      const end = numberEnd(sql, i);
      if (end < 0 || (end < n && (isIdent(sql.charCodeAt(end)) || sql.charCodeAt(end) === 0x2e))) return null;
      out += sql.slice(from, i) + param(sql.slice(i, end));
      i = from = end;
    } else {
      // Jump to the next character that can start a literal, quote or comment: the regex engine's
      // scan is several times faster than testing every character here.
      INTERESTING.lastIndex = i + 1;
      i = INTERESTING.test(sql) ? INTERESTING.lastIndex - 1 : n;
    }
  }
  if (values.length === 0) return null;
  return out + sql.slice(from);
}

/**
 * End of a numeric literal starting at `i` (digits[.digits] | .digits, then an optional exponent), as
 * the regex /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/ would match it; -1 when none does. Hand-written:
 * a sliced string and a regex per number was the largest cost of lexing a statement.
 */
function numberEnd(s: string, i: number): number {
  const n = s.length;
  let j = i;
  while (j < n && isDigit(s.charCodeAt(j))) j++;
  const intDigits = j - i;
  if (j < n && s.charCodeAt(j) === 0x2e) {
    const k = j + 1;
    let m = k;
    while (m < n && isDigit(s.charCodeAt(m))) m++;
    if (intDigits === 0 && m === k) return -1;
    j = m;
  } else if (intDigits === 0) return -1;
  const e = s.charCodeAt(j);
  if (e === 0x65 || e === 0x45) {
    let k = j + 1;
    const sign = s.charCodeAt(k);
    if (sign === 0x2b || sign === 0x2d) k++;
    let m = k;
    while (m < n && isDigit(s.charCodeAt(m))) m++;
    if (m > k) j = m; // an `e` without digits is not part of the number (then the identifier check refuses)
  }
  return j;
}

/** Identifier characters (as in PostgreSQL's scanner: letters, digits, _, $, any non-ASCII). */
function isIdent(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function skipQuoted(s: string, start: number, q: number): number {
  let j = start + 1;
  for (;;) {
    const k = s.indexOf(String.fromCharCode(q), j);
    if (k < 0) return -1;
    if (s.charCodeAt(k + 1) === q) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

/** classifySql, sharing one cached classification among statements that differ only in literals. */
export function classifyShape(sql: string, opts: { searchPath?: readonly string[] } = {}): SqlClassification {
  const p = sql.length <= 16 * 1024 ? parameterise(sql) : null;
  if (p === null) return classifySql(sql, opts);
  const c = classifySql(p, opts);
  // Opaque shapes (e.g. set_config($1, $2) once its literals are lexed out) can depend on literal
  // values, so they are classified from the real text.
  if (c.parseError !== undefined || c.searchPath !== undefined || c.opaque) return classifySql(sql, opts);
  return c;
}

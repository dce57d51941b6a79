// Globs as rules write them: `*` matches any run of characters (dots included), `?` one character.
// Compiled once at policy compile time; matching is a plain anchored RegExp test.

export interface GlobOptions {
  caseInsensitive?: boolean;
}

function escape(ch: string): string {
  return /[\\^$.|+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
}

export function globToRegExpSource(glob: string): string {
  let out = '';
  for (const ch of glob) out += ch === '*' ? '.*' : ch === '?' ? '.' : escape(ch);
  return `^${out}$`;
}

/** One predicate for a list of globs (any may match). Literal-only lists use a Set. */
export function compileGlobs(globs: readonly string[], opts: GlobOptions = {}): (value: string) => boolean {
  const norm = (s: string) => (opts.caseInsensitive ? s.toLowerCase() : s);
  const literals = new Set<string>();
  const patterns: string[] = [];
  for (const g of globs) {
    if (/[*?]/.test(g)) patterns.push(globToRegExpSource(norm(g)));
    else literals.add(norm(g));
  }
  const re = patterns.length > 0 ? new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 's') : null;
  return (value: string) => {
    const v = norm(value);
    return literals.has(v) || (re !== null && re.test(v));
  };
}

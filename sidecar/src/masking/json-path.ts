// The JSONPath subset masking rules use: `$`, `.key`, `['key']`, `[n]`, `[*]`, `.*` and `..key`
// (any depth). Compiled once per plan into segment lists, matched against the path of each leaf.

export type Segment =
  | { kind: 'key'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wild' }
  | { kind: 'descend' };

export class JsonPathError extends Error {}

export function parseJsonPath(path: string): Segment[] {
  if (!path.startsWith('$')) throw new JsonPathError(`JSON path must start with $: ${path}`);
  const segs: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      segs.push({ kind: 'descend' });
      i += 2;
      if (path[i] === '[') continue;
    } else if (path[i] === '.') i++;
    else if (path[i] !== '[') throw new JsonPathError(`unexpected ${JSON.stringify(path[i])} at ${i} in ${path}`);
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) throw new JsonPathError(`unclosed [ in ${path}`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') segs.push({ kind: 'wild' });
      else if (/^\d+$/.test(inner)) segs.push({ kind: 'index', index: +inner });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) segs.push({ kind: 'key', name: inner.slice(1, -1) });
      else throw new JsonPathError(`unsupported selector [${inner}] in ${path}`);
      i = close + 1;
      continue;
    }
    const m = /^[^.[\]]+/.exec(path.slice(i));
    if (!m) throw new JsonPathError(`empty member name at ${i} in ${path}`);
    segs.push(m[0] === '*' ? { kind: 'wild' } : { kind: 'key', name: m[0] });
    i += m[0].length;
  }
  return segs;
}

function stepMatches(seg: Segment, key: string | number): boolean {
  if (seg.kind === 'wild') return true;
  if (seg.kind === 'key') return typeof key === 'string' && key === seg.name;
  if (seg.kind === 'index') return typeof key === 'number' && key === seg.index;
  return false;
}

/** Does the concrete `path` (keys and indexes from the root) match `segs`? */
export function matchPath(segs: readonly Segment[], path: ReadonlyArray<string | number>, si = 0, pi = 0): boolean {
  if (si === segs.length) return pi === path.length;
  const seg = segs[si]!;
  if (seg.kind === 'descend') {
    // `..x`: x may match at this depth or any deeper one. With no other `..` after it, the steps left
    // take exactly that many keys: one place to try, not every depth (a deep document would make each
    // node's match cost its depth).
    let fixed = true;
    for (let k = si + 1; k < segs.length && fixed; k++) fixed = segs[k]!.kind !== 'descend';
    if (fixed) {
      const k = path.length - (segs.length - si - 1);
      return k >= pi && k < path.length && matchPath(segs, path, si + 1, k);
    }
    for (let k = pi; k < path.length; k++) if (matchPath(segs, path, si + 1, k)) return true;
    return false;
  }
  if (pi === path.length || !stepMatches(seg, path[pi]!)) return false;
  return matchPath(segs, path, si + 1, pi + 1);
}

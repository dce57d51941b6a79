// A copy-on-write map over a JSON value's leaves, without recursion: a document nested 100,000 deep is
// valid JSON (JSON.parse takes it), and a recursive walk overflows the stack at a few thousand levels.

/** What a visit says of a node: its replacement, or DESCEND into it (an object or an array). */
export const DESCEND: unique symbol = Symbol('descend');

/**
 * `path`: the keys and indices from the root to `value` (the root's is empty); read it, never keep it.
 * `parent`: the object or array holding `value` (undefined for the root).
 */
export type JsonVisit = (value: unknown, path: ReadonlyArray<string | number>, parent?: object) => unknown;

interface Frame {
  node: object;
  /** The object's own keys; null for an array. */
  keys: string[] | null;
  i: number;
  /** The node's copy, made at its first changed child. */
  out: Record<string, unknown> | unknown[] | undefined;
}

const frame = (node: object): Frame => ({ node, keys: Array.isArray(node) ? null : Object.keys(node), i: 0, out: undefined });

/** Replaces child `key` of the frame's node in its copy. */
function set(f: Frame, key: string | number, value: unknown): void {
  if (f.out === undefined) f.out = Array.isArray(f.node) ? f.node.slice() : { ...(f.node as Record<string, unknown>) };
  // JSON.parse makes `__proto__` an own key; an assignment would set the copy's prototype instead.
  if (key === '__proto__') Object.defineProperty(f.out, key, { value, writable: true, enumerable: true, configurable: true });
  else (f.out as Record<string | number, unknown>)[key] = value;
}

/**
 * `root` with every node `visit` replaces replaced, visiting in document order. Containers on the way
 * to a replaced node are shallow copies; the rest, and `root` itself when nothing changed, are the
 * input's own objects.
 */
export function mapJson(root: unknown, visit: JsonVisit): unknown {
  const path: Array<string | number> = [];
  const first = visit(root, path);
  if (first !== DESCEND) return first;
  const stack: Frame[] = [frame(root as object)];
  for (;;) {
    const f = stack[stack.length - 1]!;
    const n = f.keys !== null ? f.keys.length : (f.node as unknown[]).length;
    if (f.i < n) {
      const key = f.keys !== null ? f.keys[f.i]! : f.i;
      f.i++;
      const child = (f.node as Record<string | number, unknown>)[key];
      path.push(key);
      const r = visit(child, path, f.node);
      if (r === DESCEND) {
        stack.push(frame(child as object));
        continue;
      }
      path.pop();
      if (r !== child) set(f, key, r);
      continue;
    }
    stack.pop();
    const result = f.out ?? f.node;
    if (stack.length === 0) return result;
    const key = path.pop()!;
    if (result !== f.node) set(stack[stack.length - 1]!, key, result);
  }
}

// Compile a rule's `match` into one predicate over an Operation. Everything that can be prepared
// (globs, regexes, entity groups) is prepared here, so evaluation is a handful of Set/RegExp tests.
import type { FieldError, Match, Operation } from '@agentgate/api';
import { compileGlobs } from './glob.js';
import { compileSafeRegex, UnsafePatternError } from './safe-regex.js';
import { expandEntities } from './masking-plan.js';

export type Predicate = (op: Operation) => boolean;

const ALWAYS: Predicate = () => true;

/** Globs over dotted names: a glob with no dot also matches the last segment (`customers` ~ `public.customers`). */
function dottedGlobs(globs: readonly string[]): (names: readonly string[] | undefined) => boolean {
  const full = compileGlobs(globs, { caseInsensitive: true });
  const bare = globs.filter((g) => !g.includes('.'));
  const last = bare.length > 0 ? compileGlobs(bare, { caseInsensitive: true }) : null;
  return (names) => {
    if (!names) return false;
    for (const n of names) {
      if (full(n)) return true;
      if (last) {
        const i = n.lastIndexOf('.');
        if (i >= 0 && last(n.slice(i + 1))) return true;
      }
    }
    return false;
  };
}

function anyOf<T>(allowed: readonly T[]): (v: readonly T[] | undefined) => boolean {
  const set = new Set(allowed);
  return (v) => (v ?? []).some((x) => set.has(x));
}

/**
 * Compile `match`. Invalid content patterns are reported as FieldErrors at `path` rather than thrown,
 * so one compile pass can report every problem in a policy.
 */
export function compileMatch(match: Match | undefined, path: string, errors: FieldError[]): Predicate {
  if (!match) return ALWAYS;
  const checks: Predicate[] = [];

  if (match.resources) {
    const set = new Set(match.resources);
    checks.push((op) => set.has(op.resource));
  }
  if (match.protocols) {
    const set = new Set<string>(match.protocols);
    checks.push((op) => set.has(op.protocol));
  }
  if (match.sql) {
    const s = match.sql;
    checks.push((op) => op.sql !== undefined);
    if (s.statementKinds) {
      const kinds = anyOf<string>(s.statementKinds);
      checks.push((op) => kinds(op.sql!.statementKinds));
    }
    if (s.tables) {
      const t = dottedGlobs(s.tables);
      checks.push((op) => t(op.sql!.tables));
    }
    if (s.columns) {
      const c = dottedGlobs(s.columns);
      checks.push((op) => c(op.sql!.columns));
    }
    if (s.functions) {
      const f = dottedGlobs(s.functions);
      checks.push((op) => f(op.sql!.functions));
    }
    if (s.unboundedWrite !== undefined) {
      const want = s.unboundedWrite;
      checks.push((op) => (op.sql!.unboundedWrite === true) === want);
    }
    if (s.opaque !== undefined) {
      const want = s.opaque;
      checks.push((op) => (op.sql!.opaque === true) === want);
    }
  }
  if (match.http) {
    const h = match.http;
    checks.push((op) => op.http !== undefined);
    if (h.methods) {
      const set = new Set<string>(h.methods);
      checks.push((op) => set.has(op.http!.method));
    }
    if (h.paths) {
      const p = compileGlobs(h.paths);
      checks.push((op) => p(op.http!.path));
    }
    if (h.hosts) {
      const p = compileGlobs(h.hosts, { caseInsensitive: true });
      checks.push((op) => op.http!.host !== undefined && p(op.http!.host));
    }
  }
  if (match.llm) {
    checks.push((op) => op.llm !== undefined);
    if (match.llm.models) {
      const p = compileGlobs(match.llm.models, { caseInsensitive: true });
      checks.push((op) => p(op.llm!.model));
    }
  }
  if (match.mcp) {
    const m = match.mcp;
    checks.push((op) => op.mcp !== undefined);
    if (m.methods) {
      const p = compileGlobs(m.methods);
      checks.push((op) => p(op.mcp!.method));
    }
    if (m.tools) {
      const p = compileGlobs(m.tools);
      checks.push((op) => op.mcp!.tool !== undefined && p(op.mcp!.tool));
    }
  }
  if (match.kubernetes) {
    const k = match.kubernetes;
    checks.push((op) => op.kubernetes !== undefined);
    if (k.verbs) {
      const set = new Set<string>(k.verbs);
      checks.push((op) => set.has(op.kubernetes!.verb));
    }
    if (k.apiGroups) {
      const set = new Set(k.apiGroups);
      checks.push((op) => set.has(op.kubernetes!.apiGroup ?? ''));
    }
    const optionalGlob = (globs: string[] | undefined, get: (op: Operation) => string | undefined) => {
      if (!globs) return;
      const p = compileGlobs(globs);
      checks.push((op) => {
        const v = get(op);
        return v !== undefined && p(v);
      });
    };
    optionalGlob(k.resources, (op) => op.kubernetes!.resource);
    optionalGlob(k.subresources, (op) => op.kubernetes!.subresource);
    optionalGlob(k.namespaces, (op) => op.kubernetes!.namespace);
    optionalGlob(k.names, (op) => op.kubernetes!.name);
  }
  if (match.content) {
    const c = match.content;
    if (c.patterns) {
      const res = c.patterns.flatMap((src, i) => {
        try {
          return [compileSafeRegex(src)];
        } catch (e) {
          if (!(e instanceof UnsafePatternError)) throw e;
          errors.push({ path: `${path}.content.patterns[${i}]`, message: `Invalid value: ${JSON.stringify(src)}: ${e.message}` });
          return [];
        }
      });
      checks.push((op) => op.text !== undefined && res.some((r) => r.test(op.text!)));
    }
    if (c.entities) {
      const set = new Set<string>(expandEntities(c.entities));
      checks.push((op) => (op.entities ?? []).some((e) => set.has(e)));
    }
  }
  if (match.identity) {
    const id = match.identity;
    if (id.serviceAccounts) {
      const p = compileGlobs(id.serviceAccounts);
      checks.push((op) => op.identity?.serviceAccount !== undefined && p(op.identity.serviceAccount));
    }
    if (id.subjects) {
      const p = compileGlobs(id.subjects);
      checks.push((op) => op.identity?.subject !== undefined && p(op.identity.subject));
    }
    if (id.groups) {
      const set = new Set(id.groups);
      checks.push((op) => (op.identity?.groups ?? []).some((g) => set.has(g)));
    }
  }

  if (checks.length === 0) return ALWAYS;
  if (checks.length === 1) return checks[0]!;
  return (op) => {
    for (const c of checks) if (!c(op)) return false;
    return true;
  };
}

/** Which protocol families a match's criteria can apply to; null = any. */
export function matchProtocols(match: Match | undefined): Set<string> | null {
  if (!match) return null;
  const sets: Set<string>[] = [];
  if (match.protocols) sets.push(new Set(match.protocols));
  if (match.sql) sets.push(new Set(['postgres']));
  if (match.http) sets.push(new Set(['http', 'openai', 'anthropic', 'mcp']));
  if (match.llm) sets.push(new Set(['openai', 'anthropic', 'http']));
  if (match.mcp) sets.push(new Set(['mcp', 'http']));
  if (match.kubernetes) sets.push(new Set(['kubernetes']));
  if (sets.length === 0) return null;
  return sets.reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
}

// `agentgate policy test --sql`: turn SQL text into the Operation the Postgres proxy would build, with
// the same classifier (libpg-query, same search path handling), so what the CLI says is what the proxy
// does. Also supplies a stand-in resource and policy when only `--builtin` sets are being tried.
import {
  API_GROUP_VERSION,
  type AgentPolicy, type BuiltinRuleSet, type Bundle, type ProtectedResource,
} from '@agentgate/api';
import { BuiltinRuleSets } from '@agentgate/api';
import { classifySql, initClassifier, toOperationSql, withPrepared, type SqlClassification } from '../protocols/postgres/classify/index.js';

/** Name of the stand-in resource used when no ProtectedResource file is given. */
export const ADHOC_RESOURCE = 'sql-test';

export class SqlUsageError extends Error {}

export function parseBuiltins(values: readonly string[]): BuiltinRuleSet[] {
  const out: BuiltinRuleSet[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const name = v.trim();
    if (name === 'none' || name === '') continue;
    if (!(BuiltinRuleSets as readonly string[]).includes(name)) {
      throw new SqlUsageError(`--builtin: unknown rule set ${JSON.stringify(name)}: supported values: ${BuiltinRuleSets.join(', ')}, none`);
    }
    out.push(name as BuiltinRuleSet);
  }
  return out;
}

/**
 * Fill the gaps in a bundle so an SQL string can be decided: no resource → a postgres stand-in whose
 * only rules are the built-in sets (default: destructive, as for any postgres resource); no policy →
 * a policy granting every resource with no rules of its own. `--builtin` given with resource files
 * replaces their builtinRules, to try a rule set against real resources.
 */
export function completeBundle(
  bundle: Bundle,
  builtins: BuiltinRuleSet[] | undefined,
): { bundle: Bundle; notes: string[]; standInPolicy: boolean } {
  const notes: string[] = [];
  let resources = bundle.resources;
  if (resources.length === 0) {
    const spec: ProtectedResource['spec'] = { type: 'postgres', endpoint: { host: 'localhost', port: 5432 } };
    if (builtins) spec.builtinRules = builtins;
    resources = [{ apiVersion: API_GROUP_VERSION, kind: 'ProtectedResource', metadata: { name: ADHOC_RESOURCE }, spec }];
    notes.push(`no ProtectedResource given: using a postgres resource with built-in rules [${(builtins ?? ['destructive']).join(', ')}] and defaultAction allow`);
  } else if (builtins) {
    resources = resources.map((r) => ({ ...r, spec: { ...r.spec, builtinRules: builtins } }));
    notes.push(`--builtin overrides the resources' builtinRules: [${builtins.join(', ')}]`);
  }
  let policies = bundle.policies;
  if (policies.length === 0) {
    const byNs = new Map<string, string[]>();
    for (const r of resources) {
      const ns = r.metadata.namespace ?? '';
      byNs.set(ns, [...(byNs.get(ns) ?? []), r.metadata.name!]);
    }
    policies = [...byNs].map(([ns, names]): AgentPolicy => ({
      apiVersion: API_GROUP_VERSION,
      kind: 'AgentPolicy',
      metadata: { name: 'sql-test', ...(ns && { namespace: ns }) },
      spec: { selector: {}, resources: names.map((name) => ({ name })) },
    }));
    notes.push('no AgentPolicy given: using one that grants the resource and has no rules of its own');
  }
  return { bundle: { ...bundle, resources, policies }, notes, standInPolicy: bundle.policies.length === 0 };
}

export async function classifyForCli(sql: string, searchPath: readonly string[] | undefined): Promise<SqlClassification> {
  await initClassifier();
  return withPrepared(classifySql(sql, searchPath ? { searchPath } : {}), new Map());
}

export { toOperationSql };

/** What the classifier saw, one line per aspect (printed before the decision). */
export function formatClassification(c: SqlClassification): string {
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`${k.padEnd(9)} ${v}`);
  row('SQL', `${c.statements} statement(s): ${c.statementKinds.join(', ') || '(none)'}`);
  if (c.tables.length) row('TABLES', c.tables.join(', '));
  if (c.functions.length) row('FUNCTIONS', c.functions.join(', '));
  if (c.unboundedWrite) row('WRITE', 'UPDATE/DELETE without an effective WHERE');
  if (c.opaque) row('OPAQUE', 'contains statements whose effect cannot be known (DO, dynamic SQL, server-side code)');
  if (c.parseError !== undefined) row('PARSE', `error: ${c.parseError}`);
  return `${lines.join('\n')}\n`;
}

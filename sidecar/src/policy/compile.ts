// Compile AgentPolicies and ProtectedResources into an evaluable set. Schema validation has already
// happened (ajv); this pass checks what a schema cannot: references, uniqueness, regexes, durations,
// and criteria that could never match. Every problem is reported with its field path, all at once.
import {
  ValidationError, describeObject, parseDuration,
  type AgentPolicy, type Approval, type FieldError, type Masking, type ProtectedResource, type Rule,
} from '@agentgate/api';
import { BUILTIN_RULE_SETS, defaultBuiltinRuleSets } from './builtin.js';
import { compileMatch, matchProtocols, type Predicate } from './match.js';
import { compileSelector, selectorErrors } from './selector.js';
import { compileGlobs } from './glob.js';
import { compileSafeRegex, UnsafePatternError } from './safe-regex.js';
import { JsonPathError, parseJsonPath } from '../masking/json-path.js';

export type RuleSource = 'policy' | 'resource' | 'builtin';

export interface CompiledRule {
  name: string;
  /** `<policy>/<rule>`, `resource:<name>/<rule>` or `builtin:<set>/<rule>` */
  qualifiedName: string;
  source: RuleSource;
  action: Rule['action'];
  reason?: string;
  masking?: Masking;
  approval?: Approval;
  matches: Predicate;
}

export interface CompiledResource {
  key: string;
  namespace: string;
  name: string;
  object: ProtectedResource;
  /** Resource rules, then built-in rule sets. */
  rules: CompiledRule[];
}

export interface CompiledPolicy {
  key: string;
  namespace: string;
  name: string;
  object: AgentPolicy;
  mode: 'enforce' | 'audit';
  selects: (labels: Readonly<Record<string, string>>) => boolean;
  serviceAccountAllowed: ((sa: string) => boolean) | null;
  oidcRequired: boolean;
  resourceNames: Set<string>;
  rules: CompiledRule[];
}

export interface CompiledPolicySet {
  policies: CompiledPolicy[];
  resources: Map<string, CompiledResource>;
}

export class PolicyCompileError extends Error {
  constructor(readonly problems: ValidationError[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'PolicyCompileError';
  }
}

export interface CompileOptions {
  /** Fail when a policy names a ProtectedResource that is not in the set (default true). */
  strictReferences?: boolean;
}

const nsOf = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? '';
export const objectKey = (namespace: string, name: string) => `${namespace}/${name}`;

function checkDuration(value: string | undefined, path: string, errors: FieldError[], maxMs?: number): void {
  if (value === undefined) return;
  try {
    const ms = parseDuration(value);
    if (ms <= 0) errors.push({ path, message: `Invalid value: ${JSON.stringify(value)}: must be greater than 0` });
    else if (maxMs !== undefined && ms > maxMs) errors.push({ path, message: `Invalid value: ${JSON.stringify(value)}: must be at most ${maxMs / 1000}s` });
  } catch (e) {
    errors.push({ path, message: (e as Error).message });
  }
}

function checkMasking(m: Masking | undefined, path: string, errors: FieldError[]): void {
  if (!m) return;
  const names = new Set<string>();
  (m.customPatterns ?? []).forEach((p, i) => {
    if (names.has(p.name)) errors.push({ path: `${path}.customPatterns[${i}].name`, message: `Duplicate value: ${JSON.stringify(p.name)}` });
    names.add(p.name);
    try {
      // A pattern that matches the empty string would report a finding at every position.
      if (compileSafeRegex(p.pattern).test('')) throw new UnsafePatternError('pattern matches the empty string');
    } catch (e) {
      if (!(e instanceof UnsafePatternError)) throw e;
      errors.push({ path: `${path}.customPatterns[${i}].pattern`, message: `Invalid value: ${JSON.stringify(p.pattern)}: ${e.message}` });
    }
  });
  (m.jsonPaths ?? []).forEach((j, i) => {
    try {
      parseJsonPath(j.path);
    } catch (e) {
      if (!(e instanceof JsonPathError)) throw e;
      errors.push({ path: `${path}.jsonPaths[${i}].path`, message: `Invalid value: ${JSON.stringify(j.path)}: ${e.message}` });
    }
  });
  const seen = new Set<string>();
  (m.entityStyles ?? []).forEach((es, i) => {
    if (seen.has(es.entity)) errors.push({ path: `${path}.entityStyles[${i}].entity`, message: `Duplicate value: ${JSON.stringify(es.entity)}` });
    seen.add(es.entity);
  });
}

function checkApproval(a: Approval | undefined, path: string, errors: FieldError[]): void {
  checkDuration(a?.timeout, `${path}.timeout`, errors, 7 * 24 * 3600 * 1000);
}

interface RuleContext {
  source: RuleSource;
  prefix: string;
  /** Protocols the rules in this list can ever see. */
  protocols: Set<string>;
}

function compileRules(rules: readonly Rule[], path: string, ctx: RuleContext, errors: FieldError[]): CompiledRule[] {
  const names = new Set<string>();
  return rules.map((r, i) => {
    const rp = `${path}[${i}]`;
    if (names.has(r.name)) errors.push({ path: `${rp}.name`, message: `Duplicate value: ${JSON.stringify(r.name)}: rule names must be unique` });
    names.add(r.name);
    const reachable = matchProtocols(r.match);
    if (reachable && ctx.protocols.size > 0 && ![...reachable].some((p) => ctx.protocols.has(p))) {
      errors.push({
        path: `${rp}.match`,
        message: `Invalid value: criteria for ${[...reachable].join('/')} can never match: this rule only sees ${[...ctx.protocols].join(', ')} operations`,
      });
    }
    checkMasking(r.masking, `${rp}.masking`, errors);
    checkApproval(r.approval, `${rp}.approval`, errors);
    return {
      name: r.name,
      qualifiedName: `${ctx.prefix}/${r.name}`,
      source: ctx.source,
      action: r.action,
      ...(r.reason !== undefined && { reason: r.reason }),
      ...(r.masking !== undefined && { masking: r.masking }),
      ...(r.approval !== undefined && { approval: r.approval }),
      matches: compileMatch(r.match, `${rp}.match`, errors),
    };
  });
}

export function compileResource(res: ProtectedResource, errors: FieldError[]): CompiledResource {
  const namespace = nsOf(res);
  const name = res.metadata.name ?? '';
  const protocols = new Set<string>([res.spec.type]);
  const rules = compileRules(res.spec.rules ?? [], 'spec.rules', { source: 'resource', prefix: `resource:${name}`, protocols }, errors);
  checkMasking(res.spec.masking, 'spec.masking', errors);
  const sets = res.spec.builtinRules ?? defaultBuiltinRuleSets(res.spec.type);
  sets.forEach((set, i) => {
    // Built-in sets are postgres-only today; attaching one elsewhere is a misconfiguration.
    if (res.spec.type !== 'postgres') {
      errors.push({ path: `spec.builtinRules[${i}]`, message: `Invalid value: ${JSON.stringify(set)}: only applies to postgres resources` });
      return;
    }
    const ignored: FieldError[] = [];
    rules.push(...compileRules(BUILTIN_RULE_SETS[set], `builtin.${set}`, { source: 'builtin', prefix: `builtin:${set}`, protocols }, ignored));
    if (ignored.length > 0) throw new Error(`built-in rule set ${set} is invalid: ${ignored.map((e) => e.message).join('; ')}`);
  });
  return { key: objectKey(namespace, name), namespace, name, object: res, rules };
}

export function compilePolicy(
  pol: AgentPolicy,
  resources: ReadonlyMap<string, CompiledResource>,
  errors: FieldError[],
  opts: CompileOptions = {},
): CompiledPolicy {
  const namespace = nsOf(pol);
  const name = pol.metadata.name ?? '';
  const spec = pol.spec;
  errors.push(...selectorErrors(spec.selector, 'spec.selector'));

  const resourceNames = new Set<string>();
  const protocols = new Set<string>();
  spec.resources.forEach((r, i) => {
    if (resourceNames.has(r.name)) errors.push({ path: `spec.resources[${i}].name`, message: `Duplicate value: ${JSON.stringify(r.name)}` });
    resourceNames.add(r.name);
    const res = resources.get(objectKey(namespace, r.name));
    if (res) protocols.add(res.object.spec.type);
    else if (opts.strictReferences !== false) {
      errors.push({
        path: `spec.resources[${i}].name`,
        message: `Not found: ProtectedResource ${JSON.stringify(r.name)}${namespace ? ` in namespace ${JSON.stringify(namespace)}` : ''}`,
      });
    }
    if ((r.user || r.database) && res && res.object.spec.type !== 'postgres') {
      errors.push({ path: `spec.resources[${i}]`, message: `Invalid value: user/database only apply to postgres resources, ${r.name} is ${res.object.spec.type}` });
    }
  });

  (spec.rules ?? []).forEach((r, i) => {
    (r.match?.resources ?? []).forEach((rn, j) => {
      if (!resourceNames.has(rn)) {
        errors.push({ path: `spec.rules[${i}].match.resources[${j}]`, message: `Not found: ${JSON.stringify(rn)} is not listed in spec.resources` });
      }
    });
  });
  const rules = compileRules(spec.rules ?? [], 'spec.rules', { source: 'policy', prefix: name, protocols }, errors);

  const approvers = (a: Approval | undefined) => (a?.approverGroups?.length ?? 0) + (a?.approvers?.length ?? 0) > 0;
  (spec.rules ?? []).forEach((r, i) => {
    if (r.action === 'hold' && !approvers(r.approval) && !approvers(spec.approval)) {
      errors.push({
        path: `spec.rules[${i}].action`,
        message: 'Invalid value: "hold": nobody could approve it; set spec.approval.approverGroups/approvers or the rule\'s approval',
      });
    }
  });

  if (!approvers(spec.approval)) {
    for (const rn of resourceNames) {
      const res = resources.get(objectKey(namespace, rn));
      if (!res) continue;
      const holding = res.rules.find((r) => r.action === 'hold' && !approvers(r.approval));
      if (holding || res.object.spec.defaultAction === 'hold') {
        errors.push({
          path: 'spec.approval',
          message: `Required value: ProtectedResource ${JSON.stringify(rn)} can hold operations (${holding ? `rule ${holding.qualifiedName}` : 'defaultAction hold'}) but this policy names no approvers`,
        });
      }
    }
  }

  checkMasking(spec.masking, 'spec.masking', errors);
  checkApproval(spec.approval, 'spec.approval', errors);
  checkDuration(spec.identity?.oidc?.clockSkew, 'spec.identity.oidc.clockSkew', errors, 5 * 60 * 1000);
  (spec.budgets ?? []).forEach((b, i) => {
    checkDuration(b.window, `spec.budgets[${i}].window`, errors);
    if (b.maxRequests === undefined && b.maxTokens === undefined) {
      errors.push({ path: `spec.budgets[${i}]`, message: 'Required value: set maxRequests, maxTokens or both' });
    }
  });
  const recording = spec.recording;
  if (recording) checkDuration(recording.rotateAge, 'spec.recording.rotateAge', errors);

  const sas = spec.identity?.serviceAccounts;
  return {
    key: objectKey(namespace, name),
    namespace,
    name,
    object: pol,
    mode: spec.mode ?? 'enforce',
    selects: compileSelector(spec.selector),
    serviceAccountAllowed: sas ? compileGlobs(sas) : null,
    oidcRequired: spec.identity?.oidc !== undefined && spec.identity.oidc.required !== false,
    resourceNames,
    rules,
  };
}

/** Compile a whole bundle. Throws PolicyCompileError naming every object and field at fault. */
export function compilePolicySet(
  input: { policies: readonly AgentPolicy[]; resources: readonly ProtectedResource[] },
  opts: CompileOptions = {},
): CompiledPolicySet {
  const problems: ValidationError[] = [];
  const resources = new Map<string, CompiledResource>();
  for (const r of input.resources) {
    const errors: FieldError[] = [];
    const c = compileResource(r, errors);
    if (resources.has(c.key)) errors.push({ path: 'metadata.name', message: `Duplicate value: ${JSON.stringify(c.name)}: defined twice` });
    if (errors.length) problems.push(new ValidationError(describeObject(r), errors));
    resources.set(c.key, c);
  }
  const policies: CompiledPolicy[] = [];
  const seen = new Set<string>();
  for (const p of input.policies) {
    const errors: FieldError[] = [];
    const c = compilePolicy(p, resources, errors, opts);
    if (seen.has(c.key)) errors.push({ path: 'metadata.name', message: `Duplicate value: ${JSON.stringify(c.name)}: defined twice` });
    seen.add(c.key);
    if (errors.length) problems.push(new ValidationError(describeObject(p), errors));
    policies.push(c);
  }
  if (problems.length) throw new PolicyCompileError(problems);
  // Deterministic order: evaluation ties break by namespace/name.
  policies.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { policies, resources };
}

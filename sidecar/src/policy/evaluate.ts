// Evaluate one Operation against a compiled policy set. Pure and synchronous: the gate calls it on
// every statement, prompt and API call, so it does no I/O and allocates little.
//
// Order: for each AgentPolicy that selects the pod and grants the resource, the policy's rules, then
// the resource's rules, then its built-in rule sets; the first match decides, else the resource's
// defaultAction. When several policies apply, the strictest outcome wins (block > hold > mask > allow)
// and the masking plans of the policies that let the operation through are unioned.
import {
  parseDuration,
  type Approval, type Decision, type DecisionAction, type MaskingPlan, type Operation,
} from '@agentgate/api';
import type { CompiledPolicy, CompiledPolicySet, CompiledResource, CompiledRule } from './compile.js';
import { objectKey } from './compile.js';
import { resolveMaskingPlan, unionMaskingPlans } from './masking-plan.js';

export interface EvaluateOptions {
  /**
   * Tooling only (`agentgate policy test`): when the operation carries no pod labels, namespace or
   * service account, treat those checks as passing instead of failing closed.
   */
  lenientIdentity?: boolean;
}

const SEVERITY: Record<DecisionAction, number> = { allow: 0, mask: 1, hold: 2, block: 3 };
const DEFAULT_HOLD_TIMEOUT_MS = 15 * 60 * 1000;
const DEFAULT_MAX_PENDING = 5;

function denyAll(reason: string, source: Decision['source']): Decision {
  return {
    action: 'block',
    rule: null,
    policy: null,
    source,
    reason,
    mode: 'enforce',
    enforced: true,
    flagged: false,
    masking: resolveMaskingPlan([]),
  };
}

function approvalFor(policy: CompiledPolicy, rule: CompiledRule | null): NonNullable<Decision['approval']> {
  const layers: (Approval | undefined)[] = [policy.object.spec.approval, rule?.approval];
  let timeout = DEFAULT_HOLD_TIMEOUT_MS;
  let maxPending = DEFAULT_MAX_PENDING;
  let requireJustification = false;
  let approverGroups: string[] = [];
  let approvers: string[] = [];
  for (const a of layers) {
    if (!a) continue;
    if (a.timeout) timeout = parseDuration(a.timeout);
    if (a.maxPending !== undefined) maxPending = a.maxPending;
    if (a.requireJustification !== undefined) requireJustification = a.requireJustification;
    if (a.approverGroups) approverGroups = a.approverGroups;
    if (a.approvers) approvers = a.approvers;
  }
  return { timeoutSeconds: timeout / 1000, maxPending, approverGroups, approvers, requireJustification };
}

function identityProblem(p: CompiledPolicy, op: Operation, lenient: boolean): string | null {
  const sa = op.identity?.serviceAccount;
  if (p.serviceAccountAllowed) {
    if (sa === undefined) {
      if (!lenient) return `policy ${p.name} requires a known service account`;
    } else if (!p.serviceAccountAllowed(sa)) {
      return `service account ${JSON.stringify(sa)} is not allowed by policy ${p.name} (allowed: ${p.object.spec.identity!.serviceAccounts!.join(', ')})`;
    }
  }
  if (p.oidcRequired && !op.identity?.subject) {
    return `policy ${p.name} requires a verified OIDC token (issuer ${p.object.spec.identity!.oidc!.issuer})`;
  }
  return null;
}

// Plans depend only on the compiled objects, which never change: resolved once per (resource, policy,
// rule) instead of on every statement (~1.5% of a proxied statement's CPU). Frozen, since they are shared.
const plans = new WeakMap<CompiledResource, WeakMap<CompiledPolicy, Map<CompiledRule | null, MaskingPlan>>>();
function planFor(res: CompiledResource, p: CompiledPolicy, rule: CompiledRule | null): MaskingPlan {
  let byPolicy = plans.get(res);
  if (!byPolicy) plans.set(res, (byPolicy = new WeakMap()));
  let byRule = byPolicy.get(p);
  if (!byRule) byPolicy.set(p, (byRule = new Map()));
  let plan = byRule.get(rule);
  if (!plan) {
    plan = deepFreeze(resolveMaskingPlan([res.object.spec.masking, p.object.spec.masking, rule?.masking]));
    byRule.set(rule, plan);
  }
  return plan;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function decideForPolicy(p: CompiledPolicy, res: CompiledResource, op: Operation, lenient: boolean): Decision {
  const policyName = p.namespace ? `${p.namespace}/${p.name}` : p.name;
  const idp = identityProblem(p, op, lenient);
  if (idp) return relaxForAudit(p, { ...denyAll(idp, 'access'), policy: policyName });

  let rule: CompiledRule | null = null;
  for (const r of p.rules) {
    if (r.matches(op)) {
      rule = r;
      break;
    }
  }
  if (!rule) {
    for (const r of res.rules) {
      if (r.matches(op)) {
        rule = r;
        break;
      }
    }
  }

  const ruleAction = rule ? rule.action : res.object.spec.defaultAction ?? 'allow';
  const action: DecisionAction = ruleAction === 'audit' ? 'allow' : ruleAction;
  const source: Decision['source'] = rule ? rule.source : 'default';
  const reason = rule
    ? rule.reason ?? `${rule.action} by rule ${rule.qualifiedName}`
    : `no rule matched; default action of ${res.name} is ${ruleAction}`;

  const masking = planFor(res, p, rule);
  const decision: Decision = {
    action,
    ruleAction,
    rule: rule ? rule.qualifiedName : null,
    policy: policyName,
    source,
    reason,
    mode: p.mode,
    enforced: true,
    flagged: ruleAction === 'audit',
    masking,
  };
  if (action === 'hold') decision.approval = approvalFor(p, rule);
  return relaxForAudit(p, decision);
}

/** Audit mode: record what enforce would do, let the operation through (masking still applies). */
function relaxForAudit(p: CompiledPolicy, d: Decision): Decision {
  if (p.mode !== 'audit' || (d.action !== 'block' && d.action !== 'hold')) return { ...d, mode: p.mode };
  const { approval: _ignored, ...rest } = d;
  return {
    ...rest,
    mode: 'audit',
    action: 'allow',
    wouldBe: d.action,
    enforced: false,
    flagged: true,
    reason: `audit mode: would ${d.action}: ${d.reason}`,
  };
}

/** Policies that apply to this pod and resource, in deterministic order. */
export function applicablePolicies(set: CompiledPolicySet, op: Operation, opts: EvaluateOptions = {}): CompiledPolicy[] {
  const id = op.identity;
  const lenient = opts.lenientIdentity === true;
  return set.policies.filter((p) => {
    if (!p.resourceNames.has(op.resource)) return false;
    if (id?.namespace !== undefined) {
      if (p.namespace !== '' && p.namespace !== id.namespace) return false;
    } else if (!lenient && p.namespace !== '') return false;
    if (id?.podLabels !== undefined) return p.selects(id.podLabels);
    return lenient || p.selects({});
  });
}

export function evaluate(set: CompiledPolicySet, op: Operation, opts: EvaluateOptions = {}): Decision {
  const policies = applicablePolicies(set, op, opts);
  if (policies.length === 0) {
    const who = op.identity?.pod ? `pod ${op.identity.namespace ?? ''}/${op.identity.pod}` : 'this agent';
    return denyAll(`no AgentPolicy allows ${who} to reach ${JSON.stringify(op.resource)}`, 'access');
  }
  const decisions: Decision[] = [];
  for (const p of policies) {
    const res = set.resources.get(objectKey(p.namespace, op.resource));
    if (!res) {
      decisions.push({ ...denyAll(`ProtectedResource ${JSON.stringify(op.resource)} does not exist`, 'access'), policy: p.name });
      continue;
    }
    if (res.object.spec.type !== op.protocol && !(res.object.spec.type === 'mcp' && op.protocol === 'http')) {
      decisions.push({
        ...denyAll(`ProtectedResource ${JSON.stringify(op.resource)} is ${res.object.spec.type}, not ${op.protocol}`, 'access'),
        policy: p.name,
      });
      continue;
    }
    decisions.push(decideForPolicy(p, res, op, opts.lenientIdentity === true));
  }
  let winner = decisions[0]!;
  for (const d of decisions) if (SEVERITY[d.action] > SEVERITY[winner.action]) winner = d;
  if (decisions.length > 1 && (winner.action === 'allow' || winner.action === 'mask')) {
    const plans: MaskingPlan[] = decisions.filter((d) => d.action === 'allow' || d.action === 'mask').map((d) => d.masking);
    winner = { ...winner, masking: unionMaskingPlans(plans), flagged: decisions.some((d) => d.flagged) };
  }
  return winner;
}

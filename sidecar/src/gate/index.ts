// The gate: the one protocol-neutral place that composes identity, policy, approvals, the masking
// plan and recording for a session (DESIGN.md). Adapters (Postgres, HTTP, Kubernetes) only translate
// wire messages into OperationInputs and Verdicts back into wire behaviour.
//
// Fail closed: any internal error while deciding becomes a block with a clear message; an operation
// is only let through when the recorder accepts events.
import { randomBytes } from 'node:crypto';
import { EVENT_SCHEMA_VERSION, EntityTypes, type Decision, type Identity, type MaskingPlan, type Operation, type SessionEvent } from '@agentgate/api';
import type { Approvals } from '../approvals/index.js';
import type { Findings, Masker } from '../masking/types.js';
import { applicablePolicies, evaluate, type CompiledPolicySet } from '../policy/index.js';
import type { Recorder } from '../recorder/types.js';
import { counter, logger as makeLogger, type Logger } from '../telemetry/index.js';
import type { DecideHooks, Gate, GateSession, OperationInput, OperationOutcome, SessionInfo, Verdict } from './types.js';

export type * from './types.js';

export interface GateOptions {
  policies: CompiledPolicySet;
  pod: { namespace: string; pod: string; serviceAccount: string; labels: Record<string, string> };
  recorder: Recorder;
  approvals: Approvals;
  /** Build the masker for a plan; null when the plan masks nothing. The gate caches per distinct plan. */
  maskerFor: (plan: MaskingPlan) => Masker | null;
  logger?: Logger;
}

const decisions = counter('agentgate_gate_decisions_total', 'Operations decided by the gate, by resource and action.', ['resource', 'action']);
const sessionsTotal = counter('agentgate_gate_sessions_total', 'Sessions opened or refused by the gate.', ['resource', 'result']);
const holdsTotal = counter('agentgate_gate_holds_total', 'Held operations by outcome.', ['resource', 'outcome']);

/** Decision for failures inside the gate: block, naming the cause. */
function failClosed(reason: string, masking: MaskingPlan): Decision {
  return { action: 'block', rule: null, policy: null, source: 'access', reason, mode: 'enforce', enforced: true, flagged: true, masking };
}

const EMPTY_PLAN: MaskingPlan = { style: 'redact', entities: [], entityStyles: [], columns: [], jsonPaths: [], customPatterns: [] };

function masksNothing(p: MaskingPlan): boolean {
  return p.entities.length === 0 && p.columns.length === 0 && p.customPatterns.length === 0 && p.jsonPaths.length === 0;
}

/** "reason (policy p, rule r)": what the agent sees on block/deny, enough to find the rule. */
export function refusalMessage(d: Decision): string {
  const who = [d.policy && `policy ${d.policy}`, d.rule && `rule ${d.rule}`].filter(Boolean).join(', ');
  return `agentgate: ${d.reason}${who ? ` (${who})` : ''}`;
}

function findingsList(f: Findings | undefined): SessionEvent['masked'] {
  if (!f || f.size === 0) return undefined;
  const out: NonNullable<SessionEvent['masked']> = [];
  for (const [entity, count] of f) if (count > 0) out.push({ entity, count });
  return out.length ? out : undefined;
}

/** Does any policy or resource rule match on `content.entities`? Only then are texts scanned before deciding. */
function usesEntityRules(set: CompiledPolicySet): boolean {
  const objects = [...set.policies.map((p) => p.object), ...[...set.resources.values()].map((r) => r.object)];
  return objects.some((o) => (o.spec.rules ?? []).some((r) => (r.match?.content?.entities?.length ?? 0) > 0));
}

export function createGate(opts: GateOptions): Gate {
  const log = opts.logger ?? makeLogger('gate');
  const maskers = new Map<string, Masker | null>();
  // Operation.entities feeds `content.entities` rules: filled by every detector, lazily, and only when a rule asks.
  const entityScanner = usesEntityRules(opts.policies)
    ? opts.maskerFor({ ...EMPTY_PLAN, entities: [...EntityTypes] })
    : null;

  /**
   * `ruleKey`: when exactly one policy applies to a session, its plan is a function of (resource, policy,
   * rule, source) — resolveMaskingPlan of fixed layers — so that short key replaces serialising the plan
   * (a few µs per statement). With several policies the plan is a union that depends on which of them
   * let the operation through, so the plan itself is the key.
   */
  function maskerFor(plan: MaskingPlan, ruleKey?: string): Masker | null {
    if (masksNothing(plan)) return null;
    // Plans are rebuilt on every evaluation; a JSON key is a few hundred bytes and far cheaper than compiling.
    const key = ruleKey ?? JSON.stringify(plan);
    let m = maskers.get(key);
    if (m === undefined) {
      m = opts.maskerFor(plan);
      if (maskers.size > 256) maskers.clear();
      maskers.set(key, m);
    }
    return m;
  }

  return {
    open(info: SessionInfo): GateSession | { refused: string; code: string } {
      const identity: Identity = {
        namespace: opts.pod.namespace,
        pod: opts.pod.pod,
        serviceAccount: opts.pod.serviceAccount,
        podLabels: opts.pod.labels,
        ...(info.subject !== undefined && { subject: info.subject }),
        ...(info.groups !== undefined && { groups: info.groups }),
        ...(info.issuer !== undefined && { issuer: info.issuer }),
      };
      const id = randomBytes(8).toString('hex');
      const slog = log.child({ session: id, resource: info.resource });
      let seq = 0;
      let nextRequest = 0;
      let closed = false;
      // Events are built by assignment, not `...(cond && {…})` spreads: spreading a non-object takes
      // V8's slow path, and this runs twice per statement.
      const base: Partial<SessionEvent> = {
        v: EVENT_SCHEMA_VERSION,
        session_id: id,
        namespace: opts.pod.namespace,
        pod: opts.pod.pod,
        service_account: opts.pod.serviceAccount,
        resource: info.resource,
        protocol: info.protocol,
      };
      if (info.subject !== undefined) base.subject = info.subject;
      if (info.groups !== undefined) base.groups = info.groups;
      if (info.clientAddr !== undefined) base.client_addr = info.clientAddr;
      const baseKeys = Object.keys(base) as (keyof SessionEvent)[];
      const record = (e: Partial<SessionEvent>): boolean => {
        const ev = e as Record<string, unknown>;
        for (const k of baseKeys) ev[k] = base[k];
        ev.ts = Date.now();
        ev.seq = seq++;
        try {
          return opts.recorder.record(ev as SessionEvent);
        } catch (err) {
          slog.error('recording failed', { error: (err as Error).message });
          return false;
        }
      };

      const refuse = (reason: string, code: string) => {
        sessionsTotal.inc({ resource: info.resource, result: 'refused' });
        record({ kind: 'connect', decision: 'block', reason, error: reason, error_code: code });
        record({ kind: 'disconnect', reason });
        slog.warn('session refused', { reason });
        return { refused: `agentgate: ${reason}`, code };
      };
      if (!opts.recorder.accepting) return refuse('the session recorder is not accepting events (failClosed)', '53400');
      let policyCount: number;
      try {
        policyCount = applicablePolicies(opts.policies, { resource: info.resource, protocol: info.protocol, identity }).length;
      } catch (e) {
        return refuse(`policy evaluation failed: ${(e as Error).message}`, '28000');
      }
      if (policyCount === 0) return refuse(`no AgentPolicy allows pod ${opts.pod.namespace}/${opts.pod.pod} to reach ${JSON.stringify(info.resource)}`, '28000');
      if (!record({ kind: 'connect' })) return refuse('the session recorder refused the connect event', '53400');
      const singlePolicy = policyCount === 1;
      sessionsTotal.inc({ resource: info.resource, result: 'opened' });
      slog.info('session opened', { subject: info.subject, client: info.clientAddr });

      const verdictFor = (requestId: string, op: OperationInput, d: Decision, startedAt: number, fingerprint?: string): Verdict => {
        let decision = d;
        let masker: Masker | null = null;
        if (decision.action !== 'block' && decision.action !== 'hold') {
          try {
            masker = maskerFor(decision.masking, singlePolicy ? `\u0001${info.resource}\u0000${decision.policy}\u0000${decision.rule}\u0000${decision.source}` : undefined);
          } catch (e) {
            decision = failClosed(`masking could not be prepared: ${(e as Error).message}`, decision.masking);
          }
        }
        if (decision.action !== 'block' && decision.action !== 'hold' && !opts.recorder.accepting) {
          decision = failClosed('the session recorder is not accepting events (failClosed)', decision.masking);
        }
        decisions.inc({ resource: info.resource, action: decision.action });
        const proceed = decision.action === 'allow' || decision.action === 'mask';
        const v: { -readonly [K in keyof Verdict]: Verdict[K] } = { requestId, decision, proceed, masker, startedAt, op };
        if (fingerprint !== undefined) v.fingerprint = fingerprint;
        if (!proceed) v.message = refusalMessage(decision);
        return v;
      };

      const session: GateSession = {
        id,
        decide(op: OperationInput, hooks?: DecideHooks): Verdict | Promise<Verdict> {
          const startedAt = Date.now();
          const requestId = `${id}.${++nextRequest}`;
          let d: Decision;
          try {
            const full = Object.assign({}, op) as Operation;
            full.id = requestId;
            full.sessionId = id;
            full.resource = info.resource;
            full.protocol = info.protocol;
            full.identity = identity;
            if (entityScanner && full.entities === undefined && full.text) full.entities = entityScanner.detect(full.text);
            d = evaluate(opts.policies, full);
          } catch (e) {
            slog.error('policy evaluation failed', { request: requestId, error: (e as Error).message });
            d = failClosed(`policy evaluation failed: ${(e as Error).message}`, EMPTY_PLAN);
          }
          if (d.action !== 'hold') return verdictFor(requestId, op, d, startedAt, hooks?.fingerprint);
          return hold(requestId, op, d, startedAt, hooks);
        },
        complete(v: Verdict, outcome: OperationOutcome): void {
          const masker = v.masker ?? (v.proceed ? null : safeMasker(v.decision.masking));
          let text = v.op.text;
          let error = outcome.error;
          try {
            if (masker && text !== undefined) text = masker.maskText(text);
            if (masker && error !== undefined) error = masker.maskText(error);
          } catch {
            text = '[masking failed]';
          }
          const d = v.decision;
          const e: Partial<SessionEvent> = { kind: 'operation', request_id: v.requestId };
          if (text !== undefined) e.operation = text;
          if (v.fingerprint !== undefined) e.fingerprint = v.fingerprint;
          const sql = v.op.sql;
          if (sql) {
            e.statement_kinds = sql.statementKinds;
            if (sql.tables?.length) e.tables = sql.tables;
          }
          if (v.op.llm) e.model = v.op.llm.model;
          if (v.op.mcp?.tool !== undefined) e.tool = v.op.mcp.tool;
          e.decision = v.approval && v.approval.outcome !== 'Approved' ? 'block' : d.action;
          if (d.wouldBe !== undefined) e.would_be = d.wouldBe;
          if (d.rule !== null) e.rule = d.rule;
          if (d.policy !== null) e.policy = d.policy;
          e.reason = d.reason;
          if (d.flagged) e.flagged = true;
          if (v.approval) {
            e.approval_id = v.approval.id;
            e.approval_outcome = v.approval.outcome;
            if (v.approval.approver !== undefined) e.approver = v.approval.approver;
          }
          if (outcome.rows !== undefined) e.rows = outcome.rows;
          if (outcome.bytesIn !== undefined) e.bytes_in = outcome.bytesIn;
          if (outcome.bytesOut !== undefined) e.bytes_out = outcome.bytesOut;
          e.duration_ms = Math.max(0, Date.now() - v.startedAt);
          const masked = findingsList(outcome.findings);
          if (masked) e.masked = masked;
          if (error !== undefined) e.error = error;
          if (outcome.errorCode !== undefined) e.error_code = outcome.errorCode;
          if (!record(e)) slog.error('operation event not recorded', { request: v.requestId });
        },
        error(message: string, code?: string): void {
          slog.warn('session error', { error: message, code });
          record({ kind: 'error', error: message, ...(code !== undefined && { error_code: code }) });
        },
        close(reason?: string): void {
          if (closed) return;
          closed = true;
          record({ kind: 'disconnect', ...(reason !== undefined && { reason }) });
          slog.info('session closed', { reason });
        },
      };

      function safeMasker(plan: MaskingPlan): Masker | null {
        try {
          return maskerFor(plan);
        } catch {
          return null;
        }
      }

      async function hold(requestId: string, op: OperationInput, d: Decision, startedAt: number, hooks?: DecideHooks): Promise<Verdict> {
        const timeoutSeconds = d.approval?.timeoutSeconds ?? 900;
        try {
          const masker = safeMasker(d.masking);
          const summary = masker && op.text !== undefined ? masker.maskText(op.text) : (op.text ?? '');
          const handle = opts.approvals.request(
            {
              sessionId: id, requestId, resource: info.resource, rule: d.rule, summary, identity, timeoutSeconds,
              ...(d.approval?.approverGroups.length && { approverGroups: d.approval.approverGroups }),
            },
            hooks?.signal,
          );
          record({ kind: 'approval', request_id: requestId, decision: 'hold', approval_id: handle.id, reason: d.reason, ...(d.rule !== null && { rule: d.rule }), ...(d.policy !== null && { policy: d.policy }) });
          hooks?.onHold?.({ approvalId: handle.id, timeoutSeconds, reason: d.reason });
          const res = await handle.decision;
          holdsTotal.inc({ resource: info.resource, outcome: res.outcome });
          record({
            kind: 'approval', request_id: requestId, approval_id: handle.id, approval_outcome: res.outcome,
            ...(res.approver !== undefined && { approver: res.approver }), ...(res.reason !== undefined && { reason: res.reason }),
          });
          const approval = { id: handle.id, outcome: res.outcome, ...(res.approver !== undefined && { approver: res.approver }) };
          if (res.outcome === 'Approved') {
            const v = verdictFor(requestId, op, { ...d, action: 'allow' }, startedAt, hooks?.fingerprint);
            // The recorded decision stays `hold` (approved), the verdict lets it through.
            return { ...v, decision: v.proceed ? { ...v.decision, action: 'hold' } : v.decision, approval };
          }
          const why = res.outcome === 'Denied' ? `denied by ${res.approver ?? 'an approver'}` : 'the approval expired';
          const v = verdictFor(requestId, op, d, startedAt, hooks?.fingerprint);
          return { ...v, proceed: false, masker: null, approval, message: `${refusalMessage(d)}: ${why}${res.reason ? `: ${res.reason}` : ''}` };
        } catch (e) {
          slog.error('hold failed', { request: requestId, error: (e as Error).message });
          return verdictFor(requestId, op, failClosed(`approval failed: ${(e as Error).message}`, d.masking), startedAt, hooks?.fingerprint);
        }
      }
      return session;
    },
  };
}

// The gate's composition on its own (no sockets): audit mode, fail-closed paths, holds, recording.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentPolicy, ProtectedResource } from '@agentgate/api';
import { InMemoryApprovals } from '../src/approvals/index.js';
import { createGate, type GateSession, type Verdict } from '../src/gate/index.js';
import { compilePolicySet, type CompiledPolicySet } from '../src/policy/index.js';
import { compileMasker } from '../src/masking/index.js';
import { MemoryRecorder } from './helpers/pg.js';

const POD = { namespace: 'agents', pod: 'agent-1', serviceAccount: 'agent', labels: { app: 'agent' } };
const res: ProtectedResource = {
  apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'db', namespace: 'agents' },
  spec: { type: 'postgres', endpoint: { host: 'db', port: 5432 } },
};
const pol = (spec: Partial<AgentPolicy['spec']> = {}): AgentPolicy => ({
  apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'p', namespace: 'agents' },
  spec: { selector: { matchLabels: { app: 'agent' } }, resources: [{ name: 'db' }], ...spec },
});
const drop = { text: 'DROP TABLE t', sql: { statementKinds: ['DROP' as const], tables: ['public.t'] } };
const select = { text: 'SELECT 1', sql: { statementKinds: ['SELECT' as const] } };

function setup(policies: CompiledPolicySet = compilePolicySet({ policies: [pol()], resources: [res] }), extra: { maskerFor?: () => null } = {}) {
  const recorder = new MemoryRecorder();
  const approvals = new InMemoryApprovals();
  const gate = createGate({ policies, pod: POD, recorder, approvals, maskerFor: extra.maskerFor ?? (() => null) });
  return { recorder, approvals, gate };
}

function open(gate: ReturnType<typeof createGate>): GateSession {
  const s = gate.open({ resource: 'db', protocol: 'postgres', clientAddr: '127.0.0.1:1' });
  assert.ok(!('refused' in s));
  return s;
}

describe('gate', () => {
  test('content.entities rules see what the detectors find in the statement text', () => {
    const policies = compilePolicySet({
      policies: [pol({ rules: [{ name: 'no-cards-in', match: { content: { entities: ['CREDIT_CARD'] } }, action: 'block', reason: 'card numbers may not be written' }] })],
      resources: [res],
    });
    const recorder = new MemoryRecorder();
    const gate = createGate({ policies, pod: POD, recorder, approvals: new InMemoryApprovals(), maskerFor: (plan) => compileMasker(plan, { hashKey: 'k' }) });
    const s = open(gate);
    const ins = (v: string) => ({ text: `INSERT INTO payments (card) VALUES ('${v}')`, sql: { statementKinds: ['INSERT' as const], tables: ['public.payments'] } });
    const blocked = s.decide(ins('4111 1111 1111 1111')) as Verdict;
    assert.equal(blocked.proceed, false);
    assert.equal(blocked.decision.rule, 'p/no-cards-in');
    assert.equal((s.decide(ins('4111 1111 1111 1112')) as Verdict).proceed, true, 'Luhn-failing: not a card');
    // Without such a rule nothing is scanned: the masker factory is never asked for the scanner.
    let asked = 0;
    createGate({ policies: compilePolicySet({ policies: [pol()], resources: [res] }), pod: POD, recorder, approvals: new InMemoryApprovals(), maskerFor: () => (asked++, null) });
    assert.equal(asked, 0);
  });

  test('block: proceed false, message names policy and rule; the operation event records it', () => {
    const { gate, recorder } = setup();
    const s = open(gate);
    const v = s.decide(drop) as Verdict;
    assert.equal(v.proceed, false);
    assert.equal(v.message, 'agentgate: DROP statements are blocked (policy agents/p, rule builtin:destructive/drop)');
    s.complete(v, { error: v.message!, errorCode: '42501' });
    s.close('bye');
    assert.deepEqual(recorder.events.map((e) => e.kind), ['connect', 'operation', 'disconnect']);
    assert.equal(recorder.events[1]!.decision, 'block');
    assert.equal(recorder.events[1]!.rule, 'builtin:destructive/drop');
    assert.equal(recorder.events[1]!.service_account, 'agent');
  });

  test('audit mode: the would-be block is recorded and the operation proceeds', () => {
    const { gate, recorder } = setup(compilePolicySet({ policies: [pol({ mode: 'audit' })], resources: [res] }));
    const s = open(gate);
    const v = s.decide(drop) as Verdict;
    assert.equal(v.proceed, true);
    s.complete(v, { rows: 0 });
    const e = recorder.ops()[0]!;
    assert.equal(e.decision, 'allow');
    assert.equal(e.would_be, 'block');
    assert.equal(e.flagged, true);
  });

  test('fail closed: no policy for the pod refuses the session; a throwing policy blocks', () => {
    const none = setup(compilePolicySet({ policies: [pol({ selector: { matchLabels: { app: 'other' } } })], resources: [res] }));
    const r = none.gate.open({ resource: 'db', protocol: 'postgres' });
    assert.ok('refused' in r && r.code === '28000' && /no AgentPolicy allows pod agents\/agent-1/.test(r.refused));
    const set = compilePolicySet({ policies: [pol()], resources: [res] });
    set.policies[0]!.rules = [{ ...set.resources.values().next().value!.rules[0]!, matches: () => { throw new Error('boom'); } }];
    const { gate } = setup(set);
    const v = open(gate).decide(select) as Verdict;
    assert.equal(v.proceed, false);
    assert.match(v.message!, /policy evaluation failed: boom/);
  });

  test('fail closed: a recorder that stops accepting refuses sessions and blocks operations', () => {
    const { gate, recorder } = setup();
    const s = open(gate);
    recorder.accepting = false;
    assert.match((s.decide(select) as Verdict).message!, /recorder is not accepting/);
    const r = gate.open({ resource: 'db', protocol: 'postgres' });
    assert.ok('refused' in r && r.code === '53400');
  });

  test('fail closed: a masker that cannot be built blocks', () => {
    const { gate } = setup(undefined, { maskerFor: () => { throw new Error('bad pattern'); } });
    const v = open(gate).decide(select) as Verdict;
    assert.equal(v.proceed, false);
    assert.match(v.message!, /masking could not be prepared: bad pattern/);
  });

  test('hold: onHold is called; aborting the signal withdraws it and refuses', async () => {
    const set = compilePolicySet({
      policies: [pol({ rules: [{ name: 'h', match: { sql: { statementKinds: ['SELECT'] } }, action: 'hold' }], approval: { approverGroups: ['dba'] } })],
      resources: [res],
    });
    const { gate, approvals } = setup(set);
    const s = open(gate);
    const ac = new AbortController();
    let held = '';
    const pending = s.decide(select, { signal: ac.signal, onHold: (h) => (held = h.approvalId) });
    assert.ok(pending instanceof Promise);
    assert.equal(approvals.list().length, 1);
    assert.equal(approvals.list()[0]!.id, held);
    ac.abort();
    const v = await pending;
    assert.equal(v.proceed, false);
    assert.equal(v.approval?.outcome, 'Expired');
    assert.equal(approvals.list().length, 0);
  });
});

describe('in-memory approvals', () => {
  test('decide, no self-approval, unknown ids, expiry', async () => {
    const a = new InMemoryApprovals();
    const base = { sessionId: 's', resource: 'db', rule: 'p/r', summary: 'x', identity: { subject: 'alice' }, timeoutSeconds: 0.05 };
    const h1 = a.request({ ...base, requestId: '1' });
    assert.equal(a.decide(h1.id, 'Approved', 'alice'), false, 'the requester cannot approve');
    assert.equal(a.decide(h1.id, 'Approved', 'bob', 'ok'), true);
    assert.deepEqual(await h1.decision, { outcome: 'Approved', approver: 'bob', reason: 'ok' });
    assert.equal(a.decide(h1.id, 'Denied', 'bob'), false, 'already decided');
    const h2 = a.request({ ...base, requestId: '2' });
    // Expiry timers are unref'd (a pending hold must not keep a process alive): keep this one alive.
    const alive = setTimeout(() => undefined, 5000);
    assert.equal((await h2.decision).outcome, 'Expired');
    clearTimeout(alive);
    assert.equal(a.list().length, 0);
  });
});

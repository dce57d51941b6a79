// The upstream → client relay without sockets, held to the gate contract (gate/types.ts, ADR 0006): an
// operation's event is recorded before the response that completes it is relayed, so no client learns
// that a statement finished while its record could still be lost; and a malformed message later in the
// same chunk does not lose the record of what completed before it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { GateSession, OperationOutcome, Verdict } from '../src/gate/types.js';
import { commandComplete, dataRow, readyForQuery } from '../src/protocols/postgres/backend.js';
import { ResponseRelay, type Expect, type OpRec, type RelayHost } from '../src/protocols/postgres/responses.js';

function harness() {
  const log: string[] = [];
  const outcomes: OperationOutcome[] = [];
  const c = {
    write: (b: Buffer) => {
      log.push(`write ${b.length}`);
      return true;
    },
    cork: () => undefined,
    uncork: () => undefined,
    once: () => c,
  };
  const u = { pause: () => undefined, resume: () => undefined };
  const gate = {
    complete: (v: Verdict, o: OperationOutcome) => {
      log.push(`complete ${v.requestId}`);
      outcomes.push(o);
    },
    error: () => undefined,
  } as unknown as GateSession;
  const expect: Expect[] = [];
  const host: RelayHost = {
    c: c as unknown as Socket, u: u as unknown as Socket, gate, expect, token: 'tok', refusals: new Map(), ended: false,
    lexing: { settle: () => undefined, onParameterMessage: () => undefined } as unknown as RelayHost['lexing'],
    columns: () => { throw new Error('no column names in this test'); },
    guard: (fn) => fn(),
    fail: (e) => { throw e; },
  };
  const op = (id: string): OpRec => ({ v: { requestId: id, masker: null } as unknown as Verdict, rows: 0, bytesIn: 10, bytesOut: 0 });
  return { log, outcomes, expect, relay: new ResponseRelay(host), op };
}

describe('ResponseRelay: recording order', () => {
  test('two simple queries answered in one chunk: both events, then one client write', () => {
    const h = harness();
    h.expect.push({ k: 'query', op: h.op('s.1') }, { k: 'query', op: h.op('s.2') });
    const answer = (n: string) => [dataRow([Buffer.from(n)]), commandComplete('SELECT 1'), readyForQuery('I')];
    const chunk = Buffer.concat([...answer('1'), ...answer('2')]);
    h.relay.onData(chunk);
    assert.deepEqual(h.log, ['complete s.1', 'complete s.2', `write ${chunk.length}`]);
    assert.deepEqual(h.outcomes.map((o) => o.rows), [1, 1]);
    assert.equal(h.expect.length, 0);
  });

  test('a malformed message after a completed query: the relay throws, the completed query is still recorded', () => {
    const h = harness();
    h.expect.push({ k: 'query', op: h.op('s.1') }, { k: 'query', op: h.op('s.2') });
    const bad = Buffer.from([0x44, 0, 0, 0, 2]); // a DataRow whose length (2) is below the minimum (4)
    const chunk = Buffer.concat([commandComplete('UPDATE 3'), readyForQuery('I'), bad]);
    assert.throws(() => h.relay.onData(chunk), /invalid message length/);
    assert.deepEqual(h.log, ['complete s.1']);
    assert.equal(h.outcomes[0]!.rows, 3);
    // The unanswered one is left for the session's end() to record as failed.
    assert.equal(h.expect.length, 1);
  });

  test('completion outside a relayed chunk (a refusal, a session end) is recorded at once', () => {
    const h = harness();
    h.relay.completeOp(h.op('s.9'));
    assert.deepEqual(h.log, ['complete s.9']);
  });
});

// Result-row masking without sockets: RowMasker decides and rebuilds DataRows into an OutBuffer; the
// bytes must parse back (pg-protocol) with correct lengths, whatever mix of kept, masked, NULL and
// non-ASCII values a row holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser } from 'pg-protocol/dist/parser.js';
import { compileMasker } from '../src/masking/index.js';
import { resolveMaskingPlan } from '../src/policy/index.js';
import { dataRow } from '../src/protocols/postgres/backend.js';
import { OutBuffer } from '../src/protocols/postgres/out-buffer.js';
import { RowMasker, type ColumnPlan } from '../src/protocols/postgres/rows.js';

const masker = compileMasker({ ...resolveMaskingPlan([{}]), columns: [{ name: '*.people.ssn', style: 'null' }] }, { hashKey: 'k' });
const col = (name: string | null, over: Partial<ColumnPlan> = {}): ColumnPlan => ({ name, binary: false, textual: true, ruled: false, work: true, ...over });
const COLS = [col('public.people.id', { textual: false, work: false }), col('public.people.email'), col('public.people.note'), col('public.people.ssn', { ruled: true })];

function rows(buf: Buffer): (string | null)[][] {
  const out: (string | null)[][] = [];
  new Parser().parse(buf, (m) => out.push((m as unknown as { fields: (string | null)[] }).fields));
  return out;
}
const row = (vals: (string | null)[]) => dataRow(vals.map((v) => (v === null ? null : Buffer.from(v))));

describe('RowMasker', () => {
  test('an unchanged row is reported unchanged and nothing is written', () => {
    const rm = new RowMasker();
    const out = new OutBuffer();
    const r = row(['1', null, 'nothing here', null]);
    assert.equal(rm.mask(r, 0, r.length, COLS, masker, new Map()), false);
    assert.equal(out.len, 0);
    assert.equal(out.take(), null);
  });

  test('a changed row is rebuilt with correct lengths: kept, masked, NULL and multi-byte values', () => {
    const rm = new RowMasker();
    const out = new OutBuffer();
    const findings = new Map<string, number>();
    // Two rows back to back in one chunk, at a non-zero offset, as the relay sees them.
    const a = row(['7', 'zoe.muller@example.com', 'Grüße — call +44 20 7946 0958', '123-45-6789']);
    const b = row(['8', null, '', '078-05-1120']);
    const chunk = Buffer.concat([Buffer.from('xyz'), a, b]);
    assert.equal(rm.mask(chunk, 3, a.length, COLS, masker, findings), true);
    rm.writeTo(out);
    assert.equal(rm.mask(chunk, 3 + a.length, b.length, COLS, masker, findings), true);
    rm.writeTo(out);
    const got = rows(out.take()!);
    assert.deepEqual(got, [
      ['7', '[EMAIL]', 'Grüße — call [PHONE]', null],
      ['8', null, '', null],
    ]);
    assert.equal(findings.get('EMAIL'), 1);
    assert.equal(findings.get('PHONE'), 1);
    assert.equal(findings.get('column:*.people.ssn'), 2);
  });

  test('a masked value longer than the original (hash style, non-ASCII) still fits', () => {
    const hashing = compileMasker({ ...resolveMaskingPlan([{}]), style: 'hash' }, { hashKey: 'k' });
    const rm = new RowMasker();
    const out = new OutBuffer();
    const r = row(['a@b.io ü', 'x']);
    assert.equal(rm.mask(r, 0, r.length, [col('t.c.a'), col('t.c.b')], hashing, new Map()), true);
    rm.writeTo(out);
    const [[v, w]] = rows(out.take()!) as [[string, string]];
    assert.match(v, /^\[EMAIL:[0-9a-f]{16}\] ü$/);
    assert.equal(w, 'x');
  });

  test('unknown columns fail closed; binary values a rule covers become NULL, counted', () => {
    const rm = new RowMasker();
    const out = new OutBuffer();
    const findings = new Map<string, number>();
    const r = row(['1', 'secret']);
    assert.equal(rm.mask(r, 0, r.length, null, masker, findings), true);
    rm.writeTo(out);
    const r2 = row(['1', 'bytes']);
    assert.equal(rm.mask(r2, 0, r2.length, [col('t.c.id', { work: false }), col('t.c.blob', { binary: true })], masker, findings), true);
    rm.writeTo(out);
    assert.deepEqual(rows(out.take()!), [[null, null], ['1', null]]);
    assert.equal(findings.get('unknown-column'), 2);
    assert.equal(findings.get('binary:t.c.blob'), 1);
  });

  test('a DataRow whose values overrun the message is an error, not a read past it', () => {
    const r = row(['1', 'abc']);
    r.writeInt32BE(100, 7 + 4 + 1); // second value claims 100 bytes
    assert.throws(() => new RowMasker().mask(r, 0, r.length, COLS, masker, new Map()), /shorter than its values/);
  });
});

describe('OutBuffer', () => {
  test('keeps appended bytes across growth, and never hands out bytes it already gave away', () => {
    const out = new OutBuffer();
    const big = Buffer.alloc(40_000, 0x61);
    out.append(Buffer.from('head'), 0, 4);
    out.append(big, 0, big.length);
    const first = out.take()!;
    assert.equal(first.length, 40_004);
    assert.equal(first.subarray(0, 4).toString(), 'head');
    out.append(Buffer.from('next'), 0, 4);
    const second = out.take()!;
    assert.equal(second.toString(), 'next');
    // Writing the second must not have touched the first (the socket may still hold it).
    assert.equal(first.subarray(0, 4).toString(), 'head');
    assert.equal(first.subarray(4).every((c) => c === 0x61), true);
    assert.equal(out.take(), null);
  });
});

// The two wire codecs written here, checked byte for byte against the protocol documentation
// ("Message Formats") and against pg-protocol, which parses backend and serialises frontend messages.
import { describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import {
  authenticationOk, backendKeyData, commandComplete, dataRow, errorResponse, noticeResponse, parameterStatus,
  parseNoticeFields, parseRowDescription, readyForQuery, rowDescription,
} from '../src/protocols/postgres/backend.js';
import { ProtocolError, parseFrontend, parseStartup } from '../src/protocols/postgres/frontend.js';
import { md5Password, scramClientFinal, scramVerifyServer } from '../src/protocols/postgres/scram.js';
import { direct } from './helpers/pg.js';

const body = (b: Buffer) => ({ type: b[0]!, body: b.subarray(5) });
const fe = (b: Buffer) => parseFrontend(body(b).type, body(b).body);

function parseBackend(buf: Buffer): { name: string; [k: string]: unknown }[] {
  const out: { name: string }[] = [];
  new Parser().parse(buf, (m) => out.push(m as unknown as { name: string }));
  return out as { name: string; [k: string]: unknown }[];
}

describe('frontend messages', () => {
  test('StartupMessage: Int32 length, Int32 196608, name/value pairs, terminator', () => {
    const pkt = serialize.startup({ user: 'alice', database: 'shop', application_name: 'psql' });
    assert.deepEqual(parseStartup(pkt), { type: 'startup', protocol: 196608, params: { user: 'alice', database: 'shop', application_name: 'psql', client_encoding: 'UTF8' } });
    const handmade = Buffer.from('\x00\x00\x00\x12\x00\x03\x00\x00user\x00bob\x00\x00', 'latin1');
    assert.deepEqual(parseStartup(handmade), { type: 'startup', protocol: 196608, params: { user: 'bob' } });
  });

  test('SSLRequest 80877103, GSSENCRequest 80877104, CancelRequest 80877102', () => {
    assert.deepEqual(parseStartup(serialize.requestSsl()), { type: 'ssl' });
    assert.deepEqual(parseStartup(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30])), { type: 'gssenc' });
    assert.deepEqual(parseStartup(serialize.cancel(1234, -5)), { type: 'cancel', processId: 1234, secretKey: -5 });
  });

  test('startup errors: wrong length, protocol 2, no user', () => {
    assert.throws(() => parseStartup(Buffer.from([0, 0, 0, 9, 0, 3, 0, 0])), ProtocolError);
    assert.throws(() => parseStartup(Buffer.from('\x00\x00\x00\x12\x00\x02\x00\x00user\x00bob\x00\x00', 'latin1')), /unsupported frontend protocol 2\.0/);
    assert.throws(() => parseStartup(Buffer.from('\x00\x00\x00\x12\x00\x03\x00\x00dbname\x00x\x00\x00', 'latin1')), /no PostgreSQL user/);
  });

  test('every frontend message pg-protocol can serialise parses back', () => {
    assert.deepEqual(fe(serialize.query('SELECT 1')), { type: 'query', sql: 'SELECT 1' });
    assert.deepEqual(fe(serialize.parse({ name: 's1', text: 'SELECT $1', types: [23] })), { type: 'parse', name: 's1', sql: 'SELECT $1', paramTypes: [23] });
    const bind = fe(serialize.bind({ portal: 'p', statement: 's1', values: ['7', null, Buffer.from([1, 2])], binary: true }));
    assert.equal(bind.type, 'bind');
    if (bind.type === 'bind') {
      assert.equal(bind.portal, 'p');
      assert.equal(bind.statement, 's1');
      assert.deepEqual(bind.params.map((x) => x && [...x]), [[0x37], null, [1, 2]]);
      assert.deepEqual(bind.resultFormats, [1]);
    }
    assert.deepEqual(fe(serialize.describe({ type: 'P', name: 'p' })), { type: 'describe', target: 'P', name: 'p' });
    assert.deepEqual(fe(serialize.execute({ portal: 'p', rows: 10 })), { type: 'execute', portal: 'p', maxRows: 10 });
    assert.deepEqual(fe(serialize.close({ type: 'S', name: 's1' })), { type: 'close', target: 'S', name: 's1' });
    assert.deepEqual(fe(serialize.sync()), { type: 'sync' });
    assert.deepEqual(fe(serialize.flush()), { type: 'flush' });
    assert.deepEqual(fe(serialize.end()), { type: 'terminate' });
    assert.deepEqual(fe(serialize.copyData(Buffer.from('a\tb\n'))), { type: 'copyData', data: Buffer.from('a\tb\n') });
    assert.deepEqual(fe(serialize.copyDone()), { type: 'copyDone' });
    assert.deepEqual(fe(serialize.copyFail('nope')), { type: 'copyFail', message: 'nope' });
    const pw = fe(serialize.password('tok'));
    assert.equal(pw.type, 'password');
  });

  test('truncated or inconsistent bodies throw ProtocolError, never read past the message', () => {
    const q = serialize.query('SELECT 1');
    assert.throws(() => parseFrontend(0x51, q.subarray(5, q.length - 1)), /unterminated string/);
    const p = serialize.parse({ name: '', text: 'x', types: [23, 25] });
    assert.throws(() => parseFrontend(0x50, p.subarray(5, p.length - 2)), /truncated/);
    assert.throws(() => parseFrontend(0x44, Buffer.from('Xname\0')), /invalid target type/);
    assert.throws(() => parseFrontend(0x53, Buffer.from([1])), /trailing bytes/);
    assert.throws(() => parseFrontend(0x42, Buffer.from([0, 0, 0, 1, 0, 7])), /invalid format code 7/);
    assert.throws(() => parseFrontend(0x7a, Buffer.alloc(0)), /invalid frontend message type/);
  });
});

describe('backend messages', () => {
  test('ErrorResponse and NoticeResponse: field-coded strings, pg-protocol reads them back', () => {
    const [e] = parseBackend(errorResponse({ severity: 'ERROR', code: '42501', message: 'agentgate: no', hint: 'ask' }));
    assert.equal(e!.name, 'error');
    assert.equal(e!.code, '42501');
    assert.equal(e!.message, 'agentgate: no');
    assert.equal(e!.hint, 'ask');
    assert.equal(e!.severity, 'ERROR');
    const n = noticeResponse({ severity: 'NOTICE', code: '00000', message: 'waiting' });
    assert.equal(parseBackend(n)[0]!.name, 'notice');
    assert.deepEqual([...parseNoticeFields(n.subarray(5))], [['S', 'NOTICE'], ['V', 'NOTICE'], ['C', '00000'], ['M', 'waiting']]);
  });

  test('ReadyForQuery, AuthenticationOk, ParameterStatus, BackendKeyData, CommandComplete', () => {
    assert.deepEqual([...readyForQuery('T')], [0x5a, 0, 0, 0, 5, 0x54]);
    assert.deepEqual([...authenticationOk()], [0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
    const msgs = parseBackend(Buffer.concat([parameterStatus('TimeZone', 'UTC'), backendKeyData(42, -7), commandComplete('SELECT 3')]));
    assert.deepEqual(msgs.map((m) => m.name), ['parameterStatus', 'backendKeyData', 'commandComplete']);
    assert.equal(msgs[0]!.parameterValue, 'UTC');
    assert.equal(msgs[1]!.processID, 42);
    assert.equal(msgs[1]!.secretKey, -7);
    assert.equal(msgs[2]!.text, 'SELECT 3');
  });

  test('DataRow: Int16 count, then Int32 length (-1 = NULL) and bytes per column', () => {
    const row = dataRow([Buffer.from('abc'), null, Buffer.alloc(0), Buffer.from('é')]);
    assert.equal(row.readInt32BE(1), row.length - 1);
    const [m] = parseBackend(row);
    assert.deepEqual(m!.fields, ['abc', null, '', 'é']);
  });

  test('RowDescription round trip through our parser and pg-protocol', () => {
    const cols = [
      { name: 'id', tableOid: 16384, attnum: 1, typeOid: 23, typeLen: 4, typeMod: -1, format: 0 as const },
      { name: 'email', tableOid: 16384, attnum: 2, typeOid: 25, typeLen: -1, typeMod: -1, format: 1 as const },
    ];
    const msg = rowDescription(cols);
    assert.deepEqual(parseRowDescription(msg.subarray(5)), cols);
    const [m] = parseBackend(msg);
    const fields = m!.fields as { name: string; tableID: number; columnID: number; format: string }[];
    assert.deepEqual(fields.map((f) => [f.name, f.tableID, f.columnID, f.format]), [['id', 16384, 1, 'text'], ['email', 16384, 2, 'binary']]);
  });
});

describe('upstream authentication', () => {
  test('SCRAM-SHA-256: RFC 7677 test vector (client proof and server signature)', () => {
    const state = { clientNonce: 'rOprNGfwEbeRWgbNEkqO', clientFirstBare: 'n=user,r=rOprNGfwEbeRWgbNEkqO' };
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    assert.equal(
      scramClientFinal(state, 'pencil', serverFirst),
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    scramVerifyServer(state, 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    assert.throws(() => scramVerifyServer(state, 'v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='), /signature does not match/);
    assert.throws(() => scramClientFinal(state, 'pencil', 'r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'), /nonce/);
  });

  test('MD5: answers md5(stored hash + salt), where the stored hash is the one PostgreSQL keeps for the role', async () => {
    const d = await direct();
    const stored = (await d.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'md5user'")).rows[0].rolpassword as string;
    await d.end();
    assert.match(stored, /^md5[0-9a-f]{32}$/);
    const salt = Buffer.from([1, 2, 3, 4]);
    const expected = 'md5' + createHash('md5').update(Buffer.concat([Buffer.from(stored.slice(3)), salt])).digest('hex');
    assert.equal(md5Password('md5user', 'secret-md5user', salt), expected);
  });
});

// Validators against known-good and known-bad vectors from the public specifications.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256 } from '../src/masking/features.js';
import {
  cardBrand, ibanMod97, isCreditCard, isDeTaxId, isEsDni, isEsNie,
  entropy, isFrNir, isIban, isIpv4, isIpv6, isMac, isUkNino, isUsItin, isUsSsn, luhn, looksRandom,
} from '../src/masking/validators.js';
import { isJwt } from '../src/masking/validators-jwt.js';
import { base58Decode, isBase58Check, isBech32Address, isEthAddress } from '../src/masking/validators-wallets.js';
import { polymod } from './helpers/masking-values.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('keccak-256 (original padding) matches the published digests, unlike SHA3-256', () => {
  assert.equal(hex(keccak256(new Uint8Array())), 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  assert.equal(hex(keccak256(Buffer.from('abc'))), '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  // Around the 136-byte block (the pad bytes 0x01 and 0x80 in one byte at 135; a second block at 136) and
  // several blocks. Digests of 'a' × n from the JavaScript permutation this replaced and a Python reading of
  // FIPS 202, which agree.
  const digests: Record<number, string> = {
    135: '34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446',
    136: 'a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e',
    137: 'd869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39',
    200: '96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d',
    272: 'cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8',
    1000: 'b6a4ac1f51884d71f30fa397a5e155de3099e11fc0edef5d08b646e621e19de9',
  };
  for (const [n, digest] of Object.entries(digests)) assert.equal(hex(keccak256(Buffer.alloc(Number(n), 0x61))), digest, `'a' × ${n}`);
  // A message longer than the resident instance keeps (RESIDENT_MAX) is hashed in one of its own.
  const big = Buffer.alloc(1 << 20, 0x61);
  const first = hex(keccak256(big));
  assert.equal(first.length, 64);
  assert.equal(hex(keccak256(big)), first);
  assert.notEqual(hex(keccak256(big.subarray(1))), first);
});

test('EIP-55: the spec vectors pass, a flipped case fails, single-case addresses have no checksum', () => {
  for (const a of [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ]) assert.ok(isEthAddress(a), a);
  assert.equal(isEthAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), false);
  assert.ok(isEthAddress('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'));
});

test('Luhn and card brands', () => {
  assert.ok(luhn('4111111111111111'));
  assert.equal(luhn('4111111111111112'), false);
  for (const c of ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', '6011111111111117', '3530111333300000', '2223003122003222']) {
    assert.ok(isCreditCard(c), c);
  }
  assert.equal(isCreditCard('4111 1111 1111 1112'), false, 'Luhn fails');
  assert.equal(isCreditCard('0000000000000000'), false, 'placeholder');
  assert.equal(isCreditCard('9999999999999995'), false, 'no brand');
  assert.equal(cardBrand('378282246310005'), 'amex');
  assert.equal(cardBrand('5105105105105100'), 'mastercard');
});

test('the one-pass card check agrees with digits + brand + Luhn on random numbers (half of them Luhn-valid)', () => {
  // Seeded LCG: the same numbers every run.
  let seed = 20261203;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  let cards = 0;
  for (let k = 0; k < 20_000; k++) {
    const len = 11 + rnd(11);
    let d = '';
    for (let i = 0; i < len; i++) d += String(i === 0 ? [2, 3, 4, 5, 6, 1, 9][rnd(7)] : rnd(10));
    // Fix the last digit so Luhn passes, every other number.
    if (k % 2 === 0) for (let c = 0; c < 10 && !luhn(d); c++) d = d.slice(0, -1) + String(c);
    if (k % 97 === 0) d = d[0]!.repeat(len);
    const s = d.replace(/(\d{4})(?=\d)/g, k % 3 === 0 ? '$1 ' : k % 3 === 1 ? '$1-' : '$1');
    const ref = d.length >= 13 && d.length <= 19 && !/^(\d)\1+$/.test(d) && cardBrand(d) !== null && luhn(d);
    assert.equal(isCreditCard(s), ref, s);
    if (ref) cards++;
  }
  assert.ok(cards > 2000, `only ${cards} valid cards generated`);
});

test('IBAN: mod-97 and per-country length', () => {
  assert.ok(isIban('GB82 WEST 1234 5698 7654 32'));
  assert.ok(isIban('DE89370400440532013000'));
  assert.ok(isIban('RS35260005601001611379'));
  assert.equal(isIban('GB82WEST12345698765433'), false, 'checksum');
  assert.equal(isIban('DE8937040044053201300'), false, 'length');
  assert.equal(isIban('QQ82WEST12345698765432'), false, 'country');
  assert.ok(ibanMod97('NL91ABNA0417164300'));
});

test('US SSN area/group/serial rules and ITIN groups', () => {
  assert.ok(isUsSsn('123-45-6789'));
  for (const bad of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '078-05-1120']) assert.equal(isUsSsn(bad), false, bad);
  // Next to a label, the advertised example numbers and unissued areas count; a zero group or serial never does.
  for (const labelled of ['078-05-1120', '219-09-9999', '666-12-3456', '912-34-5678']) assert.ok(isUsSsn(labelled, true), labelled);
  for (const bad of ['000-12-3456', '123-00-4567', '123-45-0000']) assert.equal(isUsSsn(bad, true), false, bad);
  assert.ok(isUsItin('912-70-1234'));
  assert.ok(isUsItin('900-94-0000'));
  assert.equal(isUsItin('912-69-1234'), false);
  assert.equal(isUsItin('812-70-1234'), false);
});

test('network addresses', () => {
  assert.ok(isIpv4('192.168.0.1'));
  for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4']) assert.equal(isIpv4(bad), false, bad);
  for (const ok of ['2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::ffff:192.0.2.1'.replace(/^::/, '0::')]) {
    assert.ok(isIpv6(ok), ok);
  }
  for (const bad of ['10:23:45', '1:2:3:4:5:6:7:8:9', 'std::vector', 'a::b::c']) assert.equal(isIpv6(bad), false, bad);
  assert.ok(isMac('00:1A:2B:3C:4D:5E'));
  assert.ok(isMac('00-1a-2b-3c-4d-5e'));
  assert.equal(isMac('00:1A-2B:3C:4D:5E'), false);
  assert.equal(isMac('00:00:00:00:00:00'), false);
});

test('national identifiers with check digits', () => {
  assert.ok(isUkNino('AB123456C'));
  assert.ok(isUkNino('AB 12 34 56 C'));
  for (const bad of ['DA123456C', 'GB123456A', 'AB123456E', 'AO123456A']) assert.equal(isUkNino(bad), false, bad);
  assert.ok(isDeTaxId('86095742719'));
  assert.equal(isDeTaxId('86095742718'), false, 'check digit');
  assert.equal(isDeTaxId('11111111111'), false, 'digit rule');
  assert.ok(isEsDni('12345678Z'));
  assert.ok(isEsDni('12.345.678-Z'), 'written with dots');
  assert.equal(isEsDni('12345678A'), false);
  assert.ok(isEsNie('X1234567L'));
  assert.ok(isEsNie('Y0000000Z'));
  assert.equal(isEsNie('X1234567A'), false);
  // NIR: 1 85 05 78 006 084 key = 97 - (1850578006084 mod 97)
  const body = '1850578006084';
  const key = String(97 - (Number(body) % 97)).padStart(2, '0');
  assert.ok(isFrNir(body + key));
  assert.equal(isFrNir(body + String((+key % 97) + 1).padStart(2, '0')), false);
  assert.ok(isFrNir('2 69 05 2A 123 456 ' + String(97 - (Number('2690519123456') % 97)).padStart(2, '0')), 'Corsica 2A');
});

test('bitcoin: base58check and bech32/bech32m', () => {
  assert.ok(isBase58Check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'));
  assert.ok(isBase58Check('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'));
  assert.equal(isBase58Check('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb'), false);
  // Litecoin P2PKH (version 0x30) and P2SH (0x32), and its ltc bech32 prefix.
  assert.ok(isBase58Check('LTThKJwdvK458fWNBe3hrpz6jA3fqyZ6kL'));
  assert.ok(isBase58Check('MG8uHXYDLfypmXnYEUiLq5XfzAZZJeEQUc'));
  assert.ok(isBech32Address('ltc1qwamhwamhwamhwamhwamhwamhwamhwamh72v0aw'));
  assert.equal(isBech32Address('ltc1qwamhwamhwamhwamhwamhwamhwamhwamh72v0ax'), false);
  assert.ok(isBech32Address('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'));
  assert.ok(isBech32Address('bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3'));
  assert.ok(isBech32Address('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'));
  assert.equal(isBech32Address('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5'), false);
  assert.equal(isBech32Address('bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), false, 'mixed case');
});

test('JWT is decoded structurally; random dotted base64 is not a JWT', () => {
  const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  assert.ok(isJwt(`${b({ alg: 'HS256', typ: 'JWT' })}.${b({ sub: 'x' })}.c2ln`));
  assert.equal(isJwt(`${b({ typ: 'JWT' })}.${b({ sub: 'x' })}.c2ln`), false, 'no alg');
  assert.equal(isJwt('eyJhbGciOi.eyJzdWIi.abc'), false, 'truncated');
});

test('looksRandom separates keys from words', () => {
  assert.ok(looksRandom('x8Kq2Lm9Vt4Rp7Zw3Ny6'));
  assert.equal(looksRandom('correcthorsebattery'), false);
  assert.equal(looksRandom('aaaaaaaaaaaaaaaa1'), false);
});

// The validators above are written for speed (typed tables, no intermediate arrays). These are the
// plain readings of the specifications they implement: the fast ones must agree on every input.
const REF_B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const REF_B32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function refBase58(s: string): string | null {
  let n = 0n;
  for (const ch of s) {
    const v = REF_B58.indexOf(ch);
    if (v < 0) return null;
    n = n * 58n + BigInt(v);
  }
  let hexed = n === 0n ? '' : n.toString(16);
  if (hexed.length % 2) hexed = `0${hexed}`;
  return '00'.repeat(s.length - s.replace(/^1+/, '').length) + hexed;
}

function refBech32(s: string): boolean {
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) return false;
  const a = s.toLowerCase();
  const pos = a.lastIndexOf('1');
  const hrp = a.slice(0, pos);
  if ((hrp !== 'bc' && hrp !== 'tb') || a.length - pos - 1 < 7) return false;
  const data = [...a.slice(pos + 1)].map((c) => REF_B32.indexOf(c));
  if (data.includes(-1)) return false;
  const chk = polymod([...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...data]);
  return data[0] === 0 ? chk === 1 : data[0]! <= 16 && chk === 0x2bc830a3;
}

function refEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s.split('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

test('fast base58, bech32 and entropy agree with plain readings of their specifications', () => {
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  const valid = [
    '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
    'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
  ];
  const alphabet = `${REF_B58}${REF_B32}0OIl1bcBCtT+/=-_é€😀 `;
  let checked = 0;
  for (let i = 0; i < 20_000; i++) {
    let s: string;
    if (i % 2 === 0) {
      // A valid address with up to three characters replaced, inserted or deleted.
      s = valid[rnd(valid.length)]!;
      for (let k = rnd(4); k > 0; k--) {
        const at = rnd(s.length);
        const c = alphabet[rnd(alphabet.length)]!;
        const op = rnd(3);
        s = op === 0 ? s.slice(0, at) + c + s.slice(at + 1) : op === 1 ? s.slice(0, at) + c + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
      }
      if (rnd(4) === 0) s = s.toUpperCase();
    } else {
      s = Array.from({ length: rnd(60) }, () => alphabet[rnd(alphabet.length)]).join('');
    }
    const b = base58Decode(s);
    assert.equal(b === null ? null : Buffer.from(b).toString('hex'), refBase58(s), `base58 ${s}`);
    assert.equal(isBech32Address(s), refBech32(s), `bech32 ${s}`);
    if (s.length > 0) assert.equal(entropy(s), refEntropy(s), `entropy ${s}`);
    checked++;
  }
  assert.equal(checked, 20_000);
});

/**
 * A JWT as Buffer and JSON.parse read it: parts of base64url characters whose header is a JSON object
 * with an `alg` key and whose payload is a JSON object.
 */
function refJwt(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]*$/.test(parts[0]!) || !/^[A-Za-z0-9_-]*$/.test(parts[1]!)) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && !Array.isArray(header) && 'alg' in header && typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  } catch {
    return false;
  }
}

test('the JWT check reads the decoded bytes as the JSON objects a parser sees, on mutated and non-ASCII tokens', () => {
  // isJwt() reads the braces and the `"alg"` key where the parts decode, without parsing them: every token
  // a parser takes it takes too, and it refuses what a parser refuses except text between intact braces
  // (a mangled claim inside a token is still a token: masked, failing closed).
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const tokens = [
    `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ sub: 'x', n: 1 })}.c2ln`,
    `${b({ typ: 'JWT', alg: 'RS256', kid: 'k1' })}.${b({ sub: 'Zoë Ångström', roles: ['a'], 'x-€': '😀' })}.${'s'.repeat(43)}`,
    `${b({ alg: 'none' })}.${b({ big: 'y'.repeat(3000) })}.`,
    `${b({ alg: 'HS256' })}.${b({})}.c2ln`,
    `${b({ alg: 'HS256' })}.${b([1, 2])}.c2ln`,
    `${b({ typ: 'alg' })}.${b({ a: 1 })}.c2ln`,
    `${b('alg')}.${b({})}.c2ln`,
  ];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.é ';
  const counts = { both: 0, neither: 0, closed: 0 };
  for (let i = 0; i < 20_000; i++) {
    let s = tokens[rnd(tokens.length)]!;
    for (let k = rnd(4); k > 0; k--) {
      const at = rnd(s.length);
      const c = alphabet[rnd(alphabet.length)]!;
      const op = rnd(3);
      s = op === 0 ? s.slice(0, at) + c + s.slice(at + 1) : op === 1 ? s.slice(0, at) + c + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
    }
    const ref = refJwt(s);
    const got = isJwt(s);
    if (ref) assert.ok(got, `a JWT to a parser: ${s.slice(0, 120)}`);
    if (got && !ref) {
      // Only a mangled inside: both parts still decode to text between braces, the header naming alg.
      const [h, p] = s.split('.').map((x) => Buffer.from(x, 'base64url').toString('latin1').trim());
      assert.ok(h!.startsWith('{') && h!.endsWith('}') && /"alg"\s*:/.test(h!) && p!.startsWith('{') && p!.endsWith('}'), `not a JWT: ${s.slice(0, 120)}`);
      counts.closed++;
    } else if (got) counts.both++;
    else counts.neither++;
  }
  assert.ok(counts.both > 2_000 && counts.neither > 2_000, JSON.stringify(counts));
});

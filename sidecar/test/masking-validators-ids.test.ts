// National id validators: seeded numbers whose check digits are computed here from the published rules
// (with this file's own tables and formulas, not the validators'), hand-checked examples, and near misses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isBrCpf, isCaSin, isInAadhaar, isInPan, isItCodiceFiscale, isNlBsn, isUkNhs, verhoeffCheckDigit, isAbaRouting,
} from '../src/masking/validators-ids.js';

type Rnd = (n: number) => number;
/** Seeded LCG (high bits, which cycle slowly): the same numbers every run. */
function prng(seed: number): Rnd {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

const N = 300;
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digitStr = (rnd: Rnd, n: number) => Array.from({ length: n }, () => DIGITS[rnd(10)]).join('');
const sameDigit = (d: string) => /^(\d)\1*$/.test(d);
/** `d` cut into groups of the given sizes, joined by `sep`. */
function group(d: string, sizes: number[], sep: string): string {
  let i = 0;
  return sizes.map((n) => d.slice(i, (i += n))).join(sep);
}
const put = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

/** Every number that differs from digit string `d` in exactly one digit, with the place changed. */
function* substitutions(d: string): Generator<[string, number]> {
  for (let i = 0; i < d.length; i++) for (const c of DIGITS) if (c !== d[i]) yield [put(d, i, c), i];
}

// ---- reference check digits ----

// The codice fiscale's odd-place table read backwards: ODD_BY_VALUE[v] is the letter worth v, and a digit
// is worth what the letter of its index is (0 as A, 1 as B, …). Even places are worth the index itself.
const ODD_BY_VALUE = 'BAKPLCQDREVOSFTGUHMINJWZYX';
function cfCheckLetter(body: string): string {
  let s = 0;
  for (let i = 0; i < 15; i++) {
    const c = body[i]!;
    const x = DIGITS.includes(c) ? +c : LETTERS.indexOf(c);
    s += i % 2 === 0 ? ODD_BY_VALUE.indexOf(LETTERS[x]!) : x;
  }
  return LETTERS[s % 26]!;
}

function genCf(rnd: Rnd): string {
  const letters = (n: number) => Array.from({ length: n }, () => LETTERS[rnd(26)]).join('');
  const day = 1 + rnd(31) + (rnd(2) === 0 ? 40 : 0);
  let body = letters(6) + digitStr(rnd, 2) + 'ABCDEHLMPRST'[rnd(12)] + String(day).padStart(2, '0') + letters(1) + digitStr(rnd, 3);
  // One code in three is omocodic, with letters for a random subset of its digits.
  if (rnd(3) === 0) for (const p of [6, 7, 9, 10, 12, 13, 14]) if (rnd(2) === 0) body = put(body, p, 'LMNPQRSTUV'[+body[p]!]!);
  return body + cfCheckLetter(body);
}

/** CPF check digit over all of `d`: weights |d| + 1 … 2, (10·sum mod 11) with 10 read as 0. */
function cpfDigit(d: string): string {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += +d[i]! * (d.length + 1 - i);
  return String(((s * 10) % 11) % 10);
}
function genCpf(rnd: Rnd): string {
  for (;;) {
    let d = digitStr(rnd, 9);
    d += cpfDigit(d);
    d += cpfDigit(d);
    if (!sameDigit(d)) return d;
  }
}

function genBsn(rnd: Rnd): string {
  for (;;) {
    const b = digitStr(rnd, 8);
    let s = 0;
    for (let i = 0; i < 8; i++) s += +b[i]! * (9 - i);
    // The last digit is subtracted, so it must equal the weighted sum mod 11; 10 has no digit.
    if (s % 11 < 10 && s !== 0) return b + String(s % 11);
  }
}

// Verhoeff's tables as published (Wikipedia, "Verhoeff algorithm"): D5 multiplication, position
// permutations, inverses.
const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];
function verhoeffDigit(body: string): number {
  let c = 0;
  for (let i = 0; i < body.length; i++) c = VD[c]![VP[(i + 1) % 8]![+body[body.length - 1 - i]!]!]!;
  return VINV[c]!;
}
function genAadhaar(rnd: Rnd): string {
  for (;;) {
    const b = String(2 + rnd(8)) + digitStr(rnd, 10);
    const d = b + String(verhoeffDigit(b));
    if (!sameDigit(d)) return d;
  }
}

/** Luhn check digit for `body`: double every other digit from the one nearest the check digit. */
function luhnDigit(body: string): number {
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    const x = +body[body.length - 1 - i]! * (i % 2 === 0 ? 2 : 1);
    s += x > 9 ? x - 9 : x;
  }
  return (10 - (s % 10)) % 10;
}
function genSin(rnd: Rnd): string {
  const b = '12345679'[rnd(8)]! + digitStr(rnd, 7);
  return b + String(luhnDigit(b));
}

/** NHS check: 11 − (weights 10 … 2) mod 11, 11 read as 0; 10 means the body is never issued. */
function nhsDigit(body: string): number {
  let s = 0;
  for (let i = 0; i < 9; i++) s += +body[i]! * (10 - i);
  return (11 - (s % 11)) % 11;
}
function genNhs(rnd: Rnd): string {
  for (;;) {
    const b = digitStr(rnd, 9);
    const c = nhsDigit(b);
    if (c < 10 && !sameDigit(b + String(c))) return b + String(c);
  }
}

const many = (gen: (r: Rnd) => string, seed: number) => {
  const rnd = prng(seed);
  return Array.from({ length: N }, () => gen(rnd));
};

// ---- Italy: codice fiscale ----

test('codice fiscale: the well-known example and generated codes, omocodic ones included, any case', () => {
  for (const c of ['RSSMRA85T10A562S', 'rssmra85t10a562s', 'RssMra85T10a562S']) assert.ok(isItCodiceFiscale(c), c);
  const codes = many(genCf, 1);
  assert.ok(codes.filter((c) => /[L-V]/.test(c.slice(6, 15).replace(/^(..).(..)./, '$1$2'))).length > 30, 'some omocodic');
  for (const c of codes) {
    assert.ok(isItCodiceFiscale(c), c);
    assert.ok(isItCodiceFiscale(c.toLowerCase()), c);
  }
});

test('codice fiscale: every single-character substitution is caught', () => {
  for (const code of [...many(genCf, 2), 'RSSMRA85T10A562S']) {
    for (let i = 0; i < 16; i++) {
      for (const c of DIGITS + LETTERS) if (c !== code[i]) assert.equal(isItCodiceFiscale(put(code, i, c)), false, put(code, i, c));
    }
  }
});

test('codice fiscale: structure (length, separators, month, day, letters and digits in their places)', () => {
  const ok = (body: string) => body + cfCheckLetter(body);
  assert.ok(isItCodiceFiscale(ok('RSSMRA85T10A562')), 'control');
  for (const c of [
    'RSSMRA85T10A562', 'RSSMRA85T10A562SS', 'RSS MRA 85T10 A562S', 'RSSMRA-85T10-A562S', ' RSSMRA85T10A562S', 'RSSMRA85T10A562S\n',
  ]) assert.equal(isItCodiceFiscale(c), false, JSON.stringify(c));
  // Check letter recomputed each time, so only the structure is wrong.
  for (const body of ['RSSMRA85F10A562', 'RSSMRA85T00A562', 'RSSMRA85T32A562', 'RSSMRA85T40A562', 'RSSMRA85T72A562',
    'RSSMR185T10A562', 'RSSMRA8AT10A562', 'RSSMRA85T1KA562', 'RSSMRA85T105562', 'RSSMRA85T10A5W2', 'RSSMRA85T1WA562']) {
    assert.equal(isItCodiceFiscale(ok(body)), false, body);
  }
  for (const body of ['RSSMRA85T31A562', 'RSSMRA85T41A562', 'RSSMRA85T71A562', 'RSSMRA85TLMA562', 'RSSMRAUVT10A562']) {
    assert.ok(isItCodiceFiscale(ok(body)), body);
  }
  // Non-ASCII characters whose upper case is ASCII (long s, dotless i) and full-width digits are not letters or digits here.
  const withS = ok('RSSMRA85T10A562');
  assert.equal(isItCodiceFiscale(withS.replace('S', 'ſ')), false);
  assert.equal(isItCodiceFiscale(ok('MRTMTI25D09F205').replace('I', 'ı')), false);
  assert.equal(isItCodiceFiscale(withS.replace('85', '８５')), false);
});

// ---- Brazil: CPF ----

test('CPF: the hand-checked example and generated numbers, bare and punctuated', () => {
  assert.ok(isBrCpf('529.982.247-25'));
  assert.ok(isBrCpf('52998224725'));
  for (const d of many(genCpf, 3)) {
    assert.ok(isBrCpf(d), d);
    assert.ok(isBrCpf(`${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`), d);
  }
});

test('CPF: a single-digit substitution is caught unless both remainders it moves between give the check digit 0', () => {
  let caught = 0;
  let total = 0;
  for (const d of many(genCpf, 4)) {
    for (const [s, i] of substitutions(d)) {
      total++;
      if (!isBrCpf(s)) {
        caught++;
        continue;
      }
      // Remainders 0 and 1 both give 0, so a change can slip through only if the first check digit is 0;
      // the second digit's weight on the first body digit is 11 ≡ 0, so there the second never notices.
      assert.ok(i < 9 && d[9] === '0' && (i === 0 || d[10] === '0'), `${d} -> ${s}`);
    }
  }
  assert.ok(caught / total > 0.99, `${caught}/${total}`);
});

test('CPF: repeated digits pass both checks but are rejected; wrong length, punctuation or characters', () => {
  for (const c of DIGITS) {
    const d = c.repeat(11);
    assert.equal(cpfDigit(d.slice(0, 9)) + cpfDigit(d.slice(0, 10)), c + c, 'the checksum alone accepts ' + d);
    assert.equal(isBrCpf(d), false, d);
    assert.equal(isBrCpf(group(d, [3, 3, 3], '.') + '-' + d.slice(9)), false, d);
  }
  for (const s of ['5299822472', '529982247250', '529.982.247-2', '529.982.247-255', '529-982-247-25', '529.982.247.25', '529.982.24725',
    '529982247-25', '529 982 247 25', '529.982.247 25', ' 52998224725', '52998224725 ', '52998224O25', '529.982.247-2S', '５29.982.247-25']) {
    assert.equal(isBrCpf(s), false, s);
  }
});

// ---- Netherlands: BSN ----

test('BSN: hand-checked examples and generated numbers in each format, 8-digit ones with the zero dropped', () => {
  for (const s of ['111222333', '1112.22.333', '111 222 333', '123456782', '1234.56.782']) assert.ok(isNlBsn(s), s);
  let short = 0;
  for (const d of many(genBsn, 5)) {
    for (const s of [d, group(d, [4, 2, 3], '.'), group(d, [3, 3, 3], ' ')]) assert.ok(isNlBsn(s), s);
    if (d[0] === '0') {
      short++;
      assert.ok(isNlBsn(d.slice(1)), d.slice(1));
    }
  }
  assert.ok(short > 10, `${short} with a leading zero`);
});

test('BSN: every single-digit substitution is caught (all weights are nonzero mod 11)', () => {
  for (const d of many(genBsn, 6)) for (const [s] of substitutions(d)) assert.equal(isNlBsn(s), false, s);
});

test('BSN: zeros, repeated digits, wrong length, separators or characters', () => {
  for (const s of ['000000000', '00000000', '0000.00.000', '000 000 000']) assert.equal(isNlBsn(s), false, s);
  for (const c of DIGITS) assert.equal(isNlBsn(c.repeat(9)), false, c.repeat(9));
  for (const s of ['1112223', '1112223330', '111.222.333', '1112 22 333', '111-222-333', '111 222333', '1112.22 333', '111  222 333',
    '11122233 3', '11122233I', 'l11222333', '１11222333']) {
    assert.equal(isNlBsn(s), false, s);
  }
});

// ---- India: Aadhaar ----

test('Verhoeff: the published example, and agreement with the published tables', () => {
  assert.equal(verhoeffCheckDigit('236'), 3);
  assert.equal(verhoeffCheckDigit('12345'), 1);
  const rnd = prng(7);
  for (let k = 0; k < N; k++) {
    const b = digitStr(rnd, 1 + rnd(20));
    assert.equal(verhoeffCheckDigit(b), verhoeffDigit(b), b);
  }
});

test('Aadhaar: generated numbers, bare and in fours split by spaces or hyphens', () => {
  for (const d of many(genAadhaar, 8)) {
    for (const s of [d, group(d, [4, 4, 4], ' '), group(d, [4, 4, 4], '-')]) assert.ok(isInAadhaar(s), s);
  }
});

test('Aadhaar: every single-digit substitution is caught', () => {
  for (const d of many(genAadhaar, 9)) for (const [s] of substitutions(d)) assert.equal(isInAadhaar(s), false, s);
});

test('Aadhaar: first digit 0 or 1, repeated digits, wrong length, separators or characters', () => {
  const rnd = prng(10);
  for (const first of '01') {
    const b = first + digitStr(rnd, 10);
    const d = b + String(verhoeffDigit(b));
    assert.equal(isInAadhaar(d), false, d);
    const b2 = '2' + b.slice(1);
    assert.ok(isInAadhaar(b2 + String(verhoeffDigit(b2))), 'control');
  }
  // 3…3, 6…6 and 9…9 pass the Verhoeff check; no repeated digit is a real number.
  for (const c of '369') assert.equal(verhoeffDigit(c.repeat(11)), +c, 'the checksum alone accepts ' + c.repeat(12));
  for (const c of '23456789') {
    assert.equal(isInAadhaar(c.repeat(12)), false, c.repeat(12));
    assert.equal(isInAadhaar(group(c.repeat(12), [4, 4, 4], ' ')), false, c.repeat(12));
  }
  const d = genAadhaar(rnd);
  for (const s of [d.slice(1), d + '0', group(d, [4, 4, 4], '.'), group(d, [4, 4, 4], '  '), group(d, [4, 4], ' ') + '-' + d.slice(8),
    group(d, [3, 3, 3, 3], ' '), group(d, [4, 8], ' '), ` ${d}`, put(d, 5, 'O'), put(d, 11, '٣')]) {
    assert.equal(isInAadhaar(s), false, s);
  }
});

// ---- Canada: SIN ----

test('SIN: hand-checked example and generated numbers in each format; first digit 0 or 8 rejected though Luhn-valid', () => {
  for (const s of ['123 456 782', '123-456-782', '123456782']) assert.ok(isCaSin(s), s);
  for (const d of many(genSin, 11)) {
    for (const s of [d, group(d, [3, 3, 3], ' '), group(d, [3, 3, 3], '-')]) assert.ok(isCaSin(s), s);
  }
  // The government's sample number: Luhn-valid, but 0 is never issued.
  assert.equal(luhnDigit('04645428'), 6);
  assert.equal(isCaSin('046 454 286'), false);
  const b = '8' + '1234567';
  assert.equal(isCaSin(b + String(luhnDigit(b))), false);
  assert.ok(isCaSin('9' + '1234567' + String(luhnDigit('91234567'))), 'temporary residents (9) are issued');
});

test('SIN: every single-digit substitution is caught', () => {
  for (const d of many(genSin, 12)) for (const [s] of substitutions(d)) assert.equal(isCaSin(s), false, s);
});

test('SIN: repeated digits, wrong length, separators or characters', () => {
  for (const c of DIGITS) assert.equal(isCaSin(c.repeat(9)), false, c.repeat(9));
  for (const s of ['12345678', '1234567820', '123.456.782', '123 456-782', '123  456 782', '1234 56 782', '123456 782', ' 123456782',
    '12345678Z', 'I23456782']) {
    assert.equal(isCaSin(s), false, s);
  }
});

// ---- United Kingdom: NHS number ----

test('NHS: hand-checked example and generated numbers in each format; remainder 11 reads as check digit 0', () => {
  for (const s of ['943 476 5919', '943-476-5919', '9434765919']) assert.ok(isUkNhs(s), s);
  let zeros = 0;
  for (const d of many(genNhs, 13)) {
    for (const s of [d, group(d, [3, 3, 4], ' '), group(d, [3, 3, 4], '-')]) assert.ok(isUkNhs(s), s);
    if (d[9] === '0') zeros++;
  }
  assert.ok(zeros > 5, `${zeros} with check digit 0`);
});

test('NHS: a body needing check digit 10 is invalid whatever its last digit', () => {
  const rnd = prng(14);
  let bodies = 0;
  while (bodies < 20) {
    const b = digitStr(rnd, 9);
    if (nhsDigit(b) !== 10) continue;
    bodies++;
    for (const c of DIGITS) assert.equal(isUkNhs(b + c), false, b + c);
  }
});

test('NHS: every single-digit substitution is caught', () => {
  for (const d of many(genNhs, 15)) for (const [s] of substitutions(d)) assert.equal(isUkNhs(s), false, s);
});

test('NHS: repeated digits pass the checksum but are rejected; wrong length, separators or characters', () => {
  for (const c of DIGITS) {
    assert.equal(nhsDigit(c.repeat(9)), +c, 'the checksum alone accepts ' + c.repeat(10));
    assert.equal(isUkNhs(c.repeat(10)), false);
    assert.equal(isUkNhs(group(c.repeat(10), [3, 3, 4], ' ')), false);
  }
  for (const s of ['943476591', '94347659190', '943 476 591 9', '9434 765 919', '943.476.5919', '943 476-5919', '943  476 5919',
    '943476 5919', '9434765919 ', '94347659I9', 'NHS9434765919']) {
    assert.equal(isUkNhs(s), false, s);
  }
});

// ---- India: PAN ----

test('PAN: each holder-type letter in fourth place, nothing else there, upper case only, no separators', () => {
  for (const t of LETTERS) assert.equal(isInPan(`ABC${t}E1234F`), 'ABCFGHJLPT'.includes(t), t);
  for (const s of ['ZZZPZ9999Z', 'AAACB0000A']) assert.ok(isInPan(s), s);
  for (const s of ['abcpe1234f', 'ABCPe1234F', 'ABCPE1234', 'ABCPE12345F', 'ABCPE1234FF', 'ABCP1E234F', 'ABCPE12S4F', 'ABCPE 1234 F',
    'ABCPE-1234-F', ' ABCPE1234F', 'ABCPE1234F ', 'ABCPE1234１', 'ABCPE12341']) {
    assert.equal(isInPan(s), false, s);
  }
});

test('US routing numbers: published ones pass the ABA checksum, one digit off or one digit repeated fails', () => {
  for (const v of ['021000021', '011000015', '026009593', '121000358']) assert.ok(isAbaRouting(v), v);
  for (const v of ['021000022', '000000000', '111111111', '02100002', '0210000210', '02100002a']) assert.equal(isAbaRouting(v), false, v);
});

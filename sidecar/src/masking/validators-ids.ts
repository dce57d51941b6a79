// National identity numbers: the public check-digit and structure rules that tell an issued number from
// digits that merely have its shape. Each takes the candidate as found in text and accepts only the
// separators its national format uses, in the places that format puts them; anything else is a no.
import { luhn } from './validators.js';

/** Value of the ASCII digit at `i` (callers have matched `d` against a digits-only shape). */
function digitAt(d: string, i: number): number {
  return d.charCodeAt(i) - 48;
}

/** Sum of the first `n` digits of `d`, weighted w0, w0 − 1, … from the left. */
function weighted(d: string, n: number, w0: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += digitAt(d, i) * (w0 - i);
  return sum;
}

/**
 * The digits of `v` if it matches `shape` and is not one digit repeated, else null. A repeated digit is
 * a placeholder (000 000 000, 111.111.111-11), and several of these checksums pass some of them: every
 * such CPF and every such NHS number does.
 */
function digitsIfShaped(v: string, shape: RegExp): string | null {
  if (!shape.test(v)) return null;
  const d = v.replace(/[ .-]/g, '');
  for (let i = 1; i < d.length; i++) if (d[i] !== d[0]) return d;
  return null;
}

// ---- Italy: codice fiscale ----

// Omocodia: when two people would get the same code, digits are replaced, right to left, by these
// letters (L = 0 … V = 9), so each may stand in any digit position.
const OMOCODIA = 'LMNPQRSTUV';
// Letters in the 6 name places; digits or omocodia letters in the date and place-code places; the month
// letter (A = Jan … T = Dec); the place code's leading letter; the check letter. No `u` flag: then /i never
// folds a non-ASCII letter (ſ, ı) onto an ASCII one.
const CF_SHAPE = /^[A-Z]{6}[\dLMNP-V]{2}[ABCDEHLMPRST][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]$/i;
// The value of a character in an odd (1st, 3rd, …, 15th) place, by digit value or letter index (A = 0);
// in even places a character is worth just that index. The official table from DM 23/12/1976.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** A date digit's value, omocodia undone. */
function cfDigit(c: string): number {
  const k = OMOCODIA.indexOf(c);
  return k >= 0 ? k : c.charCodeAt(0) - 48;
}

/** Italian codice fiscale: 16 characters, any case, a plausible birth day (+40 for women), mod-26 check letter. */
export function isItCodiceFiscale(v: string): boolean {
  if (!CF_SHAPE.test(v)) return false;
  const c = v.toUpperCase();
  const day = cfDigit(c[9]!) * 10 + cfDigit(c[10]!);
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = c.charCodeAt(i);
    const x = ch <= 57 ? ch - 48 : ch - 65;
    sum += i % 2 === 0 ? CF_ODD[x]! : x;
  }
  return c.charCodeAt(15) - 65 === sum % 26;
}

// ---- Brazil: CPF ----

const CPF_SHAPE = /^(?:\d{11}|\d{3}\.\d{3}\.\d{3}-\d{2})$/;

/** A CPF check digit over the first n digits: weights n + 1 … 2, remainders 0 and 1 both give 0. */
function cpfCheck(d: string, n: number): number {
  const r = weighted(d, n, n + 1) % 11;
  return r < 2 ? 0 : 11 - r;
}

/** Brazilian CPF: 11 digits, bare or as 123.456.789-09, two mod-11 check digits. */
export function isBrCpf(v: string): boolean {
  const d = digitsIfShaped(v, CPF_SHAPE);
  // The second check digit covers the first, so the first is checked first.
  return d !== null && cpfCheck(d, 9) === digitAt(d, 9) && cpfCheck(d, 10) === digitAt(d, 10);
}

// ---- Netherlands: BSN ----

const BSN_SHAPE = /^(?:\d{8,9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3})$/;

/** Dutch BSN: 9 digits (8 when a leading zero was dropped), the 11-proof with weights 9 … 2 and −1. */
export function isNlBsn(v: string): boolean {
  const raw = digitsIfShaped(v, BSN_SHAPE);
  if (raw === null) return false;
  // A dropped leading zero weighs nothing, but it decides which weight each other digit gets.
  const d = raw.length === 8 ? '0' + raw : raw;
  return (weighted(d, 8, 9) - digitAt(d, 8)) % 11 === 0;
}

// ---- India: Aadhaar (Verhoeff) ----

/** Product j·k in the dihedral group D5, elements 0–4 the rotations and 5–9 the reflections. */
function d5(j: number, k: number): number {
  if (j < 5) return k < 5 ? (j + k) % 5 : 5 + ((j + k) % 5);
  return k < 5 ? 5 + ((j - k + 5) % 5) : (j - k + 5) % 5;
}

/** MUL[10j + k] = j·k. */
const MUL = Uint8Array.from({ length: 100 }, (_, i) => d5(Math.floor(i / 10), i % 10));
// Verhoeff's permutation σ = (0 1 5 8 9 4 2 7)(3 6); the digit i places from the right is permuted by σ^i,
// and σ^8 is the identity, so eight rows cover every position.
const SIGMA = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
const PERM: Uint8Array[] = [Uint8Array.from({ length: 10 }, (_, j) => j)];
for (let i = 1; i < 8; i++) PERM.push(PERM[i - 1]!.map((x) => SIGMA[x]!));
/** INV[j] = j⁻¹: rotations undo each other, reflections undo themselves. */
const INV = Uint8Array.from({ length: 10 }, (_, j) => (j < 5 ? (5 - j) % 5 : j));

/** The group element a digit string (check digit included, or left as 0 when `offset` is 1) folds to. */
function verhoeffFold(d: string, offset: number): number {
  let c = 0;
  for (let i = 0; i < d.length; i++) c = MUL[c * 10 + PERM[(i + offset) % 8]![digitAt(d, d.length - 1 - i)]!]!;
  return c;
}

/** The Verhoeff check digit to append to the digit string `body`. */
export function verhoeffCheckDigit(body: string): number {
  return INV[verhoeffFold(body, 1)]!;
}

const AADHAAR_SHAPE = /^[2-9]\d{3}([ -]?)\d{4}\1\d{4}$/;

/** Indian Aadhaar: 12 digits, first 2–9, bare or in fours split by one space or one hyphen, Verhoeff check digit. */
export function isInAadhaar(v: string): boolean {
  const d = digitsIfShaped(v, AADHAAR_SHAPE);
  return d !== null && verhoeffFold(d, 0) === 0;
}

// ---- Canada: SIN ----

const SIN_SHAPE = /^\d{3}([ -]?)\d{3}\1\d{3}$/;

/** Canadian SIN: 9 digits, bare or in threes split by spaces or hyphens, Luhn. */
export function isCaSin(v: string): boolean {
  const d = digitsIfShaped(v, SIN_SHAPE);
  // 0 is never issued (sample numbers such as 046 454 286 use it) and 8 is business numbers' range.
  return d !== null && d[0] !== '0' && d[0] !== '8' && luhn(d);
}

// ---- United Kingdom: NHS number ----

const NHS_SHAPE = /^\d{3}([ -]?)\d{3}\1\d{4}$/;

/** NHS number: 10 digits, bare or 3-3-4 split by spaces or hyphens, mod-11 check digit. */
export function isUkNhs(v: string): boolean {
  const d = digitsIfShaped(v, NHS_SHAPE);
  if (d === null) return false;
  const check = 11 - (weighted(d, 9, 10) % 11);
  // 11 stands for 0; 10 matches no digit: bodies that would need it are never issued.
  return check % 11 === digitAt(d, 9);
}

// ---- India: PAN ----

// Fourth letter: the holder type (Person, Company, Hindu undivided family, Firm, Association of persons,
// Trust, Body of individuals, Local authority, artificial Juridical person, Government).
const PAN_SHAPE = /^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/;

/**
 * Indian PAN: 5 letters, 4 digits, 1 letter, upper case, 4th letter a holder type. Structure only: the
 * last letter is said to be a check character, but no algorithm for it has been published, so a
 * well-shaped PAN is as far as this can go.
 */
export function isInPan(v: string): boolean {
  return PAN_SHAPE.test(v);
}

// ---- United States: employer identification number ----

/**
 * The two-digit prefixes the IRS assigns EINs from (its published campus and online prefixes). The
 * others (00, 07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97) are never issued.
 */
const EIN_PREFIXES = new Set(
  ('01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24 25 26 27 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 ' +
    '50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 72 73 74 75 76 77 80 81 82 83 84 85 86 87 88 90 91 92 93 94 95 98 99').split(' '),
);

/** US EIN, `12-3456789` or nine digits: an issued prefix, not one digit repeated. */
export function isUsEin(v: string): boolean {
  const d = digitsIfShaped(v, /^\d{2}-?\d{7}$/);
  return d !== null && EIN_PREFIXES.has(d.slice(0, 2));
}

// ---- United States: bank routing (ABA) number ----

const ABA_WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1];

/** US routing number: nine digits whose weighted sum (3, 7, 1, …) is a multiple of 10, not one digit repeated. */
export function isAbaRouting(v: string): boolean {
  const d = digitsIfShaped(v, /^\d{9}$/);
  if (d === null) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(d, i) * ABA_WEIGHTS[i]!;
  return sum % 10 === 0;
}

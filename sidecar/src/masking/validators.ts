// Validators: the public checksum and structure rules that separate a real identifier from a number
// that merely has the right shape. Each takes the candidate text and answers yes/no; none allocate
// much, since they run on every shape match. The wallet checksums are in validators-wallets.ts, the JWT check in validators-jwt.ts.

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Only the digits of `s` (separators dropped): whole digit runs appended, `s` itself when all digits. */
export function digitsOf(s: string): string {
  let out = '';
  let run = -1;
  for (let i = 0; i < s.length; i++) {
    if (isDigit(s.charCodeAt(i))) {
      if (run < 0) run = i;
    } else if (run >= 0) {
      out += s.slice(run, i);
      run = -1;
    }
  }
  if (run === 0) return s;
  return run > 0 ? out + s.slice(run) : out;
}

/** How many digits `s` has. */
export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

/** Luhn mod-10 over a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Issuer ranges (IIN prefixes) and lengths of the card brands in circulation. */
export function cardBrand(d: string): string | null {
  return brandOf(+d.slice(0, 6), d.length);
}

/** The brand of a card of n digits whose first six digits read `p6` as a number. */
function brandOf(p6: number, n: number): string | null {
  const p2 = Math.floor(p6 / 10000);
  const p3 = Math.floor(p6 / 1000);
  const p4 = Math.floor(p6 / 100);
  if (p6 >= 400000 && p6 <= 499999 && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19) return 'diners';
  if ((p2 === 62 || (p4 >= 8100 && p4 <= 8171)) && n >= 16 && n <= 19) return 'unionpay';
  if ((p2 === 81 || p2 === 82) && n === 16) return 'rupay';
  // Maestro allows 12–19 digits, but 12–15-digit Maestro cards are rare and 12-digit numbers are common.
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 16 && n <= 19) return 'maestro';
  if (p4 >= 2200 && p4 <= 2204 && n === 16) return 'mir';
  return null;
}

/**
 * A card number, separators ignored: 13–19 digits, Luhn, a brand's range and length, and not one digit
 * repeated (0000 0000 … passes Luhn but is a placeholder). One pass, no digit string built: most
 * candidates fail Luhn, checked first.
 */
export function isCreditCard(s: string): boolean {
  let n = 0;
  let sum = 0;
  let dbl = false;
  let same = true;
  let last = -1;
  for (let i = s.length - 1; i >= 0; i--) {
    let d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    if (++n > 19) return false;
    if (last >= 0 && d !== last) same = false;
    last = d;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  if (n < 13 || sum % 10 !== 0 || same) return false;
  let p6 = 0;
  for (let i = 0, k = 0; k < 6; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      p6 = p6 * 10 + d;
      k++;
    }
  }
  return brandOf(p6, n) !== null;
}

/** IBAN lengths per country (ISO 13616 registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN (letters as 10..35), computed digit by digit. */
export function ibanMod97(compact: string): boolean {
  const r = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (isDigit(c)) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

export function isIban(s: string): boolean {
  const compact = s.replace(/ /g, '');
  const len = IBAN_LENGTHS[compact.slice(0, 2)];
  return len !== undefined && compact.length === len && ibanMod97(compact);
}

/** US SSN: area not 000/666/9xx, group not 00, serial not 0000, and not the well-known advertising numbers. */
export function isUsSsn(s: string, labelled = false): boolean {
  const d = digitsOf(s);
  if (d.length !== 9) return false;
  const area = +d.slice(0, 3);
  // Next to an SSN label the value is one whatever its area: 666 and 9xx are never issued, so they are
  // test data, a typo, or an ITIN filed under the wrong label; masking it costs nothing.
  if (area === 0 || (!labelled && (area === 666 || area >= 900))) return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  // The numbers printed in adverts and examples (Woolworth's wallet card, the SSA's pamphlet) are not
  // anyone's, so bare they stay; labelled, they are masked like any other (as above).
  return labelled || (d !== '078051120' && d !== '219099999');
}

/** US ITIN: 9xx, group 50–65, 70–88, 90–92 or 94–99. */
export function isUsItin(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = +d.slice(3, 5);
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0') || +p > 255) return false;
  }
  return true;
}

export function isIpv6(s: string): boolean {
  let body = s;
  let groupsNeeded = 8;
  if (body.includes('.')) {
    const lastColon = body.lastIndexOf(':');
    if (!isIpv4(body.slice(lastColon + 1))) return false;
    body = body.slice(0, lastColon + 1) + '0';
    groupsNeeded = 7;
  }
  const dbl = body.indexOf('::');
  if (dbl === -1) return hexGroups(body, 0, body.length) === groupsNeeded;
  if (dbl !== body.lastIndexOf('::')) return false;
  // `::` alone or with two groups around it is common in non-address text (C++ scopes, ratios):
  // require at least two explicit groups so `std::vector` never qualifies (it fails hex anyway).
  const left = hexGroups(body, 0, dbl);
  const right = hexGroups(body, dbl + 2, body.length);
  return left >= 0 && right >= 0 && left + right < groupsNeeded && left + right >= 2;
}

/** The number of ':'-separated groups of 1–4 hex digits in s[from, to) (0 when empty), or -1 if any is not one. */
function hexGroups(s: string, from: number, to: number): number {
  if (from === to) return 0;
  let groups = 0;
  let len = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 58;
    if (c === 58) {
      if (len === 0) return -1;
      groups++;
      len = 0;
    } else if (++len > 4 || !isHexCode(c)) return -1;
  }
  return groups;
}

const isHexCode = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);

export function isMac(s: string): boolean {
  const lower = s.toLowerCase();
  // Cisco's HHHH.HHHH.HHHH: an all-digit triple is more often a dotted number (a version, an id) than
  // an address, so it needs a hex letter.
  if (s.length === 14 && s[4] === '.') return /[a-f]/.test(lower) && !allGroupsEqual(lower, '.', 3);
  // Six groups split by ':' or '-', not both; an all-zero or all-equal address is a placeholder.
  let colons = 0;
  let dashes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colons++;
    else if (c === 45) dashes++;
  }
  if (colons + dashes !== 5 || (colons > 0 && dashes > 0)) return false;
  return !allGroupsEqual(lower, colons > 0 ? ':' : '-', 6);
}

/** Whether `s` is `n` copies of its first `sep`-separated group joined by `sep` (s has n − 1 separators). */
function allGroupsEqual(s: string, sep: string, n: number): boolean {
  const first = s.slice(0, s.indexOf(sep));
  return s.length === first.length * n + (n - 1) && s === (first + sep).repeat(n - 1) + first;
}

/** UK National Insurance number: prefix letters with the published exclusions, suffix A–D. */
export function isUkNino(s: string): boolean {
  const c = s.replace(/ /g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(c)) return false;
  const pre = c.slice(0, 2);
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(pre);
}

/** German Steuer-IdNr: 11 digits, first not 0, ISO 7064 MOD 11,10 check digit, one digit repeated 2–3 times. */
export function isDeTaxId(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 11 || d[0] === '0') return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[d.charCodeAt(i) - 48]!++;
  const repeated = counts.filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (d.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === d.charCodeAt(10) - 48;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI: 8 digits + mod-23 letter. */
export function isEsDni(s: string): boolean {
  const c = s.replace(/[ .-]/g, '').toUpperCase();
  if (!/^\d{8}[A-Z]$/.test(c)) return false;
  return DNI_LETTERS[+c.slice(0, 8) % 23] === c[8];
}

/** Spanish NIE: X/Y/Z (as 0/1/2) + 7 digits + mod-23 letter. */
export function isEsNie(s: string): boolean {
  const c = s.replace(/[ -]/g, '').toUpperCase();
  if (!/^[XYZ]\d{7}[A-Z]$/.test(c)) return false;
  const n = +('XYZ'.indexOf(c[0]!) + c.slice(1, 8));
  return DNI_LETTERS[n % 23] === c[8];
}

/** French NIR (social security number): 13 digits + key = 97 − (number mod 97); Corsica 2A/2B as 19/18. */
export function isFrNir(s: string): boolean {
  const c = s.replace(/[ .-]/g, '').toUpperCase();
  if (!/^[12378]\d{2}(?:0[1-9]|1[0-2]|[2-9]\d)(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(c)) return false;
  const body = c.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = +c.slice(13);
  // 13 digits exceed 2^53 only when concatenated with more; Number is exact up to 9e15.
  return 97 - (Number(body) % 97) === key;
}

/** Per ASCII code, how often it occurs in the text entropy() is counting (reset after each call); other code units in a Map. */
const COUNTS = new Uint32Array(128);
const WIDE_COUNTS = new Map<number, number>();
/** The distinct code units of that text, in order of first occurrence. */
let DISTINCT = new Uint16Array(256);

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (DISTINCT.length < s.length) DISTINCT = new Uint16Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (COUNTS[c]!++ === 0) DISTINCT[n++] = c;
    } else {
      const w = WIDE_COUNTS.get(c) ?? 0;
      if (w === 0) DISTINCT[n++] = c;
      WIDE_COUNTS.set(c, w + 1);
    }
  }
  // Summed in order of first occurrence, as over a Map's entries: the same result to the last bit.
  let h = 0;
  for (let k = 0; k < n; k++) {
    const c = DISTINCT[k]!;
    const p = (c < 128 ? COUNTS[c]! : WIDE_COUNTS.get(c)!) / s.length;
    if (c < 128) COUNTS[c] = 0;
    h -= p * Math.log2(p);
  }
  WIDE_COUNTS.clear();
  return h;
}

/** A token that looks machine-generated: long enough, varied, with letters and digits. */
export function looksRandom(s: string): boolean {
  if (s.length < 16) return false;
  if (!/[0-9]/.test(s) || !/[A-Za-z]/.test(s)) return false;
  return entropy(s) >= 3.3;
}

/** Calendar date plausible as a birth date (1900 up to this year). */
export function isPlausibleDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > new Date().getUTCFullYear()) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

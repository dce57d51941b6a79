// The shapes the feature pass (features.ts) checks where a run starts or ends (the label words' checks are
// in words.ts): each returns true only if a detector's regex could match there, so a false is a proof that
// it cannot.
import { FIRST_AT, PFX_AT, PFXIDX_AT, P_OTHER, SH_SSN_9XX, SH_SSN_AREA, STEMIDX_AT, STEMS_AT, STEMTRI_AT, TEXT_AT, at, bitAt, ch, isB58, isBlank, isDigit, isHex, isUpper, isWord, u8at } from './layout';

/**
 * The first index from j (at most end) whose code unit is outside [lo, hi]: eight units per step, so
 * a run of letters or digits costs one predictable branch instead of one per character and a
 * mispredicted one at its end. Reads up to eight units past `end`: the host keeps that much room.
 */
@inline export function skipRange(j: i32, end: i32, lo: i32, hi: i32): i32 {
  const vlo = i16x8.splat(<i16>lo);
  const span = i16x8.splat(<i16>(hi - lo));
  while (j < end) {
    const m = i16x8.bitmask(i16x8.gt_u(i16x8.sub(v128.load(<usize>TEXT_AT + (<usize>j << 1)), vlo), span));
    if (m != 0) {
      j += ctz(m);
      return j < end ? j : end;
    }
    j += 8;
  }
  return end;
}

export function macAt(i: i32, n: i32): bool {
  if (i - 2 < 0 || i + 15 > n || !isHex(ch(i - 1)) || !isHex(ch(i - 2))) return false;
  const s = ch(i);
  for (let k = i; k < i + 15; k += 3) {
    if ((k > i && ch(k) != s) || !isHex(ch(k + 1)) || !isHex(ch(k + 2))) return false;
  }
  return true;
}

export function ciscoMacAt(i: i32, n: i32): bool {
  if (i - 4 < 0 || i + 10 > n) return false;
  for (let g = i - 4; g <= i + 6; g += 5) {
    for (let k = g; k < g + 4; k++) if (!isHex(ch(k))) return false;
  }
  return true;
}

/**
 * Whether the key right before the ':' or '=' at i ([A-Za-z0-9_-], after optional spaces and one
 * quote) holds a secret key stem anywhere in its last 40 characters: `passwordhash=`, `sessionid=`,
 * `authorization:` end in no label ending, but the key regexes take them (a suffix after the key,
 * long key names).
 */
export function secretKeyBefore(i: i32): bool {
  let e = i;
  while (e > 0 && isBlank(ch(e - 1))) e--;
  e = beforeDecor(e);
  // Every such key ends in a letter (a key word or a letter suffix): not the ':' of a time of day.
  if (e == 0 || <u32>((ch(e - 1) | 32) - 97) >= 26) return false;
  // Backwards over the key, keeping the letter codes (1–26, else 0) of the three characters from k:
  // a stem starts at k only if they are its first three letters (one bit of STEMTRI), which few are.
  let t: u32 = 0;
  let k = e;
  while (k > 0 && e - k < 40) {
    const c = ch(k - 1);
    if (!isTokenChar(c)) break;
    k--;
    const l = (c | 32) - 96;
    t = (t >> 5) | (<u32>(<u32>(l - 1) < 26 ? l : 0) << 10);
    if (bitAt(STEMTRI_AT, t) && stemAt(k, e)) return true;
  }
  return false;
}

/** Whether a secret key stem (any case) starts at k and ends by e. */
function stemAt(k: i32, e: i32): bool {
  const c = ch(k);
  const to = u8at(STEMIDX_AT, (c << 1) + 1);
  for (let t = u8at(STEMIDX_AT, c << 1); t < to; t++) {
    const p = <usize>(STEMS_AT + 4 + (t << 4));
    const len = <i32>load<u8>(p);
    if (k + len > e) continue;
    let q = 1;
    while (q < len && (ch(k + q) | 32) == <i32>load<u8>(p + 2 + q)) q++;
    if (q == len) return true;
  }
  return false;
}

/**
 * The end of a key that ends at e, past what src/masking/labels.ts DECOR allows after it: one quote
 * (straight or typographic) or backtick, or one or two `*` (Markdown emphasis: `**Name:**`, `**DOB**:`).
 */
@inline export function beforeDecor(e: i32): i32 {
  if (e <= 0) return e;
  const q = ch(e - 1);
  if (q == 34 || q == 39 || q == 96) return e - 1;
  // “ ” ‘ ’ „ « »
  if (q >= 0xab && (q == 0x201c || q == 0x201d || q == 0x2018 || q == 0x2019 || q == 0x201e || q == 0xab || q == 0xbb)) return e - 1;
  if (q != 42) return e;
  return e >= 2 && ch(e - 2) == 42 ? e - 2 : e - 1;
}

@inline export function isTokenChar(c: i32): bool {
  return isWord(c) || c == 45;
}

export function afterKey(i: i32): bool {
  let b = i - 1;
  while (b >= 0 && isBlank(ch(b))) b--;
  b = beforeDecor(b + 1) - 1;
  if (b < 0) return false;
  const c = ch(b);
  // A `)` ends a key with a note (labels.ts NOTE: `Date of birth (DOB):`).
  return (isWord(c) && c != 95) || c == 41;
}

@inline export function letterNext(j: i32, n: i32): bool {
  const c = at(j, n);
  return isUpper(c) || (c == 45 && j + 1 < n && isUpper(ch(j + 1)));
}

export function bech32At(i: i32): bool {
  const a = ch(i);
  const b = ch(i + 1);
  const pair = ((a | 32) << 8) | (b | 32);
  return (pair == 0x6263 || pair == 0x7462) && (a & 32) == (b & 32);
}

/**
 * Whether the two digits at i (after a capital, followed by e) may start an Italian codice fiscale's
 * date: six capitals before them from a word start, and a capital (the month letter) after.
 */
export function cfAt(i: i32, e: i32): bool {
  if (i < 6 || !isUpper(e) || (i > 6 && isWord(ch(i - 7)))) return false;
  for (let k = i - 6; k < i - 1; k++) if (!isUpper(ch(k))) return false;
  return true;
}

/**
 * Where the 'Z' is that ends the ISO 8601 UTC date-time whose first '-' is at d, after a 4-digit year
 * (`2026-12-03T05:18:12Z`, `…T05:18:12.621Z`, up to nine fraction digits), or -1. Every log line and JSON
 * row has one, and its eight runs through the pass's general path cost a sixth of it: scan() applies
 * their effect at once.
 */
export function isoTimeZ(d: i32, n: i32): i32 {
  if (d + 15 >= n) return -1;
  if (!isDigit(ch(d + 1)) || !isDigit(ch(d + 2)) || ch(d + 3) != 45 || !isDigit(ch(d + 4)) || !isDigit(ch(d + 5)) || ch(d + 6) != 84) return -1;
  if (!isDigit(ch(d + 7)) || !isDigit(ch(d + 8)) || ch(d + 9) != 58 || !isDigit(ch(d + 10)) || !isDigit(ch(d + 11)) || ch(d + 12) != 58) return -1;
  if (!isDigit(ch(d + 13)) || !isDigit(ch(d + 14))) return -1;
  const c = ch(d + 15);
  if (c == 90) return d + 15;
  if (c != 46) return -1;
  let k = d + 16;
  while (k < n && k < d + 26 && isDigit(ch(k))) k++;
  return k > d + 16 && k < d + 26 && k < n && ch(k) == 90 ? k : -1;
}

/** `ltc` (Litecoin's bech32 prefix) at i, all lower or all upper case. */
export function ltcAt(i: i32): bool {
  const a = ch(i), b = ch(i + 1), c = ch(i + 2);
  return (a | 32) == 108 && (b | 32) == 116 && (c | 32) == 99 && (a & 32) == (b & 32) && (b & 32) == (c & 32);
}

/** Whether the \w run from i is 26–35 characters of the base58 alphabet (btc-base58's whole match); [i, j) is a run of letters or digits. */
export function base58At(i: i32, j: i32, n: i32): bool {
  let k = i;
  while (k < n && k - i <= 35) {
    const c = ch(k);
    if (!isWord(c)) break;
    if (!isB58(c)) return false;
    k++;
  }
  return k - i >= 26 && k - i <= 35;
}

/**
 * Whether the digits at i complete a UK NINO after its two letters (uk-nino's regex from there): three pairs of
 * digits, a space allowed before each but the first, then a suffix letter A–D (a space allowed before it) ending a word.
 */
export function ninoAt(i: i32, n: i32): bool {
  let k = i;
  for (let g = 0; g < 3; g++) {
    if (g > 0 && k < n && ch(k) == 32) k++;
    if (k + 1 >= n || !isDigit(ch(k)) || !isDigit(ch(k + 1))) return false;
    k += 2;
  }
  if (k < n && ch(k) == 32) k++;
  if (k >= n) return false;
  const s = ch(k);
  return s >= 65 && s <= 68 && (k + 1 >= n || !isWord(ch(k + 1)));
}

/**
 * Whether the text from s holds the len characters of an IBAN that starts there: letters and digits, one space
 * or dash allowed before each after the fourth (iban's regex; its validator takes exactly the country's length).
 */
export function ibanLongEnough(s: i32, n: i32, len: i32): bool {
  let k = s;
  let got = 0;
  while (got < len) {
    if (k >= n) return false;
    let c = ch(k);
    if (got >= 4 && (c == 32 || c == 45) && k + 1 < n) c = ch(++k);
    if (!(isDigit(c) || <u32>((c | 32) - 97) < 26)) return false;
    got++;
    k++;
  }
  return true;
}

/**
 * SH_SSN_AREA or SH_SSN_9XX for the 3-2-4 digit groups whose four-digit group starts at i, by their area (the
 * first group): us-ssn (unlabelled) takes no area 000, 666 or 9xx, us-itin only 9xx. Both regexes take one
 * separator between the groups, so the area is at i - 7; with any other spacing, neither.
 */
export function ssnArea(i: i32): i32 {
  if (i < 7 || isDigit(ch(i - 1)) || isDigit(ch(i - 4)) || !isDigit(ch(i - 7))) return 0;
  const a = ch(i - 7), b = ch(i - 6), c = ch(i - 5);
  if (a == 57) return SH_SSN_9XX;
  return (a == 48 && b == 48 && c == 48) || (a == 54 && b == 54 && c == 54) ? 0 : SH_SSN_AREA;
}

export function ethAt(i: i32, n: i32): bool {
  if (i + 40 > n) return false;
  for (let k = i; k < i + 40; k++) if (!isHex(ch(k))) return false;
  return i + 40 == n || !isWord(ch(i + 40));
}

export function dottedKeyAt(s: i32, i: i32): bool {
  const a = ch(s), b = ch(s + 1);
  if (i - s == 2) return (a == 83 && b == 71) || (a == 100 && b == 112);
  if (i - s == 3) return a == 104 && b == 118 && ch(s + 2) == 115;
  // `ya29.`, a Google OAuth access token.
  return a == 121 && b == 97 && ch(s + 2) == 50 && ch(s + 3) == 57;
}

export function hooksAt(i: i32, n: i32): bool {
  // 'hooks.slack'
  if (i + 11 > n) return false;
  return ch(i) == 104 && ch(i + 1) == 111 && ch(i + 2) == 111 && ch(i + 3) == 107 && ch(i + 4) == 115 && ch(i + 5) == 46 &&
    ch(i + 6) == 115 && ch(i + 7) == 108 && ch(i + 8) == 97 && ch(i + 9) == 99 && ch(i + 10) == 107;
}

/** 'webhooks' at i (a Discord webhook URL's `/api/webhooks/`). */
export function webhooksAt(i: i32): bool {
  return ch(i) == 119 && ch(i + 1) == 101 && ch(i + 2) == 98 && ch(i + 3) == 104 && ch(i + 4) == 111 && ch(i + 5) == 111 && ch(i + 6) == 107 &&
    ch(i + 7) == 115;
}

/** Prefix bits of a key starting at q: the first listed prefix found there, else any other one. */
export function prefixAt(q: i32, n: i32): i32 {
  // Only the entries that start with this character (grouped by the host, order kept within a group).
  const c = ch(q);
  const from = u8at(PFXIDX_AT, c << 1);
  const to = u8at(PFXIDX_AT, (c << 1) + 1);
  let other = false;
  for (let e = from; e < to; e++) {
    const p = <usize>(PFX_AT + 4 + (e << 4));
    const len = <i32>load<u8>(p);
    if (q + len > n) continue;
    let k = 0;
    while (k < len && ch(q + k) == <i32>load<u8>(p + 4 + k)) k++;
    if (k < len) continue;
    if (load<u8>(p + 1) == 0) return <i32>load<u16>(p + 2);
    other = true;
  }
  return other ? P_OTHER : 0;
}

export function tokenPrefixes(s: i32, e: i32, n: i32): i32 {
  let bits = u8at(FIRST_AT, ch(s)) == 1 ? prefixAt(s, n) : 0;
  for (let k = s; k < e - 15; k++) {
    const c = ch(k);
    if ((c == 95 || c == 45) && u8at(FIRST_AT, ch(k + 1)) == 1) bits |= prefixAt(k + 1, n);
  }
  return bits;
}

/**
 * Whether the capital A or B at i (after a '2') is a Corsican department in a NIR, `… 84 12 2A 451 …`: two digits
 * before the '2' (a space between allowed) and three after the letter (likewise). Not the `2B` of a hex id, `42BdE`.
 */
export function corsicaAt(i: i32, n: i32): bool {
  if (i < 3) return false;
  const p = ch(i - 2);
  if (!(isDigit(p) || (p == 32 && isDigit(ch(i - 3))))) return false;
  const q = at(i + 1, n);
  return isDigit(q) || (q == 32 && isDigit(at(i + 2, n)));
}

/** The apostrophe at i is that of `I'm` or `name's` (an introduction). */
export function introContraction(i: i32): bool {
  const c = ch(i + 1);
  if (c == 109) return ch(i - 1) == 73;
  return c == 115 && i >= 4 && ch(i - 1) == 101 && ch(i - 2) == 109 && ch(i - 3) == 97 && ch(i - 4) == 110;
}

/**
 * Whether the dot at i is one of a dotted birth-date label, `d.ob`, `do.b` or `d.o.b` (either case):
 * its letters are words of one or two, which the word endings cannot see.
 */
export function dobDotAt(i: i32, n: i32): bool {
  const next = at(i + 1, n) | 32;
  const prev = ch(i - 1) | 32;
  if (next == 111) return prev == 100 && (at(i + 2, n) | 32) == 98; // d.ob
  if (next != 98 || prev != 111 || i < 2) return false; // …o.b
  const p2 = ch(i - 2);
  return (p2 | 32) == 100 || (p2 == 46 && i >= 3 && (ch(i - 3) | 32) == 100); // do.b, d.o.b
}


/** Whether the code units at k, either case, spell the lower-case ASCII `w`. */
export function spells(k: i32, n: i32, w: string): bool {
  if (k + w.length > n) return false;
  for (let q = 0; q < w.length; q++) if ((ch(k + q) | 32) != <i32>w.charCodeAt(q)) return false;
  return true;
}

/**
 * Whether an '@' or a dot is written out at i, as e-mail addresses are hidden from scrapers and masks:
 * `[at]`, `(dot)`, `{.}`, `<@>` (blanks allowed inside), `%40`, `&#64;`, `&#x40;`, `\u0040`. Called at a
 * bracket, '%', '&' or '\\'.
 */
export function writtenAt(i: i32, n: i32): bool {
  const c = ch(i);
  // The next character (lower-cased: a tab reads 41) rules out most brackets (`(see`, `{"id"`) before any
  // spelling is compared.
  const nx = i + 1 < n ? ch(i + 1) | 32 : 0;
  if (nx != 97 && nx != 100 && nx != 96 && nx != 46 && nx != 32 && nx != 41 && nx != 52 && nx != 35 && nx != 117) return false;
  if (c == 37) return i + 2 < n && ch(i + 1) == 52 && ch(i + 2) == 48;
  if (c == 38) return spells(i + 1, n, '#64;') || spells(i + 1, n, '#x40;');
  if (c == 92) return spells(i + 1, n, 'u0040');
  let k = i + 1;
  while (k < n && (ch(k) == 32 || ch(k) == 9)) k++;
  if (spells(k, n, 'at')) k += 2;
  else if (spells(k, n, 'dot')) k += 3;
  else if (k < n && (ch(k) == 64 || ch(k) == 46)) k++;
  else return false;
  while (k < n && (ch(k) == 32 || ch(k) == 9)) k++;
  if (k >= n) return false;
  const e = ch(k);
  return e == 93 || e == 41 || e == 125 || e == 62;
}

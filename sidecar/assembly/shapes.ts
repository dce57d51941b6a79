// The shapes the feature pass (features.ts) checks where a run starts or ends, and its table lookups:
// each returns true only if a detector's regex could match there, so a false is a proof that it cannot.
import {
  CLS_AT, EXTRAL2_AT, FIRST_AT, HEX, K_IDDOC, K_IDDOC_NUM, LAST2_AT, LAST3_AT, PFX_AT, PFXIDX_AT, P_OTHER, SHORT2_AT, STEMIDX_AT, STEMS_AT, STEMTRI_AT, TBITS_AT,
  TEXT_AT, TKEYS_AT, WHOLE_AT, CAP_ONLY, bitAt, ch, isBlank, isDigit, isHex, isUpper, isWord, u8at, at, K_PHONE, K_REACH,
} from './layout';

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
  return isWord(c) && c != 95;
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

export function base58At(i: i32, j: i32, n: i32): bool {
  let k = j;
  while (k < n && k - i <= 35 && isWord(ch(k))) k++;
  return k - i >= 26 && k - i <= 35;
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

@inline export function slot(w: i32): i32 {
  return <i32>(<u32>(w * <i32>0x9e3779b1) >> 22);
}

export function lookup(w: i32): i32 {
  let i = slot(w);
  let k = load<i32>(<usize>(TKEYS_AT + (i << 2)));
  while (k != w) {
    if (k == 0) return 0;
    i = (i + 1) & 1023;
    k = load<i32>(<usize>(TKEYS_AT + (i << 2)));
  }
  return load<i32>(<usize>(TBITS_AT + (i << 2)));
}

export function wordEnd(ws: i32, we: i32): i32 {
  const len = we - ws;
  if (len < 2) return 0;
  const l2 = ((ch(we - 2) & 31) << 5) | (ch(we - 1) & 31);
  const f = u8at(LAST2_AT, l2);
  if (f == 0) return 0;
  let bits = (f & 2) != 0 ? lookup(l2) : 0;
  if (len >= 3 && (f & 1) != 0) {
    const l3 = ((ch(we - 3) & 31) << 10) | l2;
    // Endings of three or more letters: only where some ending ends in these three.
    if (bitAt(LAST3_AT, <u32>l3)) {
      bits |= lookup(l3);
      if (len >= 4) bits |= lookup(((ch(we - 4) & 31) << 15) | l3);
    }
  }
  if ((bits & CAP_ONLY) != 0 && ch(ws) >= 97) bits &= ~CAP_ONLY;
  if ((bits & K_IDDOC_NUM) != 0) bits = (bits & ~K_IDDOC_NUM) | (numberSuffixAt(we) || bankAccountAt(we) ? K_IDDOC : 0);
  return bits;
}

/** Length of the text scan() is reading (numberSuffixAt() looks past a word, up to it): set by scan() through setTextEnd(). */
let textEnd: i32 = 0;
@inline export function setTextEnd(n: i32): void {
  textEnd = n;
}

/**
 * Whether a number suffix starts at p, after a gap (afterGap()) (either case): `#`, `no`, `nr`, `num`
 * (`number`). The labels that take one (account, acct) are no label without it (`the account`, `amount`).
 */
function numberSuffixAt(p: i32): bool {
  const n = textEnd;
  p = afterGap(p, n);
  if (p + 1 >= n) return p < n && ch(p) == 35;
  const a = ch(p);
  if (a == 35) return true;
  if ((a | 32) != 110) return false;
  const b = ch(p + 1) | 32;
  return b == 111 || b == 114 || (b == 117 && p + 2 < n && (ch(p + 2) | 32) == 109);
}

/** Whether `bank account` (either case, glued or joined as labels.ts GAP allows) ends at we: it needs no number suffix. */
function bankAccountAt(we: i32): bool {
  let k = we - 7;
  if (k < 4 || !spells(k, we, 'account')) return false;
  if (ch(k - 1) == 95 || ch(k - 1) == 45) k--;
  else for (let b = 0; b < 3 && k > 4 && isGapBlank(ch(k - 1)); b++) k--;
  return k >= 4 && spells(k - 4, k, 'bank');
}

/** A blank of labels.ts GAPS: space, tab, no-break space. */
@inline function isGapBlank(c: i32): bool {
  return c == 32 || c == 9 || c == 0xa0;
}

/** Past the gap between two words of a label that starts at p (labels.ts GAP): one '_' or '-', or up to three blanks. */
function afterGap(p: i32, n: i32): i32 {
  if (p < n && (ch(p) == 95 || ch(p) == 45)) return p + 1;
  for (let b = 0; b < 3 && p < n && isGapBlank(ch(p)); b++) p++;
  return p;
}

@inline export function lower(i: i32): i32 {
  return ch(i) | 32;
}

/**
 * Labels of the word ws..we (last two letters l2, which EXTRAL2 marks) that word endings miss: whole
 * words whose ending is too common to be a label (`routing`, `national`), and an identity-document key
 * with its number suffix glued on (`passportno`, `licenseid`, `accountnumber`, `DLnr`).
 */
export function extraLabels(ws: i32, we: i32, l2: i32, keys: i32): i32 {
  const x2 = u8at(EXTRAL2_AT, l2);
  let bits = (x2 & 1) != 0 ? wholeWord(ws, we) : 0;
  if ((bits & K_REACH) != 0) bits = (bits & ~K_REACH) | (reachAtOn(we) ? K_PHONE : 0);
  if ((x2 & 2) != 0 && ((keys | bits) & K_IDDOC) == 0) {
    const suf = idSuffix(ws, we, l2);
    const ke = we - suf;
    if (suf > 0 && ke - ws >= 2 && ((wordEnd(ws, ke) | wholeWord(ws, ke) | shortWord(ws, ke)) & K_IDDOC) != 0) bits |= K_IDDOC;
  }
  return bits;
}

/**
 * Whether `at` or `on` follows the word ending at p, after a space or a space, one word and a space (`reach me at`,
 * `reached on`): detectors-pii.ts PHONE_PROSE, the one context in which `reach` labels a phone number.
 */
function reachAtOn(p: i32): bool {
  const n = textEnd;
  if (p >= n || ch(p) != 32) return false;
  if (atOrOn(p + 1, n)) return true;
  let q = p + 1;
  while (q < n && isWord(ch(q))) q++;
  return q > p + 1 && q < n && ch(q) == 32 && atOrOn(q + 1, n);
}

/** `at` or `on` (either case) at p. */
function atOrOn(p: i32, n: i32): bool {
  if (p + 1 >= n) return false;
  const a = ch(p) | 32;
  const b = ch(p + 1) | 32;
  return (a == 97 && b == 116) || (a == 111 && b == 110);
}

/** Length of a number suffix (no, nr, num, number, id) ending the word ws..we, or 0. */
export function idSuffix(ws: i32, we: i32, l2: i32): i32 {
  if (l2 == ((14 << 5) | 15) || l2 == ((14 << 5) | 18) || l2 == ((9 << 5) | 4)) return 2; // no, nr, id
  if (l2 == ((21 << 5) | 13) && we - ws >= 3 && lower(we - 3) == 110) return 3; // num
  if (l2 == ((5 << 5) | 18) && we - ws >= 6 && lower(we - 6) == 110 && lower(we - 5) == 117 && lower(we - 4) == 109 && lower(we - 3) == 98) return 6; // number
  return 0;
}

/** K_* bits of a two-letter word ws..we (`DL` in `DLno`), else 0. */
export function shortWord(ws: i32, we: i32): i32 {
  if (we - ws != 2) return 0;
  return load<i32>(<usize>(SHORT2_AT + ((((ch(ws) & 31) << 5) | (ch(ws + 1) & 31)) << 2)));
}

/** K_* bits of the word ws..we when it is one of the host's whole words (any case), else 0. */
export function wholeWord(ws: i32, we: i32): i32 {
  const count = load<i32>(<usize>WHOLE_AT);
  for (let t = 0; t < count; t++) {
    const p = <usize>(WHOLE_AT + 4 + (t << 4));
    if (<i32>load<u8>(p) != we - ws) continue;
    let q = 0;
    while (q < we - ws && lower(ws + q) == <i32>load<u8>(p + 8 + q)) q++;
    if (q == we - ws) return load<i32>(p + 4);
  }
  return 0;
}

/** Whether spaces or tabs follow j, then a capital (ASCII, or any non-ASCII letter, which \p{Lu} may be). */
export function capitalAfter(j: i32, n: i32): bool {
  let k = j;
  while (k < n && (ch(k) == 32 || ch(k) == 9)) k++;
  if (k == j || k >= n) return false;
  const c = ch(k);
  return isUpper(c) || c >= 128;
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

/**
 * Whether blanks and a word ending like `live(s)`, `living`, `reside(s)`, `residing` come right before ws (the
 * `at` of `lives at 42 Wallaby Way`): the endings ive, ives, ving, ide, ides, ding, either case.
 */
export function livesBefore(ws: i32): bool {
  let k = ws;
  if (k == 0 || !(ch(k - 1) == 32 || ch(k - 1) == 9)) return false;
  while (k > 0 && (ch(k - 1) == 32 || ch(k - 1) == 9)) k--;
  if (k < 3) return false;
  const a = lower(k - 1), b = lower(k - 2), c = lower(k - 3);
  if (a == 101) return (b == 118 || b == 100) && c == 105; // ive, ide
  if (k < 4) return false;
  const d = lower(k - 4);
  if (a == 115) return b == 101 && (c == 118 || c == 100) && d == 105; // ives, ides
  return a == 103 && b == 110 && c == 105 && (d == 118 || d == 100); // ving, ding
}

/** `Prof` (the one four-letter title; its ending `of` would send every `of` to the word table). */
export function isProf(ws: i32): bool {
  return ch(ws) == 80 && ch(ws + 1) == 114 && ch(ws + 2) == 111 && ch(ws + 3) == 102;
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
function spells(k: i32, n: i32, w: string): bool {
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

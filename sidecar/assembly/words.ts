// The label words of the feature pass (features.ts): word endings looked up in the host's tables, whole words,
// short words, and the context a few labels need right where they end (a number suffix after `account`,
// `at` after `lives`, `at` / `on` after `reach`). Each answers only what a detector's regex could match there.
import {
  CAP_ONLY, EXTRAL2_AT, K_IDDOC, K_IDDOC_NUM, K_PHONE, K_REACH, LAST2_AT, LAST3_AT, SHORT2_AT, TBITS_AT, TKEYS_AT, WHOLE_AT, bitAt, ch, isUpper, isWord, u8at,
} from './layout';
import { spells } from './shapes';

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
 * Whether blanks and a word ending like `live(s)`, `living`, `reside(s)`, `residing` come right before ws (the
 * `at` of `lives at 42 Wallaby Way`): the endings ive, ives, ving, ide, ides, ding, either case.
 */
export function livesBefore(ws: i32): bool {
  const k = wordEndBefore(ws);
  if (k < 3) return false;
  const a = lower(k - 1), b = lower(k - 2), c = lower(k - 3);
  if (a == 101) return (b == 118 || b == 100) && c == 105; // ive, ide
  if (k < 4) return false;
  const d = lower(k - 4);
  if (a == 115) return b == 101 && (c == 118 || c == 100) && d == 105; // ives, ides
  return a == 103 && b == 110 && c == 105 && (d == 118 || d == 100); // ving, ding
}

/**
 * Whether blanks and a verb of living in the other label languages come right before ws (the preposition of
 * `vivo en`, `j'habite au`, `wohne in`, `abito in`, `woon op`, `moro na`): detectors-context.ts HOME_VERB_OTHER,
 * either case. The verb is a whole word.
 */
export function homeVerbBefore(ws: i32): bool {
  const k = wordEndBefore(ws);
  if (k < 0) return false;
  let s = k;
  while (s > 0 && isLetter(ch(s - 1))) s--;
  const n = k - s;
  if (n < 4 || n > 7) return false;
  const e = k;
  return (
    wordIs(s, e, 'vivo') || wordIs(s, e, 'vive') || wordIs(s, e, 'vivimos') || wordIs(s, e, 'viven') || wordIs(s, e, 'resido') ||
    wordIs(s, e, 'reside') || wordIs(s, e, 'habite') || wordIs(s, e, 'wohne') || wordIs(s, e, 'wohnt') || wordIs(s, e, 'abito') ||
    wordIs(s, e, 'abita') || wordIs(s, e, 'woon') || wordIs(s, e, 'woont') || wordIs(s, e, 'moro') || wordIs(s, e, 'mora')
  );
}

/** Where the word before the spaces and tabs before ws ends, or -1 when no blank comes right before ws. */
function wordEndBefore(ws: i32): i32 {
  let k = ws;
  if (k == 0 || !(ch(k - 1) == 32 || ch(k - 1) == 9)) return -1;
  while (k > 0 && (ch(k - 1) == 32 || ch(k - 1) == 9)) k--;
  return k;
}

@inline function isLetter(c: i32): bool {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/** Whether the word s..e is `w` (lower-case ASCII), either case. */
function wordIs(s: i32, e: i32, w: string): bool {
  return e - s == w.length && spells(s, e, w);
}

/** `Prof` (the one four-letter title; its ending `of` would send every `of` to the word table). */
export function isProf(ws: i32): bool {
  return ch(ws) == 80 && ch(ws + 1) == 114 && ch(ws + 2) == 111 && ch(ws + 3) == 102;
}

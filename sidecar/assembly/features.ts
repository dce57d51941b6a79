// The masking feature pass (see src/masking/features.ts for what each flag means and why each is a
// necessary condition of its detector), compiled to WebAssembly with AssemblyScript: the same walk
// over runs of letters, digits and punctuation, at native speed (docs/adr/0010-masking-feature-pass-wasm.md).
//
// The host copies the text as UTF-16 code units to TEXT_AT (so indices equal JavaScript string
// indices), with room for SLACK more units after it, calls scan(n), and reads OUT_AT. The lookup tables are written by the host once, from the
// same TypeScript tables the rest of the masking code uses, at the offsets exported here.

export const LAST2_AT: i32 = 0; // u8[1024]: last two letters of a label ending
export const SHORT2_AT: i32 = 16384; // i32[1024]: two-letter words (is, am, Mr, DL …) → K_* bits
export const TKEYS_AT: i32 = 3072; // i32[1024]: packed word endings (open addressing)
export const TBITS_AT: i32 = 7168; // u32[1024]: their K_* bits
export const IBANCC_AT: i32 = 11264; // u8[1024]: IBAN country codes by packed letters
export const PUNCT_AT: i32 = 12288; // u8[128]
export const PREV_AT: i32 = 12416; // u8[128]
export const CLS_AT: i32 = 12544; // u8[128]: WORD | HEX
export const FIRST_AT: i32 = 12672; // u8[128]: first characters of key prefixes
export const SIGNOFF_AT: i32 = 12800; // i32[8]: packed sign-off endings
export const OUT_AT: i32 = 12864; // i32[17]: results
export const PFX_AT: i32 = 13056; // i32 count, then 16-byte entries: u8 len, u8 other, u16 bit, u8[12] chars
export const PFXIDX_AT: i32 = 15360; // u8[128][2]: the entries starting with each ASCII character, [from, to)
export const STEMS_AT: i32 = 15616; // i32 count, then 16-byte entries: u8 len, u8 pad, u8[14] lower-case chars
export const STEMIDX_AT: i32 = 15904; // u8[128][2]: the stems starting with each ASCII character (either case), [from, to)
export const EXTRAL2_AT: i32 = 20480; // u8[1024]: last two letters of a whole word below (1), of a number suffix (2)
export const WHOLE_AT: i32 = 21504; // i32 count, then 16-byte entries: u8 len, i32 bits at +4, u8[8] lower-case chars at +8
export const TEXT_AT: i32 = 22528; // u16 text
export const SLACK: i32 = 8; // code units scan() may read past the text (skipRange)

// Constants shared with the host: every exported number is checked against the TypeScript constant
// of the same name when the module is loaded, so the two cannot drift apart.
export const K_SECRET: i32 = 1;
export const K_IDDOC: i32 = 131072;
export const K_ROLEWORD: i32 = 65536;
export const K_NAMEKEY: i32 = 256;
export const K_TITLE: i32 = 16384;
export const K_SIGNOFF: i32 = 32768;
export const CAP_ONLY: i32 = 512 | 1024 | 4096;
export const L2_RS: i32 = (18 << 5) | 19;

export const SH_SSN: i32 = 1;
export const SH_NANP: i32 = 2;
export const SH_9: i32 = 8;
export const SH_9_NINE: i32 = 16;
export const SH_TRUNK: i32 = 128;
export const SH_CARD: i32 = 256;
export const C_MAC: i32 = 1;
export const C_NINO: i32 = 2;
export const C_B58: i32 = 4;
export const C_NIR: i32 = 8;
export const C_DNI: i32 = 16;
export const C_NIE: i32 = 32;
export const C_IBAN: i32 = 64;
export const C_BECH32: i32 = 128;
export const C_JWT: i32 = 256;
export const C_ETH: i32 = 512;
export const C_HOOK: i32 = 1024;
export const C_ZIP: i32 = 2048;
export const C_DOTKEY: i32 = 4096;
export const P_TOKEN: i32 = 1;
export const P_B64: i32 = 2;
export const P_SEP: i32 = 4;
export const P_KEYSEP: i32 = 8;
export const PV_UPPER: i32 = 33;
export const PV_LOWER: i32 = 34;
export const PV_WORD: i32 = 32;
export const PV_PLUS: i32 = 1;
export const PV_SPACE: i32 = 2;
export const PV_DASH: i32 = 3;
export const WORD: i32 = 1;
export const HEX: i32 = 2;
export const P_OTHER: i32 = 512;

@inline function ch(i: i32): i32 {
  return <i32>load<u16>(<usize>TEXT_AT + (<usize>i << 1));
}
@inline function u8at(base: i32, i: i32): i32 {
  return <i32>load<u8>(<usize>(base + i));
}
@inline function isWord(c: i32): bool {
  return c < 128 && (u8at(CLS_AT, c) & WORD) != 0;
}
@inline function isHex(c: i32): bool {
  return c < 128 && (u8at(CLS_AT, c) & HEX) != 0;
}
@inline function isUpper(c: i32): bool {
  return c >= 65 && c <= 90;
}
@inline function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}
@inline function at(i: i32, n: i32): i32 {
  return i < n ? ch(i) : 0;
}

/**
 * The first index from j (at most end) whose code unit is outside [lo, hi]: eight units per step, so
 * a run of letters or digits costs one predictable branch instead of one per character and a
 * mispredicted one at its end. Reads up to eight units past `end`: the host keeps that much room.
 */
@inline function skipRange(j: i32, end: i32, lo: i32, hi: i32): i32 {
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

function macAt(i: i32, n: i32): bool {
  if (i - 2 < 0 || i + 15 > n || !isHex(ch(i - 1)) || !isHex(ch(i - 2))) return false;
  const s = ch(i);
  for (let k = i; k < i + 15; k += 3) {
    if ((k > i && ch(k) != s) || !isHex(ch(k + 1)) || !isHex(ch(k + 2))) return false;
  }
  return true;
}

function ciscoMacAt(i: i32, n: i32): bool {
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
function secretKeyBefore(i: i32): bool {
  let e = i;
  while (e > 0 && (ch(e - 1) == 32 || ch(e - 1) == 9)) e--;
  if (e > 0 && (ch(e - 1) == 34 || ch(e - 1) == 39)) e--;
  // Every such key ends in a letter (a key word or a letter suffix): not the ':' of a time of day.
  if (e == 0 || <u32>((ch(e - 1) | 32) - 97) >= 26) return false;
  let s = e;
  while (s > 0 && e - s < 40 && isTokenChar(ch(s - 1))) s--;
  if (e - s < 3) return false;
  for (let k = s; k <= e - 3; k++) {
    // Token characters are ASCII; most (digits, '-', most letters) start no stem.
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
  }
  return false;
}

@inline function isTokenChar(c: i32): bool {
  return isWord(c) || c == 45;
}

function afterKey(i: i32): bool {
  let b = i - 1;
  while (b >= 0 && (ch(b) == 32 || ch(b) == 9)) b--;
  if (b >= 0 && (ch(b) == 34 || ch(b) == 39)) b--;
  if (b < 0) return false;
  const c = ch(b);
  return isWord(c) && c != 95;
}

@inline function letterNext(j: i32, n: i32): bool {
  const c = at(j, n);
  return isUpper(c) || (c == 45 && j + 1 < n && isUpper(ch(j + 1)));
}

function bech32At(i: i32): bool {
  const a = ch(i);
  const b = ch(i + 1);
  const pair = ((a | 32) << 8) | (b | 32);
  return (pair == 0x6263 || pair == 0x7462) && (a & 32) == (b & 32);
}

function base58At(i: i32, j: i32, n: i32): bool {
  let k = j;
  while (k < n && k - i <= 35 && isWord(ch(k))) k++;
  return k - i >= 26 && k - i <= 35;
}

function ethAt(i: i32, n: i32): bool {
  if (i + 40 > n) return false;
  for (let k = i; k < i + 40; k++) if (!isHex(ch(k))) return false;
  return i + 40 == n || !isWord(ch(i + 40));
}

function dottedKeyAt(s: i32, i: i32): bool {
  const a = ch(s), b = ch(s + 1);
  if (i - s == 2) return (a == 83 && b == 71) || (a == 100 && b == 112);
  return a == 104 && b == 118 && ch(s + 2) == 115;
}

function hooksAt(i: i32, n: i32): bool {
  // 'hooks.slack'
  if (i + 11 > n) return false;
  return ch(i) == 104 && ch(i + 1) == 111 && ch(i + 2) == 111 && ch(i + 3) == 107 && ch(i + 4) == 115 && ch(i + 5) == 46 &&
    ch(i + 6) == 115 && ch(i + 7) == 108 && ch(i + 8) == 97 && ch(i + 9) == 99 && ch(i + 10) == 107;
}

/** Prefix bits of a key starting at q: the first listed prefix found there, else any other one. */
function prefixAt(q: i32, n: i32): i32 {
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

function tokenPrefixes(s: i32, e: i32, n: i32): i32 {
  let bits = u8at(FIRST_AT, ch(s)) == 1 ? prefixAt(s, n) : 0;
  for (let k = s; k < e - 15; k++) {
    const c = ch(k);
    if ((c == 95 || c == 45) && u8at(FIRST_AT, ch(k + 1)) == 1) bits |= prefixAt(k + 1, n);
  }
  return bits;
}

@inline function slot(w: i32): i32 {
  return <i32>(<u32>(w * <i32>0x9e3779b1) >> 22);
}

function lookup(w: i32): i32 {
  let i = slot(w);
  let k = load<i32>(<usize>(TKEYS_AT + (i << 2)));
  while (k != w) {
    if (k == 0) return 0;
    i = (i + 1) & 1023;
    k = load<i32>(<usize>(TKEYS_AT + (i << 2)));
  }
  return load<i32>(<usize>(TBITS_AT + (i << 2)));
}

function wordEnd(ws: i32, we: i32): i32 {
  const len = we - ws;
  if (len < 2) return 0;
  const l2 = ((ch(we - 2) & 31) << 5) | (ch(we - 1) & 31);
  if (u8at(LAST2_AT, l2) == 0) return 0;
  let bits = lookup(l2);
  if (len >= 3) {
    const l3 = ((ch(we - 3) & 31) << 10) | l2;
    bits |= lookup(l3);
    if (len >= 4) bits |= lookup(((ch(we - 4) & 31) << 15) | l3);
  }
  if ((bits & CAP_ONLY) != 0 && ch(ws) >= 97) bits &= ~CAP_ONLY;
  return bits;
}

@inline function lower(i: i32): i32 {
  return ch(i) | 32;
}

/**
 * Labels of the word ws..we (last two letters l2, which EXTRAL2 marks) that word endings miss: whole
 * words whose ending is too common to be a label (`routing`, `national`), and an identity-document key
 * with its number suffix glued on (`passportno`, `licenseid`, `accountnumber`, `DLnr`).
 */
function extraLabels(ws: i32, we: i32, l2: i32, keys: i32): i32 {
  const x2 = u8at(EXTRAL2_AT, l2);
  let bits = (x2 & 1) != 0 ? wholeWord(ws, we) : 0;
  if ((x2 & 2) != 0 && ((keys | bits) & K_IDDOC) == 0) {
    const suf = idSuffix(ws, we, l2);
    const ke = we - suf;
    if (suf > 0 && ke - ws >= 2 && ((wordEnd(ws, ke) | wholeWord(ws, ke) | shortWord(ws, ke)) & K_IDDOC) != 0) bits |= K_IDDOC;
  }
  return bits;
}

/** Length of a number suffix (no, nr, num, number, id) ending the word ws..we, or 0. */
function idSuffix(ws: i32, we: i32, l2: i32): i32 {
  if (l2 == ((14 << 5) | 15) || l2 == ((14 << 5) | 18) || l2 == ((9 << 5) | 4)) return 2; // no, nr, id
  if (l2 == ((21 << 5) | 13) && we - ws >= 3 && lower(we - 3) == 110) return 3; // num
  if (l2 == ((5 << 5) | 18) && we - ws >= 6 && lower(we - 6) == 110 && lower(we - 5) == 117 && lower(we - 4) == 109 && lower(we - 3) == 98) return 6; // number
  return 0;
}

/** K_* bits of a two-letter word ws..we (`DL` in `DLno`), else 0. */
function shortWord(ws: i32, we: i32): i32 {
  if (we - ws != 2) return 0;
  return load<i32>(<usize>(SHORT2_AT + ((((ch(ws) & 31) << 5) | (ch(ws + 1) & 31)) << 2)));
}

/** K_* bits of the word ws..we when it is one of the host's whole words (any case), else 0. */
function wholeWord(ws: i32, we: i32): i32 {
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

function isSignoff(we: i32): bool {
  const w = ((ch(we - 4) & 31) << 15) | ((ch(we - 3) & 31) << 10) | ((ch(we - 2) & 31) << 5) | (ch(we - 1) & 31);
  for (let k = 0; k < 8; k++) if (load<i32>(<usize>(SIGNOFF_AT + (k << 2))) == w) return true;
  return false;
}

/**
 * Features of the n code units at TEXT_AT, written to OUT_AT (see src/masking/features.ts). Returns
 * whether any detector could match (gates.ts mayNeed()): when not, the host need not read them.
 */
export function scan(n: i32): bool {
  const end = n;
  let digits = 0, digitsTotal = 0, dots = 0, curDigits = 0, curDots = 0, sepRun = 0, sig = 0, shapes = 0, cand = 0;
  let firstZero = false, cardFrom = -1, spCur = 0;
  let hexColons = 0, doubleColon = false, plusDigit = false, atSign = false, dashes5 = false, assign = false;
  let tokenRun = 0, tokenStart = 0, pfx = 0, b64Run = 0, b64Start = 0;
  let keys = 0, nameEnd = -1, nameLast = -1;
  let i = 0;
  while (i < end) {
    const c = ch(i);
    if (c >= 97 ? c <= 122 : c >= 65 && c <= 90) {
      curDigits = curDots = sepRun = sig = 0;
      if ((c == 65 || c == 66) && i > 0 && ch(i - 1) == 50) cand |= C_NIR;
      if (c == 101 && i + 2 < end && ch(i + 1) == 121 && ch(i + 2) == 74) cand |= C_JWT;
      let ws = i;
      let j = i + 1;
      let e = 0;
      for (;;) {
        j = skipRange(j, end, 97, 122);
        e = j < end ? ch(j) : 0;
        if (j >= end || e < 65 || e > 90) break;
        if (ch(j - 1) >= 97) {
          if (j - ws >= 2 && u8at(LAST2_AT, ((ch(j - 2) & 31) << 5) | (ch(j - 1) & 31)) != 0) keys |= wordEnd(ws, j) & ~K_ROLEWORD;
          ws = j;
        }
        j++;
      }
      const wl = j - ws;
      if (wl >= 2) {
        const l2 = ((ch(j - 2) & 31) << 5) | (ch(j - 1) & 31);
        if (wl <= 3) {
          const x = wl == 2 ? load<i32>(<usize>(SHORT2_AT + (l2 << 2))) : l2 == L2_RS && ch(ws) == 77 ? K_TITLE : 0;
          if (x != 0) keys |= x == K_TITLE && ch(ws) >= 97 ? 0 : x;
        } else if (j < end && (e == 44 || e == 33 || e == 10 || e == 13) && isSignoff(j)) keys |= K_SIGNOFF;
        if (u8at(LAST2_AT, l2) != 0) {
          let b = wordEnd(ws, j);
          if (ws > i && wl < 4) b |= wordEnd(i, j) & ~K_NAMEKEY;
          if ((b & K_ROLEWORD) != 0 && !(e == 32 && j + 1 < end && isUpper(ch(j + 1)))) b &= ~K_ROLEWORD;
          if ((b & K_NAMEKEY) != 0) {
            if (nameEnd < 0) nameEnd = j;
            nameLast = j;
          }
          keys |= b;
        }
        if (wl >= 4 && u8at(EXTRAL2_AT, l2) != 0) keys |= extraLabels(ws, j, l2, keys);
      }
      if (j - i == 2 && e == 49 && j < end && (i == 0 || !isWord(ch(i - 1)))) if (bech32At(i)) cand |= C_BECH32;
      if (e == 46 && j - i == 5 && hooksAt(i, end)) cand |= C_HOOK;
      if (e == 32 && j + 1 < end) {
        const m = ch(j + 1);
        if (m >= 97 ? m <= 122 : m >= 65 && m <= 90) {
          const tl = j - tokenStart;
          if (tl >= 15) pfx |= tokenPrefixes(tokenStart, j, end);
          if (tl > tokenRun) tokenRun = tl;
          if (j - b64Start > b64Run) b64Run = j - b64Start;
          tokenStart = b64Start = j + 1;
          i = j + 1;
          continue;
        }
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      let e = 0;
      j = skipRange(j, end, 48, 57);
      e = j < end ? ch(j) : 0;
      const len = j - i;
      const p = i > 0 ? ch(i - 1) : 0;
      if (curDigits == 0) {
        firstZero = c == 48;
        cardFrom = -1;
      }
      if (cardFrom < 0 && c >= 50 && c <= 54) cardFrom = curDigits;
      const pv = p < 128 ? u8at(PREV_AT, p) : 0;
      if ((pv & PV_WORD) == 0) {
        if (len == 8 && p != 45 && letterNext(j, end)) cand |= C_DNI;
        if (c == 49 || c == 51) {
          if ((len >= 26 || isWord(e)) && base58At(i, j, end)) cand |= C_B58;
        } else if (len == 1 && c == 48 && e == 120 && ethAt(j + 1, end)) cand |= C_ETH;
      }
      if (pv == 0) spCur = len;
      else if (pv == PV_SPACE) {
        if (i - 3 >= 0 && isUpper(ch(i - 2)) && isUpper(ch(i - 3)) && (i - 4 < 0 || !isWord(ch(i - 4)))) cand |= len == 5 ? C_NINO | C_ZIP : C_NINO;
        spCur = i - 2 >= 0 && isDigit(ch(i - 2)) ? spCur + len : len;
      } else {
        spCur = len;
        if (pv == PV_UPPER) {
          const q = i - 2 >= 0 ? ch(i - 2) : 0;
          if (isUpper(q) && (i - 3 < 0 || !isWord(ch(i - 3)))) {
            cand |= C_NINO;
            if (len >= 2 && u8at(IBANCC_AT, ((q & 31) << 5) | (p & 31)) != 0) cand |= C_IBAN;
          }
          if (len == 7 && (p == 88 || p == 89 || p == 90) && letterNext(j, end)) cand |= C_NIE;
        } else if (pv == PV_LOWER) {
          const q = i - 2 >= 0 ? ch(i - 2) : 0;
          if (len >= 2 && q >= 97 && q <= 122 && u8at(IBANCC_AT, ((q & 31) << 5) | (p & 31)) != 0 && (i - 3 < 0 || !isWord(ch(i - 3)))) cand |= C_IBAN;
        } else if (pv == PV_PLUS) plusDigit = true;
        else if (pv == PV_DASH && len == 7 && i - 2 >= 0) {
          const q = ch(i - 2);
          if ((q == 88 || q == 89 || q == 90) && letterNext(j, end)) cand |= C_NIE;
        }
      }
      if (spCur >= 15) cand |= C_NIR;
      curDigits += len;
      digitsTotal += len;
      if (curDigits > digits) digits = curDigits;
      if (firstZero && curDigits >= 9) shapes |= SH_TRUNK;
      if (cardFrom >= 0 && curDigits - cardFrom >= 13) shapes |= SH_CARD;
      sepRun = 0;
      sig = ((sig << 4) | (len > 15 ? 15 : len)) & 0xfff;
      if (len == 4) {
        if (sig == 0x324) shapes |= SH_SSN;
        else if (sig == 0x334 || sig == 0x434) shapes |= SH_NANP;
      } else if (len == 9) shapes |= c == 57 ? SH_9 | SH_9_NINE : SH_9;
      i = j;
      continue;
    }
    const a = c < 128 ? u8at(PUNCT_AT, c) : 0;
    if ((a & P_TOKEN) == 0) {
      if (c == 46 && i - tokenStart <= 3 && i - tokenStart >= 2 && dottedKeyAt(tokenStart, i)) cand |= C_DOTKEY;
      if (i - tokenStart >= 15) pfx |= tokenPrefixes(tokenStart, i, end);
      if (i - tokenStart > tokenRun) tokenRun = i - tokenStart;
      tokenStart = i + 1;
    }
    if ((a & P_B64) == 0) {
      if (i - b64Start > b64Run) b64Run = i - b64Start;
      b64Start = i + 1;
    }
    if ((a & P_SEP) != 0) {
      if (++sepRun > 2) curDigits = curDots = sig = 0;
      if (c == 46) {
        if (curDigits > 0 && ++curDots > dots) dots = curDots;
        if (i + 5 < end && ch(i + 5) == 46 && ciscoMacAt(i, end)) cand |= C_MAC;
      } else if (c == 45) {
        if (!dashes5 && i + 4 < end && ch(i + 1) == 45 && ch(i + 2) == 45 && ch(i + 3) == 45 && ch(i + 4) == 45) dashes5 = true;
        if (i + 6 < end && ch(i + 3) == 45 && ch(i + 6) == 45 && macAt(i, end)) cand |= C_MAC;
      }
    } else {
      curDigits = curDots = sepRun = sig = 0;
      if ((a & P_KEYSEP) != 0) {
        if (!assign) assign = afterKey(i);
        if ((keys & K_SECRET) == 0 && secretKeyBefore(i)) keys |= K_SECRET;
        if (c == 58) {
          const nx = i + 1 < end ? ch(i + 1) : 0;
          if (nx == 58) doubleColon = true;
          else if (i > 0 && isHex(ch(i - 1)) && isHex(nx)) {
            hexColons++;
            if (i + 6 < end && ch(i + 3) == 58 && ch(i + 6) == 58 && macAt(i, end)) cand |= C_MAC;
          }
        }
      } else if (c == 64) atSign = true;
      else if (a == 0) {
        let j = i + 1;
        while (j < end) {
          const d = ch(j);
          if (d < 128 && (u8at(PUNCT_AT, d) != 0 || d == 64 || (d >= 48 && d <= 57) || ((d | 32) >= 97 && (d | 32) <= 122))) break;
          j++;
        }
        tokenStart = b64Start = j;
        i = j;
        continue;
      }
    }
    i++;
  }
  if (end - tokenStart >= 15) pfx |= tokenPrefixes(tokenStart, end, end);
  if (end - tokenStart > tokenRun) tokenRun = end - tokenStart;
  if (end - b64Start > b64Run) b64Run = end - b64Start;
  const o = <usize>OUT_AT;
  store<i32>(o, digits);
  store<i32>(o + 4, dots);
  store<i32>(o + 8, hexColons);
  store<i32>(o + 12, doubleColon ? 1 : 0);
  store<i32>(o + 16, plusDigit ? 1 : 0);
  store<i32>(o + 20, tokenRun);
  store<i32>(o + 24, b64Run);
  store<i32>(o + 28, keys);
  store<i32>(o + 32, shapes);
  store<i32>(o + 36, cand);
  store<i32>(o + 40, pfx);
  store<i32>(o + 44, atSign ? 1 : 0);
  store<i32>(o + 48, dashes5 ? 1 : 0);
  store<i32>(o + 52, assign ? 1 : 0);
  store<i32>(o + 56, nameEnd);
  store<i32>(o + 60, nameLast);
  store<i32>(o + 64, digitsTotal);
  return keys != 0 || shapes != 0 || cand != 0 || dots >= 3 || plusDigit || pfx != 0 || atSign || doubleColon || hexColons >= 5 || dashes5;
}

// The masking feature pass (see src/masking/features.ts for what each flag means and why each is a
// necessary condition of its detector), compiled to WebAssembly with AssemblyScript: the same walk
// over runs of letters, digits and punctuation, at native speed (docs/adr/0010-masking-feature-pass-wasm.md).
//
// The host copies the text as UTF-16 code units to TEXT_AT (so indices equal JavaScript string
// indices), with room for SLACK more units after it, calls scan(n), and reads OUT_AT. It writes the
// lookup tables once, from the same TypeScript tables the rest of the masking code uses, at the
// offsets of layout.ts; shapes.ts holds the checks made where a run starts or ends, words.ts the label words'.

// The layout offsets and shared constants are the module's exports (the host reads and checks them).
export {
  LAST2_AT, SHORT2_AT, TKEYS_AT, TBITS_AT, IBANCC_AT, PUNCT_AT, PREV_AT, CLS_AT, FIRST_AT, OUT_AT, PFX_AT,
  PFXIDX_AT, STEMS_AT, STEMIDX_AT, STEMTRI_AT, LAST3_AT, EXTRAL2_AT, WHOLE_AT, TEXT_AT, SLACK, K_SECRET, K_IDDOC, K_IDDOC_NUM, K_ROLEWORD, K_NAMEKEY,
  K_TITLE, K_DOB, K_INTRO, K_ATWORD, K_LIVES_AT, K_PHONE, K_REACH, K_PREP, K_DOTWORD, CAP_ONLY, L2_RS, SH_SSN, SH_SSN_AREA, SH_SSN_9XX, SH_NANP, SH_9, SH_9_NINE, SH_TRUNK, SH_CARD, SH_CPF, C_MAC, C_NINO, C_B58,
  C_NIR, C_DNI, C_NIE, C_IBAN, C_BECH32, C_JWT, C_ETH, C_HOOK, C_ZIP, C_DOTKEY, C_UKPC, C_CLIFLAG, C_CF, P_TOKEN, P_SEP, P_KEYSEP, P_VAL,
  PV_UPPER, PV_LOWER, PV_WORD, PV_PLUS, PV_SPACE, PV_DASH, WORD, HEX, WRITES_AT, B58, P_OTHER, SCAN_ANY, SCAN_BACKSLASH,
} from './layout';
export { KECCAK_AT } from './layout';
export { keccak256 } from './keccak';
import {
  C_B58, C_BECH32, C_CF, C_CLIFLAG, C_DNI, C_DOTKEY, C_ETH, C_HOOK, C_IBAN, C_JWT, C_MAC, C_NIE, C_NINO, C_NIR, C_UKPC, C_ZIP, EXTRAL2_AT, IBANCC_AT, K_NAMEKEY, P_VAL,
  K_ATWORD, K_DOB, K_DOTWORD, K_INTRO, K_LIVES_AT, K_PREP, K_ROLEWORD, K_SECRET, K_TITLE, L2_OF, L2_OT, L2_RS, LAST2_AT, LAST3_AT, OUT_AT, P_KEYSEP, P_SEP, P_TOKEN, PREV_AT, PUNCT_AT, PV_DASH,
  PV_LOWER, PV_PLUS, PV_SPACE, PV_UPPER, PV_WORD, SH_9, SH_9_NINE, SH_CARD, SH_CPF, SH_NANP, SH_SSN, SH_TRUNK, SHORT2_AT, bitAt, ch, isDigit, isHex, isUpper,
  isWord, u8at, writesAt, SCAN_ANY, SCAN_BACKSLASH,
} from './layout';
import {
  afterKey, base58At, bech32At, cfAt, corsicaAt, ibanLongEnough, isoTimeZ, ltcAt, ciscoMacAt, dobDotAt, dottedKeyAt, ethAt, hooksAt, introContraction, letterNext, macAt, ninoAt,
  secretKeyBefore, skipRange, ssnArea, tokenPrefixes, webhooksAt, writtenAt,
} from './shapes';
import { capitalAfter, extraLabels, homeVerbBefore, isProf, livesBefore, setTextEnd, wordEnd } from './words';

/**
 * Features of the n code units at TEXT_AT, written to OUT_AT (see src/masking/features.ts). Returns
 * SCAN_ANY when any detector could match (gates.ts mayNeed()): when not, the host need not read them;
 * and SCAN_BACKSLASH when the text holds a backslash (the engine then detects on its escapes as read).
 */
// Bits of the pass's flags word (scan()).
const F_ZERO = 1, F_DOUBLE_COLON = 2, F_PLUS_DIGIT = 4, F_AT = 8, F_DASHES5 = 16, F_ASSIGN = 32, F_WRITTEN_AT = 64, F_BACKSLASH = 128;
/** `at` and `dot` as words: an e-mail address written out only when both are there. */
const K_WORDS_AT = K_ATWORD | K_DOTWORD;
/**
 * Whether scan() takes the shapes it has shortcuts for (an ISO date-time) at once: 1, except in the test that
 * runs every such text both ways and compares (masking-wasm.test.ts), since a shortcut must leave exactly the
 * state its runs through the general path would.
 */
export let SHORTCUTS: i32 = 1;
/** Byte offsets in OUT of the name-key positions, which scan() writes as it finds them. */
const O_NAME_END = 52, O_NAME_LAST = 56;

/**
 * The labels the word ws..j names (word endings, two- and three-letter words, whole words, number suffixes),
 * added to `keys`; a name key's end goes to OUT. `first`: the word starts its run of letters (not a camel-case
 * part after another), so its last three letters can be tested at once.
 */
@inline function wordLabels(ws: i32, j: i32, first: bool, end: i32, keys: i32): i32 {
  const wl = j - ws;
  if (wl < 2) return keys;
  const l2 = ((ch(j - 2) & 31) << 5) | (ch(j - 1) & 31);
  if (wl <= 3) {
    const x = wl == 2 ? load<i32>(<usize>(SHORT2_AT + (l2 << 2))) : l2 == L2_RS && ch(ws) == 77 ? K_TITLE : l2 == L2_OT && (ch(ws) | 32) == 100 ? K_DOTWORD : 0;
    if (x != 0) keys |= x == K_TITLE && ch(ws) >= 97 ? 0 : x == K_ATWORD && livesBefore(ws) ? K_ATWORD | K_LIVES_AT : x == K_PREP ? (homeVerbBefore(ws) ? K_LIVES_AT : 0) : x;
  } else if (wl == 4 && l2 == L2_OF && isProf(ws)) keys |= K_TITLE;
  // A word of three letters or more is looked up only if its last three letters end some label ending
  // (LAST3, which holds the two-letter endings after any letter too): one bit, most words none. A
  // shorter word, or one of several in a camelCase run, goes by its last two (LAST2).
  if (wl >= 3 && first ? bitAt(LAST3_AT, <u32>(((ch(j - 3) & 31) << 10) | l2)) : u8at(LAST2_AT, l2) != 0) {
    let b = wordEnd(ws, j);
    if ((b & K_ROLEWORD) != 0 && !capitalAfter(j, end)) b &= ~K_ROLEWORD;
    if ((b & K_NAMEKEY) != 0) {
      if (load<i32>(<usize>OUT_AT + O_NAME_END) < 0) store<i32>(<usize>OUT_AT + O_NAME_END, j);
      store<i32>(<usize>OUT_AT + O_NAME_LAST, j);
    }
    keys |= b;
  }
  if (wl >= 4 && u8at(EXTRAL2_AT, l2) != 0) keys |= extraLabels(ws, j, l2, keys);
  return keys;
}

/**
 * A French NIR (fr-nir's regex): 15 digits, `[12378]` first, split by single spaces only after its 1st, 3rd,
 * 5th, 7th, 10th and 13th digit. The pass keeps, for the run of digit groups joined by single spaces it is in,
 * a bit set of how many digits each group start that may begin one has seen, where those counts are group ends
 * the format allows: bit 15 is a candidate. (A 16-digit card in fours, or a phone number, sets none.)
 */
const NIR_ENDS = (1 << 1) | (1 << 3) | (1 << 5) | (1 << 7) | (1 << 10) | (1 << 13) | (1 << 15);
const NIR_WHOLE = 1 << 15;
/** The set for a group of len digits starting with c that starts a run (after a non-word character). */
@inline function nirStart(c: i32, len: i32): i32 {
  return len <= 15 && (c == 49 || c == 50 || c == 51 || c == 55 || c == 56) ? (1 << len) & NIR_ENDS : 0;
}
/** The set after a group of len digits starting with c, one space after the groups that made nir. */
@inline function nirNext(nir: i32, c: i32, len: i32): i32 {
  return len <= 15 ? ((nir << len) & NIR_ENDS) | nirStart(c, len) : 0;
}

/** A digit a card number can start with: 2–6 (Mastercard, Mir, Amex, Diners, JCB, Visa, Maestro, Discover, UnionPay), 8 (UnionPay's and RuPay's 81–82). */
@inline function cardStart(c: i32): bool {
  return (c >= 50 && c <= 54) || c == 56;
}

/** wordLabels() of a whole run of letters i..j whose camel-case parts scan() has looked up (`PaSsWoRd`, `DoB`). */
function wholeRunLabels(i: i32, j: i32, end: i32, keys: i32): i32 {
  return wordLabels(i, j, true, end, keys);
}

export function scan(n: i32): i32 {
  const end = n;
  setTextEnd(n);
  let digits = 0, digitsTotal = 0, dots = 0, curDigits = 0, curDots = 0, sepRun = 0, sig = 0, shapes = 0, cand = 0;
  // The yes/no results (and the digit cluster's leading zero) share one flags word, and the name-key
  // positions, rarely set, go straight to OUT: fewer live values in the loop, fewer of them spilled to
  // the stack by the engine's register allocator (~5% of the pass).
  let fl = 0, cardFrom = -1, nir = 0;
  let hexColons = 0;
  let tokenStart = 0, pfx = 0, valRun = 0, valStart = 0;
  let keys = 0;
  store<i32>(<usize>OUT_AT + O_NAME_END, -1);
  store<i32>(<usize>OUT_AT + O_NAME_LAST, -1);
  let i = 0;
  while (i < end) {
    const c = ch(i);
    if (c >= 97 ? c <= 122 : c >= 65 && c <= 90) {
      curDigits = curDots = sepRun = sig = 0;
      if ((c == 65 || c == 66) && i > 0 && ch(i - 1) == 50 && corsicaAt(i, end)) cand |= C_NIR;
      if (c == 101 && i + 2 < end && ch(i + 1) == 121 && ch(i + 2) == 74) cand |= C_JWT;
      let ws = i;
      let j = i + 1;
      let e = 0;
      for (;;) {
        j = skipRange(j, end, 97, 122);
        e = j < end ? ch(j) : 0;
        if (j >= end || e < 65 || e > 90) break;
        if (ch(j - 1) >= 97) {
          if (j - ws >= 2) {
            const l2 = ((ch(j - 2) & 31) << 5) | (ch(j - 1) & 31);
            if (u8at(LAST2_AT, l2) != 0) keys |= wordEnd(ws, j) & ~K_ROLEWORD;
            // A whole word glued to the next (`Un saludoAna Ruiz`).
            if (j - ws >= 4 && u8at(EXTRAL2_AT, l2) != 0) keys |= extraLabels(ws, j, l2, keys);
          }
          ws = j;
        }
        j++;
      }
      keys = wordLabels(ws, j, ws == i, end, keys);
      // A run of mixed case (`PaSsWoRd`, `DoB`, `AcCoUnT`): the detectors read labels in any case, so the run
      // is looked up whole as well as by its camel-case parts (`customerName`, `passwordHash`).
      if (ws > i) keys = wholeRunLabels(i, j, end, keys);
      // A Litecoin base58 address (L…, M…) starting a \w run: checked where its letters end, as for the
      // Bitcoin ones where their digits end (most words are short and followed by a non-word character).
      if ((c == 76 || c == 77) && (j - i >= 26 || isWord(e)) && (i == 0 || !isWord(ch(i - 1))) && base58At(i, j, end)) cand |= C_B58;
      if (e == 49 && j < end && (i == 0 || !isWord(ch(i - 1)))) {
        if (j - i == 2 ? bech32At(i) : j - i == 3 && ltcAt(i)) cand |= C_BECH32;
      }
      if (e == 46 ? j - i == 5 && hooksAt(i, end) : e == 47 && j - i == 8 && webhooksAt(i)) cand |= C_HOOK;
      if (e == 32 && j + 1 < end) {
        const m = ch(j + 1);
        if (m >= 97 ? m <= 122 : m >= 65 && m <= 90) {
          const tl = j - tokenStart;
          if (tl >= 15) pfx |= tokenPrefixes(tokenStart, j, end);
          if (j - valStart > valRun) valRun = j - valStart;
          tokenStart = valStart = j + 1;
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
        fl = c == 48 ? fl | F_ZERO : fl & ~F_ZERO;
        cardFrom = -1;
      }
      if (cardFrom < 0 && cardStart(c)) cardFrom = curDigits;
      const pv = p < 128 ? u8at(PREV_AT, p) : 0;
      if ((pv & PV_WORD) == 0) {
        if (len == 8 && p != 45 && letterNext(j, end)) cand |= C_DNI;
        // A DNI written with dots, `12.345.678-Z`: its last group.
        else if (len == 3 && p == 46 && i >= 5 && ch(i - 5) == 46 && letterNext(j, end)) cand |= C_DNI;
        if (c == 49 || c == 51) {
          if ((len >= 26 || isWord(e)) && base58At(i, j, end)) cand |= C_B58;
        } else if (len == 1 && c == 48 && e == 120 && ethAt(j + 1, end)) cand |= C_ETH;
      }
      if (pv == 0) nir = nirStart(c, len);
      else if (pv == PV_SPACE) {
        if (i - 3 >= 0 && isUpper(ch(i - 2)) && isUpper(ch(i - 3)) && (i - 4 < 0 || !isWord(ch(i - 4)))) {
          if (len == 5) cand |= C_ZIP;
          if (ninoAt(i, end)) cand |= C_NINO;
        }
        // A UK postcode's inward code, ` 6XE` ending a word.
        if (len == 1 && isUpper(e) && j + 1 < end && isUpper(ch(j + 1)) && (j + 2 >= end || !isWord(ch(j + 2)))) cand |= C_UKPC;
        nir = i - 2 >= 0 && isDigit(ch(i - 2)) ? nirNext(nir, c, len) : nirStart(c, len);
      } else {
        nir = (pv & PV_WORD) == 0 ? nirStart(c, len) : 0;
        // A URL-encoded '+' before the digits (`phone=%2B14155552671`): an international number's, as a '+'.
        if ((p | 32) == 98 && i >= 3 && ch(i - 2) == 50 && ch(i - 3) == 37) fl |= F_PLUS_DIGIT;
        if (pv == PV_UPPER) {
          const q = i - 2 >= 0 ? ch(i - 2) : 0;
          if (isUpper(q) && (i - 3 < 0 || !isWord(ch(i - 3)))) {
            if (ninoAt(i, end)) cand |= C_NINO;
            // An IBAN country code (the table holds its length), with as many characters after it.
            const cl = len >= 2 ? u8at(IBANCC_AT, ((q & 31) << 5) | (p & 31)) : 0;
            if (cl != 0 && ibanLongEnough(i - 2, end, cl)) cand |= C_IBAN;
          }
          if (len == 7 && (p == 88 || p == 89 || p == 90) && letterNext(j, end)) cand |= C_NIE;
          else if (len == 2 && cfAt(i, e)) cand |= C_CF;
        } else if (pv == PV_LOWER) {
          const q = i - 2 >= 0 ? ch(i - 2) : 0;
          if (len >= 2 && q >= 97 && q <= 122 && (i - 3 < 0 || !isWord(ch(i - 3)))) {
            const cl = u8at(IBANCC_AT, ((q & 31) << 5) | (p & 31));
            if (cl != 0 && ibanLongEnough(i - 2, end, cl)) cand |= C_IBAN;
          }
        } else if (pv == PV_PLUS) fl |= F_PLUS_DIGIT;
        else if (pv == PV_DASH && len == 7 && i - 2 >= 0) {
          const q = ch(i - 2);
          if ((q == 88 || q == 89 || q == 90) && letterNext(j, end)) cand |= C_NIE;
        }
      }
      if ((nir & NIR_WHOLE) != 0) cand |= C_NIR;
      curDigits += len;
      digitsTotal += len;
      if (curDigits > digits) digits = curDigits;
      if ((fl & F_ZERO) != 0 && curDigits >= 9) shapes |= SH_TRUNK;
      if (cardFrom >= 0 && curDigits - cardFrom >= 13) shapes |= SH_CARD;
      sepRun = 0;
      sig = ((sig << 4) | (len > 15 ? 15 : len)) & 0xfff;
      if (len == 4) {
        if (sig == 0x324) shapes |= SH_SSN | ssnArea(i);
        else if (sig == 0x334 || sig == 0x434) shapes |= SH_NANP;
      } else if (len == 9) shapes |= c == 57 ? SH_9 | SH_9_NINE : SH_9;
      else if (len == 2 && sig == 0x332 && p == 45) shapes |= SH_CPF;
      // A year and, from the '-' at j, the rest of an ISO 8601 UTC date-time (shapes.ts isoTimeZ()): what its
      // runs would do, at once. `-MM-DD` continues the year's cluster; 'T' ends it; `hh:mm:ss` are three
      // clusters (':' ends each: a key separator after a digit, so `assign`, and a colon between hex digits);
      // `.fff…` joins the seconds'. Every other check of those runs is false for this shape; a check added to
      // the digit, letter or ':' paths below must be mirrored here (masking-wasm.test.ts compares both ways).
      if (len == 4 && e == 45 && SHORTCUTS != 0) {
        const z = isoTimeZ(j, end);
        if (z > 0) {
          const mo = ch(j + 1), dd = ch(j + 4);
          if (cardFrom < 0 && cardStart(mo)) cardFrom = curDigits;
          curDigits += 2;
          if ((fl & F_ZERO) != 0 && curDigits >= 9) shapes |= SH_TRUNK;
          if (cardFrom >= 0 && curDigits - cardFrom >= 13) shapes |= SH_CARD;
          if (cardFrom < 0 && cardStart(dd)) cardFrom = curDigits;
          curDigits += 2;
          if (curDigits > digits) digits = curDigits;
          if ((fl & F_ZERO) != 0 && curDigits >= 9) shapes |= SH_TRUNK;
          if (cardFrom >= 0 && curDigits - cardFrom >= 13) shapes |= SH_CARD;
          const colon = j + 9;
          if (colon - tokenStart >= 15) pfx |= tokenPrefixes(tokenStart, colon, end);
          if (colon - valStart > valRun) valRun = colon - valStart;
          if (valRun < 2) valRun = 2;
          valStart = j + 13;
          fl |= F_ASSIGN;
          hexColons += 2;
          digitsTotal += 10;
          if (digits < 2) digits = 2;
          const ss = ch(j + 13);
          fl = ss == 48 ? fl | F_ZERO : fl & ~F_ZERO;
          cardFrom = cardStart(ss) ? 0 : -1;
          sepRun = 0;
          if (z == j + 15) {
            if ((ss == 49 || ss == 51) && base58At(j + 13, z, end)) cand |= C_B58;
            tokenStart = j + 13;
            curDigits = 2;
            curDots = 0;
            sig = 2;
            nir = 0; // nirStart(ss, 2): two digits end no group a NIR has
          } else {
            // `.` and 1–9 fraction digits, then the 'Z' (a capital: eight digits before it are a DNI's shape).
            const ms = ch(j + 16), fd = z - j - 16;
            if (cardFrom < 0 && cardStart(ms)) cardFrom = 2;
            if (fd == 8) cand |= C_DNI;
            if ((ms == 49 || ms == 51) && base58At(j + 16, z, end)) cand |= C_B58;
            tokenStart = j + 16;
            curDigits = 2 + fd;
            curDots = 1;
            if (dots < 1) dots = 1;
            if (digits < curDigits) digits = curDigits;
            if ((fl & F_ZERO) != 0 && curDigits >= 9) shapes |= SH_TRUNK;
            if (fd == 9) shapes |= ms == 57 ? SH_9 | SH_9_NINE : SH_9;
            digitsTotal += fd;
            sig = 0x20 | fd;
            nir = nirStart(ms, fd);
          }
          i = z;
          continue;
        }
      }
      i = j;
      continue;
    }
    const a = c < 128 ? u8at(PUNCT_AT, c) : 0;
    if ((a & P_TOKEN) == 0) {
      if (c == 46 && i - tokenStart <= 4 && i - tokenStart >= 2 && dottedKeyAt(tokenStart, i)) cand |= C_DOTKEY;
      if (i - tokenStart >= 15) pfx |= tokenPrefixes(tokenStart, i, end);
      tokenStart = i + 1;
    }
    if ((a & P_VAL) == 0) {
      if (i - valStart > valRun) valRun = i - valStart;
      valStart = i + 1;
    }
    if ((a & P_SEP) != 0) {
      if (++sepRun > 2) curDigits = curDots = sig = 0;
      if (c == 46) {
        if (curDigits > 0 && ++curDots > dots) dots = curDots;
        if (i + 5 < end && ch(i + 5) == 46 && ciscoMacAt(i, end)) cand |= C_MAC;
        if (i > 0 && dobDotAt(i, end)) keys |= K_DOB;
        // `M.` (Monsieur) as a word of its own.
        if (i > 0 && ch(i - 1) == 77 && (i < 2 || !isWord(ch(i - 2)))) keys |= K_TITLE;
      } else if (c == 40) {
        if (writtenAt(i, end)) fl |= F_WRITTEN_AT;
      } else if (c == 45) {
        if ((fl & F_DASHES5) == 0 && i + 4 < end && ch(i + 1) == 45 && ch(i + 2) == 45 && ch(i + 3) == 45 && ch(i + 4) == 45) fl |= F_DASHES5;
        // A command-line flag that may take a password (` -p`, ` -a`, ` -u`, ` --user`, ` --password`).
        if (i > 0 && i + 2 < end && (ch(i - 1) == 32 || ch(i - 1) == 9)) {
          const f1 = ch(i + 1) == 45 ? ch(i + 2) : ch(i + 1);
          if (f1 == 112 || f1 == 117 || f1 == 97) cand |= C_CLIFLAG;
        }
        if (i + 6 < end && ch(i + 3) == 45 && ch(i + 6) == 45 && macAt(i, end)) cand |= C_MAC;
      }
    } else {
      curDigits = curDots = sepRun = sig = 0;
      if ((a & P_KEYSEP) != 0) {
        if ((fl & F_ASSIGN) == 0 && afterKey(i)) fl |= F_ASSIGN;
        if ((keys & K_SECRET) == 0 && secretKeyBefore(i)) keys |= K_SECRET;
        if (c == 58) {
          const nx = i + 1 < end ? ch(i + 1) : 0;
          // A Telegram bot token, `123456789:AA…`.
          if (nx == 65 && i >= 8 && i + 2 < end && ch(i + 2) == 65 && isDigit(ch(i - 1))) cand |= C_DOTKEY;
          if (nx == 58) fl |= F_DOUBLE_COLON;
          else if (i > 0 && isHex(ch(i - 1)) && isHex(nx)) {
            hexColons++;
            if (i + 6 < end && ch(i + 3) == 58 && ch(i + 6) == 58 && macAt(i, end)) cand |= C_MAC;
          }
        }
      } else if (c == 37) {
        // '%' continues a value's run (P_VAL), so it does not reach the written-out check below: `%40`.
        if (writtenAt(i, end)) fl |= F_WRITTEN_AT;
      } else if (c == 64) {
        fl |= F_AT;
        // `jane @ example.com`, `jane[@]example.com`: not the plain e-mail scanner's shape.
        const p = i > 0 ? ch(i - 1) : 0;
        const q = i + 1 < end ? ch(i + 1) : 0;
        if (p == 32 || p == 9 || p == 91 || p == 40 || p == 123 || p == 60 || q == 32 || q == 9 || q == 93 || q == 41 || q == 125 || q == 62) fl |= F_WRITTEN_AT;
      } else if (a == 0) {
        if (c == 39 && i > 0 && i + 1 < end && introContraction(i)) keys |= K_INTRO;
        else if (writesAt(c)) {
          if (c == 92) fl |= F_BACKSLASH;
          if (writtenAt(i, end)) fl |= F_WRITTEN_AT;
        } else if (c == 0xff20) fl |= F_WRITTEN_AT; // a full-width '@'
        // French `né le` / `née le` (born on): the é ends the one-letter word before it.
        else if ((c | 32) == 0xe9 && i > 0 && (ch(i - 1) | 32) == 110 && (i < 2 || !isWord(ch(i - 2)))) keys |= K_DOB;
        let j = i + 1;
        while (j < end) {
          const d = ch(j);
          if (d < 128) {
            if (u8at(PUNCT_AT, d) != 0 || d == 64 || (d >= 48 && d <= 57) || ((d | 32) >= 97 && (d | 32) <= 122)) break;
            if (writesAt(d)) {
              if (d == 92) fl |= F_BACKSLASH;
              if (writtenAt(j, end)) fl |= F_WRITTEN_AT;
            }
          } else if (d == 0xff20) fl |= F_WRITTEN_AT;
          j++;
        }
        tokenStart = valStart = j;
        i = j;
        continue;
      }
    }
    i++;
  }
  if (end - tokenStart >= 15) pfx |= tokenPrefixes(tokenStart, end, end);
  if (end - valStart > valRun) valRun = end - valStart;
  const o = <usize>OUT_AT;
  store<i32>(o, digits);
  store<i32>(o + 4, dots);
  store<i32>(o + 8, hexColons);
  store<i32>(o + 12, (fl & F_DOUBLE_COLON) != 0 ? 1 : 0);
  store<i32>(o + 16, (fl & F_PLUS_DIGIT) != 0 ? 1 : 0);
  store<i32>(o + 20, valRun);
  store<i32>(o + 24, keys);
  store<i32>(o + 28, shapes);
  store<i32>(o + 32, cand);
  store<i32>(o + 36, pfx);
  store<i32>(o + 40, ((fl & F_AT) != 0 ? 1 : 0) | ((fl & F_WRITTEN_AT) != 0 ? 2 : 0));
  store<i32>(o + 44, (fl & F_DASHES5) != 0 ? 1 : 0);
  store<i32>(o + 48, (fl & F_ASSIGN) != 0 ? 1 : 0);
  store<i32>(o + 60, digitsTotal);
  // `at` or `dot` alone is no candidate (most prose has one); both may spell an e-mail address.
  const k = (keys & K_WORDS_AT) == K_WORDS_AT ? keys : keys & ~K_WORDS_AT;
  const any = k != 0 || shapes != 0 || cand != 0 || dots >= 3 || pfx != 0 || (fl & (F_PLUS_DIGIT | F_AT | F_WRITTEN_AT | F_DOUBLE_COLON | F_DASHES5)) != 0 || hexColons >= 6;
  return (any ? SCAN_ANY : 0) | ((fl & F_BACKSLASH) != 0 ? SCAN_BACKSLASH : 0);
}

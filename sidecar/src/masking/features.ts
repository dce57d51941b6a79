// One pass over the text that says which detectors could match at all, so a value with no candidates
// costs about one read of its characters instead of one regex pass per detector. The pass walks runs,
// not characters: a run of letters or digits is skipped in a tight loop and looked at once where it
// ends (word endings for labels, digit-group lengths for shapes); only punctuation takes the slow path.
//
// Every flag here is a necessary condition of its detector (or wider), never narrower: a flag that is
// wrongly off would lose a finding, one that is wrongly on only costs a regex run.
import {
  afterKey, base58At, ciscoMacAt, dottedKeyAt, tokenPrefixes, bech32At, ethAt, IBAN_CC, isDigit, isHex, isUpper, isWord, letterNext, macAt,
} from './features-shapes.js';
import { isSignoff, K_NAMEKEY, K_ROLEWORD, K_SIGNOFF, K_TITLE, L2_RS, LAST2, SHORT2, wordEnd } from './features-words.js';

export {
  K_ADDRESS, K_BEARER, K_DOB, K_IDDOC, K_INTRO, K_KUBE, K_NAME, K_NAMEKEY, K_PHONE, K_ROLE, K_ROLES, K_ROLEWORD, K_SALUTATION, K_SECRET, K_SIGNOFF,
  K_SSN, K_TAX, K_TITLE,
} from './features-words.js';

/** Digit-group shapes seen (lengths of consecutive groups within one cluster). */
export const SH_SSN = 1; // 3-2-4
export const SH_NANP = 2; // 3-3-4
export const SH_9 = 8; // a 9-digit group
export const SH_9_NINE = 16; // a 9-digit group starting with 9 (an ITIN without separators)
export const SH_TRUNK = 128; // cluster starting with 0 and ≥ 9 digits
export const SH_CARD = 256; // ≥ 13 digits in a cluster from a group starting with 2–6 (every card brand's range)

/** Candidates by exact local shape (each a necessary condition of one detector's regex). */
export const C_MAC = 1; // HH:HH:HH:HH:HH:HH, with '-', or HHHH.HHHH.HHHH
export const C_NINO = 2; // two capitals at a word start, then a digit (optionally after a space)
export const C_B58 = 4; // a [A-Za-z0-9_] run of 26–35 characters starting with 1 or 3
export const C_NIR = 8; // 15 digits in groups joined by single spaces, or a Corsican 2A/2B
export const C_DNI = 16; // exactly 8 digits (not after a word character or '-'), then a capital
export const C_NIE = 32; // X/Y/Z, exactly 7 digits, then a capital
export const C_IBAN = 64; // an IBAN country code (either case) at a word start, then two digits
export const C_BECH32 = 128; // bc1 / tb1 / BC1 / TB1 at a \w-run start
export const C_JWT = 256; // eyJ at a token start
export const C_ETH = 512; // 0x at a \w-run start
export const C_HOOK = 1024; // hooks.slack (a Slack webhook URL)
export const C_ZIP = 2048; // two capitals at a word start, a space, five digits (`…, WI 09767`)
export const C_DOTKEY = 4096; // SG. / dp. / hvs. ending a token (a dotted API key's prefix)

export interface Features {
  /** Most digits in one cluster (digits joined by up to two separators: space - . / ( ) ). */
  digits: number;
  /** Most dots in one cluster (IPv4 needs 3). */
  dots: number;
  /** ':' between hex digits (IPv6), and '::'. */
  hexColons: number;
  doubleColon: boolean;
  /** A digit right after '+'. */
  plusDigit: boolean;
  /** Longest run of [A-Za-z0-9_-] and of [A-Za-z0-9/+]. */
  tokenRun: number;
  b64Run: number;
  /** K_* bits of labels seen. */
  keys: number;
  /** SH_* bits. */
  shapes: number;
  /** C_* bits. */
  cand: number;
  /** P_* bits (features-shapes.ts): key prefixes at the start of a long token. */
  pfx: number;
  /** An '@' (e-mail) and a run of five dashes (PEM armour). */
  at: boolean;
  dashes5: boolean;
  /**
   * A ':' or '=' right after a letter or digit (optionally then a quote and spaces): `key: v`,
   * `"key":`, `key = v`. Every `key: value` detector needs one.
   */
  assign: boolean;
  /** Where the first word a name key ends with (name, nombre, nom) ends, or -1. */
  nameEnd: number;
  /** Where the last such word ends, or -1 (no labelled name starts after it). */
  nameLast: number;
}

// Punctuation classes: keeps a token run ([A-Za-z0-9_-]), keeps a base64 run ([A-Za-z0-9/+]), joins
// a digit cluster (space - . / ( )), separates a key from its value (: =).
const P_TOKEN = 1, P_B64 = 2, P_SEP = 4, P_KEYSEP = 8;
const PUNCT = new Uint8Array(128);
PUNCT[95] = P_TOKEN;
PUNCT[45] = P_TOKEN | P_SEP;
PUNCT[43] = P_B64;
PUNCT[47] = P_B64 | P_SEP;
for (const c of ' .()') PUNCT[c.charCodeAt(0)] = P_SEP;
PUNCT[58] = PUNCT[61] = P_KEYSEP;

// Classes of the character before a digit run: 0 for the punctuation that needs no look (quotes, ':',
// ',', '.', …); PV_WORD marks \w (letters and '_': the run does not start a \w run).
const PV_UPPER = 33, PV_LOWER = 34, PV_UNDERSCORE = 35, PV_WORD = 32, PV_PLUS = 1, PV_SPACE = 2, PV_DASH = 3;
const PREV = new Uint8Array(128);
for (let c = 65; c <= 90; c++) PREV[c] = PV_UPPER;
for (let c = 97; c <= 122; c++) PREV[c] = PV_LOWER;
PREV[95] = PV_UNDERSCORE;
PREV[43] = PV_PLUS;
PREV[32] = PV_SPACE;
PREV[45] = PV_DASH;

// One result object, overwritten by every call: the engine reads it before the next value, and a
// value per call would be garbage for every row and message.
const OUT: Features = {
  digits: 0, dots: 0, hexColons: 0, doubleColon: false, plusDigit: false, tokenRun: 0, b64Run: 0, keys: 0, shapes: 0,
  cand: 0, pfx: 0, at: false, dashes5: false, assign: false, nameEnd: -1,
  nameLast: -1,
};

/**
 * Features of text[start, end) (a range, so long texts are not sliced just to be gated). The returned
 * object is reused by the next call: read it first.
 */
export function features(text: string, start = 0, end = text.length): Features {
  // Digit clusters: groups of digits joined by up to two separators (space - . / ( )).
  let digits = 0, dots = 0, curDigits = 0, curDots = 0, sepRun = 0, sig = 0, shapes = 0, cand = 0;
  // cardFrom: cluster digits before its first group that starts with 2–6 (a card brand), or -1.
  let firstZero = false, cardFrom = -1, spCur = 0;
  let hexColons = 0, doubleColon = false, plusDigit = false, at = false, dashes5 = false, assign = false;
  let tokenRun = 0, tokenStart = start, pfx = 0, b64Run = 0, b64Start = start;
  let keys = 0, nameEnd = -1, nameLast = -1;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 97 ? c <= 122 : c >= 65 && c <= 90) {
      // A letter run: words split before a capital that follows a lowercase letter (camelCase).
      curDigits = curDots = sepRun = sig = 0;
      if ((c === 65 || c === 66) && i > start && text.charCodeAt(i - 1) === 50) cand |= C_NIR; // Corsica: 2A, 2B
      if (c === 101 && i + 2 < end && text.charCodeAt(i + 1) === 121 && text.charCodeAt(i + 2) === 74) cand |= C_JWT; // eyJ
      let ws = i;
      let j = i + 1;
      let e = 0;
      for (;;) {
        while (j < end) {
          e = text.charCodeAt(j);
          if (e < 97 || e > 122) break;
          j++;
        }
        if (j >= end || e < 65 || e > 90) break;
        if (text.charCodeAt(j - 1) >= 97) {
          if (j - ws >= 2 && LAST2[((text.charCodeAt(j - 2) & 31) << 5) | (text.charCodeAt(j - 1) & 31)] !== 0) keys |= wordEnd(text, ws, j) & ~K_ROLEWORD;
          ws = j;
        }
        j++;
      }
      const wl = j - ws;
      if (wl >= 2) {
        const l2 = ((text.charCodeAt(j - 2) & 31) << 5) | (text.charCodeAt(j - 1) & 31);
        if (wl <= 3) {
          // `is`, `am`; a title only with a capital (Mr, Mrs, Dr).
          const x = wl === 2 ? SHORT2[l2]! : l2 === L2_RS && text.charCodeAt(ws) === 77 ? K_TITLE : 0;
          if (x !== 0) keys |= x === K_TITLE && text.charCodeAt(ws) >= 97 ? 0 : x;
        } else if (j < end && (e === 44 || e === 33 || e === 10 || e === 13) && isSignoff(text, j)) keys |= K_SIGNOFF; // `Regards,`
        // Most words end in two letters no label ends in: the table says so without a call.
        if (LAST2[l2] !== 0) {
          let b = wordEnd(text, ws, j);
          // A camelCase run whose last word is short (`WhatsApp`): its label ending spans the split.
          if (ws > i && wl < 4) b |= wordEnd(text, i, j) & ~K_NAMEKEY;
          // A role word counts before ` Capital…` (`Patient Martha Thiel`).
          if ((b & K_ROLEWORD) !== 0 && !(e === 32 && j + 1 < end && isUpper(text.charCodeAt(j + 1)))) b &= ~K_ROLEWORD;
          if ((b & K_NAMEKEY) !== 0) {
            if (nameEnd < 0) nameEnd = j;
            nameLast = j;
          }
          keys |= b;
        }
      }
      // bc1 / tb1 (either case, not mixed): two letters at a \w-run start, then '1'.
      if (j - i === 2 && e === 49 && j < end && (i === start || !isWord(text.charCodeAt(i - 1)))) if (bech32At(text, i)) cand |= C_BECH32;
      if (e === 46 && j - i === 5 && text.startsWith('hooks.slack', i)) cand |= C_HOOK;
      if (e === 32 && j + 1 < end) {
        // One space between two words (most of any prose): it only ends the token and base64 runs,
        // so it is handled here instead of in the punctuation path below.
        const n = text.charCodeAt(j + 1);
        if (n >= 97 ? n <= 122 : n >= 65 && n <= 90) {
          const tl = j - tokenStart;
          if (tl >= 15) pfx |= tokenPrefixes(text, tokenStart, j);
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
      while (j < end) {
        e = text.charCodeAt(j);
        if (e < 48 || e > 57) break;
        j++;
      }
      if (j >= end) e = 0;
      const len = j - i;
      const p = i > start ? text.charCodeAt(i - 1) : 0;
      if (curDigits === 0) {
        firstZero = c === 48;
        cardFrom = -1;
      }
      if (cardFrom < 0 && c >= 50 && c <= 54) cardFrom = curDigits;
      // What precedes the run decides the candidate checks; most runs follow a quote, ':' or ','
      // (class 0), which only leaves the \w-run-start checks.
      const pv = p < 128 ? PREV[p]! : 0;
      if ((pv & PV_WORD) === 0) {
        // At a \w-run start: a DNI's 8 digits, a base58 address (1… or 3…), an ETH address (0x…).
        if (len === 8 && p !== 45 && letterNext(text, j, end)) cand |= C_DNI;
        if (c === 49 || c === 51) {
          // 26–35 \w characters: more than these digits only if a letter or '_' follows them.
          if ((len >= 26 || isWord(e)) && base58At(text, i, j, end)) cand |= C_B58;
        }
        else if (len === 1 && c === 48 && e === 120 && ethAt(text, j + 1, end)) cand |= C_ETH;
      }
      if (pv === 0) spCur = len;
      else if (pv === PV_SPACE) {
        if (i - 3 >= start && isUpper(text.charCodeAt(i - 2)) && isUpper(text.charCodeAt(i - 3)) &&
          (i - 4 < start || !isWord(text.charCodeAt(i - 4)))) cand |= len === 5 ? C_NINO | C_ZIP : C_NINO;
        // FR NIR: groups joined by single spaces only.
        spCur = i - 2 >= start && isDigit(text.charCodeAt(i - 2)) ? spCur + len : len;
      } else {
        spCur = len;
        if (pv === PV_UPPER) {
          // Two capitals at a word start right before the digits: a NINO, or an IBAN's country code.
          const q = i - 2 >= start ? text.charCodeAt(i - 2) : 0;
          if (isUpper(q) && (i - 3 < start || !isWord(text.charCodeAt(i - 3)))) {
            cand |= C_NINO;
            if (len >= 2 && IBAN_CC[((q & 31) << 5) | (p & 31)] !== 0) cand |= C_IBAN;
          }
          if (len === 7 && (p === 88 || p === 89 || p === 90) && letterNext(text, j, end)) cand |= C_NIE;
        } else if (pv === PV_LOWER) {
          // An IBAN written in lower case (`de89 3704 …`): its country code, at a word start.
          const q = i - 2 >= start ? text.charCodeAt(i - 2) : 0;
          if (len >= 2 && q >= 97 && q <= 122 && IBAN_CC[((q & 31) << 5) | (p & 31)] !== 0 && (i - 3 < start || !isWord(text.charCodeAt(i - 3)))) cand |= C_IBAN;
        } else if (pv === PV_PLUS) plusDigit = true;
        else if (pv === PV_DASH && len === 7 && i - 2 >= start) {
          const q = text.charCodeAt(i - 2);
          if ((q === 88 || q === 89 || q === 90) && letterNext(text, j, end)) cand |= C_NIE;
        }
      }
      if (spCur >= 15) cand |= C_NIR;
      curDigits += len;
      if (curDigits > digits) digits = curDigits;
      if (firstZero && curDigits >= 9) shapes |= SH_TRUNK;
      // A card may start at any group of the cluster (the validator tries sub-runs of whole groups).
      if (cardFrom >= 0 && curDigits - cardFrom >= 13) shapes |= SH_CARD;
      sepRun = 0;
      // Group lengths of the cluster, 4 bits each: 3-2-4 (SSN) and 3-3-4 (NANP) end in a 4.
      sig = ((sig << 4) | (len > 15 ? 15 : len)) & 0xfff;
      if (len === 4) {
        if (sig === 0x324) shapes |= SH_SSN;
        // 3-3-4, or 4-3-4 when a leading 1 is glued to the area code (1415.555.2671).
        else if (sig === 0x334 || sig === 0x434) shapes |= SH_NANP;
      } else if (len === 9) shapes |= c === 57 ? SH_9 | SH_9_NINE : SH_9;
      i = j;
      continue;
    }
    // Punctuation, space, non-ASCII: ends the token and base64 runs unless it belongs to them ('_'
    // and '-' to tokens, '/' and '+' to base64).
    const a = c < 128 ? PUNCT[c]! : 0;
    if ((a & P_TOKEN) === 0) {
      // `SG.`, `dp.`, `hvs.`: a dotted key's prefix is the token that ends at this dot.
      if (c === 46 && i - tokenStart <= 3 && i - tokenStart >= 2 && dottedKeyAt(text, tokenStart, i)) cand |= C_DOTKEY;
      if (i - tokenStart >= 15) pfx |= tokenPrefixes(text, tokenStart, i);
      if (i - tokenStart > tokenRun) tokenRun = i - tokenStart;
      tokenStart = i + 1;
    }
    if ((a & P_B64) === 0) {
      if (i - b64Start > b64Run) b64Run = i - b64Start;
      b64Start = i + 1;
    }
    if ((a & P_SEP) !== 0) {
      if (++sepRun > 2) curDigits = curDots = sig = 0;
      if (c === 46) {
        if (curDigits > 0 && ++curDots > dots) dots = curDots;
        if (i + 5 < end && text.charCodeAt(i + 5) === 46 && ciscoMacAt(text, i, start, end)) cand |= C_MAC;
      } else if (c === 45) {
        if (!dashes5 && i + 4 < end && text.charCodeAt(i + 1) === 45 && text.charCodeAt(i + 2) === 45 &&
          text.charCodeAt(i + 3) === 45 && text.charCodeAt(i + 4) === 45) dashes5 = true;
        if (i + 6 < end && text.charCodeAt(i + 3) === 45 && text.charCodeAt(i + 6) === 45 && macAt(text, i, start, end)) cand |= C_MAC;
      }
    } else {
      curDigits = curDots = sepRun = sig = 0;
      if ((a & P_KEYSEP) !== 0) {
        if (!assign) assign = afterKey(text, i, start);
        if (c === 58) {
          const nx = i + 1 < end ? text.charCodeAt(i + 1) : 0;
          if (nx === 58) doubleColon = true;
          else if (i > start && isHex(text.charCodeAt(i - 1)) && isHex(nx)) {
            hexColons++;
            if (i + 6 < end && text.charCodeAt(i + 3) === 58 && text.charCodeAt(i + 6) === 58 && macAt(text, i, start, end)) cand |= C_MAC;
          }
        }
      } else if (c === 64) at = true;
      else if (a === 0) {
        // Plain punctuation (quotes, commas, braces, non-ASCII …) changes nothing after the first:
        // skip the rest of such a run (`","`, `"}`) with the runs already ended.
        let j = i + 1;
        while (j < end) {
          const d = text.charCodeAt(j);
          if (d < 128 && (PUNCT[d] !== 0 || d === 64 || (d >= 48 && d <= 57) || ((d | 32) >= 97 && (d | 32) <= 122))) break;
          j++;
        }
        tokenStart = b64Start = j;
        i = j;
        continue;
      }
    }
    i++;
  }
  if (end - tokenStart >= 15) pfx |= tokenPrefixes(text, tokenStart, end);
  if (end - tokenStart > tokenRun) tokenRun = end - tokenStart;
  if (end - b64Start > b64Run) b64Run = end - b64Start;
  const f = OUT;
  f.digits = digits;
  f.dots = dots;
  f.hexColons = hexColons;
  f.doubleColon = doubleColon;
  f.plusDigit = plusDigit;
  f.tokenRun = tokenRun;
  f.b64Run = b64Run;
  f.keys = keys;
  f.shapes = shapes;
  f.cand = cand;
  f.pfx = pfx;
  f.at = at;
  f.dashes5 = dashes5;
  f.assign = assign;
  f.nameEnd = nameEnd;
  f.nameLast = nameLast;
  return f;
}

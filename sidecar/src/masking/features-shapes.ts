// Character classes and the exact local shapes the feature pass (features.ts) checks where a run
// starts or ends: each returns true only if the detector's regex could match there, so a false is a
// proof that it cannot, and a true only costs a regex run.
import { IBAN_LENGTHS } from './validators.js';

// ASCII classes: [A-Za-z0-9_] (regex \w without the u flag) and hex digits.
const WORD = 1, HEX = 2;
const CLS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLS[c] = WORD | HEX;
for (let c = 65; c <= 90; c++) CLS[c] = WORD | (c <= 70 ? HEX : 0);
for (let c = 97; c <= 122; c++) CLS[c] = WORD | (c <= 102 ? HEX : 0);
CLS[95] = WORD;
export const isWord = (c: number) => c < 128 && (CLS[c]! & WORD) !== 0;
export const isHex = (c: number) => c < 128 && (CLS[c]! & HEX) !== 0;
export const isUpper = (c: number) => c >= 65 && c <= 90;
export const isDigit = (c: number) => c >= 48 && c <= 57;

/** IBAN country codes, indexed by the two letters' low five bits. */
export const IBAN_CC = new Uint8Array(1024);
for (const cc of Object.keys(IBAN_LENGTHS)) IBAN_CC[((cc.charCodeAt(0) & 31) << 5) | (cc.charCodeAt(1) & 31)] = 1;

/** A MAC address shape with its first separator at i: HH s HH s HH s HH s HH s HH, one separator kind. */
export function macAt(text: string, i: number, start: number, end: number): boolean {
  if (i - 2 < start || i + 15 > end || !isHex(text.charCodeAt(i - 1)) || !isHex(text.charCodeAt(i - 2))) return false;
  const s = text.charCodeAt(i);
  for (let k = i; k < i + 15; k += 3) {
    if ((k > i && text.charCodeAt(k) !== s) || !isHex(text.charCodeAt(k + 1)) || !isHex(text.charCodeAt(k + 2))) return false;
  }
  return true;
}

/** A Cisco-style MAC (HHHH.HHHH.HHHH) with its first dot at i. */
export function ciscoMacAt(text: string, i: number, start: number, end: number): boolean {
  if (i - 4 < start || i + 10 > end) return false;
  // Groups at i-4, i+1 and i+6 (the second dot, at i+5, was checked by the caller).
  for (let g = i - 4; g <= i + 6; g += 5) {
    for (let k = g; k < g + 4; k++) if (!isHex(text.charCodeAt(k))) return false;
  }
  return true;
}

/** Whether text[i] (':' or '=') follows a key: [A-Za-z0-9], then an optional quote, then [ \t]*. */
export function afterKey(text: string, i: number, start: number): boolean {
  let b = i - 1;
  while (b >= start && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b--;
  if (b >= start && (text.charCodeAt(b) === 34 || text.charCodeAt(b) === 39)) b--;
  if (b < start) return false;
  const c = text.charCodeAt(b);
  return isWord(c) && c !== 95;
}

/** A capital at j, directly or after '-': the check letter of a NIE or DNI. */
export function letterNext(text: string, j: number, end: number): boolean {
  const n = j < end ? text.charCodeAt(j) : 0;
  return isUpper(n) || (n === 45 && j + 1 < end && isUpper(text.charCodeAt(j + 1)));
}

/** bc / tb / BC / TB at i (the caller saw a '1' after them). */
export function bech32At(text: string, i: number): boolean {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const pair = ((a | 32) << 8) | (b | 32);
  return (pair === 0x6263 || pair === 0x7462) && (a & 32) === (b & 32);
}

/** A \w run from i (which starts it; digits up to j already seen) of 26–35 characters: base58 length. */
export function base58At(text: string, i: number, j: number, end: number): boolean {
  let k = j;
  while (k < end && k - i <= 35 && isWord(text.charCodeAt(k))) k++;
  return k - i >= 26 && k - i <= 35;
}

/** Exactly 40 hex digits from i, then no \w: the body of an ETH address after 0x. */
export function ethAt(text: string, i: number, end: number): boolean {
  if (i + 40 > end) return false;
  for (let k = i; k < i + 40; k++) if (!isHex(text.charCodeAt(k))) return false;
  return i + 40 === end || !isWord(text.charCodeAt(i + 40));
}

/** Key prefix bits (one per prefixed detector; gates.ts maps them to detectors). */
export const P_AWS = 1, P_GOOGLE = 2, P_GITHUB = 4, P_GITLAB = 8, P_SLACK = 16, P_STRIPE = 32, P_ANTHROPIC = 64;
export const P_OPENAI = 128, P_NPM = 256, P_OTHER = 512, ALL_PREFIXES = 1023;
/** The published prefixes every prefixed detector's regex starts with, tried at one position. */
const PREFIX = /A(?:KIA|SIA|BIA|CCA|IDA|ROA|IPA|NPA|NVA|GPA|PKA|Iza)|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|cbt|ft|soat|agent|oas)-|xox|xapp-|[spr]k_(?:live|test)_|whsec_|sk-|npm_/y;
/** Other services' published prefixes (the API_KEY detector, detectors-secrets.ts). */
const OTHER_PREFIX = /hf_|do[por]_v1_|pypi-|dckr_pat_|shp(?:at|ss|ca|pa)_|glsa_|glc_|lin_api_|PMAK-|NRAK-|dapi|SK|key-/y;
/** First characters of all those prefixes. */
export const FIRST = new Uint8Array(128);
for (const c of 'AgxsprwnhdlPNSk') FIRST[c.charCodeAt(0)] = 1;

/**
 * Prefix bits of the keys that could start in the token text[s, e) ([A-Za-z0-9_-], at least 15 long):
 * at its start and after each '_' or '-' in it. The keys' regexes look behind for no [A-Za-z0-9], so
 * these are the only places one starts, each at least 15 characters before the token ends. Tokens
 * this long are rare, so one is scanned again only when it ends.
 */
export function tokenPrefixes(text: string, s: number, e: number): number {
  let bits = FIRST[text.charCodeAt(s)] === 1 ? prefixAt(text, s) : 0;
  // A key starting after k is at least 15 characters inside the token.
  for (let k = s; k < e - 15; k++) {
    const c = text.charCodeAt(k);
    if ((c === 95 || c === 45) && FIRST[text.charCodeAt(k + 1)] === 1) bits |= prefixAt(text, k + 1);
  }
  return bits;
}

/** text[s, i) is `SG`, `dp` or `hvs` (the prefix of a dotted key, the dot at i). */
export function dottedKeyAt(text: string, s: number, i: number): boolean {
  const a = text.charCodeAt(s), b = text.charCodeAt(s + 1);
  if (i - s === 2) return (a === 83 && b === 71) || (a === 100 && b === 112);
  return a === 104 && b === 118 && text.charCodeAt(s + 2) === 115;
}

/** Prefix bits of a key starting at q (0 when none). */
export function prefixAt(text: string, q: number): number {
  PREFIX.lastIndex = q;
  const m = PREFIX.exec(text);
  if (m === null) {
    OTHER_PREFIX.lastIndex = q;
    return OTHER_PREFIX.test(text) ? P_OTHER : 0;
  }
  const p = m[0];
  const c = p.charCodeAt(0);
  return c === 65 ? (p === 'AIza' ? P_GOOGLE : P_AWS)
    : c === 103 ? (p.charCodeAt(1) === 108 ? P_GITLAB : P_GITHUB)
    : c === 120 ? P_SLACK
    : c === 110 ? P_NPM
    : p === 'sk-' ? (text.startsWith('ant-', q + 3) ? P_ANTHROPIC : P_OPENAI)
    : P_STRIPE;
}

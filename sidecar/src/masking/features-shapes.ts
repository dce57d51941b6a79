// Character classes and key prefixes the feature pass (features.ts, run in WebAssembly from
// assembly/features.ts) looks up: built here once and copied into the module's memory, so the tables
// have one source.
import { IBAN_LENGTHS } from './validators.js';

// ASCII classes: [A-Za-z0-9_] (regex \w without the u flag), hex digits, and Bitcoin's base58 alphabet.
/** WRITES_AT: a character that may begin an '@' or a dot written out (`[at]`, `(dot)`, `%40`, `&#64;`, `\\u0040`). */
export const WORD = 1, HEX = 2, WRITES_AT = 4, B58 = 8;
export const CLS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLS[c] = WORD | HEX;
for (let c = 65; c <= 90; c++) CLS[c] = WORD | (c <= 70 ? HEX : 0);
for (let c = 97; c <= 122; c++) CLS[c] = WORD | (c <= 102 ? HEX : 0);
CLS[95] = WORD;
// [1-9A-HJ-NP-Za-km-z]: no 0, O, I or l (detectors-pii.ts btc-base58).
for (let c = 49; c < 123; c++) if ((CLS[c]! & WORD) !== 0 && c !== 95 && !'0OIl'.includes(String.fromCharCode(c))) CLS[c]! |= B58;
for (const c of '[({<%&\\') CLS[c.charCodeAt(0)]! |= WRITES_AT;

/** IBAN country codes, indexed by the two letters' low five bits: the country's IBAN length (15–34), else 0. */
export const IBAN_CC = new Uint8Array(1024);
for (const [cc, len] of Object.entries(IBAN_LENGTHS)) IBAN_CC[((cc.charCodeAt(0) & 31) << 5) | (cc.charCodeAt(1) & 31)] = len;

/** Key prefix bits (one per prefixed detector; gates.ts maps them to detectors). */
export const P_AWS = 1, P_GOOGLE = 2, P_GITHUB = 4, P_GITLAB = 8, P_SLACK = 16, P_STRIPE = 32, P_ANTHROPIC = 64;
export const P_OPENAI = 128, P_NPM = 256, P_OTHER = 512, P_PEM64 = 1024;

const each = (bit: number, ...ps: string[]) => ps.map((p) => [p, bit] as const);
/**
 * The published prefixes the prefixed detectors' regexes start with (detectors-secrets.ts). At one
 * position the first listed prefix found there names the detector (`sk-ant-` before `sk-`); only when
 * none is found are the other services' prefixes (the API_KEY detector) tried.
 */
export const KEY_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ...each(P_AWS, 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'AGPA', 'APKA'),
  ...each(P_GOOGLE, 'AIza'),
  ...each(P_GITHUB, 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'),
  ...each(P_GITLAB, 'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glft-', 'glsoat-', 'glagent-', 'gloas-'),
  ...each(P_SLACK, 'xox', 'xapp-'),
  ...each(P_STRIPE, 'sk_live_', 'sk_test_', 'pk_live_', 'pk_test_', 'rk_live_', 'rk_test_', 'whsec_'),
  ...each(P_ANTHROPIC, 'sk-ant-'),
  ...each(P_OPENAI, 'sk-'),
  ...each(P_NPM, 'npm_'),
  // A base64-encoded PEM block (`-----BEGI`): detectors-secrets.ts pem-private-key-base64.
  ...each(P_PEM64, 'LS0tLS1CRUdJ'),
];
export const OTHER_PREFIXES: readonly string[] = [
  'hf_', 'dop_v1_', 'doo_v1_', 'dor_v1_', 'pypi-', 'dckr_pat_', 'shpat_', 'shpss_', 'shpca_', 'shppa_', 'glsa_', 'glc_',
  'lin_api_', 'PMAK-', 'NRAK-', 'dapi', 'SK', 'key-',
];
/** First characters of all those prefixes. */
export const FIRST = new Uint8Array(128);
for (const p of [...KEY_PREFIXES.map(([p]) => p), ...OTHER_PREFIXES]) FIRST[p.charCodeAt(0)] = 1;

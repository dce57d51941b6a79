// Memory layout, constants and character access of the feature pass (features.ts): the offsets at
// which the host writes its tables, and the flag values it checks against its own at load.

export const LAST2_AT: i32 = 0; // u8[1024]: last two letters of a label ending (2: a two-letter one, 1: a longer one)
export const SHORT2_AT: i32 = 16384; // i32[1024]: two-letter words (is, am, Mr, DL …) → K_* bits
// 1024–2559: AssemblyScript's static data (the pass's few string literals); build-wasm.mjs checks it ends below RC_AT.
export const RC_AT: i32 = 2560; // u64[24]: Keccak round constants (keccak.ts)
export const KECCAK_AT: i32 = 2752; // u8[32]: the last Keccak-256 digest
export const TKEYS_AT: i32 = 3072; // i32[1024]: packed word endings (open addressing)
export const TBITS_AT: i32 = 7168; // u32[1024]: their K_* bits
export const IBANCC_AT: i32 = 11264; // u8[1024]: IBAN country codes by packed letters
export const PUNCT_AT: i32 = 12288; // u8[128]
export const PREV_AT: i32 = 12416; // u8[128]
export const CLS_AT: i32 = 12544; // u8[128]: WORD | HEX | WRITES_AT
export const FIRST_AT: i32 = 12672; // u8[128]: first characters of key prefixes
export const OUT_AT: i32 = 12864; // i32[16]: results
export const PFX_AT: i32 = 13056; // i32 count, then 16-byte entries: u8 len, u8 other, u16 bit, u8[12] chars
export const PFXIDX_AT: i32 = 15360; // u8[128][2]: the entries starting with each ASCII character, [from, to)
export const STEMS_AT: i32 = 15616; // i32 count, then 16-byte entries: u8 len, u8 pad, u8[14] lower-case chars
export const STEMIDX_AT: i32 = 15904; // u8[128][2]: the stems starting with each ASCII character (either case), [from, to)
export const EXTRAL2_AT: i32 = 20480; // u8[1024]: last two letters of a whole word below (1), of a number suffix (2)
export const WHOLE_AT: i32 = 21504; // i32 count, then 16-byte entries: u8 len, i32 bits at +4, u8[8] lower-case chars at +8
export const STEMTRI_AT: i32 = 22528; // bit[32768]: first three letters (codes 1–26 each) of a secret key stem
export const LAST3_AT: i32 = 26624; // bit[32768]: last three letters (codes 1–26) of the endings longer than two
export const TEXT_AT: i32 = 30720; // u16 text
export const SLACK: i32 = 8; // code units scan() may read past the text (skipRange)

// Constants shared with the host: every exported number is checked against the TypeScript constant
// of the same name when the module is loaded, so the two cannot drift apart.
export const K_SECRET: i32 = 1;
export const K_IDDOC: i32 = 131072;
/** An ending that is an identity-number label only with a number suffix after it (`account no`, `acct #`); wordEnd() resolves it to K_IDDOC or nothing. */
export const K_IDDOC_NUM: i32 = 268435456;
export const K_ROLEWORD: i32 = 65536;
export const K_NAMEKEY: i32 = 256;
export const K_TITLE: i32 = 16384;
export const K_DOB: i32 = 2;
export const K_INTRO: i32 = 8192;
export const K_ATWORD: i32 = 1048576;
/** `at` after a word ending like lives / living / resides (`lives at 42 Wallaby Way`): an address may follow. */
export const K_LIVES_AT: i32 = 536870912;
export const K_PHONE: i32 = 64;
/** `reach` / `reached` as whole words: a phone's label only before `at` / `on` (`reach me at …`); extraLabels() resolves it. */
export const K_REACH: i32 = 1073741824;
/**
 * SHORT2's value for the prepositions a home verb takes in the other label languages (`vivo en`, `habite au`, `wohne in`,
 * `abito in`, `woon op`, `moro na`): wordLabels() makes it K_LIVES_AT after such a verb (homeVerbBefore()), else nothing.
 */
export const K_PREP: i32 = -2147483648;
export const K_DOTWORD: i32 = 2097152;
/** `ot`, the last two letters of `dot` (an e-mail written out, `jane at example dot com`); the pass's own. */
export const L2_OT: i32 = (15 << 5) | 20;
export const CAP_ONLY: i32 = 1024 | 4096 | 524288 | 67108864;
export const L2_RS: i32 = (18 << 5) | 19;
/** `of`, the ending of the one four-letter title (`Prof`); the pass's own, not the host's. */
export const L2_OF: i32 = (15 << 5) | 6;

export const SH_SSN: i32 = 1;
/** Of the 3-2-4 shapes (SH_SSN), one whose area (first three digits) is neither 000, 666 nor 9xx; one whose area is 9xx. */
export const SH_SSN_AREA: i32 = 4;
export const SH_SSN_9XX: i32 = 32;
export const SH_NANP: i32 = 2;
export const SH_9: i32 = 8;
export const SH_9_NINE: i32 = 16;
export const SH_TRUNK: i32 = 128;
export const SH_CARD: i32 = 256;
export const SH_CPF: i32 = 512;
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
export const C_UKPC: i32 = 8192;
export const C_CLIFLAG: i32 = 16384;
export const C_CF: i32 = 32768;
export const P_TOKEN: i32 = 1;
export const P_SEP: i32 = 4;
export const P_KEYSEP: i32 = 8;
export const P_VAL: i32 = 16;
export const PV_UPPER: i32 = 33;
export const PV_LOWER: i32 = 34;
export const PV_WORD: i32 = 32;
export const PV_PLUS: i32 = 1;
export const PV_SPACE: i32 = 2;
export const PV_DASH: i32 = 3;
export const WORD: i32 = 1;
export const HEX: i32 = 2;
export const WRITES_AT: i32 = 4;
/** The base58 alphabet: [1-9A-HJ-NP-Za-km-z]. */
export const B58: i32 = 8;
/** scan()'s result: some detector could match; the text holds a backslash (an escape, escapes.ts). */
export const SCAN_ANY: i32 = 1;
export const SCAN_BACKSLASH: i32 = 2;
export const P_OTHER: i32 = 512;

/** Bit t of the bit table at base (STEMTRI, LAST3: three letters packed as 15 bits). */
@inline export function bitAt(base: i32, t: u32): bool {
  return ((<u32>load<u8>(<usize>base + (t >> 3)) >> (t & 7)) & 1) != 0;
}
@inline export function ch(i: i32): i32 {
  return <i32>load<u16>(<usize>TEXT_AT + (<usize>i << 1));
}
@inline export function u8at(base: i32, i: i32): i32 {
  return <i32>load<u8>(<usize>(base + i));
}
@inline export function isWord(c: i32): bool {
  return c < 128 && (u8at(CLS_AT, c) & WORD) != 0;
}
@inline export function isB58(c: i32): bool {
  return c < 128 && (u8at(CLS_AT, c) & B58) != 0;
}
@inline export function isHex(c: i32): bool {
  return c < 128 && (u8at(CLS_AT, c) & HEX) != 0;
}
/** A blank between a label and its value: space, tab, and the no-break spaces French puts before ':' (labels.ts BLANK). */
@inline export function isBlank(c: i32): bool {
  return c == 32 || c == 9 || c == 0xa0 || c == 0x202f;
}
@inline export function isUpper(c: i32): bool {
  return c >= 65 && c <= 90;
}
@inline export function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}
@inline export function at(i: i32, n: i32): i32 {
  return i < n ? ch(i) : 0;
}

@inline export function writesAt(c: i32): bool {
  return c < 128 && (u8at(CLS_AT, c) & WRITES_AT) != 0;
}

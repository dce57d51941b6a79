// One pass over the text that says which detectors could match at all, so a value with no candidates
// costs about one read of its characters instead of one regex pass per detector. The pass walks runs,
// not characters: a run of letters or digits is skipped in a tight loop and looked at once where it
// ends (word endings for labels, digit-group lengths for shapes); only punctuation takes the slow path.
// It runs in WebAssembly (assembly/features.ts, embedded as features-wasm.ts): the same walk in
// JavaScript spent most of the masking time (docs/adr/0010-masking-feature-pass-wasm.md). This module
// defines what the flags mean, builds the lookup tables, and copies each text into the module.
//
// Every flag here is a necessary condition of its detector (or wider), never narrower: a flag that is
// wrongly off would lose a finding, one that is wrongly on only costs a regex run.
import { B58, CLS, FIRST, HEX, IBAN_CC, KEY_PREFIXES, OTHER_PREFIXES, P_OTHER, WORD, WRITES_AT } from './features-shapes.js';
import { FEATURES_WASM } from './features-wasm.js';
import { CAP_ONLY, K_ATWORD, K_DOB, K_DOTWORD, K_IDDOC, K_IDDOC_NUM, K_INTRO, K_LIVES_AT, K_PHONE, K_PREP, K_REACH, K_NAMEKEY, K_ROLEWORD, K_SECRET, K_TITLE, L2_RS, LAST2, LAST3, SECRET_KEY_STEMS, STEM_TRIGRAMS, SHORT2, TABLE_BITS, TABLE_KEYS, EXTRA_L2, WHOLE_WORDS } from './features-words.js';

export {
  K_ADDRESS, K_ATWORD, K_BEARER, K_COOKIE, K_LIVES_AT, K_CVV, K_DOB, K_DOTWORD, K_IDDOC, K_INTRO, K_INTRO_OTHER, K_KUBE, K_SALUTATION_OTHER, K_SIGNOFF_OTHER, K_SIGNOFF_OTHER_CAP, K_NAME, K_NAMEKEY, K_PASSWORD, K_PHONE, K_ROLE, K_ROLES, K_ROLEWORD, K_SALUTATION, K_SECRET, K_SIGNOFF,
  K_SSN, K_TAX, K_TITLE,
} from './features-words.js';

/** Digit-group shapes seen (lengths of consecutive groups within one cluster). */
export const SH_SSN = 1; // 3-2-4
export const SH_SSN_AREA = 4; // 3-2-4 with one separator kind, its area (first group) neither 000, 666 nor 9xx: us-ssn's
export const SH_SSN_9XX = 32; // 3-2-4 with one separator kind, its area 9xx: us-itin's
export const SH_NANP = 2; // 3-3-4
export const SH_9 = 8; // a 9-digit group
export const SH_9_NINE = 16; // a 9-digit group starting with 9 (an ITIN without separators)
export const SH_TRUNK = 128; // cluster starting with 0 and ≥ 9 digits
export const SH_CARD = 256; // ≥ 13 digits in a cluster from a group starting with 2–6 or 8 (every card brand's range)
export const SH_CPF = 512; // groups of 3, 3, 3 and, after a '-', 2 digits in a cluster (a Brazilian CPF, 123.456.789-09)

/** Candidates by exact local shape (each a necessary condition of one detector's regex). */
export const C_MAC = 1; // HH:HH:HH:HH:HH:HH, with '-', or HHHH.HHHH.HHHH
export const C_NINO = 2; // two capitals at a word start, then three digit pairs and a suffix letter A–D (spaces allowed between; assembly/shapes.ts ninoAt)
export const C_B58 = 4; // a [A-Za-z0-9_] run of 26–35 base58 characters starting with 1 or 3 (Bitcoin), L or M (Litecoin)
export const C_NIR = 8; // 15 digits from a 1, 2, 3, 7 or 8, spaced only where a NIR may be (assembly/features.ts NIR_ENDS), or a Corsican 2A/2B
export const C_DNI = 16; // exactly 8 digits (not after a word character or '-'), or `.ddd.ddd`, then a capital
export const C_NIE = 32; // X/Y/Z, exactly 7 digits, then a capital
export const C_IBAN = 64; // an IBAN country code (either case) at a word start, two digits, then characters enough for that country's IBAN length
export const C_BECH32 = 128; // bc1 / tb1 / ltc1 (either case) at a \w-run start
export const C_JWT = 256; // eyJ at a token start
export const C_ETH = 512; // 0x at a \w-run start
export const C_HOOK = 1024; // hooks.slack (a Slack webhook URL), webhooks/ (a Discord one)
export const C_ZIP = 2048; // two capitals at a word start, a space, five digits (`…, WI 09767`)
export const C_DOTKEY = 4096; // SG. / dp. / hvs. / ya29. ending a token (a dotted key's prefix), or a digit, `:AA` (a Telegram bot token)
export const C_UKPC = 8192; // a space, one digit, two capitals ending a word (a UK postcode's inward code, ` 6XE`)
export const C_CLIFLAG = 16384; // ` -p`, ` -a`, ` -u`, ` --p…`, ` --u…`: a command-line flag that may take a password
export const C_CF = 32768; // six capitals at a word start, two digits, a capital (an Italian codice fiscale)

export interface Features {
  /** Most digits in one cluster (digits joined by up to two separators: space - . / ( ) ). */
  digits: number;
  /** Digits in the whole text (ID_NUMBER's value needs four, in any groups). */
  digitsTotal: number;
  /** Most dots in one cluster (IPv4 needs 3). */
  dots: number;
  /** ':' between hex digits (IPv6), and '::'. */
  hexColons: number;
  doubleColon: boolean;
  /** A digit right after '+', or after `%2B` (a URL-encoded '+'). */
  plusDigit: boolean;
  /** Longest run of [A-Za-z0-9+/_=.~%-] (a secret value's alphabet, URL-encoded bytes too). */
  valRun: number;
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
  /**
   * An '@' or a dot written out as e-mail addresses are hidden: `[at]`, `(dot)`, `{.}`, `%40`, `&#64;`,
   * `\u0040`, a full-width '＠', an '@' next to a space or a bracket.
   */
  writtenAt: boolean;
  dashes5: boolean;
  /**
   * A ':', '=' or '>' right after a letter or digit (optionally then a quote and spaces): `key: v`,
   * `"key":`, `key = v`, `<key>v` (an XML element's text). Every `key: value` detector needs one.
   */
  assign: boolean;
  /** Where the first word a name key ends with (name, nombre, nom) ends, or -1. */
  nameEnd: number;
  /** Where the last such word ends, or -1 (no labelled name starts after it). */
  nameLast: number;
}

// Punctuation classes: keeps a token run ([A-Za-z0-9_-], where key prefixes are looked for), joins a
// digit cluster (space - . / ( )), separates a key from its value (: = an XML element's > and a Markdown table's |), keeps a secret-value run
// ([A-Za-z0-9+/_=.~%-], the high-entropy and AWS secret detectors' value, URL-encoded too).
export const P_TOKEN = 1, P_SEP = 4, P_KEYSEP = 8, P_VAL = 16;
const PUNCT = new Uint8Array(128);
PUNCT[95] = P_TOKEN;
PUNCT[45] = P_TOKEN | P_SEP;
PUNCT[47] = P_SEP;
for (const c of ' .()') PUNCT[c.charCodeAt(0)] = P_SEP;
// '|': a Markdown table's cell border between a label and its value (labels.ts CELL).
PUNCT[58] = PUNCT[61] = PUNCT[62] = PUNCT[124] = P_KEYSEP;
// '%': a URL-encoded value (`sig=Zk3j%2BAb%3D`).
for (const c of '+/_=.~-%') PUNCT[c.charCodeAt(0)]! |= P_VAL;

// Classes of the character before a digit run: 0 for the punctuation that needs no look (quotes, ':',
// ',', '.', …); PV_WORD marks \w (letters and '_': the run does not start a \w run).
export const PV_UPPER = 33, PV_LOWER = 34, PV_UNDERSCORE = 35, PV_WORD = 32, PV_PLUS = 1, PV_SPACE = 2, PV_DASH = 3;
const PREV = new Uint8Array(128);
for (let c = 65; c <= 90; c++) PREV[c] = PV_UPPER;
for (let c = 97; c <= 122; c++) PREV[c] = PV_LOWER;
PREV[95] = PV_UNDERSCORE;
PREV[43] = PV_PLUS;
PREV[32] = PV_SPACE;
PREV[45] = PV_DASH;

// The WebAssembly API's types come with the DOM lib, which this Node-only code does not load: the
// little used here, typed by hand.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const { Module, Instance } = (globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: object } };
}).WebAssembly;

/** The compiled pass: its exports are the layout offsets, the shared constants and scan(n). */
interface PassExports {
  memory: WasmMemory;
  scan(n: number): number;
  keccak256(n: number): void;
  [name: string]: unknown;
}

const CONSTANTS: Record<string, number> = {
  K_SECRET, K_IDDOC, K_IDDOC_NUM, K_ROLEWORD, K_NAMEKEY, K_TITLE, K_DOB, K_INTRO, K_ATWORD, K_LIVES_AT, K_PHONE, K_REACH, K_PREP, K_DOTWORD, CAP_ONLY, L2_RS, SH_SSN, SH_SSN_AREA, SH_SSN_9XX, SH_NANP, SH_9, SH_9_NINE, SH_TRUNK, SH_CARD, SH_CPF, C_MAC, C_NINO, C_B58,
  C_NIR, C_DNI, C_NIE, C_IBAN, C_BECH32, C_JWT, C_ETH, C_HOOK, C_ZIP, C_DOTKEY, C_UKPC, C_CLIFLAG, C_CF, P_TOKEN, P_SEP, P_KEYSEP, P_VAL, PV_UPPER, PV_LOWER,
  PV_WORD, PV_PLUS, PV_SPACE, PV_DASH, WORD, HEX, WRITES_AT, B58, P_OTHER,
};

const MODULE = new Module(Buffer.from(FEATURES_WASM, 'base64'));
/** The instance values are scanned in: its memory grows to the longest text so far, up to RESIDENT_MAX (run()). */
const pass = new Instance(MODULE).exports as PassExports;
const offset = (name: string): number => {
  const g = pass[name] as { value: number } | undefined;
  if (g === undefined) throw new Error(`masking: the feature pass exports no ${name}: rebuild it (make wasm)`);
  return g.value;
};
for (const [name, value] of Object.entries(CONSTANTS)) {
  if (offset(name) !== value) throw new Error(`masking: the feature pass's ${name} is ${offset(name)}, the host's ${value}: rebuild it (make wasm)`);
}
const TEXT_AT = offset('TEXT_AT');
const OUT_AT = offset('OUT_AT');
/** Code units the pass may read past a text (eight at a time): room kept after it. */
const SLACK = offset('SLACK');
const SCAN_ANY = offset('SCAN_ANY');
const SCAN_BACKSLASH = offset('SCAN_BACKSLASH');
const KECCAK_AT = offset('KECCAK_AT');
/** Keccak-256's block: the room keccak256() pads in after a message. */
const KECCAK_RATE = 136;

/** Views of the module's memory, rebuilt when it grows (growing detaches the old buffer). */
let mem = Buffer.from(pass.memory.buffer);
let text16 = new Uint16Array(pass.memory.buffer, TEXT_AT);
let out = new Int32Array(pass.memory.buffer, OUT_AT, 16);
/** Code units the text area holds (reading memory.buffer on every call costs more than the check). */
let capacity = text16.length;

function writeTables(mem: Buffer): void {
  const bytes = (at: string, table: Uint8Array) => mem.set(table, offset(at));
  bytes('LAST2_AT', LAST2);
  bytes('LAST3_AT', LAST3);
  bytes('STEMTRI_AT', STEM_TRIGRAMS);
  bytes('IBANCC_AT', IBAN_CC);
  bytes('PUNCT_AT', PUNCT);
  bytes('PREV_AT', PREV);
  bytes('CLS_AT', CLS);
  bytes('FIRST_AT', FIRST);
  bytes('SHORT2_AT', new Uint8Array(SHORT2.buffer));
  bytes('TKEYS_AT', new Uint8Array(TABLE_KEYS.buffer));
  bytes('TBITS_AT', new Uint8Array(TABLE_BITS.buffer));
  // Prefixes: a count, then 16-byte entries (length, other?, bit, up to 12 characters), grouped by
  // first character (a stable sort: within a group the listed order, which decides, is kept), and
  // per ASCII character the [from, to) of its group.
  const entries: Array<readonly [string, number, number]> = [...KEY_PREFIXES.map(([p, bit]) => [p, bit, 0] as const), ...OTHER_PREFIXES.map((p) => [p, P_OTHER, 1] as const)];
  entries.sort((a, b) => a[0].charCodeAt(0) - b[0].charCodeAt(0));
  const at = offset('PFX_AT');
  if (4 + entries.length * 16 > offset('PFXIDX_AT') - at) throw new Error('masking: too many key prefixes for the feature pass');
  writeGroups(mem, entries.map(([p]) => p), 'PFXIDX_AT', false);
  mem.writeInt32LE(entries.length, at);
  entries.forEach(([p, bit, other], k) => {
    if (p.length > 12) throw new Error(`masking: key prefix ${p} is longer than 12 characters`);
    const e = at + 4 + k * 16;
    mem[e] = p.length;
    mem[e + 1] = other;
    mem.writeUInt16LE(bit, e + 2);
    mem.write(p, e + 4, 'latin1');
  });
  bytes('EXTRAL2_AT', EXTRA_L2);
  const whole = offset('WHOLE_AT');
  const words = Object.entries(WHOLE_WORDS);
  if (words.length > 8) throw new Error('masking: the feature pass holds 8 whole words');
  mem.writeInt32LE(words.length, whole);
  words.forEach(([w, bits], k) => {
    if (!/^[a-z]{4,8}$/.test(w)) throw new Error(`masking: whole word ${w} must be 4–8 lower-case letters`);
    const e = whole + 4 + k * 16;
    mem[e] = w.length;
    mem.writeInt32LE(bits, e + 4);
    mem.write(w, e + 8, 'latin1');
  });
  // Secret key stems, grouped by first letter, and per ASCII character (either case) its group.
  const stems = offset('STEMS_AT');
  const stemIdx = offset('STEMIDX_AT');
  const sorted = [...SECRET_KEY_STEMS].sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
  if (4 + sorted.length * 16 > stemIdx - stems) throw new Error('masking: too many secret key stems for the feature pass');
  mem.writeInt32LE(sorted.length, stems);
  writeGroups(mem, sorted, 'STEMIDX_AT', true);
  sorted.forEach((stem, k) => {
    if (stem.length < 3 || stem.length > 14 || !/^[a-z]+$/.test(stem)) throw new Error(`masking: secret key stem ${stem} must be 3–14 lower-case letters`);
    const e = stems + 4 + k * 16;
    mem[e] = stem.length;
    mem.write(stem, e + 2, 'latin1');
  });
}

/**
 * Per ASCII character, the [from, to) of the entries (sorted by first character) that start with it,
 * as two bytes at `at`: the pass then tries only that group. `anyCase`: a lower-case first letter
 * indexes its upper-case form too.
 */
function writeGroups(mem: Buffer, sorted: readonly string[], at: string, anyCase: boolean): void {
  const idx = offset(at);
  if (sorted.length > 255) throw new Error(`masking: more than 255 entries for ${at}`);
  mem.fill(0, idx, idx + 256);
  sorted.forEach((w, k) => {
    for (const c of anyCase ? [w.charCodeAt(0), w.toUpperCase().charCodeAt(0)] : [w.charCodeAt(0)]) {
      if (mem[idx + 2 * c + 1] === 0) mem[idx + 2 * c] = k;
      mem[idx + 2 * c + 1] = k + 1;
    }
  });
}
writeTables(mem);

function grow(n: number): void {
  pass.memory.grow(Math.ceil((TEXT_AT + n * 2 - pass.memory.buffer.byteLength) / 65536));
  mem = Buffer.from(pass.memory.buffer);
  text16 = new Uint16Array(pass.memory.buffer, TEXT_AT);
  out = new Int32Array(pass.memory.buffer, OUT_AT, 16);
  capacity = text16.length;
}

/**
 * Code units above which a text is scanned in an instance of its own, dropped after it: WebAssembly
 * memory never shrinks, so one 10 MB line (a minified JSON body) would otherwise keep 20 MB in every
 * sidecar for good. Its set-up (an instance and the tables, ~0.1 ms) is small next to scanning 512 KB.
 */
export const RESIDENT_MAX = 1 << 18;

/** Turns the pass's shortcuts off and on (assembly/features.ts SHORTCUTS), for the test that compares both. */
export function setShortcuts(on: boolean): void {
  (pass.SHORTCUTS as { value: number }).value = on ? 1 : 0;
}

/** The resident instance's memory in bytes (for the test that holds it bounded). */
export function residentBytes(): number {
  return pass.memory.buffer.byteLength;
}

/**
 * The instance to work on `bytes` bytes at TEXT_AT in, and its memory: the resident one, grown if need
 * be, or beyond RESIDENT_MAX one of its own (as for runAlone()).
 */
function instanceFor(bytes: number): { pass: PassExports; mem: Buffer } {
  const units = Math.ceil(bytes / 2);
  if (units <= capacity) return { pass, mem };
  if (units <= RESIDENT_MAX) {
    grow(units);
    return { pass, mem };
  }
  const alone = new Instance(MODULE).exports as PassExports;
  alone.memory.grow(Math.ceil((TEXT_AT + bytes - alone.memory.buffer.byteLength) / 65536));
  return { pass: alone, mem: Buffer.from(alone.memory.buffer) };
}

/** Keccak-256 as Ethereum uses it (assembly/keccak.ts): the 32-byte digest of `data`. */
export function keccak256(data: Uint8Array): Uint8Array {
  const { pass: p, mem: m } = instanceFor(data.length + KECCAK_RATE);
  m.set(data, TEXT_AT);
  p.keccak256(data.length);
  return Uint8Array.prototype.slice.call(m, KECCAK_AT, KECCAK_AT + 32);
}

/** Scans text[start, end) in an instance of its own and leaves its results where read() reads the resident's. */
function runAlone(text: string, start: number, end: number): number {
  const n = end - start;
  const alone = new Instance(MODULE).exports as PassExports;
  alone.memory.grow(Math.ceil((TEXT_AT + (n + SLACK) * 2 - alone.memory.buffer.byteLength) / 65536));
  const buf = Buffer.from(alone.memory.buffer);
  writeTables(buf);
  // UTF-16 code units as they are, as run() copies them.
  buf.write(start === 0 && end === text.length ? text : text.slice(start, end), TEXT_AT, n * 2, 'utf16le');
  const r = alone.scan(n);
  out.set(new Int32Array(alone.memory.buffer, OUT_AT, 16));
  return r;
}

// One result object, overwritten by every call: the engine reads it before the next value, and a
// value per call would be garbage for every row and message.
const OUT: Features = {
  digits: 0, digitsTotal: 0, dots: 0, hexColons: 0, doubleColon: false, plusDigit: false, valRun: 0, keys: 0, shapes: 0,
  cand: 0, pfx: 0, at: false, writtenAt: false, dashes5: false, assign: false, nameEnd: -1,
  nameLast: -1,
};

/**
 * Buffer's own UTF-16 writer, which write(…, 'utf16le') calls after parsing its arguments (a tenth of
 * the pass's time on ~100-character texts). Not documented, present since Node's first releases:
 * write() is used where it is missing.
 */
type Ucs2Buffer = Buffer & { ucs2Write?: (s: string, offset: number, length: number) => number };
const UCS2_WRITE = typeof (Buffer.prototype as Ucs2Buffer).ucs2Write === 'function';

/** Shorter ranges are copied by a loop; longer ones by Buffer.write, whose call costs more than a short loop. */
const COPY_LOOP_MAX = 32;

/**
 * Whether a text the pass ran over since resetBackslash() held a backslash (escapes.ts): the engine asks
 * after its detection instead of searching every text for one.
 */
let backslash = false;
export function resetBackslash(): void {
  backslash = false;
}
export function sawBackslash(): boolean {
  return backslash;
}

/** Copies text[start, end) into the pass and runs it: whether any detector could match. */
function run(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n + SLACK > capacity) {
    if (n + SLACK > RESIDENT_MAX) return done(runAlone(text, start, end));
    grow(n + SLACK);
  }
  if (n <= COPY_LOOP_MAX) {
    const t = text16;
    for (let k = 0; k < n; k++) t[k] = text.charCodeAt(start + k);
  } else {
    // UTF-16 code units as they are (lone surrogates too): positions in the module are string indices.
    const s = start === 0 && end === text.length ? text : text.slice(start, end);
    if (UCS2_WRITE) (mem as Ucs2Buffer).ucs2Write!(s, TEXT_AT, n * 2);
    else mem.write(s, TEXT_AT, n * 2, 'utf16le');
  }
  return done(pass.scan(n));
}

function done(r: number): boolean {
  if ((r & SCAN_BACKSLASH) !== 0) backslash = true;
  return (r & SCAN_ANY) !== 0;
}

function read(start: number): Features {
  const o = out;
  const f = OUT;
  f.digits = o[0]!;
  f.dots = o[1]!;
  f.hexColons = o[2]!;
  f.doubleColon = o[3] !== 0;
  f.plusDigit = o[4] !== 0;
  f.valRun = o[5]!;
  f.keys = o[6]!;
  f.shapes = o[7]!;
  f.cand = o[8]!;
  f.pfx = o[9]!;
  f.at = (o[10]! & 1) !== 0;
  f.writtenAt = (o[10]! & 2) !== 0;
  f.dashes5 = o[11] !== 0;
  f.assign = o[12] !== 0;
  f.nameEnd = o[13]! < 0 ? -1 : o[13]! + start;
  f.nameLast = o[14]! < 0 ? -1 : o[14]! + start;
  f.digitsTotal = o[15]!;
  return f;
}

/**
 * Features of text[start, end) (a range, so long texts are not sliced just to be gated). The returned
 * object is reused by the next call: read it first.
 */
export function features(text: string, start = 0, end = text.length): Features {
  run(text, start, end);
  return read(start);
}

/**
 * features(), or null when no detector could match (mayNeed() would say false): most values on the
 * data path, which then cost no copying of results and no gate.
 */
export function candidateFeatures(text: string, start = 0, end = text.length): Features | null {
  return run(text, start, end) ? read(start) : null;
}

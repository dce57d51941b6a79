// One charCode pass over the text that says which detectors could match at all, so a value with no
// candidates costs about one read of its characters instead of one regex pass per detector. Labels
// are recognised by the last letters of each word (camelCase and snake_case split into words), which
// needs no lowercase copy and no regex.

export const K_SECRET = 1;
export const K_DOB = 2;
export const K_SSN = 4;
export const K_TAX = 8;
export const K_NAME = 16;
export const K_ADDRESS = 32;
export const K_PHONE = 64;
export const K_SALUTATION = 128;

/** Digit-group shapes seen (lengths of consecutive groups within one cluster). */
export const SH_SSN = 1; // 3-2-4
export const SH_NANP = 2; // 3-3-4
export const SH_222 = 4; // 2-2-2 (spaced NINO)
export const SH_9 = 8; // a 9-digit group
export const SH_8 = 16;
export const SH_7 = 32;
export const SH_6 = 64;
export const SH_TRUNK = 128; // cluster starting with 0 and ≥ 9 digits
export const SH_CARD = 256; // cluster of ≥ 13 digits starting with 2–6 (every card brand's range)
export const SH_IBAN = 512; // two uppercase letters directly before a two-digit start

export interface Features {
  /** Most digits in one cluster (digits joined by single separators: space - . / ( ) ). */
  digits: number;
  /** Most dots between digits in one cluster (IPv4 needs 3). */
  dots: number;
  /** ':' between hex digits (IPv6, MAC) and '-' between hex digits (MAC). */
  hexColons: number;
  hexDashes: number;
  doubleColon: boolean;
  /** An uppercase letter followed by a digit, directly or after one space (IBAN, NINO, NIE). */
  upperDigit: boolean;
  plusDigit: boolean;
  /** Longest run of [A-Za-z0-9] and of [A-Za-z0-9_-] (prefixed keys, wallets). */
  alnumRun: number;
  tokenRun: number;
  /** K_* bits of labels seen. */
  keys: number;
  /** SH_* bits. */
  shapes: number;
  /** An '@' (e-mail) and a run of five dashes (PEM armour). */
  at: boolean;
  dashes5: boolean;
}

/** Word endings (last 2–5 lowercase letters) that name a label, and which bits they set. */
const ENDINGS: Record<string, number> = {
  word: K_SECRET, sswd: K_SECRET, pwd: K_SECRET, pass: K_SECRET, rase: K_SECRET, cret: K_SECRET, key: K_SECRET,
  oken: K_SECRET, arer: K_SECRET, asic: K_SECRET, auth: K_SECRET, tial: K_SECRET, ials: K_SECRET, okie: K_SECRET,
  ture: K_SECRET, sig: K_SECRET, hmac: K_SECRET, salt: K_SECRET, once: K_SECRET, sion: K_SECRET, apikey: K_SECRET,
  irth: K_DOB, date: K_DOB, born: K_DOB, dob: K_DOB, hday: K_DOB, atum: K_DOB, ento: K_DOB,
  ssn: K_SSN, cial: K_SSN, sec: K_SSN,
  euer: K_TAX, mmer: K_TAX, idnr: K_TAX, nr: K_TAX, tax: K_TAX, tin: K_TAX,
  name: K_NAME, mbre: K_NAME, nom: K_NAME, omer: K_NAME, ient: K_NAME, oyee: K_NAME, lder: K_NAME, iary: K_NAME,
  gned: K_NAME, tact: K_NAME | K_PHONE, uest: K_NAME, nger: K_NAME, cant: K_NAME, nant: K_NAME,
  dear: K_SALUTATION, ello: K_SALUTATION, hi: K_SALUTATION, attn: K_SALUTATION,
  ress: K_ADDRESS, addr: K_ADDRESS, reet: K_ADDRESS, rift: K_ADDRESS, esse: K_ADDRESS, cion: K_ADDRESS,
  hone: K_PHONE, tel: K_PHONE, bile: K_PHONE, cell: K_PHONE, fax: K_PHONE, call: K_PHONE, sapp: K_PHONE, sms: K_PHONE,
  efon: K_PHONE, ovil: K_PHONE,
};

// Word endings packed as 5 bits per letter (a=1 … z=26, last 4 letters in 20 bits: small integers the
// JIT keeps unboxed), looked up in an open-addressing table: a multiply and a compare per word.
const pack = (s: string) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h << 5) | (s.charCodeAt(i) & 31);
  return h;
};
const SLOTS = 1024;
const TABLE_KEYS = new Int32Array(SLOTS);
const TABLE_BITS = new Uint8Array(SLOTS);
const slot = (w: number) => Math.imul(w, 0x9e3779b1) >>> 22; // top 10 bits: 0..1023
for (const [ending, bits] of Object.entries(ENDINGS)) {
  const w = pack(ending.slice(-4));
  let i = slot(w);
  while (TABLE_KEYS[i] !== 0 && TABLE_KEYS[i] !== w) i = (i + 1) & (SLOTS - 1);
  TABLE_KEYS[i] = w;
  TABLE_BITS[i]! |= bits;
}
// Last two letters of every ending: most words end in a pair no label ends in, and skip all three
// table probes (a word can only match an ending that shares its last two letters).
const LAST2 = new Uint8Array(1024);
for (const ending of Object.keys(ENDINGS)) LAST2[pack(ending.slice(-2))] = 1;
function lookup(w: number): number {
  let i = slot(w);
  for (;;) {
    const k = TABLE_KEYS[i]!;
    if (k === w) return TABLE_BITS[i]!;
    if (k === 0) return 0;
    i = (i + 1) & (SLOTS - 1);
  }
}

// Character classes for ASCII.
const DIGIT = 1, UPPER = 2, LOWER = 4, SEP = 8, HEX = 16, TOKEN = 32;
const CLS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLS[c] = DIGIT | HEX | TOKEN;
for (let c = 65; c <= 90; c++) CLS[c] = UPPER | TOKEN | (c <= 70 ? HEX : 0);
for (let c = 97; c <= 122; c++) CLS[c] = LOWER | TOKEN | (c <= 102 ? HEX : 0);
for (const c of ' -./()') CLS[c.charCodeAt(0)]! |= SEP;
CLS[95] = TOKEN;
CLS[45]! |= TOKEN;

/** Shape bits for a digit group that just ended; `sig` already holds its length in the low 4 bits. */
function groupShapes(sig: number, groupLen: number): number {
  const last3 = sig & 0xfff;
  let sh = last3 === 0x324 ? SH_SSN : last3 === 0x334 ? SH_NANP : last3 === 0x222 ? SH_222 : 0;
  if (groupLen === 9) sh |= SH_9;
  else if (groupLen === 8) sh |= SH_8;
  else if (groupLen === 7) sh |= SH_7;
  else if (groupLen === 6) sh |= SH_6;
  return sh;
}

// The group bookkeeping is repeated inline (not a closure) so the loop's variables stay in registers.
/** Nothing any built-in detector needs is present: the common case for clean values. */
export function quiet(f: Features): boolean {
  return f.keys === 0 && f.shapes === 0 && !f.at && !f.dashes5 && !f.plusDigit && !f.upperDigit && !f.doubleColon &&
    f.dots < 3 && f.hexColons < 5 && f.hexDashes < 5 && f.alnumRun < 14 && f.tokenRun < 20 && f.digits < 13;
}

/** Features of text[start, end) (a range, so long texts are not sliced just to be gated). */
export function features(text: string, start = 0, end = text.length): Features {
  let digits = 0, dots = 0, curDigits = 0, curDots = 0, sepRun = 0;
  let hexColons = 0, hexDashes = 0, doubleColon = false, upperDigit = false, plusDigit = false, at = false, dashRun = 0, dashes5 = false;
  let alnumRun = 0, curAlnum = 0, tokenRun = 0, curToken = 0;
  let keys = 0, word = 0, wordLen = 0, prev = 0;
  let groupLen = 0, sig = 0, shapes = 0, firstZero = false, firstCard = false;
  const n = end;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CLS[c]! : 0;
    if ((k & (UPPER | LOWER)) !== 0 && !((k & UPPER) !== 0 && (prev & LOWER) !== 0)) {
      word = ((word << 5) | (c & 31)) & 0xfffff;
      wordLen++;
    } else {
      // A word ended (non-letter, or a lower→Upper step in camelCase): check its ending.
      if (wordLen >= 2 && LAST2[word & 0x3ff] !== 0) {
        keys |= lookup(word & 0x3ff) | lookup(word & 0x7fff);
        if (wordLen >= 4) keys |= lookup(word);
      }
      word = (k & UPPER) !== 0 ? c & 31 : 0;
      wordLen = (k & UPPER) !== 0 ? 1 : 0;
    }
    if ((k & DIGIT) !== 0) {
      sepRun = 0;
      if (curDigits === 0) {
        firstZero = c === 48;
        firstCard = c >= 50 && c <= 54;
      }
      groupLen++;
      if (++curDigits > digits) digits = curDigits;
      if (firstZero && curDigits >= 9) shapes |= SH_TRUNK;
      if (firstCard && curDigits >= 13) shapes |= SH_CARD;
      if (curDigits === 2 && groupLen === 2 && i >= 3) {
        const a = text.charCodeAt(i - 2);
        const b = text.charCodeAt(i - 3);
        if (a >= 65 && a <= 90 && b >= 65 && b <= 90) shapes |= SH_IBAN;
      }
      if ((prev & UPPER) !== 0) upperDigit = true;
      else if (prev === 0 && i > 0) {
        const p = text.charCodeAt(i - 1);
        if (p === 43) plusDigit = true;
        else if (p === 32 && i > 1) {
          const pp = text.charCodeAt(i - 2);
          if (pp >= 65 && pp <= 90) upperDigit = true;
        }
      } else if ((prev & SEP) !== 0 && text.charCodeAt(i - 1) === 32 && i > 1) {
        // Only after a space (a separator), so digits inside a run skip the two reads back.
        const pp = text.charCodeAt(i - 2);
        if (pp >= 65 && pp <= 90) upperDigit = true;
      }
    } else if ((k & SEP) !== 0) {
      if (groupLen > 0) {
        sig = ((sig << 4) | (groupLen > 15 ? 15 : groupLen)) & 0xffff;
        shapes |= groupShapes(sig, groupLen);
        groupLen = 0;
      }
      if (++sepRun > 2) curDigits = curDots = sig = 0;
      if (c === 46 && curDigits > 0 && ++curDots > dots) dots = curDots;
      if (c === 45 && (prev & HEX) !== 0 && i + 1 < n && text.charCodeAt(i + 1) < 128 && (CLS[text.charCodeAt(i + 1)]! & HEX) !== 0) hexDashes++;
    } else {
      if (groupLen > 0) {
        sig = ((sig << 4) | (groupLen > 15 ? 15 : groupLen)) & 0xffff;
        shapes |= groupShapes(sig, groupLen);
        groupLen = 0;
      }
      curDigits = curDots = sepRun = sig = 0;
      if (c === 58) {
        const nx = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (nx === 58) doubleColon = true;
        else if ((prev & HEX) !== 0 && nx < 128 && (CLS[nx]! & HEX) !== 0) hexColons++;
      }
    }
    if (c === 64) at = true;
    if (c === 45) {
      if (++dashRun >= 5) dashes5 = true;
    } else dashRun = 0;
    if ((k & (DIGIT | UPPER | LOWER)) !== 0) {
      if (++curAlnum > alnumRun) alnumRun = curAlnum;
    } else curAlnum = 0;
    if ((k & TOKEN) !== 0) {
      if (++curToken > tokenRun) tokenRun = curToken;
    } else curToken = 0;
    prev = k;
    if ((k & LOWER) !== 0) {
      // The rest of a lowercase run (most of any prose) only extends the word and the alnum/token
      // runs: this letter already reset every digit, separator and dash counter, so skip them.
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d < 97 || d > 122) break;
        word = ((word << 5) | (d & 31)) & 0xfffff;
      }
      const run = j - i - 1;
      if (run > 0) {
        wordLen += run;
        if ((curAlnum += run) > alnumRun) alnumRun = curAlnum;
        if ((curToken += run) > tokenRun) tokenRun = curToken;
        prev = CLS[text.charCodeAt(j - 1)]!;
        i = j - 1;
      }
    }
  }
  if (wordLen >= 2 && LAST2[word & 0x3ff] !== 0) {
    keys |= lookup(word & 0x3ff) | lookup(word & 0x7fff);
    if (wordLen >= 4) keys |= lookup(word);
  }
  if (groupLen > 0) shapes |= groupShapes(((sig << 4) | (groupLen > 15 ? 15 : groupLen)) & 0xffff, groupLen);
  return { digits, dots, hexColons, hexDashes, doubleColon, upperDigit, plusDigit, alnumRun, tokenRun, keys, shapes, at, dashes5 };
}

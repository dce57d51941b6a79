// E-mail addresses: as written (found from each '@' outward), and written out the ways people hide them
// from scrapers and masks (`jane[at]example[dot]com`, `jane at example dot com`, `jane%40example.com`).
import type { Detector } from './detector.js';

const isWordCode = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

// Internationalised addresses (RFC 6531/6532: `zoë.müller@münchen.de`, `δοκιμή@παράδειγμα.δοκιμή`) hold
// non-ASCII letters; testing one UTF-16 unit against \p{L}/\p{M}/\p{N} is rare enough to be a regex.
const INTL = /^[\p{L}\p{M}\p{N}]$/u;
// A surrogate (astral letters, but also emoji) counts as a letter: at worst the span grows (fails closed).
const isIntl = (c: number) => c >= 0xc0 && (c >= 0xd800 && c <= 0xdfff ? true : INTL.test(String.fromCharCode(c)));

/** text[s, e) is 2–24 letters (a top-level domain; ASCII or an internationalised one). */
function isTld(text: string, s: number, e: number): boolean {
  if (e - s < 2 || e - s > 24) return false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    const l = c | 32;
    if ((l < 97 || l > 122) && !isIntl(c)) return false;
  }
  return true;
}

/** E-mail: found from each '@' outward, which is far cheaper than a regex starting at every letter. */
function scanEmail(text: string, emit: (s: number, e: number) => void): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    let s = at;
    while (s > 0 && at - s < 64) {
      const c = text.charCodeAt(s - 1);
      if (isWordCode(c) || c === 46 || c === 43 || c === 45 || c === 37 || (c >= 0xc0 && isIntl(c))) s--;
      // An apostrophe between letters is part of the address (`john.o'reilly@…`), not a quote before it.
      else if (c === 39 && s < at && s >= 2 && isWordCode(text.charCodeAt(s - 2)) && isWordCode(text.charCodeAt(s))) s--;
      else break;
    }
    while (s < at && text.charCodeAt(s) === 46) s++; // a local part does not start with a dot
    let e = at + 1;
    let lastDot = -1;
    while (e < text.length && e - at < 254) {
      const c = text.charCodeAt(e);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || (c >= 0xc0 && isIntl(c))) e++;
      else if (c === 46 && e + 1 < text.length && (isWordCode(text.charCodeAt(e + 1)) || isIntl(text.charCodeAt(e + 1)))) {
        lastDot = e;
        e++;
      } else break;
    }
    if (s < at && lastDot > at + 1 && isTld(text, lastDot + 1, e)) emit(s, e);
    at = text.indexOf('@', e > at ? e : at + 1);
  }
}

/** An '@' written out: `[at]`, `(@)`, `%40` (URL-encoded), `&#64;` / `&#x40;` (HTML), `\\u0040` (JSON), a full-width '＠', spaces around it. */
const WRITTEN_AT = String.raw`[ \t]{0,3}(?:@|＠|%40|&#64;|&#x40;|\\u0040|[\[({<][ \t]{0,3}(?:at|@)[ \t]{0,3}[\])}>])[ \t]{0,3}`;
/** A dot written out: `[dot]`, `(.)`, spaces around it. */
const WRITTEN_DOT = String.raw`[ \t]{0,3}(?:\.|[\[({<][ \t]{0,3}(?:dot|\.)[ \t]{0,3}[\])}>])[ \t]{0,3}`;
/** Either written as words (`jane dot doe at example dot com`). */
const AT = `(?:${WRITTEN_AT}|[ \\t]{1,3}at[ \\t]{1,3})`;
const DOT = `(?:${WRITTEN_DOT}|[ \\t]{1,3}dot[ \\t]{1,3})`;
const PART = '[\\p{L}\\p{N}_+-]{1,64}';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
/**
 * Words before ` at ` that make it a preposition, not an address's '@' (`look at example dot com`,
 * `email me at jane dot doe at example dot com`): excluded in the regex, so the address after them is
 * still found.
 */
const PREPOSITION_AT =
  'look|looking|looked|arrive|arrived|stay|stayed|work|worked|working|meet|meeting|met|be|is|are|was|were|me|us|him|her|them|it|this|' +
  'that|here|there|home|once|least|all|not|you|we|they|i|everyone|someone|anyone|best|good|great|available|online|live|lives|living|based';
const WRITTEN_EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}_.+-])(?!(?:${PREPOSITION_AT})[ \\t]+at[ \\t])${PART}(?:${DOT}${PART}){0,8}${AT}${LABEL}(?:${DOT}${LABEL}){0,8}${DOT}\\p{L}{2,24}(?![\\p{L}\\p{N}_-])`,
  'giu',
);

/**
 * What the feature pass flags as an '@' or dot written out (`writtenAt`): a full-width '＠', `%40`, `&#64;`,
 * `\\u0040`, a bracketed form, a blank next to the '@'. The regex's `%`, `&`, `\\` and brackets only ever
 * match as part of those.
 */
const MARKED = /[＠%&\\[({<]|[ \t]@|@[ \t]/;
const WORD_AT = /[ \t]at[ \t]/i;
const WORD_DOT = /[ \t]dot[ \t]/i;
/** Top-level domains an address written with `dot` must end in (`look at this dot com` is not one, `jane at example dot com` is). */
const WORD_TLDS = new Set(
  ('com org net edu gov mil int io co ai app dev info biz me us uk de fr es it nl be ch at se no dk fi pl pt ru cn jp kr in br mx ar au nz ' +
    'ca za ie eu tv xyz online site tech email').split(' '),
);

/**
 * A written-out address: at most 254 characters (RFC 5321's limit, and within the stream masker's
 * hold-back, so chunking cannot change what is found); a marked '@' or dot, or the word `dot` after an
 * '@' or the word `at`, ending in a known top-level domain. These are what the gate runs it on
 * (gates.ts), so gated detection equals running it everywhere.
 */
function writtenEmail(v: string): boolean {
  if (v.length > 254) return false;
  if (MARKED.test(v)) return true;
  return WORD_DOT.test(v) && (v.includes('@') || WORD_AT.test(v)) && WORD_TLDS.has(v.slice(v.lastIndexOf(' ') + 1).toLowerCase());
}

export const EMAIL_DETECTORS: Detector[] = [
  { id: 'email', entity: 'EMAIL', confidence: 0.9, scan: scanEmail },
  { id: 'email-written', entity: 'EMAIL', confidence: 0.85, re: WRITTEN_EMAIL, validate: writtenEmail },
];

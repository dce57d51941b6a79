// Personal data with a validator or a fixed structure. Every shape below is followed by the rule that
// proves it (Luhn, mod-97, check letters, EIP-55 …), because the shape alone matches order ids,
// timestamps and version strings. Separator classes are written as explicit alternatives (`[ -]`,
// never `[ -.]`, which is the range space..dot and so includes the comma).
import { bestGroupRun, type Detector } from './detector.js';
import { idLabelledAt } from './detectors-context.js';
import { EMAIL_DETECTORS } from './detectors-email.js';
import { GAP, GAPS, labelJoin } from './labels.js';
import { isBrCpf, isItCodiceFiscale, isUsEin } from './validators-ids.js';
import {
  cardBrand, countDigits, IBAN_LENGTHS, ibanMod97, isCreditCard, isDeTaxId,
  isEsDni, isEsNie, isFrNir, isIpv4, isIpv6, isMac, isPlausibleDate, isUkNino, isUsItin, isUsSsn, looksRandom, luhn,
} from './validators.js';
import { isBase58Check, isBech32Address, isEthAddress } from './validators-wallets.js';

/**
 * A browser's or client's version in a User-Agent (`Chrome/120.0.6099.109` has four dotted numbers,
 * and `Chrome/116.0.2.45` is a valid IPv4 shape): a product token and '/' right before the number.
 */
const PRODUCT_VERSION = /(?:^|[\s(;,])(?:[Vv]ersion|[Vv]er\.?|[Rr]elease|[Bb]uild|[Ff]irmware|[Kk]ernel)[ \t]*[:=]?[ \t]*$|(?:^|[\s(;,])(?:Mozilla|Chrome|Chromium|HeadlessChrome|CriOS|Firefox|FxiOS|Safari|AppleWebKit|Edg|EdgA|EdgiOS|Edge|OPR|Opera|Version|Mobile|YaBrowser|SamsungBrowser|Gecko|Trident|Presto|UCBrowser|Vivaldi|Electron|Brave|Googlebot|bingbot|curl|Wget|okhttp|Dalvik|Java|Python|python-requests|Go-http-client|axios|node-fetch|undici|PostmanRuntime)\/$/;

/**
 * A card number as cards print it: in one run, in fours (the last group shorter for 13–19 digits), or
 * 4-6-5 / 4-6-4 (Amex, Diners). `123456789012 3456` passing Luhn by chance is two numbers, not a card.
 */
function printedCard(v: string): boolean {
  if (!isCreditCard(v)) return false;
  // The lengths of the pieces between separators, counted in place (no split: this runs per candidate).
  let seps = 0;
  let cur = 0;
  let g0 = 0;
  let g1 = 0;
  let allFour = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 32 && c !== 45 && c !== 46) {
      cur++;
      continue;
    }
    if (seps === 0) g0 = cur;
    else if (seps === 1) g1 = cur;
    if (cur !== 4) allFour = false;
    seps++;
    cur = 0;
  }
  if (seps === 0) return true;
  if (seps === 2 && g0 === 4 && g1 === 6 && (cur === 5 || cur === 4)) return true;
  return allFour && cur >= 1 && cur <= 4;
}

/**
 * A product code's label right before a number: an EAN-13 starting with 4 (every German product) passes
 * Luhn one time in ten and has an old 13-digit Visa's shape, a GTIN-14 a Diners card's. Only for one
 * unbroken run of 13 or 14 digits, so a label cannot hide a card as people write it (`sku: 4111 1111 …`).
 */
const PRODUCT_CODE = /\b(?:ean|gtin|upc|isbn|barcode|bar code|sku|asin|mpn|article(?: no| number)?|artikel(?:nummer)?|art\.?-?nr\.?)(?:[-_ ]?(?:8|12|13|14|code|no|nr|number))?(?:\b|(?<=\.))[^\n.;!?\d]{0,8}$/i;

/** A JSON key or column holding product codes (`ean`, `gtin13`, `sku`, `article_number`). */
const PRODUCT_KEY = /^(?:ean|gtin|upc|isbn|barcode|sku|asin|mpn|article[-_ ]?(?:no|number)|artikel(?:nummer)?)(?:[-_ ]?(?:8|12|13|14|code|no|nr|number))?$/i;
const PRODUCT_DIGITS = /^\d{13,14}$/;

function productCode(v: string, text: string, start: number): boolean {
  return PRODUCT_DIGITS.test(v) && PRODUCT_CODE.test(text.slice(Math.max(0, start - 32), start));
}

/** Whether a JSON key or column names product codes (callers cache it per key). */
export function isProductKey(key: string): boolean {
  return PRODUCT_KEY.test(key);
}

/** Whether a value under a product-code key is one (13 or 14 digits in one run), not a card. */
export function isProductCode(value: string): boolean {
  return (value.length === 13 || value.length === 14) && PRODUCT_DIGITS.test(value);
}

/** Digit groups of the value luhnGroupRun() looks at: [start, end) pairs. */
const GROUPS = new Int32Array(128);

/**
 * Whether a run of whole digit groups of `v` with 13–19 digits passes Luhn: a card's necessary
 * condition, checked in place before bestGroupRun() slices and validates every such run. Most
 * grouped numbers that fail Luhn whole (order and tracking numbers, the hard negatives) have no such
 * run at all.
 */
function luhnGroupRun(v: string): boolean {
  let n = 0;
  for (let i = 0; i < v.length; ) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    // More groups than the table holds: let bestGroupRun() decide.
    if (n === GROUPS.length) return true;
    GROUPS[n] = i;
    while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
    GROUPS[n + 1] = i;
    n += 2;
  }
  for (let a = 0; a < n; a += 2) {
    let digits = 0;
    for (let b = a; b < n; b += 2) {
      digits += GROUPS[b + 1]! - GROUPS[b]!;
      if (digits > 19) break;
      if (digits < 13) continue;
      // Luhn from the last digit of group b back to the first of group a.
      let sum = 0;
      let dbl = false;
      for (let g = b; g >= a; g -= 2) {
        for (let k = GROUPS[g + 1]! - 1; k >= GROUPS[g]!; k--) {
          let d = v.charCodeAt(k) - 48;
          if (dbl && (d *= 2) > 9) d -= 9;
          sum += d;
          dbl = !dbl;
        }
      }
      if (sum % 10 === 0) return true;
    }
  }
  return false;
}

/** What a phone number follows in prose: `You can reach me at`, `reached on`, `dial` (not `to reach 1 000 000 users`). */
const PHONE_PROSE = String.raw`(?:\breach(?:ed)?(?: \w+)? (?:at|on)|\bdial) ?\(?`;
/** Words a phone number follows: labels, and prose (`call me on`, PHONE_PROSE). */
const PHONE_LABELS = 'phone|tel|mobile|cell|fax|call|whatsapp|sms|contact|(?:telefon|handy|mobil)(?:nummer)?|rufnummer|téléphone|móvil|teléfono|telefono|cellulare|telefoon(?:nummer)?|mobiel|telefone|celular|telemóvel|telemovel|\\bph';
const CONTEXT_PHONE = new RegExp(`(?:(?:${PHONE_LABELS})\\b[^\\n\\d+]{0,20}|${PHONE_PROSE})$`, 'i');

/** Three groups joined by dashes (phone-national-trunk). */
const DASHED_THREE = /^\d+-\d+-\d+$/;

/** A date (and maybe a time) is not a phone number, whatever label precedes it. */
const DATE_START = /^(?:19|20)\d{2}[-/. ](?:0?[1-9]|1[0-2])[-/. ]|^(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d{2}/;

/**
 * A number without a trunk or international prefix is a phone only right after its label: nothing
 * between them ends a sentence (`… during the call. Also tracking 305671288537` is not a phone).
 */
const CONTEXT_PHONE_NEAR = new RegExp(
  `(?:(?:${PHONE_LABELS})\\b(?:(?<=tel|ph)\\.)?(?:[^\\n\\d+.;!?]|\\b(?:no|nr|num)\\.){0,20}|${PHONE_PROSE})$`,
  'i',
);

/**
 * A number suffix on a key (`phone_number`, `phoneNumber`, `MOBILE-NO`, `tel_nr`), dropped before the
 * context test. Only where it is a separate word (after `_`/`-`, or camel case): the feature pass sees
 * `phone` as a word there, and a glued `phonenumber` is not looked for by either.
 */
const KEY_NUMBER_SUFFIX = /(?<=[a-z])(?:Number|Num|No|Nr)\b|[_-](?:[Nn]umber|[Nn]um|[Nn]o|[Nn]r|NUMBER|NUM|NO|NR)\b/g;

function phoneContext(text: string, start: number, near = false): boolean {
  const before = text.slice(Math.max(0, start - 32), start).replace(KEY_NUMBER_SUFFIX, '');
  return (near ? CONTEXT_PHONE_NEAR : CONTEXT_PHONE).test(before);
}

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const MONTH_ORDER = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Month names of the other label languages (de, es, fr, it, nl, pt), in full, by month number. */
const FOREIGN_MONTHS: ReadonlyArray<readonly string[]> = [
  ['januar', 'jänner', 'enero', 'janvier', 'gennaio', 'januari', 'janeiro'], ['februar', 'febrero', 'février', 'fevrier', 'febbraio', 'februari', 'fevereiro'],
  ['märz', 'maerz', 'marzo', 'mars', 'maart', 'março', 'marco'], ['april', 'abril', 'avril', 'aprile'], ['mai', 'mayo', 'maggio', 'mei', 'maio'],
  ['juni', 'junio', 'juin', 'giugno', 'junho'], ['juli', 'julio', 'juillet', 'luglio', 'julho'], ['august', 'agosto', 'août', 'aout', 'augustus'],
  ['september', 'septiembre', 'setiembre', 'septembre', 'settembre', 'setembro'], ['oktober', 'octubre', 'octobre', 'ottobre', 'outubro'],
  ['november', 'noviembre', 'novembre', 'novembro'], ['dezember', 'diciembre', 'décembre', 'decembre', 'dicembre', 'dezembro'],
];
const FOREIGN_MONTH = new Map(FOREIGN_MONTHS.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
/** A month's name: English (full or abbreviated), or in full in another label language. */
const MONTH_WORD = `(?:(?:${MONTHS})[a-z]*|${[...FOREIGN_MONTH.keys()].join('|')})\\.?`;

function monthNumber(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  return FOREIGN_MONTH.get(n) ?? MONTH_ORDER.indexOf(n.slice(0, 3)) + 1;
}

/**
 * Dates as they follow a birth-date label: ISO, d/m/y or m/d/y, d.m.y, "March 5, 1984", "5 March 1984",
 * "05-Mar-1984", "5. März 1984", "5 de marzo de 1984", "1er mars 1984", "5 maart 1984", "5 de março de 1984".
 */
function plausibleBirthDate(v: string): boolean {
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (m) return isPlausibleDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(v);
  if (m) {
    const y = m[3]!.length === 2 ? 1900 + +m[3]! : +m[3]!;
    return isPlausibleDate(y, +m[2]!, +m[1]!) || isPlausibleDate(y, +m[1]!, +m[2]!);
  }
  m = /^(\p{L}+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/u.exec(v);
  if (m) return isPlausibleDate(+m[3]!, monthNumber(m[1]!), +m[2]!);
  m = /^(\d{1,2})(?:st|nd|rd|th|er|º|\.)?(?: of| de)?[ -](\p{L}+)\.?,?(?: de)?[ -](\d{4}|\d{2})$/u.exec(v);
  if (m) return isPlausibleDate(m[3]!.length === 2 ? 1900 + +m[3]! : +m[3]!, monthNumber(m[2]!), +m[1]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return isPlausibleDate(+m[1]!, +m[2]!, +m[3]!);
  return false;
}

const DATE_VALUE =
  `\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})` +
  `|${MONTH_WORD} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|\\d{1,2}(?:st|nd|rd|th|er|º|\\.)?(?: of| de)?[ -]${MONTH_WORD},?(?: de)?[ -](?:\\d{4}|\\d{2})` +
  // Compact YYYYMMDD, as forms and exports write it.
  `|(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])`;

export const PII_DETECTORS: Detector[] = [
  {
    // An Italian codice fiscale or a Brazilian CPF as issued (`RSSMRA85T10A562S`, `529.982.247-25`): shapes
    // specific enough, with their check characters, to take without a label (validators-ids.ts).
    id: 'national-id-checked', entity: 'ID_NUMBER', confidence: 0.85,
    re: /(?<![\w.-])(?:[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]|\d{3}\.\d{3}\.\d{3}-\d{2})(?![\w-]|\.\d)/g,
    validate: (v) => (v.length === 16 ? isItCodiceFiscale(v) : isBrCpf(v)),
  },
  // No literal gate: the feature pass runs it only on texts with an '@', and the scan starts at one.
  ...EMAIL_DETECTORS,
  {
    // Runs of digits with single space/dash separators; the validator picks whole groups that pass Luhn.
    // Dots only in the groupings cards print (`4111.1111.1111.1111`, Amex `3782.822463.10005`).
    id: 'credit-card', entity: 'CREDIT_CARD', confidence: 0.95,
    re: /(?<![\w.-])(?:\d(?:[ -]?\d){11,40}(?![\w])|(?:\d{4}(?:\.\d{4}){3}(?:\.\d{3})?|\d{4}\.\d{6}\.\d{4,5})(?![\w-]|\.\d))/g,
    // Sub-runs only when there are groups to choose from; 13+ digits so a 12-digit piece of a longer
    // number is never taken for a (rare) 12-digit Maestro card.
    validate: (v, text, start) =>
      (printedCard(v) ? true : /[ -]/.test(v) && luhnGroupRun(v) && bestGroupRun(v, printedCard, 13, 19)) && !productCode(v, text, start),
  },
  {
    id: 'iban', entity: 'IBAN', confidence: 0.95,
    // Upper case as printed, or all lower case as typed (`de89 3704 …`); the checksum keeps both honest.
    // Groups split by spaces, or by dashes as some banks' exports print them (`DE89-3704-0044-…`).
    re: /(?<![\w])(?:[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,32}|[a-z]{2}\d{2}(?:[ -]?[a-z0-9]){11,32})(?![A-Za-z0-9])/g,
    validate: (raw) => {
      const v = raw.toUpperCase();
      const len = IBAN_LENGTHS[v.slice(0, 2)];
      if (len === undefined) return false;
      // Take exactly the country's length (spaces or dashes allowed between characters), then it must end a token.
      let n = 0;
      let i = 0;
      for (; i < v.length && n < len; i++) if (v[i] !== ' ' && v[i] !== '-') n++;
      if (n !== len || (i < v.length && v[i] !== ' ' && v[i] !== '-')) return false;
      return ibanMod97(v.slice(0, i).replace(/[ -]/g, '')) ? [0, i] : false;
    },
  },
  {
    id: 'us-ssn', entity: 'US_SSN', confidence: 0.9,
    // Dashes or spaces, or dots (`123.45.6789`, not inside a longer dotted number).
    re: /(?<![\w-])\d{3}(-| )\d{2}\1\d{4}(?![\w-])|(?<![\w.-])\d{3}\.\d{2}\.\d{4}(?![\w-]|\.\d)/g,
    validate: (v) => isUsSsn(v),
  },
  {
    id: 'us-ssn-labelled', entity: 'US_SSN', confidence: 0.85,
    re: new RegExp(`\\b(?:ssn|social${GAPS}security(?:${GAPS}number|${GAPS}no\\.?)?|soc\\.?${GAPS}sec\\.?(?:${GAPS}no\\.?)?)${labelJoin(':=#', true)}(?<v>\\d{3}(?<sep>[- ]?)\\d{2}\\k<sep>\\d{4})(?![\\d-])`, 'gi'),
    validate: (v) => isUsSsn(v, true),
  },
  {
    id: 'us-itin', entity: 'US_ITIN', confidence: 0.9,
    re: /(?<![\w-])9\d{2}(-| )?\d{2}\1\d{4}(?![\w-])/g,
    validate: (v, text, start) => isUsItin(v) && (/\D/.test(v) || /\bitin\b[^\n\d]{0,20}$/i.test(text.slice(Math.max(0, start - 30), start))),
  },
  {
    // International form: '+', country code, then groups; 8–15 digits as E.164 allows.
    id: 'phone-e164', entity: 'PHONE', confidence: 0.85,
    // The country code may stand in parentheses, as Spanish and Latin American numbers are written (`(+34) 612 345 678`);
    // the '+' may be URL-encoded, as in a query string (`?to=%2B14155552671`). (The 00 prefix only next to a phone
    // label: phone-national-labelled; `batch 0049 30 12345678` is as likely a batch number.)
    re: /(?<![\w+])(?:\+[1-9]\d{0,2}|\(\+[1-9]\d{0,2}\)|%2[Bb][1-9]\d{0,2})(?:[ -]?\(\d{1,4}\)|[ /-]?\d{1,5}|\.\d{2,5}){2,7}(?![\w])/g,
    validate: (v) => {
      // Not the 2 of `%2B`.
      const n = countDigits(v) - (v.charCodeAt(0) === 37 ? 1 : 0);
      return n >= 8 && n <= 15;
    },
  },
  {
    // North American numbers: (NXX) NXX-nnnn, NXX-NXX-nnnn, NXX.NXX.nnnn, optional leading 1 and extension.
    id: 'phone-nanp', entity: 'PHONE', confidence: 0.8,
    re: /(?<![\w+.-])(?:1[ -]?)?(?:\([2-9]\d{2}\) ?[2-9]\d{2}-\d{4}|[2-9]\d{2}(-|\.| )[2-9]\d{2}\1\d{4})(?: ?(?:x|ext\.?) ?\d{1,5})?(?![\w-]|\.\d)/g,
    // Not the value of an identity-number label: an NHS number is written 3-3-4 too (`NHS number: 943 476 5919`).
    validate: (v, text, start) => !idLabelledAt(text, start, start + v.length),
  },
  {
    // A trunk prefix in parentheses, `(0xxxx) xxxxxxx` / `(020) 7946 0958`, or `0xxxx xxxxxx`: national
    // formats in most of Europe. The parenthesised form is unambiguous; the spaced form needs 9–12 digits
    // in two groups.
    id: 'phone-national-trunk', entity: 'PHONE', confidence: 0.7,
    // `(030) 1234567`, `030 12345678`, `020 7946 0958`, and the French pairs `06 12 34 56 78` (one separator kind, so
    // `01.02.2023 12` is a date and a number; exactly five pairs). None inside a longer grouped number (`12 030 12345678`,
    // `3416 1616 09052 10729`): a trunk prefix starts the number, as the feature pass's digit cluster starts there.
    // Also `030/1234567` (two groups joined by a slash), `02 9374 4000`, `03-1234-5678` (three groups of one separator
    // kind, a one-digit area code too). Not two groups joined by a dash: `07-3456789` is as often an id.
    re: /(?<![\w+-])(?<!\d[ ./()-]{1,2})(?:\(0\d{2,5}\) ?\d{2,10}(?:[ -]\d{2,8}){0,3}|0\d{2,4}[ /]\d{5,9}|0[1-9]\d{0,3}([ -])\d{3,4}\1\d{4}(?!\1\d)|0[1-9]([ .-])\d{2}(?:\2\d{2}){3}(?!\2\d))(?![\w-]|[.,]\d)/g,
    validate: (v) => {
      const n = countDigits(v);
      // Three dashed groups are Japan's way (`03-1234-5678`, `090-1234-5678`): 10 or 11 digits; `0123-4567-8901` is an order id.
      return n >= 9 && n <= 13 && (!DASHED_THREE.test(v) || n <= 11);
    },
  },
  {
    // Any national or international format next to a phone label: `0xx …` trunk prefixes, `00` and
    // `+` prefixes (whatever the country code), and numbers without a trunk prefix (Spain `912 307 931`,
    // Italy `3xx …`, India `98765 43210`). The label is what makes a bare digit group a phone number.
    id: 'phone-national-labelled', entity: 'PHONE', confidence: 0.75,
    // Single-digit groups only after a separator (`0033 1 23 45 67 89`): groups that may also abut would
    // let a long digit run split thousands of ways before the match fails. A slash as Belgian, Austrian
    // and Hungarian numbers write it (`0442/370 100`, `+36 70/953-7240`).
    re: /(?<![\w+.-])(?:\+|\()?\d{1,5}\)?(?:(?:[ ./-]\d{1,4}){2,6}|(?:[ /-]?\d{2,4}){2,4})(?![\w-]|[.,:/]\d)/g,
    validate: (v, text, start) => {
      const n = countDigits(v);
      // `00` is the international call prefix outside North America: 00 49 30 12345678 has up to 15 digits after it.
      const max = v.startsWith('+') ? 15 : v.startsWith('00') ? 17 : 12;
      const prefixed = v.startsWith('+') || v.startsWith('0') || v.startsWith('(0');
      // Seven digits and up: a US local number (555-1234), eight-digit national plans (Denmark, Norway,
      // Singapore), short Italian and Swedish landlines; the label right before says it is a phone.
      return n >= 7 && n <= max && !DATE_START.test(v) && phoneContext(text, start, !prefixed);
    },
  },
  {
    id: 'ipv4', entity: 'IPV4', confidence: 0.85,
    re: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g,
    validate: (v, text, start) => isIpv4(v) && !PRODUCT_VERSION.test(text.slice(Math.max(0, start - 24), start)),
  },
  {
    id: 'ipv6', entity: 'IPV6', confidence: 0.85,
    re: /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g,
    validate: (v) => isIpv6(v),
  },
  {
    id: 'mac', entity: 'MAC_ADDRESS', confidence: 0.85,
    // Colon/dash groups of two, or Cisco's dotted groups of four (not followed by another `.group`,
    // which would make it a longer dotted number).
    re: /(?<![\w:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])|(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w]|\.\w)/g,
    validate: (v) => isMac(v),
  },
  {
    id: 'url-credentials', entity: 'URL_CREDENTIALS', confidence: 0.95, gate: ['://'],
    re: /\b(?!(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|clickhouse|cockroachdb|jdbc:[a-z]+):\/\/)[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:@/"'<>]{1,128}:[^\s@/"'<>]{1,128}@[^\s/"'<>?#]+/gi,
  },
  {
    // `DOB: …`, `born on …`, `my birthday is on July 4, 1990`, `born on the 15th of March 1985`, `am 12.03.1985 geboren`.
    id: 'date-of-birth', entity: 'DATE_OF_BIRTH', confidence: 0.8,
    re: new RegExp(
      `(?:\\b(?:d\\.?o\\.?b\\.?|date${GAP}?of${GAP}?birth|birth${GAP}?date|birthday|born(?:${GAPS}on)?|geburtsdatum|geboren(?:${GAPS}am)?|fecha${GAPS}de${GAPS}nacimiento|nacid[oa](?:${GAPS}el)?|` +
        `date${GAPS}de${GAPS}naissance|n[ée]e?(?:\\(e\\))?${GAPS}le|data${GAPS}di${GAPS}nascita|nat[oa]${GAPS}il|geboortedatum|geboren${GAPS}op|data${GAPS}de${GAPS}nascimento|nascid[oa]${GAPS}em)${labelJoin(':=', true)}(?:on[ \\t]+)?(?:the[ \\t]+)?|` +
        // German puts the verb last: `Ich bin am 12.03.1985 geboren`, `wurde am 5. März 1984 geboren`.
        `\\bam[ \\t]+(?=[^\\n]{6,24}?[ \\t]geboren\\b))(?<v>${DATE_VALUE})(?![\\w])`,
      'gi',
    ),
    validate: (v) => plausibleBirthDate(v),
  },
  {
    id: 'uk-nino', entity: 'UK_NINO', confidence: 0.9,
    re: /(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])/g,
    validate: (v) => isUkNino(v),
  },
  {
    id: 'de-tax-id', entity: 'DE_TAX_ID', confidence: 0.85,
    re: new RegExp(`\\b(?:steuer(?:-|${GAPS})?(?:id|identifikationsnummer|nummer)|steuer-?idnr|idnr|tax${GAP}?(?:id|identification${GAPS}number)|tin)\\b[^\\d\\n]{0,24}(?<v>\\d{2} ?\\d{3} ?\\d{3} ?\\d{3})(?!\\d)`, 'gi'),
    validate: (v) => isDeTaxId(v),
  },
  {
    // A US employer identification number after its label (`EIN: 12-3456789`, `Federal Tax ID 12-3456789`, `TIN:`):
    // an ID_NUMBER, as other identifiers named by their label. The German tax id's eleven digits are not this shape.
    id: 'us-ein-labelled', entity: 'ID_NUMBER', confidence: 0.75,
    re: new RegExp(
      `\\b(?:f?ein|employer(?:${GAP}?id|${GAP}identification)(?:${GAP}(?:no\\.?|number)|${GAP}?#)?|(?:(?:us|federal)${GAP}?)?tax${GAP}?id(?:${GAP}(?:no\\.?|number)|${GAP}?#)?|tin)` +
        `${labelJoin(':=#', true)}(?<v>\\d{2}-?\\d{7})(?![\\w-])`,
      'gi',
    ),
    validate: (v) => isUsEin(v),
  },
  {
    // `12345678Z`, `12345678-Z`, and with dots as Spain prints them, `12.345.678-Z`.
    id: 'es-dni', entity: 'ES_DNI', confidence: 0.9,
    re: /(?<![\w-])\d{8}-?[A-HJ-NP-TV-Z](?![\w])|(?<![\w.-])\d{2}\.\d{3}\.\d{3}-?[A-HJ-NP-TV-Z](?![\w])/g,
    validate: (v) => isEsDni(v),
  },
  {
    id: 'es-nie', entity: 'ES_NIE', confidence: 0.9,
    re: /(?<![\w-])[XYZ]-?\d{7}-?[A-HJ-NP-TV-Z](?![\w])/g,
    validate: (v) => isEsNie(v),
  },
  {
    id: 'fr-nir', entity: 'FR_NIR', confidence: 0.9,
    re: /(?<![\w])[12378] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w])/g,
    validate: (v) => isFrNir(v),
  },
  {
    id: 'btc-base58', entity: 'CRYPTO_WALLET', confidence: 0.95,
    re: /(?<![\w])[13LM][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])/g,
    // A valid base58check is a wallet; so is a random-looking string of the alphabet in mixed case
    // (addresses copied with a typo, generated test data): either a wallet or a random token, never prose.
    // The cheap test first: most addresses look random, and then no double SHA-256 is needed.
    validate: (v) => (looksRandom(v) && /[a-z]/.test(v) && /[A-Z]/.test(v)) || isBase58Check(v),
  },
  {
    id: 'btc-bech32', entity: 'CRYPTO_WALLET', confidence: 0.95,
    re: /(?<![\w])(?:bc|tb|ltc|BC|TB|LTC)1[02-9AC-HJ-NP-Zac-hj-np-z]{6,87}(?![\w])/g,
    // The checksum, or an address-length random string of the bech32 alphabet (the same reasoning as base58).
    validate: (v) => (v.length >= 26 && looksRandom(v.slice(v.indexOf('1') + 1))) || isBech32Address(v),
  },
  {
    id: 'eth', entity: 'CRYPTO_WALLET', confidence: 0.9, gate: ['0x'],
    re: /(?<![\w])0x[0-9a-fA-F]{40}(?![\w])/g,
    validate: (v) => isEthAddress(v),
  },
];

// Re-exported for the tests of the card detector's group selection.
export { cardBrand, luhn };

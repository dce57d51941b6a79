// Names and postal addresses: without NER (too slow inline) they are found only where the text labels
// them (`name:`, `"customer_name":`, `Dear …`, `Address:`) and by column / JSON-key rules. Recall on
// unlabelled prose is out of scope by design, and the tests report it separately.
import type { EntityType } from '@agentgate/api';
import type { Detector } from './detector.js';
import { BLANK, DECOR, GAP, GAPS, labelJoin } from './labels.js';
import { countDigits, isUsSsn } from './validators.js';
import { isAbaRouting } from './validators-ids.js';
import { AFTER_NAME, CAP_WORDS, CAP_WORDS_P, LEADING_PARTICLE, NAME, NAME_CHAR, NAME_START, NAME_START_RE, NOT_A_FIRST_NAME, NOT_A_NAME, NOT_A_PERSON, NOT_GREETED, PARTICLE, PARTICLE_WORD, TITLE, TWO_NAME_WORDS, asciiWordsNameAThing, namesAThing } from './names.js';

/** US state and territory codes, for addresses ending in `City, ST 12345`. */
const US_STATES = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA ' +
    'RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP').split(' '),
);

// The longest key here (`account holder name`, 23 characters with three blanks between its words) is engine.ts NAME_KEY_MAX: keep it in step.
/** Words that make `name` a person's name key (`last name`, `customer_name`, `maidenName`). */
const NAME_QUALIFIER =
  `customer|client|patient|contact|full|first|last|given|family|middle|sur|account${GAP}?holder|card${GAP}?holder|holder|` +
  `employee|user|sender|recipient|beneficiary|billing|shipping|legal|display|maiden|guardian|spouse|owner`;
/** Words before a spaced `name` that make it a thing's name, not a person's. */
const THING_WORDS =
  `\\b(?:file|host|server|table|column|schema|database|db|product|project|company|business|device|service|cluster|bucket|app|` +
  `application|domain|brand|field|key|container|image|package|branch|repo|repository|queue|topic|index|event|job|task|team|group|role)`;
// Spanish, French, German, Italian, Dutch and Portuguese keys too (`Nome:`, `Achternaam:`, `Prénom :`, `Apellidos:`).
const NAME_KEY =
  `(?:${NAME_QUALIFIER})${GAP}?name|name|(?:nombre|nome)(?:${GAPS}completo)?|nom(?:${GAPS}complet)?|vorname|nachname|surname|lastname|firstname|fullname|` +
  `cognome|naam|voornaam|achternaam|volledige${GAPS}naam|sobrenome|apellidos?|pr[ée]nom`;

const ADDRESS_KEY =
  `(?:(?:home|street|postal|mailing|billing|shipping|residential|delivery|permanent|current|customer|physical)${GAP}?)?` +
  `(?:address|addr)(?:${GAP}?line${GAP}?\\d)?|street|anschrift|adresse|dirección|direccion|indirizzo|adres|endereço|morada`;

/**
 * Where someone lives, said in the other label languages (`vivo en la Calle Mayor 10`, `j'habite au 12 rue de la Paix`,
 * `ich wohne in der Hauptstraße 5`, `abito in via Roma 10`, `ik woon op de Kerkstraat 12`, `moro na Rua Augusta 100`):
 * the verb, its preposition (the feature pass's homeVerbBefore()), and an address that starts with its number or a
 * street word (`vivo en Madrid desde 2010` is no address).
 */
const STREET_WORD =
  `calle|avenida|avda\\.|av\\.|paseo|plaza|camino|carrera|rue|avenue|boulevard|bd|place|allée|chemin|impasse|quai|via|viale|piazza|corso|` +
  `vicolo|rua|travessa|praça|largo|alameda`;
/** And in English, after `lives at` (`lives at home since 2010` is no address). */
const STREET_WORD_EN =
  `street|st|road|rd|avenue|ave|lane|ln|way|drive|dr|court|ct|place|pl|boulevard|blvd|terrace|close|crescent|square|` +
  `parkway|pkwy|highway|hwy|flat|apartment|apt|suite|unit|building|house|farm|cottage`;
const STREET_SUFFIX = `straße|strasse|str\\.|weg|platz|allee|gasse|ring|damm|straat|laan|plein|gracht|kade|singel`;
const HOME_VERB_OTHER =
  `(?:viv(?:o|e|imos|en)|resid[oe]|(?<=\\bj['’]|\\b)habite|wohn[et]|abit[oa]|woont?|mor[oa])[ \\t]+(?:en|in|im|au|op|em|na|no)` +
  `(?:[ \\t]+(?:der|de|la|el))?[ \\t]+(?=\\d|(?:${STREET_WORD})\\b|[\\p{L}-]*(?:${STREET_SUFFIX})(?![\\p{L}]))`;

/** Key names a JSON object or a result column uses for these entities (for maskJson / maskValue). */
export const KEY_ENTITIES: ReadonlyArray<readonly [RegExp, EntityType]> = [
  [/^(?:pass(?:word|wd|phrase)?|pwd|[\w -]*(?:password|passwd|secret|secret[_ -]?key|api[_ -]?key|apikey|private[_ -]?key|access[_ -]?token|refresh[_ -]?token|auth[_ -]?token|client[_ -]?secret)|cvv2?|cvc2?|csc|card[_-]?(?:security|verification)[_-]?(?:code|value)|pin(?:[_-]?(?:code|number))?|otp|passcode|(?:security|verification|one[_-]?time|otp|2fa|mfa|auth|login)[_-]?code|passwort|kennwort|contrase(?:ñ|n)a|mot[_ -]?de[_ -]?passe|wachtwoord|senha)$/i, 'PASSWORD'],
  [new RegExp(`^(?:${NAME_KEY})$`, 'i'), 'PERSON_NAME'],
  // (Keys spelt without their accent or often used in code too: endereco, domicilio.)
  [new RegExp(`^(?:${ADDRESS_KEY}|endereco|domicilio)$`, 'i'), 'POSTAL_ADDRESS'],
  [
    /^(?:dob|date[_ -]?of[_ -]?birth|birth[_ -]?date|birthdate|birthday|geburtsdatum|fecha[_ -]?(?:de[_ -]?)?nacimiento|date[_ -]?de[_ -]?naissance|data[_ -]?(?:di|de)[_ -]?nasci(?:ta|mento)|geboortedatum)$/i,
    'DATE_OF_BIRTH',
  ],
  [/^(?:e-?mail|mail|e-?mail[_ -]?(?:address|addr|id)|(?:work|home|personal|contact|primary|secondary|billing|customer|user|recovery)[_ -]?e-?mail(?:[_ -]?address)?)$/i, 'EMAIL'],
  [/^(?:ssn|social[_ -]?security(?:[_ -]?(?:number|no|num|nr))?|soc[_ -]?sec(?:[_ -]?(?:number|no|num))?)$/i, 'US_SSN'],
  [
    /^(?:(?:(?:home|work|office|business|primary|secondary|emergency|contact|customer|mobile|cell)[_ -]?)?(?:phone|tel|telephone|mobile|cell|fax)(?:[_ -]?(?:number|no|num|nr|phone))?|msisdn|whatsapp|telefon(?:nummer)?|t[ée]l[ée]phone|m[óo]vil|handy(?:nummer)?|t[ée]l[ée]fono|cellulare|telefoon(?:nummer)?|mobiel|telefone|celular|telem[óo]vel)$/i,
    'PHONE',
  ],
  [
    /^(?:passport(?:[_ -]?(?:number|no|num|nr|id))?|(?:drivers?|driver['’]?s|driving)[_ -]?licen[cs]e(?:[_ -]?(?:number|no|num|nr|id))?|dl[_ -]?(?:number|no|num|nr)|(?:national[_ -]?)?id[_ -]?card(?:[_ -]?(?:number|no|num|nr))?|national[_ -]?id(?:[_ -]?(?:number|no|num|nr))?|(?:bank[_ -]?)?account[_ -]?(?:number|no|num|nr)|acct[_ -]?(?:number|no|num|nr)?|routing(?:[_ -]?(?:number|no|num|nr))?|aba|rtn|reisepass(?:nummer)?|personalausweis(?:nummer)?|pasaporte|passeport|f?ein|employer[_ -]?id(?:entification)?(?:[_ -]?(?:number|no))?|(?:(?:us|federal)[_ -]?)?tax[_ -]?id(?:[_ -]?(?:number|no))?)$/i,
    'ID_NUMBER',
  ],
];

/**
 * Whether `value`, under a key or column that names `entity` (KEY_ENTITIES), is one: the key says what
 * it is, the value only has to be shaped like it. Else the detectors decide on the value alone.
 */
export function keyedValueIs(entity: EntityType, value: string, bareName: boolean): boolean {
  switch (entity) {
    case 'PERSON_NAME':
      // A capital, or a letter of a script without case (大内 正男), as the labelled-name detector takes;
      // a bare `name`: two words and no thing word.
      if (!NAME_START_RE.test(value)) return false;
      return !bareName || ((TWO_NAME_WORDS.test(value) || FULL_NAME_ONE_WORD.test(value)) && !namesAThing(value));
    case 'DATE_OF_BIRTH':
    case 'POSTAL_ADDRESS':
      return /\d/.test(value);
    case 'EMAIL':
      return /^\s*[^\s@]+@[^\s@]+\.[^\s@]{2,}\s*$/.test(value);
    case 'US_SSN':
      return /^\s*\d{3}([ -]?)\d{2}\1\d{4}\s*$/.test(value) && isUsSsn(value, true);
    case 'PHONE': {
      const n = countDigits(value);
      return n >= 7 && n <= 15 && /^\s*\+?[\d\s()./-]+(?:\s*(?:x|ext\.?)\s*\d{1,5})?\s*$/i.test(value);
    }
    case 'ID_NUMBER':
      return countDigits(value) >= 4 && /^\s*[A-Za-z0-9][A-Za-z0-9 -]{3,24}\s*$/.test(value);
    default:
      return true;
  }
}

/** Between a name key and its value: `name: `, `"name":"`, `name = `, `full name is `, `Name - `, `**Name:** `. */
const NAME_JOIN = labelJoin(':=');
const BARE_NAME_KEY = new RegExp(`(?:^|[^\\p{L}_-])(?:name|nom|nombre|nome|naam)${NAME_JOIN}$`, 'iu');
const QUALIFIED_NAME_KEY = new RegExp(`(?:${NAME_QUALIFIER})[ ]name${NAME_JOIN}$`, 'iu');

/**
 * The regex runs case-insensitively for its keys, and under /iu \p{Lu} matches lowercase too, so the
 * value is re-checked here: keep the leading capitalised words; a bare `name:` key needs two of them
 * (`name: db` in a manifest is not a person).
 */
function capitalisedName(v: string, text: string, start: number): boolean | readonly [number, number] {
  let end = 0;
  let kept = 0;
  let words = 0;
  let pos = 0;
  // Words split on ' ' (as v.split(' ') would), without allocating them.
  while (pos <= v.length) {
    let sp = v.indexOf(' ', pos);
    if (sp === -1) sp = v.length;
    const c = v.charCodeAt(pos);
    // ASCII first letters are decided here; anything else goes to the Unicode test.
    const upper = c >= 65 && c <= 90 ? true : (c >= 97 && c <= 122) || pos === sp ? false : NAME_START_RE.test(v.slice(pos, sp));
    // Particles inside a name, and before a surname under its own label (`van Vliet`): kept, not counted.
    const particle = !upper && (kept > 0 ? PARTICLE : LEADING_PARTICLE).test(v.slice(pos, sp));
    if (!upper && !particle) break;
    end += (words > 0 ? 1 : 0) + sp - pos;
    words++;
    if (upper) kept++;
    pos = sp + 1;
  }
  if (kept === 0) return false;
  // `name: Smith, and …` keeps `Smith`, not its comma.
  if (v.charCodeAt(end - 1) === 44) end--;
  // `Full name is Ana Ruiz.`: the sentence's full stop stays outside.
  if (v.charCodeAt(end - 1) === 46 && withoutFullStop(v.slice(0, end)) !== true) end--;
  // Only a single word or a thing's name needs the key check: a bare `name:` key needs two words and
  // no thing word (`last name:` is not bare).
  if (((kept < 2 && !FULL_NAME_ONE_WORD.test(v.slice(0, end))) || namesAThing(end === v.length ? v : v.slice(0, end))) && bareNameKeyBefore(text, start)) return false;
  return end === v.length ? true : [0, end];
}

/**
 * A whole name in one word, as Chinese, Japanese and Korean write a family and a given name without a space
 * (`随三锋`, `大内正男`, `허건후`): three or four Han characters, three Hangul syllables, as most such names
 * have. Two are as often a word (`服务`, service) as a name, so under a bare `name:` they stay.
 */
const FULL_NAME_ONE_WORD = /^(?:\p{Script=Han}{3,4}|\p{Script=Hangul}{3})$/u;

/** Whether the key right before `start` is a bare `name` (`name:`, `"Name": "`, `name is`), not `last name:`. */
function bareNameKeyBefore(text: string, start: number): boolean {
  // JSON's own spelling first (a JSON row per value in result sets and API bodies): what the regexes below say of it.
  if ((start >= 8 && text.startsWith('"name":"', start - 8)) || (start >= 9 && text.startsWith('"name": "', start - 9))) return true;
  const before = text.slice(Math.max(0, start - 40), start);
  const m = BARE_NAME_KEY.exec(before);
  // Only a space before `name` can make it qualified (`last name:`); JSON's `"name":` never is.
  return m !== null && (before.charCodeAt(m.index) !== 32 || !QUALIFIED_NAME_KEY.test(before));
}

/**
 * Where the JSON string from v ends (its closing quote) when it is two to four capitalised ASCII words
 * (`[A-Z][a-z]+` joined by single spaces), else -1: a loop over the characters, not a regex run per row.
 */
function capitalisedJsonValueEnd(text: string, v: number): number {
  let words = 0;
  let i = v;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) return -1;
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122) j++;
    if (j === i + 1 || ++words > 4) return -1;
    const d = text.charCodeAt(j);
    if (d === 34) return words >= 2 ? j : -1;
    if (d !== 32) return -1;
    i = j + 1;
  }
}

/**
 * Whether the bare JSON key `"name"` ending at `keyEnd` holds a thing's name the labelled-name detector
 * would reject: two to four capitalised words (its regex takes them whole) with a thing word among them
 * (`"name":"Handcrafted Bronze Car"`, `"name": "Upload Artifacts"`). When that key is the text's only
 * name key, the engine skips the detector: a JSON row of a catalogue, a pipeline or a service list costs
 * a few comparisons instead of a regex match, its validation and the key check.
 */
export function jsonThingName(text: string, keyEnd: number): boolean {
  if (keyEnd < 5 || !text.startsWith('"name":', keyEnd - 5)) return false;
  let v = keyEnd + 2;
  if (text.charCodeAt(v) === 32) v++;
  if (text.charCodeAt(v) !== 34) return false;
  const end = capitalisedJsonValueEnd(text, ++v);
  return end >= 0 && asciiWordsNameAThing(text, v, end);
}

/** A sentence's full stop after a name is not part of it (an initial's is: `John F.`). */
function withoutFullStop(v: string): true | readonly [number, number] {
  return v.endsWith('.') && !/(?:^|\s)\p{Lu}\.$/u.test(v) && !/\b(?:Jr|Sr|MD|PhD|DDS|DVM)\.$/.test(v) ? [0, v.length - 1] : true;
}

/** Address values: a house number or a capitalised word, at least two words, letters present. */
function plausibleAddress(v: string): boolean {
  return v.length >= 8 && /\s/.test(v) && /\p{L}{2}/u.test(v) && /\d/.test(v);
}

/**
 * Identity-document and account numbers next to their label: passport, driver's licence, ID card,
 * national ID, bank account / routing numbers (the id-number-labelled detector's regex, and idLabelledAt()'s).
 */
const ID_NUMBER_SOURCE =
  `(?<![\\p{L}\\d_])(?:(?:passport|(?:driver['’]?s?|driving)${GAP}?licen[cs]e|id${GAP}?card|identity${GAP}card|national${GAP}id(?:entity)?(?:${GAP}card)?|` +
    // German, Spanish and French documents.
    `reisepass|(?:personal)?ausweis|f(?:ü|ue|u)hrerschein|pasaporte|passeport|carte${GAPS}d['’]identit[ée]|permis${GAPS}de${GAPS}conduire|licencia${GAPS}de${GAPS}conducir|` +
    // National and health identifiers other countries label: Canada's SIN, India's Aadhaar, the NHS number, the Dutch BSN,
    // Brazil's CPF, Italy's codice fiscale, Nordic personnummer, a medical record number (MRN).
    `social${GAPS}insurance|SIN|aadhaar|NHS|BSN|burgerservicenummer|CPF|codice${GAPS}fiscale|personnummer|MRN|bank${GAP}?account)` +
    `(?:${GAP}?(?:no\\.?|nr\\.?|number|num|nummer|número|numéro|#|id))?|(?:licen[cs]e|(?:bank${GAP})?account|acct|routing|DL)${GAP}?(?:no\\.?|nr\\.?|number|num|#)|` +
    // A US bank's routing number under its short labels: nine digits, and the ABA checksum (validate).
    `(?:aba|rtn|routing)(?=[^\\d\\n]{0,6}\\d{9}(?![\\d-])))` +
    // Something between label and number (a quote, a space, ':', '=', '#', or the dot of `No.`):
    // `DLno123…`, `passportable123456` are one word, not a label and its value.
    `(?:(?<=[.#])|(?=["'\`“”‘’„«»* \\t\\u00a0\\u202f:=#|<>]))${labelJoin(':=#', true)}(?<v>[A-Z0-9][A-Z0-9-]{4,19}|\\d{3,4}(?:[ .]\\d{2,4}){2,3}(?:-\\d{2})?)(?![\\p{L}\\d_-])`;
const ID_NUMBER_AT = new RegExp(ID_NUMBER_SOURCE, 'giu');

/** `ABA:`, `RTN`, `routing:` right before a value, with no number word: the value must be a routing number. */
const ROUTING_ONLY = /(?:^|[^\p{L}])(?:aba|rtn|routing)[^\p{L}\d]{0,6}$/iu;

/**
 * Whether text[start, end) is the value of a labelled identity number (`NHS number: 943 476 5919`): the
 * phone detectors leave such a value to it, whatever its shape (an NHS number is written 3-3-4, as North
 * American phone numbers are).
 */
export function idLabelledAt(text: string, start: number, end: number): boolean {
  // The longest label and its join fit in 64 characters.
  ID_NUMBER_AT.lastIndex = Math.max(0, start - 64);
  let m: RegExpExecArray | null;
  while ((m = ID_NUMBER_AT.exec(text)) !== null && m.index < start) {
    if (m.index + m[0].length === end && m.groups!.v!.length === end - start) return true;
    ID_NUMBER_AT.lastIndex = m.index + 1;
  }
  return false;
}

export const CONTEXT_DETECTORS: Detector[] = [
  {
    // Only person-ish keys or a bare `name`: not glued to another word (`file_name`, `host.name`), nor
    // after a word that names a thing (`host name`, `Company Name`).
    id: 'person-labelled', entity: 'PERSON_NAME', confidence: 0.7,
    re: new RegExp(
      `(?<![\\p{L}\\d_.-])(?<!${THING_WORDS}[ \\t])(?:${NAME_KEY})${NAME_JOIN}(?<v>${NAME})(?=\\s*["'”’»,;|\\t\\r\\n)}*\`<]|\\s*$|\\s+[-–(<]|\\.\\s|\\s+(?:and|at|from|on|with|is|was)\\b)`,
      'giu',
    ),
    validate: capitalisedName,
  },
  {
    id: 'person-salutation', entity: 'PERSON_NAME', confidence: 0.7, gate: ['Dear', 'DEAR', 'dear', 'Hello', 'Hi ', 'Attn', 'ATTN'],
    // Words start with a capital, or with a letter of a script without case (`Dear 田口 正`, `Dear طلال الخليفي`).
    re: new RegExp(`\\b(?:Dear|Hello|Hi|Attn:?|Attention:?)[ \\t]+(?<v>${TITLE}?${NAME_START}${NAME_CHAR}+(?: (?:${PARTICLE_WORD} ){0,2}${NAME_START}${NAME_CHAR}*){0,4}(?: (?:Jr|Sr|I|II|III|IV|V|MD|PhD)\\.?)?)(?=[,;:!.\\r\\n]|\\s*$)`, 'gu'),
    validate: (v) => !NOT_GREETED.test(v),
  },
  {
    // The same in Spanish, French, German, Italian, Dutch and Portuguese (`Estimada Sra. Ruiz,`, `Sehr geehrter Herr Weiß,`,
    // `Beste Jan,`). A detector of its own: English text does not pay for these literals.
    id: 'person-salutation-other', entity: 'PERSON_NAME', confidence: 0.7,
    // No literal gate: the pass's endings gate it, and its regex alone costs less than the includes().
    re: new RegExp(
      `\\b(?:Querid[oa]|Estimad[oa]|Hola|Cher|Chère|Bonjour|Liebe|Lieber|Hallo|Sehr geehrte[rs]?|Gentile|Gentili|Car[oa]|Beste|Geachte|Prezad[oa]|Olá|Ciao)[ \\t]+` +
        `(?<v>${TITLE}?${NAME_START}${NAME_CHAR}+(?: (?:${PARTICLE_WORD} ){0,2}${NAME_START}${NAME_CHAR}*){0,4}(?: (?:Jr|Sr)\\.?)?)(?=[,;:!.\\r\\n]|\\s*$)`,
      'gu',
    ),
    validate: (v) => !NOT_GREETED.test(v),
  },
  {
    id: 'person-role-labelled', entity: 'PERSON_NAME', confidence: 0.7,
    re: new RegExp(
      // Either case for the labels that name a person (`Customer:`, a JSON `"customer":`); capitalised only for
      // those whose lower-case key often holds an application or a company (`"client": "Mozilla Firefox"`,
      // `"tenant": "Acme Corp"`). The value's words are capitalised.
      `\\b(?:[Cc]ustomer|[Pp]atient|Client|[Ee]mployee|[Cc]ard ?holder|[Aa]ccount holder|Recipient|[Bb]eneficiary|Signed|Signed by|Contact(?: person| name)?|Guest|[Pp]assenger|[Aa]pplicant|Tenant|[Ss]tudent|[Rr]esident|[Pp]articipant|[Aa]ttendee|[Cc]laimant|` +
        `[Bb]orrower|[Gg]uarantor|[Gg]uardian|[Pp]hysician|[Nn]urse|[Tt]eacher|[Tt]ravell?er|[Ss]eller|Member|Subscriber|Owner|Buyer|Driver|Parent|Doctor|Sender|` +
        // The same people in Spanish, Italian, Portuguese, German, Dutch and French records.
        `[Pp]aciente|[Pp]aziente|Cliente|[Ee]mpleado|[Dd]ipendente|[Tt]itular|[Kk]unde|[Kk]undin|[Pp]atientin|[Kk]lant|[Dd]estinataire|[Ee]mpfänger)${DECOR}${BLANK}*:${BLANK}*${DECOR}${BLANK}*(?<v>${NAME})(?=\\s*["'”’»,;|\\t\\r\\n(*\`]|\\s*$|\\.\\s|\\s+[-–(<])`,
      'gu',
    ),
    // Two words at least, and not a company or a team (`Owner: Platform Team`, `Buyer: Acme Holdings Inc`).
    validate: (v) => v.includes(' ') && !namesAThing(v),
  },
  {
    // Introductions: `My name is Ana Ruiz`, `her full name's Zoë Park`; `I am Mamie Kassulke and …`,
    // `This is Matt Hill from support`, where two capitalised words are needed (`I am Happy to help`).
    id: 'person-introduced', entity: 'PERSON_NAME', confidence: 0.6,
    gate: ['name is', "name's", 'I am', "I'm", 'his is'],
    re: new RegExp(
      `\\b(?:(?:[Mm]y|[Hh]is|[Hh]er|[Tt]heir) (?:full |first |last )?name(?: is|'s)[ \\t]+|(?:I am|I'm|[Tt]his is)[ \\t]+(?=${CAP_WORDS(1, 2)}))` +
        `(?<v>${NAME})${AFTER_NAME}`,
      'gu',
    ),
    validate: (v) => !NOT_A_FIRST_NAME.test(v) && !NOT_A_PERSON.test(v) && withoutFullStop(v),
  },
  {
    // The same in Spanish, French, German, Italian, Dutch and Portuguese: `Me llamo Carlos Ruiz`, `Je m'appelle
    // Pierre Dubois`, `Ich heiße Anna Schmidt`, `Ik heet Jan de Vries`. A detector of its own, so that English
    // prose (whose every `is` gates the one above) does not pay for these literals.
    id: 'person-introduced-other', entity: 'PERSON_NAME', confidence: 0.6,
    // No literal gate: the pass's endings gate it, and its regex alone costs less than a dozen includes().
    re: new RegExp(
      `\\b(?:[Mm]i nombre es|[Mm]e llamo|[Jj]e m['’]appelle|[Mm]ein [Nn]ame ist|[Ii]ch hei(?:ß|ss)e|[Mm]i chiamo|[Ii]l mio nome è|[Mm]ijn naam is|[Ii]k heet|` +
        `[Mm]eu nome é|[Mm]e chamo|[Cc]hamo-me)[ \\t]+(?<v>${NAME})${AFTER_NAME}`,
      'gu',
    ),
    validate: (v) => !NOT_A_FIRST_NAME.test(v) && !NOT_A_PERSON.test(v) && withoutFullStop(v),
  },
  {
    // A role word in running text, then a name: `Patient Martha Thiel was admitted`, `customer Ana Ruiz said`.
    id: 'person-role-prose', entity: 'PERSON_NAME', confidence: 0.55,
    re: new RegExp(`\\b(?:[Pp]atient|[Cc]ustomer|[Cc]lient|[Ee]mployee|[Tt]enant|[Pp]assenger|[Aa]pplicant|[Gg]uest|[Cc]ardholder|[Rr]ecipient|[Bb]eneficiary)[ \\t]+(?<v>${CAP_WORDS(1, 2)})(?:${AFTER_NAME}|(?=[ \\t]+\\p{Ll}))`, 'gu'),
    validate: (v) => !NOT_A_PERSON.test(v),
  },
  {
    // A title before capitalised words: `Mr. Rolando Hamill called`, `Dr Okafor`. The title stays.
    id: 'person-titled', entity: 'PERSON_NAME', confidence: 0.65,
    // And the German, Spanish, Portuguese, French, Italian and Dutch ones: `Herr Weiß`, `Sra. García`, `M. Dupont`,
    // `Mme Dubois`, `Dott.ssa Bianchi`, `Dhr. Jansen`. Not a job title after them (`Sr. Software Engineer`).
    re: new RegExp(
      `\\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Herr|Frau|Sra|Sr|Mme|Mlle|M(?=\\.)|Sig\\.ra|Sig|Dott\\.ssa|Dott|Dhr|Mevr|Mw)\\.?[ \\t]+` +
        `(?<v>(?:(?:Mr|Mrs|Ms|Dr)\\.? )?${CAP_WORDS(0, 2)})(?![\\p{L}\\p{M}])`,
      'gu',
    ),
    validate: (v) => !NOT_A_PERSON.test(v),
  },
  {
    // A sign-off, then a name that ends the line (or a JSON string): `Regards,\nLynn Tillman`, `Signed, Nicolas Bayer`.
    id: 'person-signoff', entity: 'PERSON_NAME', confidence: 0.6,
    gate: ['egards', 'incerely', 'ruly', 'hanks', 'hank you', 'heers', 'Best', 'best', 'Signed', 'espectfully'],
    re: new RegExp(
      `\\b(?:[Rr]egards|[Ss]incerely|[Tt]ruly|[Tt]hanks|[Tt]hank you|[Cc]heers|[Bb]est(?: wishes)?|Signed(?: by)?|[Rr]espectfully),?[ \\t]*(?:\\r?\\n)?[ \\t]*(?<v>${CAP_WORDS_P(3)})(?=[ \\t]*(?:\\r?\\n|$|"))`,
      'gu',
    ),
    validate: (v) => !NOT_A_NAME.test(v) && !NOT_A_PERSON.test(v),
  },
  {
    // The same in Spanish, French, German, Italian, Dutch and Portuguese: `Saludos,⏎Carlos Ruiz`, `Cordialement,⏎Pierre
    // Dubois`, `Mit freundlichen Grüßen⏎Anna Schmidt`, `Met vriendelijke groet,⏎Jan de Vries`.
    id: 'person-signoff-other', entity: 'PERSON_NAME', confidence: 0.6,
    gate: ['aludo', 'aluti', 'roet', 'ordial', 'Atentamente', 'Atenciosamente', 'Grü'],
    re: new RegExp(
      // Capitalised only where the pass looks for a capital (detectors-words.ts K_SIGNOFF_OTHER_CAP).
      `\\b(?:[Ss]aludos(?: cordiales)?|[Uu]n saludo|Atentamente|Cordialmente|Atenciosamente|(?:Bien c|C)ordialement|` +
        `(?:(?:[Mm]it )?(?:freundlichen|besten|herzlichen|lieben) |(?:[Ff]reundliche|[Vv]iele|[Ll]iebe|[Bb]este|[Hh]erzliche) )?Grü(?:ß|ss)en?|` +
        `[Cc]ordiali saluti|[Dd]istinti saluti|(?:[Mm]et )?(?:[Vv]riendelijke|[Hh]artelijke) groet(?:en)?),?[ \\t]*(?:\\r?\\n)?[ \\t]*` +
        `(?<v>${CAP_WORDS_P(3)})(?=[ \\t]*(?:\\r?\\n|$|"))`,
      'gu',
    ),
    validate: (v) => !NOT_A_NAME.test(v) && !NOT_A_PERSON.test(v),
  },
  {
    // A US street address ending in `City, ST 12345(-6789)` (or `City ST 12345` with the city capitalised),
    // labelled or not: the state and ZIP make it one.
    id: 'address-us', entity: 'POSTAL_ADDRESS', confidence: 0.7,
    // A unit may follow the street in its own segment (`4521 Maple Avenue, Apt 3B, Denver, CO 80203`).
    re: /(?<![\w-])(?<v>\d{1,6}[A-Za-z]?(?: [\p{L}\d.'’#-]+){1,7},(?: (?:#|(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|PO Box)\.? ?)[\p{L}\d-]{1,8},)?(?:(?: [\p{L}.'’-]+){1,4}, ?|(?: \p{Lu}[\p{L}.'’-]*){1,4} )[A-Z]{2} \d{5}(?:-\d{4})?)(?![\w-])/gu,
    validate: (v) => US_STATES.has(/ ([A-Z]{2}) \d{5}(?:-\d{4})?$/.exec(v)?.[1] ?? ''),
  },
  {
    // A UK street address ending in `Town POSTCODE` (`10 Downing Street, London SW1A 2AA`), labelled or not:
    // the postcode, valid by the Royal Mail's letter rules, makes it one.
    id: 'address-uk', entity: 'POSTAL_ADDRESS', confidence: 0.7,
    re: /(?<![\w-])(?<v>\d{1,5}[A-Za-z]?(?: [\p{L}\d.'’-]+){1,7},(?: [\p{L}.'’-]+){1,3},? [A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})(?![\w-])/gu,
    validate: (v) => /(?:^| )[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]? \d[ABD-HJLNP-UW-Z]{2}$/.test(v),
  },
  {
    // Identity-document and account numbers next to their label: passport, driver's licence, ID card,
    // national ID, bank account / routing numbers. No public check digit, so the label is the evidence.
    id: 'id-number-labelled', entity: 'ID_NUMBER', confidence: 0.7,
    re: new RegExp(ID_NUMBER_SOURCE, 'giu'),
    validate: (v, text, start) =>
      countDigits(v) >= 4 && !/^(?:19|20)\d{2}-\d{1,2}-\d{1,2}$/.test(v) && (!ROUTING_ONLY.test(text.slice(Math.max(0, start - 16), start)) || isAbaRouting(v)),
  },
  {
    id: 'address-labelled', entity: 'POSTAL_ADDRESS', confidence: 0.7,
    re: new RegExp(
      `(?<![\\p{L}\\d_.-])(?<!(?:e-?mail|ip|mac|wallet|server|bind|listen|remote|local|host|btc|eth|web|url|memory|return|ipv[46]|contract|mail)[ _-]?)` +
        // The value ends at a quote, a separator, the line's end, two spaces, or a sentence's end — but not
        // at an abbreviation's full stop before it holds a number (`Calle Mayor s/n. Esc. 115`).
        `(?:(?:${ADDRESS_KEY})${labelJoin(':=')}|(?:lives|live|living|resides|reside|residing)[ \\t]+at[ \\t]+(?=\\d|[\\p{L}'’ .-]{0,40}?\\b(?:${STREET_WORD_EN})\\b)|${HOME_VERB_OTHER})(?<v>[\\p{L}\\d][^"\\n\\r\\t|;{}*]{6,160}?)` +
        // (The full stop first: the look-behinds then run at full stops only, not at every character.)
        `(?=["|;\\t\\r\\n}*]|\\s*$|\\.(?<=(?:\\d[^"\\n\\r\\t|;{}*]*|\\p{L}{5})\\.)[ \\t]+\\p{Lu}|[ \\t]{2})`,
      'giu',
    ),
    validate: (v) => plausibleAddress(v),
  },
];

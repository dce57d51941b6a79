// Names and postal addresses: without NER (too slow inline) they are found only where the text labels
// them (`name:`, `"customer_name":`, `Dear …`, `Address:`) and by column / JSON-key rules. Recall on
// unlabelled prose is out of scope by design, and the tests report it separately.
import type { EntityType } from '@agentgate/api';
import type { Detector } from './detector.js';

const TITLE = `(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Herr|Frau|Mme|M|Sr|Sra)\\.? )`;
/** One to four capitalised words; letters from any script, apostrophes and hyphens inside names. */
const NAME = `${TITLE}?\\p{Lu}[\\p{L}\\p{M}'’-]*\\.?(?: (?:(?:van|von|der|de|del|da|di|la|le|du|bin|al)|\\p{Lu}[\\p{L}\\p{M}'’-]*\\.?)){0,3}(?: (?:Jr|Sr|II|III|IV|MD|PhD|DDS|DVM)\\.?)?`;

// The longest key here (`account holder name`, 19 characters) is engine.ts NAME_KEY_MAX: keep it in step.
const NAME_KEY =
  `(?:customer|client|patient|contact|full|first|last|given|family|middle|sur|account[_ -]?holder|card[_ -]?holder|holder|` +
  `employee|user|sender|recipient|beneficiary|billing|shipping|legal|display|maiden|guardian|spouse|owner)[_ -]?name|` +
  `name|nombre|nom|vorname|nachname|surname|lastname|firstname|fullname`;

const ADDRESS_KEY =
  `(?:(?:home|street|postal|mailing|billing|shipping|residential|delivery|permanent|current|customer|physical)[_ -]?)?` +
  `(?:address|addr)(?:[_ -]?line[_ -]?\\d)?|street|anschrift|adresse|dirección|direccion`;

/** Key names a JSON object or a result column uses for these entities (for maskJson / maskValue). */
export const KEY_ENTITIES: ReadonlyArray<readonly [RegExp, EntityType]> = [
  [/^(?:pass(?:word|wd|phrase)?|pwd|[\w-]*(?:password|passwd|secret|api[_-]?key|apikey|private[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|client[_-]?secret))$/i, 'PASSWORD'],
  [new RegExp(`^(?:${NAME_KEY})$`, 'i'), 'PERSON_NAME'],
  [new RegExp(`^(?:${ADDRESS_KEY})$`, 'i'), 'POSTAL_ADDRESS'],
  [/^(?:dob|date[_ -]?of[_ -]?birth|birth[_ -]?date|birthdate|birthday|geburtsdatum)$/i, 'DATE_OF_BIRTH'],
];

const PARTICLE = /^(?:van|von|der|de|del|da|di|la|le|du|bin|al)$/;

/**
 * The regex runs case-insensitively for its keys, and under /iu \p{Lu} matches lowercase too, so the
 * value is re-checked here: keep the leading capitalised words; a bare `name:` key needs two of them
 * (`name: db` in a manifest is not a person).
 */
function capitalisedName(v: string, text: string, start: number): boolean | readonly [number, number] {
  let end = 0;
  let kept = 0;
  let pos = 0;
  // Words split on ' ' (as v.split(' ') would), without allocating them.
  while (pos <= v.length) {
    let sp = v.indexOf(' ', pos);
    if (sp === -1) sp = v.length;
    const c = v.charCodeAt(pos);
    // ASCII first letters are decided here; anything else goes to the Unicode test.
    const upper = c >= 65 && c <= 90 ? true : (c >= 97 && c <= 122) || pos === sp ? false : /^\p{Lu}/u.test(v.slice(pos, sp));
    if (!upper && !(kept > 0 && PARTICLE.test(v.slice(pos, sp)))) break;
    end += (kept > 0 ? 1 : 0) + sp - pos;
    kept++;
    pos = sp + 1;
  }
  if (kept === 0) return false;
  // Only a single word needs the key check (a bare `name:` key needs two).
  if (kept < 2 && /(?:^|[^\p{L}_-])(?:name|nom|nombre)["']?[ \t]*[:=][ \t]*["']?$/iu.test(text.slice(Math.max(0, start - 12), start))) return false;
  return end === v.length ? true : [0, end];
}

/** Address values: a house number or a capitalised word, at least two words, letters present. */
function plausibleAddress(v: string): boolean {
  return v.length >= 8 && /\s/.test(v) && /\p{L}{2}/u.test(v) && /\d/.test(v);
}

export const CONTEXT_DETECTORS: Detector[] = [
  {
    // Not after `file`, `table`, `host`…: only person-ish keys or a bare `name`.
    id: 'person-labelled', entity: 'PERSON_NAME', confidence: 0.7,
    re: new RegExp(
      `(?<![\\p{L}\\d_.-])(?:${NAME_KEY})["']?[ \\t]*[:=][ \\t]*["']?(?<v>${NAME})(?=\\s*["',;|\\t\\r\\n)}]|\\s*$|\\s+[-–(<]|\\.\\s|\\s+(?:and|at|from|on|with|is|was)\\b)`,
      'giu',
    ),
    validate: capitalisedName,
  },
  {
    id: 'person-salutation', entity: 'PERSON_NAME', confidence: 0.7, gate: ['Dear', 'DEAR', 'dear', 'Hello', 'Hi ', 'Attn', 'ATTN'],
    re: new RegExp(`\\b(?:Dear|Hello|Hi|Attn:?|Attention:?)[ \\t]+(?<v>${TITLE}?\\p{Lu}[\\p{L}\\p{M}'’-]+(?: \\p{Lu}[\\p{L}\\p{M}'’-]+){0,2})(?=[,;:!.\\r\\n]|\\s*$)`, 'gu'),
  },
  {
    id: 'person-role-labelled', entity: 'PERSON_NAME', confidence: 0.7,
    re: new RegExp(
      `\\b(?:Customer|Patient|Client|Employee|Cardholder|Account holder|Recipient|Beneficiary|Signed|Signed by|Contact|Guest|Passenger|Applicant|Tenant)["']?[ \\t]*:[ \\t]*["']?(?<v>${NAME})(?=\\s*["',;|\\t\\r\\n(]|\\s*$|\\.\\s|\\s+[-–(<])`,
      'gu',
    ),
    validate: (v) => v.includes(' '),
  },
  {
    id: 'address-labelled', entity: 'POSTAL_ADDRESS', confidence: 0.7,
    re: new RegExp(
      `(?<![\\p{L}\\d_.-])(?<!(?:e-?mail|ip|mac|wallet|server|bind|listen|remote|local|host|btc|eth|web|url|memory|return|ipv[46]|contract|mail)[ _-]?)` +
        `(?:${ADDRESS_KEY})["']?[ \\t]*[:=][ \\t]*["']?(?<v>[\\p{L}\\d][^"\\n\\r\\t|;{}]{6,160}?)(?=["|;\\t\\r\\n}]|\\s*$|\\.[ \\t]+\\p{Lu}|[ \\t]{2})`,
      'giu',
    ),
    validate: (v) => plausibleAddress(v),
  },
];

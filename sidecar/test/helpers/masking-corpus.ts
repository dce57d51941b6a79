// The labelled evaluation corpus: every entity type embedded in prose, JSON rows, CSV and log lines,
// next to hand-written hard negatives that look like entities and are not (Luhn-failing card-like
// numbers, UUIDs, git SHAs, timestamps, order ids, versions, ISBNs, phone-like numbers in prose).
// Deterministic per seed. `holdout` uses other phrasings, key names, formats and locales, so the
// detectors are measured on text they were not tuned against.
import { Faker, base, de, en, fr, es } from '@faker-js/faker';
import { EntityTypes, type EntityType } from '@agentgate/api';
import { VALUES } from './masking-values.js';

export interface LabelledDoc {
  text: string;
  positives: Array<{ entity: EntityType; value: string }>;
  negatives: string[];
}

export type Mix = 'main' | 'holdout';

/** Entities found only next to a label (or in a document structure that labels them). */
export const CONTEXT_ENTITIES: ReadonlySet<EntityType> = new Set([
  'DATE_OF_BIRTH', 'PERSON_NAME', 'POSTAL_ADDRESS', 'AWS_SECRET_ACCESS_KEY', 'PASSWORD', 'HIGH_ENTROPY_SECRET',
  'DE_TAX_ID', 'KUBERNETES_SECRET', 'ID_NUMBER',
]);

/** Key / label names per context entity: the main mix and the hold-out mix use different ones. */
const LABELS: Partial<Record<EntityType, Record<Mix, string[]>>> = {
  DATE_OF_BIRTH: { main: ['DOB', 'date of birth', 'birth_date', 'Date of birth'], holdout: ['dob', 'Birthday', 'birthdate', 'DATE OF BIRTH'] },
  PERSON_NAME: { main: ['customer_name', 'full_name', 'name', 'Name'], holdout: ['contact_name', 'patient_name', 'cardholder_name', 'Customer'] },
  POSTAL_ADDRESS: { main: ['address', 'shipping_address', 'Address'], holdout: ['billing_address', 'Mailing address', 'home_address'] },
  AWS_SECRET_ACCESS_KEY: { main: ['aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY'], holdout: ['SecretAccessKey', 'secret_key'] },
  PASSWORD: { main: ['password', 'DB_PASSWORD', 'passwd'], holdout: ['client_secret', 'api_key', 'POSTGRES_PASSWORD', 'pwd'] },
  HIGH_ENTROPY_SECRET: { main: ['token', 'auth_token', 'session_key'], holdout: ['refresh_token', 'X-Auth-Token', 'signing_key'] },
  DE_TAX_ID: { main: ['Steuer-ID', 'Tax ID'], holdout: ['Steueridentifikationsnummer', 'IdNr', 'tax id'] },
  US_SSN: { main: ['ssn', 'SSN'], holdout: ['social security number', 'ssn'] },
  ID_NUMBER: { main: ['Passport No.', 'driver_license', 'Account number'], holdout: ['passport_number', "Driver's licence", 'ID card number', 'bank account no'] },
};

/** Labels that read naturally before `is` / `was` / a dash in a sentence. */
const PROSE_JOINABLE = /name|dob|birth|address|ssn|social|passport|licen|card|account/i;

const PROSE: Record<Mix, Array<(v: string) => string>> = {
  main: [
    (v) => `Please reach out via ${v} if anything changes.`,
    (v) => `The record shows ${v} as the value on file.`,
    (v) => `Updated: ${v}. No further action needed.`,
    (v) => `Customer provided ${v} during the call.`,
  ],
  holdout: [
    (v) => `FYI the ticket mentions ${v} twice`,
    (v) => `(${v})`,
    (v) => `see: ${v}; verified by support`,
    (v) => `\u201C${v}\u201D was pasted into the chat by the agent.`,
    (v) => `Anrufer hat ${v} angegeben.`,
  ],
};

function hardNegatives(f: Faker): string[] {
  const d = (n: number) => f.string.numeric({ length: n, allowLeadingZeros: false });
  const luhnFail = () => {
    const s = `4${d(15)}`;
    let sum = 0;
    for (let i = 0; i < 16; i++) {
      let x = +s[15 - i]!;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    const fixed = sum % 10 === 0 ? s.slice(0, 15) + ((+s[15]! + 1) % 10) : s;
    return f.datatype.boolean() ? fixed : fixed.match(/.{4}/g)!.join(' ');
  };
  const gens: Array<() => string> = [
    luhnFail,
    () => f.string.uuid(),
    () => f.git.commitSha(),
    () => f.git.commitSha({ length: 7 }),
    () => f.date.recent({ days: 400 }).toISOString(),
    () => String(f.number.int({ min: 1.6e12, max: 1.8e12 })),
    () => `ORD-${d(8)}`,
    () => `order #${d(6)}`,
    () => `INV-2024-${d(5)}`,
    () => `v${f.number.int(20)}.${f.number.int(40)}.${f.number.int(99)}`,
    () => `${f.number.int(9)}.${f.number.int(30)}.${f.number.int(200)}-rc.${f.number.int(9)}`,
    () => `ISBN 978-${f.number.int(9)}-${d(2)}-${d(6)}-${f.number.int(9)}`,
    () => `between ${f.number.int({ min: 100, max: 499 })} and ${f.number.int({ min: 500, max: 999 })} units`,
    () => `rooms ${d(3)}-${d(3)}`,
    () => `$${f.number.int(9)},${d(3)}.${d(2)}`,
    () => `${f.number.int(23)}:${String(f.number.int(59)).padStart(2, '0')}:${String(f.number.int(59)).padStart(2, '0')}`,
    () => f.color.rgb(),
    () => `${f.location.latitude()}, ${f.location.longitude()}`,
    () => `/var/log/app-${f.date.recent().toISOString().slice(0, 10)}.log`,
    () => f.string.hexadecimal({ length: 32, prefix: '', casing: 'lower' }),
    () => `batch ${d(10)}`,
    () => `tracking ${d(12)}`,
    () => `${f.number.int({ min: 1, max: 9 })}.${d(3)}.${d(3)}`,
    () => `build 10.0.${d(5)}`,
    () => `task-${d(4)}`,
    () => `risk-free`,
    () => `${f.date.past().toISOString().slice(0, 10)}`,
    () => `+${f.number.int(99)}% week over week`,
  ];
  return f.helpers.arrayElements(gens, { min: 1, max: 3 }).map((g) => g());
}

function kubeSecret(f: Faker, value: string, mix: Mix): string {
  const name = f.word.noun();
  if (mix === 'main') {
    return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\ntype: Opaque\ndata:\n  password: ${value}\n`;
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { token: value } }, null, 2);
}

function embed(f: Faker, entity: EntityType, value: string, mix: Mix, negatives: string[]): string {
  const labels = LABELS[entity]?.[mix];
  const neg = negatives.join(' and ');
  if (entity === 'KUBERNETES_SECRET') return `${kubeSecret(f, value, mix)}\n# ${neg}`;
  if (entity === 'PRIVATE_KEY') return mix === 'main' ? `key file:\n${value}\nref ${neg}` : JSON.stringify({ key: value, note: neg });
  const label = labels && (CONTEXT_ENTITIES.has(entity) || f.datatype.boolean()) ? f.helpers.arrayElement(labels) : null;
  if (entity === 'PERSON_NAME' && label === null) return `${mix === 'main' ? 'Dear' : 'Hello'} ${value},\n${neg}`;
  const format = f.helpers.arrayElement(label ? ['prose', 'json', 'log'] : ['prose', 'json', 'csv', 'log']);
  const key = label ?? f.helpers.arrayElement(mix === 'main' ? ['value', 'field', 'data'] : ['v', 'payload', 'content']);
  switch (format) {
    case 'json':
      return JSON.stringify({ id: f.number.int(99999), [key]: value, note: neg, updated_at: f.date.recent().toISOString() });
    case 'csv':
      return `${f.number.int(9999)},${f.word.noun()},${value},"${neg}"`;
    case 'log': {
      const ts = f.date.recent().toISOString();
      return mix === 'main'
        ? `${ts} INFO request handled ${label ? `${key}="${value}"` : value} ref="${neg}"`
        : `[${ts}] level=warn msg="user update" ${label ? `${key}: ${value}` : value} | ${neg}`;
    }
    default: {
      const sentence = f.helpers.arrayElement(PROSE[mix]);
      const filler = mix === 'main' ? f.lorem.sentence() : f.hacker.phrase();
      // The hold-out mix also joins labels as people write them: `date of birth is …`, `ssn was …`.
      const join = mix === 'holdout' && label !== null && PROSE_JOINABLE.test(label) ? f.helpers.arrayElement([':', ' is', ' was', ' -']) : ':';
      return label ? `${filler} ${label}${join} ${value}\n${neg}. ${sentence('the account')}` : `${filler} ${sentence(value)} Also ${neg}.`;
    }
  }
}

/** `perEntity` documents for every entity type (one positive each, 1–3 hard negatives each). */
export function generateCorpus(seed: number, mix: Mix, perEntity = 100): LabelledDoc[] {
  const f = new Faker({ locale: mix === 'main' ? [en, base] : [de, fr, es, en, base] });
  f.seed(seed);
  const docs: LabelledDoc[] = [];
  for (const entity of EntityTypes) {
    for (let i = 0; i < perEntity; i++) {
      const value = VALUES[entity](f);
      const negatives = hardNegatives(f);
      docs.push({ text: embed(f, entity, value, mix, negatives), positives: [{ entity, value }], negatives });
    }
  }
  return f.helpers.shuffle(docs);
}

/** Mixed text for throughput runs: the corpus plus negative-only prose, JSON, CSV and log lines. */
export function mixedText(seed: number, bytes: number): string {
  const f = new Faker({ locale: [en, base] });
  f.seed(seed);
  const docs = generateCorpus(seed, 'main', 40).map((d) => d.text);
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const kind = i % 5;
    const s =
      kind === 0 ? docs[i % docs.length]!
      : kind === 1 ? f.lorem.paragraph()
      : kind === 2 ? JSON.stringify({ id: f.number.int(1e6), sku: f.commerce.isbn(), name: f.commerce.productName(), price: f.commerce.price(), at: f.date.recent().toISOString() })
      : kind === 3 ? `${f.number.int(9999)},${f.commerce.product()},${f.commerce.price()},${f.date.recent().toISOString()},${f.string.uuid()}`
      : `${f.date.recent().toISOString()} INFO GET /api/v1/orders/${f.number.int(1e6)} 200 ${f.number.int(900)}ms trace=${f.string.hexadecimal({ length: 16, prefix: '' })}`;
    parts.push(s);
    size += s.length + 1;
    i++;
  }
  return parts.join('\n');
}

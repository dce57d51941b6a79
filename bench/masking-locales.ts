// Recall of the context entities on values from every faker locale, in labelled and prose templates: how
// the masker does on formats our own corpus does not generate (phone numbers of 70 countries, names in
// every script, street addresses). Prints one row per entity and template, and the shapes it missed.
//
//   npx tsc -b && node bench/dist/masking-locales.js [DIST]
//
// DIST: a copy of sidecar/dist/src (as for masking-ab.js) to measure another build; default: this one.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allFakers, type Faker } from '@faker-js/faker';

const dist = process.argv[2];
interface Masker {
  maskText(s: string): string;
}
async function masker(): Promise<Masker> {
  const url = (p: string) => pathToFileURL(resolve(dist ?? 'sidecar/dist/src', p)).href;
  const m = (await import(url('masking/index.js'))) as { compileMasker(plan: unknown, o: object): Masker };
  const p = (await import(url('policy/index.js'))) as { resolveMaskingPlan(x: object[]): unknown };
  return m.compileMasker(p.resolveMaskingPlan([{}]), { hashKey: 'bench' });
}

interface Case {
  entity: string;
  values: (f: Faker) => string;
  perLocale: number;
  templates: Record<string, (v: string) => string>;
}

const CASES: Case[] = [
  {
    entity: 'PHONE', values: (f) => f.phone.number(), perLocale: 40,
    templates: { 'Phone: X': (v) => `Phone: ${v}`, 'You can reach me at X after five.': (v) => `You can reach me at ${v} after five.` },
  },
  {
    entity: 'PERSON_NAME', values: (f) => f.person.fullName(), perLocale: 6,
    templates: {
      'Name: X': (v) => `Name: ${v}`, '{"customer_name":"X"}': (v) => `{"customer_name":"${v}"}`, 'Dear X,': (v) => `Dear ${v},`,
      'My name is X.': (v) => `My name is ${v}.`,
    },
  },
  {
    entity: 'POSTAL_ADDRESS', values: (f) => f.location.streetAddress(true), perLocale: 10,
    templates: { 'Address: X': (v) => `Address: ${v}`, '{"address":"X"}': (v) => `{"address":"${v}"}` },
  },
];

const m = await masker();
console.log(`Recall on faker values, ${Object.keys(allFakers).length - 1} locales, ${dist ?? 'this build'}\n`);
console.log('| entity | template | values | recall |\n|---|---|---|---|');
const misses: string[] = [];
for (const c of CASES) {
  for (const [name, wrap] of Object.entries(c.templates)) {
    let found = 0;
    let total = 0;
    for (const [locale, f] of Object.entries(allFakers)) {
      if (locale === 'base') continue;
      f.seed(42);
      for (let i = 0; i < c.perLocale; i++) {
        let v: string;
        try {
          v = c.values(f);
        } catch {
          continue; // the locale has no data for this entity
        }
        const text = wrap(v);
        const out = m.maskText(text);
        total++;
        // Found: the value is gone and an entity was put in (not only a part of the text around it).
        if (!out.includes(v) && out !== text) found++;
        else if (misses.length < 30 && !misses.some((x) => x.startsWith(`${c.entity} ${locale}`))) misses.push(`${c.entity} ${locale}: ${text}`);
      }
    }
    console.log(`| ${c.entity} | \`${name}\` | ${total} | ${(found / total).toFixed(3)} |`);
  }
}
console.log(`\nSome misses (one per entity and locale):\n${misses.map((x) => `  ${x}`).join('\n')}`);

// The same values in their own language's labels and phrases: what a record or a message in Spanish,
// French, German, Italian, Dutch or Portuguese says around them.
interface Native {
  locales: string[];
  lang: string;
  name: string[];
  intro: string;
  phone: string;
  dob: string[];
  address: string;
}
const NATIVE: Native[] = [
  { locales: ['es', 'es_MX'], lang: 'es', name: ['Nombre', 'Apellidos'], intro: 'Me llamo', phone: 'Teléfono', dob: ['Fecha de nacimiento:', 'nacido el'], address: 'Dirección' },
  { locales: ['fr', 'fr_CA'], lang: 'fr', name: ['Nom', 'Prénom'], intro: "Je m'appelle", phone: 'Téléphone', dob: ['Date de naissance :', 'né le'], address: 'Adresse' },
  { locales: ['de', 'de_AT', 'de_CH'], lang: 'de', name: ['Name', 'Nachname'], intro: 'Ich heiße', phone: 'Telefon', dob: ['Geburtsdatum:', 'geboren am'], address: 'Anschrift' },
  { locales: ['it'], lang: 'it', name: ['Nome', 'Cognome'], intro: 'Mi chiamo', phone: 'Telefono', dob: ['Data di nascita:', 'nato il'], address: 'Indirizzo' },
  { locales: ['nl', 'nl_BE'], lang: 'nl', name: ['Naam', 'Achternaam'], intro: 'Ik heet', phone: 'Telefoon', dob: ['Geboortedatum:', 'geboren op'], address: 'Adres' },
  { locales: ['pt_BR', 'pt_PT'], lang: 'pt', name: ['Nome', 'Sobrenome'], intro: 'Me chamo', phone: 'Telefone', dob: ['Data de nascimento:', 'nascido em'], address: 'Endereço' },
];
console.log('\nThe same, labelled in the values\' own language (name, introduction, phone, birth date as digits and in words, address)\n');
console.log('| language | entity | template | values | recall |\n|---|---|---|---|---|');
const nativeMisses: string[] = [];
for (const n of NATIVE) {
  const rows: Array<[string, string, (f: Faker) => string, (v: string) => string]> = [
    ['PERSON_NAME', `${n.name[0]}: X`, (f) => f.person.fullName(), (v) => `${n.name[0]}: ${v}`],
    ['PERSON_NAME', `${n.name[1]}: X`, (f) => f.person.lastName(), (v) => `${n.name[1]}: ${v}`],
    ['PERSON_NAME', `${n.intro} X.`, (f) => f.person.fullName(), (v) => `${n.intro} ${v}.`],
    ['PHONE', `${n.phone}: X`, (f) => f.phone.number(), (v) => `${n.phone}: ${v}`],
    ['DATE_OF_BIRTH', `${n.dob[0]} dd/mm/yyyy`, (f) => f.date.birthdate().toLocaleDateString('en-GB', { timeZone: 'UTC' }), (v) => `${n.dob[0]} ${v}`],
    ['DATE_OF_BIRTH', `${n.dob[1]} d month yyyy`, (f) => new Intl.DateTimeFormat(n.lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(f.date.birthdate()), (v) => `${n.dob[1]} ${v}`],
    ['POSTAL_ADDRESS', `${n.address}: X`, (f) => `${f.location.streetAddress()}, ${f.location.zipCode()} ${f.location.city()}`, (v) => `${n.address}: ${v}`],
  ];
  for (const [entity, name, value, wrap] of rows) {
    let found = 0;
    let total = 0;
    for (const locale of n.locales) {
      const f = (allFakers as Record<string, Faker>)[locale]!;
      f.seed(7);
      for (let i = 0; i < 40; i++) {
        const v = value(f);
        const text = wrap(v);
        const out = m.maskText(text);
        total++;
        if (!out.includes(v) && out !== text) found++;
        else if (nativeMisses.length < 30 && !nativeMisses.some((x) => x.startsWith(`${n.lang} ${name}`))) nativeMisses.push(`${n.lang} ${name}: ${text}`);
      }
    }
    console.log(`| ${n.lang} | ${entity} | \`${name}\` | ${total} | ${(found / total).toFixed(3)} |`);
  }
}
console.log(`\nSome misses (one per language and template):\n${nativeMisses.map((x) => `  ${x}`).join('\n')}`);

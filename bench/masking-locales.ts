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

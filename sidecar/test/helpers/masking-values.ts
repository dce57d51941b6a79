// Valid values per entity for the labelled corpus, generated from a seeded faker so runs repeat.
// Checksums are computed here from the public algorithms (not with the masker's own validators, so
// a bug there cannot make the corpus agree with it), except keccak, whose test vectors are checked
// separately.
import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import type { EntityType } from '@agentgate/api';
import { keccak256 } from '../../src/masking/features.js';

export type Gen = (f: Faker) => string;

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (f: Faker, alphabet: string, n: number) => f.string.fromCharacters(alphabet, n);
const digits = (f: Faker, n: number) => f.string.numeric({ length: n, allowLeadingZeros: true });

function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let s = '';
  while (n > 0n) {
    s = B58[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    s = '1' + s;
  }
  return s;
}

function btcLegacy(f: Faker): string {
  const payload = new Uint8Array(21);
  // Bitcoin P2PKH / P2SH, Litecoin P2PKH (L…) / P2SH (M…).
  payload[0] = f.helpers.arrayElement([0x00, 0x05, 0x30, 0x32]);
  for (let i = 1; i < 21; i++) payload[i] = f.number.int(255);
  const h = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return base58(Uint8Array.from([...payload, ...h.subarray(0, 4)]));
}

const B32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** The BIP-173 checksum over 5-bit values (the masking validator tests' reference too). */
export function polymod(values: number[]): number {
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= G[i]!;
  }
  return chk >>> 0;
}
function btcSegwit(f: Faker): string {
  const v1 = f.datatype.boolean();
  const prog = Array.from({ length: v1 ? 52 : 32 }, () => f.number.int(31)); // 32-byte / 20-byte programs in 5-bit groups
  const data = [v1 ? 1 : 0, ...prog];
  const hrp = f.helpers.arrayElement(['bc', 'ltc']);
  const values = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...data, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ (v1 ? 0x2bc830a3 : 1);
  const check = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...data, ...check].map((d) => B32[d]).join('');
}

export function eip55(f: Faker): string {
  const hex = f.string.hexadecimal({ length: 40, casing: 'lower', prefix: '' });
  const h = keccak256(Buffer.from(hex, 'ascii'));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nib = (h[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nib >= 8 ? hex[i]!.toUpperCase() : hex[i];
  }
  return out;
}

function luhnComplete(partial: string): string {
  for (let d = 0; d < 10; d++) {
    const s = partial + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let x = +s[s.length - 1 - i]!;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

function card(f: Faker): string {
  const [prefix, len] = f.helpers.arrayElement([['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15], ['6011', 16], ['3530', 16], ['4', 13]] as const);
  const raw = luhnComplete(prefix + digits(f, len - prefix.length - 1));
  const style = f.number.int(2);
  if (style === 0) return raw;
  const sep = style === 1 ? ' ' : '-';
  return len === 15 ? `${raw.slice(0, 4)}${sep}${raw.slice(4, 10)}${sep}${raw.slice(10)}` : raw.match(/.{1,4}/g)!.join(sep);
}

function ssn(f: Faker): string {
  let area = f.number.int({ min: 1, max: 899 });
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(f.number.int({ min: 1, max: 99 })).padStart(2, '0')}-${String(f.number.int({ min: 1, max: 9999 })).padStart(4, '0')}`;
}

function itin(f: Faker): string {
  const g = f.helpers.arrayElement([50, 55, 65, 70, 78, 88, 90, 92, 94, 99]);
  return `9${digits(f, 2)}-${g}-${digits(f, 4)}`;
}

function nino(f: Faker): string {
  const a = pick(f, 'ABCEGHJKLMNOPRSTWXYZ', 1);
  const b = pick(f, 'ABCEGHJKLMNPRSTWXYZ', 1);
  const pre = ['GB', 'BG', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(a + b) ? 'AB' : a + b;
  const d = digits(f, 6);
  const suf = pick(f, 'ABCD', 1);
  return f.datatype.boolean() ? `${pre}${d}${suf}` : `${pre} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}`;
}

function deTaxId(f: Faker): string {
  // 10 digits: one digit twice, the others distinct (the Steuer-IdNr rule), first not 0.
  for (;;) {
    const pool = f.helpers.shuffle([...'0123456789']);
    const ten = [...pool.slice(0, 9), pool[f.number.int(8)]!];
    const body = f.helpers.shuffle(ten).join('');
    if (body[0] === '0') continue;
    let product = 10;
    for (const ch of body) {
      let sum = (+ch + product) % 10;
      if (sum === 0) sum = 10;
      product = (sum * 2) % 11;
    }
    const check = 11 - product === 10 ? 0 : 11 - product;
    return body + check;
  }
}

const DNI = 'TRWAGMYFPDXBNJZSQVHLCKE';
const dni = (f: Faker) => {
  const n = digits(f, 8);
  return n + DNI[+n % 23];
};
const nie = (f: Faker) => {
  const x = f.number.int(2);
  const n = digits(f, 7);
  return 'XYZ'[x]! + n + DNI[+(x + n) % 23];
};

function nir(f: Faker): string {
  const body = `${f.helpers.arrayElement(['1', '2'])}${digits(f, 2)}${String(f.number.int({ min: 1, max: 12 })).padStart(2, '0')}${String(f.number.int({ min: 1, max: 95 })).padStart(2, '0')}${digits(f, 3)}${digits(f, 3)}`;
  const key = String(97 - (Number(body) % 97)).padStart(2, '0');
  return f.datatype.boolean() ? body + key : `${body[0]} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10)} ${key}`;
}

function ipv6(f: Faker): string {
  const full = f.internet.ipv6();
  if (f.datatype.boolean()) return full;
  const g = full.split(':').map((x) => x.replace(/^0+(?=.)/, ''));
  return `${g[0]}:${g[1]}::${g.slice(5).join(':')}`;
}

function dob(f: Faker): string {
  const d = f.date.birthdate({ mode: 'age', min: 18, max: 90 });
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const p = (n: number) => String(n).padStart(2, '0');
  const month = d.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return f.helpers.arrayElement([`${y}-${p(m)}-${p(day)}`, `${p(m)}/${p(day)}/${y}`, `${p(day)}.${p(m)}.${y}`, `${month} ${day}, ${y}`, `${day} ${month} ${y}`]);
}

const b64 = (f: Faker, n: number) => pick(f, ALNUM + '+/', n);
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function jwt(f: Faker): string {
  const header = b64url({ alg: f.helpers.arrayElement(['HS256', 'RS256', 'ES256']), typ: 'JWT' });
  const payload = b64url({ sub: f.string.uuid(), name: f.person.fullName(), iat: f.number.int({ min: 1.6e9, max: 1.8e9 }) });
  return `${header}.${payload}.${pick(f, ALNUM + '-_', 43)}`;
}

function pem(f: Faker): string {
  const kind = f.helpers.arrayElement(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
  const lines = Array.from({ length: f.number.int({ min: 3, max: 8 }) }, () => b64(f, 64));
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----`;
}

/** Unprefixed generators: the value alone; context entities get their label from the templates. */
export const VALUES: Readonly<Record<EntityType, Gen>> = {
  EMAIL: (f) => f.internet.email(),
  PHONE: (f) => f.helpers.arrayElement([
    () => f.phone.number({ style: 'national' }),
    () => f.phone.number({ style: 'international' }),
    () => f.phone.number({ style: 'human' }),
    () => `+44 20 ${digits(f, 4)} ${digits(f, 4)}`,
    () => `+49 30 ${digits(f, 8)}`,
    () => `+33 6 ${digits(f, 2)} ${digits(f, 2)} ${digits(f, 2)} ${digits(f, 2)}`,
  ])(),
  CREDIT_CARD: card,
  IBAN: (f) => f.finance.iban({ formatted: f.datatype.boolean() }),
  US_SSN: ssn,
  US_ITIN: itin,
  IPV4: (f) => f.internet.ipv4(),
  IPV6: ipv6,
  MAC_ADDRESS: (f) => f.internet.mac({ separator: f.helpers.arrayElement([':', '-']) }),
  URL_CREDENTIALS: (f) => `https://${f.internet.username().replace(/[^\w.-]/g, '')}:${f.internet.password({ length: 12 })}@${f.internet.domainName()}`,
  DATE_OF_BIRTH: dob,
  UK_NINO: nino,
  DE_TAX_ID: deTaxId,
  ES_DNI: dni,
  ES_NIE: nie,
  FR_NIR: nir,
  CRYPTO_WALLET: (f) => f.helpers.arrayElement([btcLegacy, btcSegwit, eip55])(f),
  PERSON_NAME: (f) => f.person.fullName(),
  POSTAL_ADDRESS: (f) => `${f.location.streetAddress()}, ${f.location.city()}, ${f.location.zipCode()}`,
  ID_NUMBER: (f) => f.helpers.arrayElement([
    () => f.string.alpha({ length: 1, casing: 'upper' }) + digits(f, 8),
    () => digits(f, 9),
    () => f.string.alpha({ length: 2, casing: 'upper' }) + digits(f, 7),
  ])(),
  AWS_ACCESS_KEY_ID: (f) => f.helpers.arrayElement(['AKIA', 'ASIA']) + pick(f, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
  AWS_SECRET_ACCESS_KEY: (f) => b64(f, 40),
  GITHUB_TOKEN: (f) => f.helpers.arrayElement(['ghp_', 'gho_', 'ghs_', 'ghu_']) + pick(f, ALNUM, 36),
  GITLAB_TOKEN: (f) => 'glpat-' + pick(f, ALNUM + '_-', 20),
  SLACK_TOKEN: (f) => `xox${f.helpers.arrayElement(['b', 'p', 'a'])}-${digits(f, 12)}-${digits(f, 13)}-${pick(f, ALNUM, 24)}`,
  STRIPE_KEY: (f) => `${f.helpers.arrayElement(['sk', 'rk'])}_${f.helpers.arrayElement(['live', 'test'])}_${pick(f, ALNUM, 24)}`,
  OPENAI_API_KEY: (f) => f.helpers.arrayElement([`sk-proj-${pick(f, ALNUM + '_-', 120)}`, `sk-${pick(f, ALNUM, 48)}`]),
  ANTHROPIC_API_KEY: (f) => `sk-ant-api03-${pick(f, ALNUM + '_-', 93)}AA`,
  GOOGLE_API_KEY: (f) => 'AIza' + pick(f, ALNUM + '_-', 35),
  NPM_TOKEN: (f) => 'npm_' + pick(f, ALNUM, 36),
  API_KEY: (f) => f.helpers.arrayElement([
    () => 'hf_' + pick(f, ALNUM, 34),
    () => 'dop_v1_' + pick(f, '0123456789abcdef', 64),
    () => 'dckr_pat_' + pick(f, ALNUM + '_-', 27),
    () => 'shpat_' + pick(f, '0123456789abcdef', 32),
    () => `SG.${pick(f, ALNUM + '_-', 22)}.${pick(f, ALNUM + '_-', 43)}`,
    () => 'hvs.' + pick(f, ALNUM + '_-', 90),
  ])(),
  JWT: jwt,
  PRIVATE_KEY: pem,
  KUBERNETES_SECRET: (f) => Buffer.from(f.internet.password({ length: 18 })).toString('base64'),
  CONNECTION_STRING: (f) => `${f.helpers.arrayElement(['postgres', 'postgresql', 'mysql', 'mongodb+srv', 'redis'])}://${f.internet.username().replace(/[^\w.-]/g, '')}:${f.internet.password({ length: 14 })}@${f.internet.domainName()}:${f.internet.port()}`,
  PASSWORD: (f) => f.internet.password({ length: f.number.int({ min: 8, max: 20 }) }),
  HIGH_ENTROPY_SECRET: (f) => pick(f, ALNUM, 32),
};

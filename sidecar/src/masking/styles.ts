// The four styles. `partial` keeps only what is not identifying on its own (last 4 of a card, an
// e-mail's domain, a key's public prefix); `hash` is a keyed HMAC-SHA-256 so equal inputs give equal
// tokens under one key (joins and de-duplication keep working) and nothing is reversible without it.
import { createHmac } from 'node:crypto';
import type { MaskStyleName } from '@agentgate/api';

export class Styler {
  private readonly key: Buffer;
  /** Result sets repeat values (joins, enums, the same customer in many rows): tokens are cached. */
  private readonly tokens = new Map<string, string>();

  constructor(hashKey: Uint8Array | string) {
    this.key = typeof hashKey === 'string' ? Buffer.from(hashKey, 'utf8') : Buffer.from(hashKey);
    if (this.key.length === 0) throw new Error('masking hash key must not be empty');
  }

  /** 64 bits of HMAC-SHA-256 as hex: short enough to read, collision-free for realistic joins. */
  token(value: string): string {
    let t = this.tokens.get(value);
    if (t === undefined) {
      t = createHmac('sha256', this.key).update(value, 'utf8').digest('hex').slice(0, 16);
      // Bounded: a full cache is dropped wholesale, which is cheaper than LRU bookkeeping per hit.
      if (this.tokens.size >= 10_000) this.tokens.clear();
      if (value.length <= 256) this.tokens.set(value, t);
    }
    return t;
  }

  private readonly labels = new Map<string, string>();

  /** `[LABEL]`, built once per label. */
  redact(label: string): string {
    let r = this.labels.get(label);
    if (r === undefined) {
      r = `[${label}]`;
      if (this.labels.size < 1000) this.labels.set(label, r);
    }
    return r;
  }

  /** Replacement text for `value` of entity `label`. `null` inside text falls back to redact. */
  apply(style: MaskStyleName, label: string, value: string): string {
    switch (style) {
      case 'hash':
        return `[${label}:${this.token(canonical(label, value))}]`;
      case 'partial':
        return partial(label, value);
      default:
        return this.redact(label);
    }
  }
}

/**
 * The form a value is hashed in: one entity written two ways (`4111 1111 1111 1111` and
 * `4111-1111-1111-1111`, `Jane@Example.com` and `jane@example.com`) gets one token, so joins and
 * de-duplication across sources still work. Separators go, and case where it carries no meaning
 * (e-mail addresses are compared case-insensitively, as every large provider does).
 */
export function canonical(label: string, value: string): string {
  switch (label) {
    case 'EMAIL':
    case 'IPV6':
      return value.toLowerCase();
    case 'PHONE':
      return value.replace(/[^\d+]/g, '');
    case 'CREDIT_CARD':
    case 'US_SSN':
    case 'US_ITIN':
    case 'DE_TAX_ID':
    case 'IBAN':
    case 'UK_NINO':
    case 'ES_DNI':
    case 'ES_NIE':
    case 'FR_NIR':
      return value.replace(/[\s./-]/g, '').toUpperCase();
    case 'MAC_ADDRESS':
      return value.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
    default:
      return value;
  }
}

/** Replace every letter/digit with '*' except the last `keep` of them; separators stay. */
function keepLast(value: string, keep: number, from = 0): string {
  let alnum = 0;
  for (let i = from; i < value.length; i++) if (/[\p{L}\p{N}]/u.test(value[i]!)) alnum++;
  if (alnum <= keep) return value.slice(0, from) + '*'.repeat(value.length - from);
  let seen = 0;
  let out = value.slice(0, from);
  for (let i = from; i < value.length; i++) {
    const ch = value[i]!;
    if (/[\p{L}\p{N}]/u.test(ch)) {
      seen++;
      out += seen > alnum - keep ? ch : '*';
    } else out += ch;
  }
  return out;
}

const SECRET_PREFIX = /^(?:[a-z]{2,8}[_-](?:(?:live|test|proj|ant|api\d\d|svcacct|admin)[_-])*|AKIA|ASIA|AIza|eyJ|-----BEGIN [A-Z ]+-----)/i;

export function partial(label: string, value: string): string {
  switch (label) {
    case 'EMAIL': {
      const at = value.lastIndexOf('@');
      return `***${value.slice(at)}`;
    }
    case 'CREDIT_CARD':
    case 'PHONE':
    case 'US_SSN':
    case 'US_ITIN':
    case 'UK_NINO':
    case 'DE_TAX_ID':
    case 'ES_DNI':
    case 'ES_NIE':
    case 'FR_NIR':
      return keepLast(value, 4);
    case 'IBAN':
      return keepLast(value, 4, 2);
    case 'IPV4':
      return value.replace(/^(\d+\.\d+)\.\d+\.\d+$/, '$1.*.*');
    case 'IPV6':
      return `${value.split(':')[0]}:****`;
    case 'MAC_ADDRESS':
      // The first three octets name the vendor (OUI), not the device.
      return value.slice(0, 8) + value.slice(8).replace(/[0-9A-Fa-f]/g, '*');
    case 'URL_CREDENTIALS':
    case 'CONNECTION_STRING':
      return value.replace(/^([^:]+:\/\/[^:@/]*:)[^@]*@/, '$1****@');
    case 'DATE_OF_BIRTH': {
      const y = /\b(19|20)\d{2}\b/.exec(value);
      return y ? `****(${y[0]})` : `[${label}]`;
    }
    case 'PERSON_NAME':
      return value
        .split(/\s+/)
        .map((w) => (w.length > 0 ? `${w[0]}.` : w))
        .join(' ');
    case 'CRYPTO_WALLET':
      return `${value.slice(0, 4)}…${value.slice(-4)}`;
    default: {
      const p = SECRET_PREFIX.exec(value);
      return p ? `${p[0]}****` : `[${label}]`;
    }
  }
}

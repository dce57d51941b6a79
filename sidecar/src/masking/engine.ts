// The text engine: run the plan's detectors, resolve overlaps, render replacements. Compiled once per
// plan; a text with no finding comes back as the very same string (no copy), which is the common case
// on the data path.
import type { EntityType, MaskingPlan, MaskStyleName } from '@agentgate/api';
import { runDetector, type Detector, type Span } from './detector.js';
import { CONTEXT_DETECTORS } from './detectors-context.js';
import { PII_DETECTORS } from './detectors-pii.js';
import { SECRET_DETECTORS } from './detectors-secrets.js';
import type { Styler } from './styles.js';
import { features, quiet, SH_6, SH_7, SH_8, SH_9, SH_222, SH_NANP, SH_SSN, SH_TRUNK, SH_CARD, SH_IBAN, K_ADDRESS, K_DOB, K_NAME, K_PHONE, K_SALUTATION, K_SECRET, K_SSN, K_TAX, type Features } from './features.js';
import type { Findings } from './types.js';
import { compileSafeRegex, type SafeRegExp } from '../policy/safe-regex.js';

export const ALL_DETECTORS: readonly Detector[] = [...SECRET_DETECTORS, ...PII_DETECTORS, ...CONTEXT_DETECTORS];

/** Which detectors could match, from the one-pass features (see features.ts). */
const SECRET_PREFIX =
  /A(?:KIA|SIA|BIA|CCA|IDA|ROA|IPA|NPA|NVA|GPA|PKA|Iza)|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|cbt|ft|soat|agent|oas)-|xox|xapp-|hooks\.slack|[spr]k_(?:live|test)_|whsec_|sk-|npm_/;
// Computed once per text (the first prefixed detector asks), shared by the others.
let prefixText: string | null = null;
let prefixHit = false;
const prefixed = (f: Features, text: string) => {
  if (f.tokenRun < 20) return false;
  if (prefixText !== text) {
    prefixText = text;
    prefixHit = SECRET_PREFIX.test(text);
  }
  return prefixHit;
};
export const NEED: Record<string, (f: Features, text: string) => boolean> = {
  'aws-access-key-id': prefixed, 'github-token': prefixed, 'gitlab-token': prefixed, 'slack-token': prefixed,
  'stripe-key': prefixed, 'anthropic-key': prefixed, 'openai-key': prefixed, 'google-api-key': prefixed, 'npm-token': prefixed,
  'aws-secret-access-key': (f) => (f.keys & K_SECRET) !== 0 && f.tokenRun >= 8,
  'password-assignment': (f) => (f.keys & K_SECRET) !== 0,
  'high-entropy-keyed': (f) => (f.keys & K_SECRET) !== 0 && f.tokenRun >= 8,
  'bearer-header': (f) => (f.keys & K_SECRET) !== 0 && f.tokenRun >= 8,
  jwt: (f, t) => f.tokenRun >= 20 && t.includes('eyJ'),
  email: (f) => f.at,
  'pem-private-key': (f) => f.dashes5,
  'kubernetes-secret': (f, t) => (f.keys & K_SECRET) !== 0 && t.includes('Secret'),
  'url-credentials': (f, t) => f.at && t.includes('://'),
  'connection-string': (f, t) => f.at && t.includes('://'),
  'credit-card': (f) => (f.shapes & SH_CARD) !== 0,
  iban: (f) => (f.shapes & SH_IBAN) !== 0,
  'us-ssn': (f) => (f.shapes & SH_SSN) !== 0,
  'us-ssn-labelled': (f) => (f.keys & K_SSN) !== 0 && (f.shapes & SH_9) !== 0,
  'us-itin': (f) => (f.shapes & (SH_SSN | SH_9)) !== 0,
  'phone-e164': (f) => f.plusDigit && f.digits >= 7,
  'phone-nanp': (f) => (f.shapes & SH_NANP) !== 0,
  'phone-national-trunk': (f) => (f.shapes & SH_TRUNK) !== 0,
  'phone-national-labelled': (f) => (f.keys & K_PHONE) !== 0 && f.digits >= 9,
  ipv4: (f) => f.dots >= 3,
  ipv6: (f) => f.doubleColon || f.hexColons >= 5,
  mac: (f) => f.hexColons >= 5 || f.hexDashes >= 5,
  'date-of-birth': (f) => (f.keys & K_DOB) !== 0 && f.digits >= 4,
  'uk-nino': (f) => f.upperDigit && (f.shapes & (SH_6 | SH_222)) !== 0,
  'de-tax-id': (f) => (f.keys & K_TAX) !== 0 && f.digits >= 11,
  'es-dni': (f) => (f.shapes & SH_8) !== 0,
  'es-nie': (f) => f.upperDigit && (f.shapes & SH_7) !== 0,
  'fr-nir': (f) => f.digits >= 13,
  'btc-base58': (f) => f.alnumRun >= 25,
  'btc-bech32': (f, t) => f.alnumRun >= 14 && (t.includes('bc1') || t.includes('tb1') || t.includes('BC1') || t.includes('TB1')),
  eth: (f, t) => f.alnumRun >= 42 && t.includes('0x'),
  'person-labelled': (f) => (f.keys & K_NAME) !== 0,
  'person-role-labelled': (f) => (f.keys & K_NAME) !== 0,
  'person-salutation': (f) => (f.keys & K_SALUTATION) !== 0,
  'address-labelled': (f) => (f.keys & K_ADDRESS) !== 0 && f.digits >= 1,
};

// Families: a detector's gate can only pass when its family's coarse condition holds, so one test
// skips a whole group of gate calls (most values have no label word, no long token, no '@').
const F_KEYED = 1, F_DIGIT = 2, F_TOKEN = 4, F_AT = 8, F_HEX = 16, F_DASH = 32, F_ALL = 63;
const FAMILY: Record<string, number> = {
  'aws-secret-access-key': F_KEYED, 'password-assignment': F_KEYED, 'high-entropy-keyed': F_KEYED, 'bearer-header': F_KEYED,
  'kubernetes-secret': F_KEYED, 'us-ssn-labelled': F_KEYED, 'phone-national-labelled': F_KEYED, 'date-of-birth': F_KEYED,
  'de-tax-id': F_KEYED, 'person-labelled': F_KEYED, 'person-role-labelled': F_KEYED, 'person-salutation': F_KEYED,
  'address-labelled': F_KEYED,
  'credit-card': F_DIGIT, iban: F_DIGIT, 'us-ssn': F_DIGIT, 'us-itin': F_DIGIT, 'phone-e164': F_DIGIT, 'phone-nanp': F_DIGIT,
  'phone-national-trunk': F_DIGIT, ipv4: F_DIGIT, 'uk-nino': F_DIGIT, 'es-dni': F_DIGIT, 'es-nie': F_DIGIT, 'fr-nir': F_DIGIT,
  'aws-access-key-id': F_TOKEN, 'github-token': F_TOKEN, 'gitlab-token': F_TOKEN, 'slack-token': F_TOKEN, 'stripe-key': F_TOKEN,
  'anthropic-key': F_TOKEN, 'openai-key': F_TOKEN, 'google-api-key': F_TOKEN, 'npm-token': F_TOKEN, jwt: F_TOKEN,
  'btc-base58': F_TOKEN, 'btc-bech32': F_TOKEN, eth: F_TOKEN,
  email: F_AT, 'url-credentials': F_AT, 'connection-string': F_AT,
  ipv6: F_HEX, mac: F_HEX, 'pem-private-key': F_DASH,
};

function families(f: Features): number {
  return (f.keys !== 0 ? F_KEYED : 0) |
    (f.shapes !== 0 || f.digits >= 7 || f.dots >= 3 || f.plusDigit ? F_DIGIT : 0) |
    (f.tokenRun >= 14 ? F_TOKEN : 0) | (f.at ? F_AT : 0) |
    (f.doubleColon || f.hexColons >= 5 || f.hexDashes >= 5 ? F_HEX : 0) | (f.dashes5 ? F_DASH : 0);
}

/** Texts longer than this are gated and scanned line by line (lines of at least SEGMENT_MIN characters). */
const SEGMENT_THRESHOLD = 4096;
const SEGMENT_MIN = 1;
/** Detectors whose matches may contain a newline. */
const MULTI_LINE = new Set(['pem-private-key', 'kubernetes-secret']);

interface CustomPattern {
  name: string;
  re: SafeRegExp;
  style: MaskStyleName;
}

export class TextEngine {
  readonly detectors: readonly Detector[];
  private readonly needs: ReadonlyArray<((f: Features, text: string) => boolean) | undefined>;
  /** By family mask (0..F_ALL): the detector indices of `all` / `singleLine` in any of those families. */
  private readonly allBy: ReadonlyArray<readonly number[]>;
  private readonly singleLineBy: ReadonlyArray<readonly number[]>;
  private readonly multiLine: readonly Detector[];
  private readonly custom: readonly CustomPattern[];
  private readonly styles = new Map<string, MaskStyleName>();

  constructor(
    readonly plan: MaskingPlan,
    private readonly styler: Styler,
  ) {
    const wanted = new Set<EntityType>(plan.entities);
    this.detectors = ALL_DETECTORS.filter((d) => wanted.has(d.entity));
    this.needs = this.detectors.map((d) => NEED[d.id]);
    const family = this.detectors.map((d) => FAMILY[d.id] ?? F_ALL);
    const all = this.detectors.map((_, i) => i);
    const singleLine = all.filter((i) => !MULTI_LINE.has(this.detectors[i]!.id));
    // 64 small lists built once, so a value only walks the detectors its families allow (the order
    // is kept: overlap resolution prefers the earlier of two equal spans).
    const by = (list: readonly number[]) => Array.from({ length: F_ALL + 1 }, (_, fam) => list.filter((i) => (family[i]! & fam) !== 0));
    this.allBy = by(all);
    this.singleLineBy = by(singleLine);
    this.multiLine = this.detectors.filter((d) => MULTI_LINE.has(d.id));
    // Patterns were checked at policy compile time; a plan built by hand gets the same refusal here.
    this.custom = plan.customPatterns.map((p) => ({ name: p.name, re: compileSafeRegex(p.pattern, 'g'), style: p.style }));
    for (const es of plan.entityStyles) if (!this.styles.has(es.entity)) this.styles.set(es.entity, es.style);
    for (const p of this.custom) this.styles.set(p.name, p.style);
  }

  styleOf(label: string): MaskStyleName {
    return this.styles.get(label) ?? this.plan.style;
  }

  /** Non-overlapping findings in text order. */
  spans(text: string): Span[] {
    const found: Span[] = [];
    if (text.length <= SEGMENT_THRESHOLD) {
      this.detect(text, found, this.allBy);
    } else {
      // Long text: gate and scan line groups, so a clean line costs one feature pass instead of every
      // regex. Only PEM and Secret manifests span lines; they run once over the whole text. The other
      // detectors never match across '\n' (their separators are [ \t]), so results equal a whole scan.
      // Their literal gates ('-----BEGIN', 'Secret') are cheap on any length.
      for (const d of this.multiLine) runDetector(d, text, found);
      let start = 0;
      while (start < text.length) {
        let end = text.indexOf('\n', start + SEGMENT_MIN);
        end = end === -1 ? text.length : end + 1;
        const f = features(text, start, end);
        if (quiet(f) && this.custom.length === 0) {
          start = end;
          continue;
        }
        const seg = text.slice(start, end);
        const before = found.length;
        this.detect(seg, found, this.singleLineBy, f);
        for (let i = before; i < found.length; i++) {
          found[i]!.start += start;
          found[i]!.end += start;
        }
        start = end;
      }
    }
    return resolve(found);
  }

  private detect(text: string, found: Span[], byFamily: ReadonlyArray<readonly number[]>, known?: Features): void {
    // The shortest built-in entity (an e-mail like a@b.io, an IPv4 like 1.1.1.1) has 6–7 characters;
    // custom patterns may be shorter, so they still run.
    if (text.length >= 6) {
      const f = known ?? features(text);
      const fam = quiet(f) ? 0 : families(f);
      if (fam !== 0) {
        const detectors = byFamily[fam]!;
        for (let j = 0; j < detectors.length; j++) {
          const i = detectors[j]!;
          const need = this.needs[i];
          if (need === undefined || need(f, text)) runDetector(this.detectors[i]!, text, found);
        }
      }
    }
    for (const p of this.custom) {
      p.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = p.re.exec(text)) !== null) {
        if (m[0].length === 0) {
          p.re.lastIndex++;
          continue;
        }
        found.push({ start: m.index, end: m.index + m[0].length, label: p.name, confidence: 0.97 });
      }
    }
  }

  /** Replace spans; returns `text` itself when there are none. */
  render(text: string, spans: readonly Span[], findings?: Findings): string {
    if (spans.length === 0) return text;
    let out = '';
    let pos = 0;
    for (const s of spans) {
      out += text.slice(pos, s.start);
      out += this.styler.apply(this.styleOf(s.label), s.label, text.slice(s.start, s.end));
      pos = s.end;
      if (findings) findings.set(s.label, (findings.get(s.label) ?? 0) + 1);
    }
    return out + text.slice(pos);
  }

  mask(text: string, findings?: Findings): string {
    return this.render(text, this.spans(text), findings);
  }
}

/** Keep the better of overlapping spans (confidence, then length), sweeping in text order. */
export function resolve(found: Span[]): Span[] {
  if (found.length <= 1) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of found) {
    const last = out[out.length - 1];
    if (last === undefined || s.start >= last.end) {
      out.push(s);
      continue;
    }
    const better = s.confidence > last.confidence || (s.confidence === last.confidence && s.end - s.start > last.end - last.start);
    if (!better) continue;
    out.pop();
    // The replaced span may have been hiding an earlier conflict; s starts at or after it, so only
    // the new last needs a check.
    const prev = out[out.length - 1];
    if (prev !== undefined && s.start < prev.end) {
      if (prev.confidence >= s.confidence) continue;
      out.pop();
    }
    out.push(s);
  }
  return out;
}

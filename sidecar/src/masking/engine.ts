// The text engine: run the plan's detectors, resolve overlaps, render replacements. Compiled once per
// plan; a text with no finding comes back as the very same string (no copy), which is the common case
// on the data path.
import type { EntityType, MaskingPlan, MaskStyleName } from '@agentgate/api';
import { runDetector, type Detector, type Span } from './detector.js';
import { CONTEXT_DETECTORS } from './detectors-context.js';
import { PII_DETECTORS } from './detectors-pii.js';
import { SECRET_DETECTORS } from './detectors-secrets.js';
import type { Styler } from './styles.js';
import type { Findings } from './types.js';
import { compileSafeRegex, type SafeRegExp } from '../policy/safe-regex.js';

export const ALL_DETECTORS: readonly Detector[] = [...SECRET_DETECTORS, ...PII_DETECTORS, ...CONTEXT_DETECTORS];

/** Digits are the cheapest sign that a number-shaped detector could match at all. */
const HAS_DIGIT = /\d/;
/** Detectors whose every match contains a digit: skipped on digit-free text (most prose). */
const NEEDS_DIGIT = new Set(['credit-card', 'iban', 'us-ssn', 'us-ssn-labelled', 'us-itin', 'phone-e164', 'phone-nanp',
  'phone-national-labelled', 'ipv4', 'date-of-birth', 'uk-nino', 'de-tax-id', 'es-dni', 'es-nie', 'fr-nir', 'btc-base58',
  'eth', 'address-labelled']);

interface CustomPattern {
  name: string;
  re: SafeRegExp;
  style: MaskStyleName;
}

export class TextEngine {
  readonly detectors: readonly Detector[];
  private readonly digitless: readonly Detector[];
  private readonly custom: readonly CustomPattern[];
  private readonly styles = new Map<string, MaskStyleName>();

  constructor(
    readonly plan: MaskingPlan,
    private readonly styler: Styler,
  ) {
    const wanted = new Set<EntityType>(plan.entities);
    this.detectors = ALL_DETECTORS.filter((d) => wanted.has(d.entity));
    this.digitless = this.detectors.filter((d) => !NEEDS_DIGIT.has(d.id));
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
    if (text.length < 3) return found;
    const list = HAS_DIGIT.test(text) ? this.detectors : this.digitless;
    for (const d of list) runDetector(d, text, found);
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
    return resolve(found);
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

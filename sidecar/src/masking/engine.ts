// The text engine: run the plan's detectors, resolve overlaps, render replacements. Compiled once per
// plan; a text with no finding comes back as the very same string (no copy), which is the common case
// on the data path.
import type { EntityType, MaskingPlan, MaskStyleName } from '@agentgate/api';
import { runDetector, type Detector, type Span } from './detector.js';
import { ALL_DETECTORS, E164, gate, NANP, NEED, PERSON } from './gates.js';
import type { Styler } from './styles.js';
import { candidateFeatures, K_SIGNOFF, K_SIGNOFF_OTHER, K_SIGNOFF_OTHER_CAP, resetBackslash, sawBackslash, type Features } from './features.js';
import type { Findings } from './types.js';
import { compileSafeRegex, type SafeRegExp } from '../policy/safe-regex.js';
import { jsonThingName } from './detectors-context.js';
import { clearOfEscapes, escapesAsRead } from './escapes.js';

export { ALL_DETECTORS };

/** Texts longer than this are gated and scanned line by line (lines of at least SEGMENT_MIN characters). */
const SEGMENT_THRESHOLD = 4096;
const SEGMENT_MIN = 1;
/** Longest name key (`account holder name` with three blanks between its words, labels.ts GAP; detectors-context.ts NAME_KEY). */
const NAME_KEY_MAX = 23;
/** Detectors whose matches may contain a newline. */
const MULTI_LINE = new Set(['pem-private-key', 'kubernetes-secret', 'person-signoff', 'person-signoff-other']);
/**
 * Of those, the sign-offs: a match starts on the line whose word the pass saw and ends on the next one, so
 * a long text runs them over those two lines only (their common literals, `Best`, `Thanks`, would send
 * them over every long text: ~65 ms per 10 MB).
 */
const SIGNOFFS = new Set(['person-signoff', 'person-signoff-other']);
const K_SIGNOFFS = K_SIGNOFF | K_SIGNOFF_OTHER | K_SIGNOFF_OTHER_CAP;

/** spans() collects into this one array (it runs synchronously, never re-entered) … */
const FOUND: Span[] = [];
/** … and answers this one when there is nothing, and ONE (refilled) when there is one finding. */
const NONE: Span[] = [];
const ONE: Span[] = [];

interface CustomPattern {
  name: string;
  re: SafeRegExp;
  style: MaskStyleName;
}

export class TextEngine {
  readonly detectors: readonly Detector[];
  /** The plan's detectors as bit sets over ALL_DETECTORS indices (see gates.ts): all of them, and
   * those that never span lines. Bits are visited in index order, which overlap resolution relies on
   * (it prefers the earlier of two equal spans). */
  private readonly all: Int32Array;
  private readonly singleLine: Int32Array;
  private readonly multiLine: readonly Detector[];
  private readonly signoffs: readonly Detector[];
  private readonly custom: readonly CustomPattern[];
  private readonly styles = new Map<string, MaskStyleName>();

  constructor(
    readonly plan: MaskingPlan,
    private readonly styler: Styler,
  ) {
    const wanted = new Set<EntityType>(plan.entities);
    this.detectors = ALL_DETECTORS.filter((d) => wanted.has(d.entity));
    const bits = (keep: (d: Detector) => boolean) => {
      const b = new Int32Array(2);
      ALL_DETECTORS.forEach((d, i) => {
        if (wanted.has(d.entity) && keep(d)) b[i >> 5]! |= 1 << (i & 31);
      });
      return b;
    };
    this.all = bits(() => true);
    this.singleLine = bits((d) => !MULTI_LINE.has(d.id));
    this.multiLine = this.detectors.filter((d) => MULTI_LINE.has(d.id) && !SIGNOFFS.has(d.id));
    this.signoffs = this.detectors.filter((d) => SIGNOFFS.has(d.id));
    // Patterns were checked at policy compile time; a plan built by hand gets the same refusal here.
    this.custom = plan.customPatterns.map((p) => ({ name: p.name, re: compileSafeRegex(p.pattern, 'g'), style: p.style }));
    for (const es of plan.entityStyles) if (!this.styles.has(es.entity)) this.styles.set(es.entity, es.style);
    for (const p of this.custom) this.styles.set(p.name, p.style);
  }

  /** The last label asked for and its style: a value's finding is asked for twice (null check, render). */
  private lastLabel = '';
  private lastStyle: MaskStyleName = 'redact';

  styleOf(label: string): MaskStyleName {
    if (label === this.lastLabel) return this.lastStyle;
    const style = this.styles.get(label) ?? this.plan.style;
    this.lastLabel = label;
    this.lastStyle = style;
    return style;
  }

  /** Non-overlapping findings in text order. Read it before the next call; never modify it. */
  spans(text: string): Span[] {
    resetBackslash();
    const found = this.find(text);
    // Backslash escapes (a json value, a JSON log line): detect again on the text as it reads, and keep
    // spans clear of the escapes (escapes.ts). The feature pass says whether there is a backslash; it
    // skips texts under 6 characters, where only custom patterns run.
    if (text.length < 6 ? this.custom.length === 0 || text.indexOf('\\') === -1 : !sawBackslash()) return found;
    const view = escapesAsRead(text);
    return clearOfEscapes(text, view === text ? found : this.find(view));
  }

  private find(text: string): Span[] {
    const found = FOUND;
    // Setting an array's length is a runtime call; popping the few spans a value leaves is not.
    while (found.length !== 0) found.pop();
    if (text.length <= SEGMENT_THRESHOLD) {
      this.detect(text, found, this.all);
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
        // A YAML block scalar's key (`password: |`): its value is on the next line, read with it.
        if (end < text.length && blockScalarEnds(text, end - 1)) {
          const next = text.indexOf('\n', end);
          end = next === -1 ? text.length : next + 1;
        }
        const f = candidateFeatures(text, start, end);
        if (f !== null && (f.keys & K_SIGNOFFS) !== 0 && this.signoffs.length !== 0) this.signoffsFrom(text, start, end, found);
        if (this.custom.length === 0 && f === null) {
          start = end;
          continue;
        }
        const seg = text.slice(start, end);
        const before = found.length;
        this.detect(seg, found, this.singleLine, f, start);
        for (let i = before; i < found.length; i++) {
          found[i]!.start += start;
          found[i]!.end += start;
        }
        start = end;
      }
    }
    // Most texts have no finding: no array for them. The scratch array is not handed out.
    if (found.length === 0) return NONE;
    if (found.length === 1) {
      ONE[0] = found[0]!;
      return ONE;
    }
    return resolve(found);
  }

  /** The sign-off detectors over the line text[start, end) and the line after it. */
  private signoffsFrom(text: string, start: number, end: number, found: Span[]): void {
    const next = end < text.length ? text.indexOf('\n', end) : -1;
    const window = text.slice(start, next === -1 ? text.length : next + 1);
    const before = found.length;
    for (const d of this.signoffs) runDetector(d, window, found);
    for (let i = before; i < found.length; i++) {
      found[i]!.start += start;
      found[i]!.end += start;
    }
  }

  /**
   * `known`: features of this text computed on the range of a longer text it was sliced from, which
   * starts at `base` there (their positions are the longer text's); null when they showed no candidate.
   */
  private detect(text: string, found: Span[], plan: Int32Array, known?: Features | null, base = 0): void {
    // The shortest built-in entity (an e-mail like a@b.io, an IPv4 like 1.1.1.1) has 6–7 characters;
    // custom patterns may be shorter, so they still run.
    if (text.length >= 6) {
      const f = known === undefined ? candidateFeatures(text) : known;
      if (f !== null && gate(f, text)) {
        let e164 = -1; // index in found of the first E.164 number of this text
        for (let w = 0; w < 2; w++) {
          let set = NEED[w]! & plan[w]!;
          while (set !== 0) {
            const low = set & -set;
            set ^= low;
            const i = (w << 5) | (31 - Math.clz32(low));
            // The one name key is a JSON "name" holding a thing's name, which the detector would reject.
            // One name key: its value is on its line, and holds a capital or a letter of a script without case
            // (detectors-context.ts capitalisedName()); `name: sightseeing`, a manifest's every `name:`, has none.
            if (i === PERSON && f.nameEnd === f.nameLast && (!capitalOnLine(text, f.nameEnd - base) || jsonThingName(text, f.nameEnd - base))) continue;
            // A labelled name starts with its key, at most NAME_KEY_MAX characters before the end of
            // the first word a name key ends with: the regex need not try the text before that.
            let from = i === PERSON ? Math.max(0, f.nameEnd - base - NAME_KEY_MAX) : 0;
            if (i === NANP && e164 >= 0) {
              from = nanpFrom(text, found[e164]!);
              // The shortest North American number (415-555-2671) has 12 characters.
              if (text.length - from < 12) continue;
            }
            // Its key ends where a name-key word ends, so no match starts after the last one.
            const to = i === PERSON ? f.nameLast - base : text.length;
            const before = found.length;
            runDetector(ALL_DETECTORS[i]!, text, found, from, to);
            if (i === E164 && found.length > before) e164 = before;
          }
        }
      }
    }
    // Indexed: for-of would make an iterator per value even when there are no custom patterns.
    for (let k = 0; k < this.custom.length; k++) {
      const p = this.custom[k]!;
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
    // A value that is one entity (an e-mail or phone column): its replacement, no concatenation.
    if (spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === text.length) {
      const s = spans[0]!;
      if (findings) findings.set(s.label, (findings.get(s.label) ?? 0) + 1);
      const style = this.styleOf(s.label);
      return style === 'hash' || style === 'partial' ? this.styler.apply(style, s.label, text) : this.styler.redact(s.label);
    }
    let out = '';
    let pos = 0;
    for (const s of spans) {
      out += text.slice(pos, s.start);
      const style = this.styleOf(s.label);
      // `[LABEL]` needs no copy of the value.
      out += style === 'hash' || style === 'partial' ? this.styler.apply(style, s.label, text.slice(s.start, s.end)) : this.styler.redact(s.label);
      pos = s.end;
      if (findings) findings.set(s.label, (findings.get(s.label) ?? 0) + 1);
    }
    return out + text.slice(pos);
  }

  mask(text: string, findings?: Findings): string {
    return this.render(text, this.spans(text), findings);
  }
}

/** Whether the line ending at the line break `nl` ends with a YAML block scalar's indicator after a colon (`key: |`, `key: >-`). */
function blockScalarEnds(text: string, nl: number): boolean {
  let k = nl;
  while (k > 0 && (text.charCodeAt(k - 1) === 13 || text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  let c = text.charCodeAt(k - 1);
  if (c >= 49 && c <= 57) c = text.charCodeAt(--k - 1);
  if (c === 43 || c === 45) c = text.charCodeAt(--k - 1);
  if (c !== 124 && c !== 62) return false;
  k--;
  while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  return text.charCodeAt(k - 1) === 58;
}

/** Whether text from `from` to the end of its line holds an ASCII capital or a non-ASCII character. */
function capitalOnLine(text: string, from: number): boolean {
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return false;
    if ((c >= 65 && c <= 90) || c >= 128) return true;
  }
  return false;
}

/**
 * Where the North American regex need start, given the first E.164 number found in the text. A NANP
 * match holds no '+', so one overlapping that number starts inside it (`+1 415 555 2671` holds
 * `415 555 2671`) and loses to it in resolve() (lower confidence, later start): skip to its end, when
 * the text before it cannot hold a NANP number (fewer than 10 digits). The common case is a phone
 * column or a message with one international number: one regex pass fewer over the number.
 */
function nanpFrom(text: string, e164: Span): number {
  let digits = 0;
  for (let k = 0; k < e164.start; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57 && ++digits >= 10) return 0;
  }
  return e164.end;
}

/** Keep the better of overlapping spans (confidence, then length), sweeping in text order. */
export function resolve(found: Span[]): Span[] {
  if (found.length <= 1) return found;
  // By start, longer first. A value has a handful of spans: insertion sort (stable like the built-in
  // sort, no comparator calls); a long text may have thousands, out of order, for the built-in one.
  if (found.length > 16) found.sort((a, b) => a.start - b.start || b.end - a.end);
  else for (let i = 1; i < found.length; i++) {
    const s = found[i]!;
    let j = i - 1;
    while (j >= 0 && (found[j]!.start > s.start || (found[j]!.start === s.start && found[j]!.end < s.end))) {
      found[j + 1] = found[j]!;
      j--;
    }
    found[j + 1] = s;
  }
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

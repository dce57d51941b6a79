// What a detector is, and the two ways one finds candidates: a global RegExp (the value is the last
// capture group, or the whole match) or a hand-written scan for shapes a regex finds slowly (e-mail
// around '@', URLs around '://'). Validators then accept, reject, or trim a candidate.
import type { EntityType } from '@agentgate/api';

export interface Span {
  start: number;
  end: number;
  /** Entity type or custom pattern name: the findings key and the redact label. */
  label: string;
  confidence: number;
}

export interface Detector {
  id: string;
  entity: EntityType;
  /** 0..1; also decides overlaps (a prefixed key beats a generic `api_key=` assignment). */
  confidence: number;
  /** Literal(s), one of which must occur in the text for the detector to run at all (cheap indexOf). */
  gate?: readonly string[];
  /** Global RegExp; a named group `v` is the value (it must end the match), else the whole match. */
  re?: RegExp;
  /** Accept the value; or return [start, end] offsets within the value to narrow it; false rejects. */
  validate?: (value: string, text: string, start: number) => boolean | readonly [number, number];
  /** Custom scanner used instead of `re`. */
  scan?: (text: string, emit: (start: number, end: number) => void) => void;
  /** Set by prepare(): the number of the (then unnamed) value group in `re`, 0 for the whole match. */
  valueGroup?: number;
}

/**
 * The detector with its `v` group made a numbered one: a named group makes every match build a
 * `groups` object (garbage on every hit of every detector), a numbered one is read by index. Every
 * prepared detector has all fields in one order (absent ones undefined): one object shape, so the
 * engine's reads of them stay monomorphic instead of a megamorphic lookup per field and detector.
 */
export function prepare(d: Detector): Detector {
  let re = d.re;
  let valueGroup: number | undefined;
  if (re) {
    valueGroup = Math.max(0, captureNumber(re.source, 'v'));
    if (valueGroup > 0) re = new RegExp(re.source.replace('(?<v>', '('), re.flags);
  }
  // A literal, not a spread of `d`: object spread gives each detector its own hidden class.
  return { id: d.id, entity: d.entity, confidence: d.confidence, gate: d.gate, re, validate: d.validate, scan: d.scan, valueGroup };
}

/** The number of the capturing group `(?<name>` in a regex source, or -1. */
export function captureNumber(src: string, name: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (src[i + 1] !== '?') n++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        n++;
        if (src.startsWith(`(?<${name}>`, i)) return n;
      }
    }
  }
  return -1;
}

/**
 * Runs `d` over `text`; its regex starts at `from` and stops looking once past `to`: the caller knows
 * no match starts before `from` or after `to`.
 */
export function runDetector(d: Detector, text: string, out: Span[], from = 0, to = text.length): void {
  if (d.gate) {
    let hit = false;
    for (let i = 0; i < d.gate.length && !hit; i++) hit = text.includes(d.gate[i]!);
    if (!hit) return;
  }
  if (d.scan) {
    // Scanners emit synchronously and never run a detector themselves: one shared emit function and
    // its target, not a closure per call.
    scanD = d;
    scanText = text;
    scanOut = out;
    d.scan(text, emitScanned);
    return;
  }
  // No closure per call: this runs for every gated detector on every value.
  const re = d.re!;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const len = m[0].length;
    if (len === 0) {
      re.lastIndex++;
      continue;
    }
    const end = m.index + len;
    const v = d.valueGroup !== undefined ? (d.valueGroup === 0 ? undefined : m[d.valueGroup]) : m.groups?.v;
    accept(d, text, v === undefined ? m.index : end - v.length, end, out);
    if (re.lastIndex > to) break;
  }
}

let scanD: Detector | undefined;
let scanText = '';
let scanOut: Span[] = [];
function emitScanned(start: number, end: number): void {
  accept(scanD!, scanText, start, end, scanOut);
}

function accept(d: Detector, text: string, start: number, end: number, out: Span[]): void {
  if (end <= start) return;
  if (d.validate) {
    const v = d.validate(text.slice(start, end), text, start);
    if (v === false) return;
    if (v !== true) {
      end = start + v[1];
      start += v[0];
    }
  }
  out.push({ start, end, label: d.entity, confidence: d.confidence });
}

/** Candidate groups split by separators: try sub-ranges of whole groups, longest first, leftmost first. */
export function bestGroupRun(
  value: string,
  accept: (candidate: string) => boolean,
  minDigits: number,
  maxDigits: number,
): readonly [number, number] | false {
  const groups: Array<[number, number]> = [];
  const re = /\d+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) groups.push([m.index, m.index + m[0].length]);
  const digitsIn = (i: number, j: number) => {
    let n = 0;
    for (let k = i; k <= j; k++) n += groups[k]![1] - groups[k]![0];
    return n;
  };
  for (let len = groups.length; len >= 1; len--) {
    for (let i = 0; i + len <= groups.length; i++) {
      const n = digitsIn(i, i + len - 1);
      if (n < minDigits || n > maxDigits) continue;
      const s = groups[i]![0];
      const e = groups[i + len - 1]![1];
      if (accept(value.slice(s, e))) return [s, e];
    }
  }
  return false;
}

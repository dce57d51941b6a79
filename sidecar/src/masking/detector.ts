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
    const v = m.groups?.v;
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

// Text holding backslash escapes: a json/jsonb value, a JSON log line, a string literal in code. Its
// `\n` is a line break and its `\"` a quote to whoever reads it, but to a regex they are a letter after a
// backslash: `Name: Ana Ruiz\nDOB: …` has no line end after the name, and `password: hunter22\nuser`
// runs on into the next line. The engine detects on a view of the same length in which each escape
// reads as what it stands for, and keeps every span clear of the escapes, so masking never leaves a
// dangling backslash (a json value stays valid JSON).
import type { Span } from './detector.js';

/** What the view puts in place of the character after a backslash (the backslash itself becomes a space). */
const STANDS_FOR: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"' };

/**
 * `text` with each unescaped `\n`, `\r`, `\t` read as a space and the character it stands for, and an escaped quote
 * (`\"`, or `\\\"` one level deeper) as a quote and spaces: same length, so positions in the view are positions in
 * the text. The quote comes first so that it touches the key it closes, as in plain JSON (`\"password\":\"…` reads
 * `" password" :" …`, which the labels' quote-then-colon takes). `text` itself when it has none.
 */
export function escapesAsRead(text: string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\\'); i !== -1 && i + 1 < text.length; i = text.indexOf('\\', i)) {
    // A run of backslashes: pairs are escaped backslashes, an odd one out escapes the character after the run.
    let run = 1;
    while (i + run < text.length && text.charCodeAt(i + run) === 92) run++;
    const next = text[i + run];
    if (next === '"' && run % 2 === 1) {
      // A quote escaped once or more (`\"`, and `\\\"` in JSON inside a JSON string inside another): it reads as a quote.
      out += text.slice(from, i) + '"' + ' '.repeat(run);
      from = i + run + 1;
    } else if (next !== undefined && run % 2 === 1 && STANDS_FOR[next] !== undefined) {
      out += text.slice(from, i + run - 1) + ' ' + STANDS_FOR[next];
      from = i + run + 1;
    }
    // Escaped backslashes, `\u00e9`, `\/`: left as written, and the next escape starts after them.
    i += run + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Whether text[i] is a backslash that escapes the character after it (not itself escaped). */
function escapes(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 92) return false;
  let k = i;
  while (k > 0 && text.charCodeAt(k - 1) === 92) k--;
  return (i - k) % 2 === 0;
}

/**
 * The spans with no escape cut in two: a span ending just after an escaping backslash ends before it,
 * one starting on an escaped character starts after its escape (`\u` and four hex digits, or one
 * character). Spans left empty are dropped. Modifies the spans in place; may return another array.
 */
export function clearOfEscapes(text: string, spans: Span[]): Span[] {
  let dropped = false;
  for (const s of spans) {
    if (s.end > s.start && escapes(text, s.end - 1)) s.end--;
    if (s.start > 0 && escapes(text, s.start - 1)) s.start += text.charCodeAt(s.start) === 117 ? 5 : 1;
    if (s.start >= s.end) dropped = true;
  }
  return dropped ? spans.filter((s) => s.start < s.end) : spans;
}

// How text joins a label to its value besides a bare `:` or `=`: in prose (`my SSN is 536228411`, `date
// of birth was 03/15/1985`, `Name - Ana Ruiz`) and in Markdown (`**Name:** Ana Ruiz`). One set of fragments
// for every labelled detector (and their gates), so they all accept the same forms.

/** `is` / `was` or a dash, each followed by a space or tab (regex source; the detectors run with /i). */
export const PROSE_JOIN = `(?:is|was|[-–])(?=[ \\t])`;

/**
 * Around a label's `:` and its value: a quote, a backtick or Markdown emphasis, as model answers format
 * them (`**Name:** Ana Ruiz`, `**DOB**: …`, `` `password`: … ``), typographic quotes too, as word processors
 * and chat clients turn straight ones into (`“password”: “…”`, `«Nom» : …`). The feature pass's afterKey()
 * and secretKeyBefore() skip the same characters (assembly/shapes.ts beforeDecor()).
 */
export const DECOR = `(?:["'\`“”‘’„«»]|\\*{1,2})?`;

/**
 * A blank around a label's `:`: a space, a tab, or a no-break space (U+00A0, U+202F), which French typography
 * puts before the colon (`Nom : Dupont`) and text copied from web pages and documents keeps. The feature
 * pass's afterKey() and secretKeyBefore() skip the same characters (assembly/layout.ts isBlank()).
 */
export const BLANK = `[ \\t\\u00a0\\u202f]`;

/**
 * A note in brackets between a label and its `:`, as forms print them: `Date of birth (DOB):`, `Tax ID (EIN):`,
 * `Name (as on card):`, `Date of birth (dd/mm/yyyy):`, `Password (temporary):`. The feature pass's afterKey()
 * takes a `)` before the `:` as a key's end.
 */
export const NOTE = `(?:${BLANK}{0,3}\\([^()\\n]{1,30}\\))?`;

/**
 * A label and its value in a Markdown table's two cells (`| Name | Ana Ruiz |`, as model answers lay records out),
 * or in markup: the label an element's name (`<dob>1990-07-21</dob>`, no blank before the `>`: `dob > …` is a
 * comparison) or one element's text, the value the next one's (`<td>Phone</td><td>…`). The feature pass takes
 * `|` and `>` after a word as a key's end (features.ts P_KEYSEP).
 */
export const CELL = `${BLANK}*\\||(?:<\\/[a-z][a-z0-9]{0,9}>${BLANK}*<[a-z][a-z0-9]{0,9}(?:[ \\t][^<>\\n]{0,60})?)?>`;

/**
 * CELL held tighter for the secret keys (detectors-secrets.ts), whose values may be any word: a Markdown table row's
 * cells with a border before the key's cell and after the value's, which is one word (`| Password | … |`; so
 * `echo $password | base64`, `cat password | sort | uniq` and a column's description are no value), or markup
 * (`<td>Password</td><td>…`).
 */
export const SECRET_CELL = `${BLANK}*(?<=\\|[^|\\n]{1,60})\\|(?=${BLANK}*[^\\s|]+${BLANK}*\\|)|<\\/[a-z][a-z0-9]{0,9}>${BLANK}*<[a-z][a-z0-9]{0,9}(?:[ \\t][^<>\\n]{0,60})?>`;

/**
 * A YAML block scalar's indicator after the colon (`password: |`, `token: >-`): the value is the next line, when that
 * line is one word (`secret: >` over a paragraph is a description).
 */
export const YAML_BLOCK = `${DECOR}${BLANK}*:${BLANK}*[|>][+-]?[1-9]?${BLANK}*\\r?\\n[ \\t]+(?=[^\\s]+[ \\t]*(?:\\r?\\n|$))`;

/**
 * Between a label and its value: `:` (or another of `seps`), after a NOTE, a table cell's border or markup (CELL),
 * or a blank and PROSE_JOIN, each with DECOR around; `optional`: the label may also stand right before its value
 * (`SSN 536-22-8411`). The value follows after blanks.
 */
export function labelJoin(seps: string, optional = false): string {
  return `(?:${NOTE}${DECOR}${BLANK}*[${seps}]|${CELL}|${DECOR}[ \\t]+${PROSE_JOIN}${optional ? `|${DECOR}` : ''})${BLANK}*${DECOR}${BLANK}*`;
}

/**
 * Between the words of a label (`date of birth`, `Account number`, `Tax ID`, `api_key`): a `_` or `-`, or one
 * to three blanks (a doubled space, a tab: text typed by hand, or aligned in columns). GAPS: blanks only,
 * for labels written as prose (`fecha de nacimiento`). The feature pass's numberSuffixAt() and
 * bankAccountAt() allow the same. Regex sources.
 */
export const GAPS = `[ \\t\\u00a0]{1,3}`;
export const GAP = `(?:[_-]|${GAPS})`;

/** A necessary condition of PROSE_JOIN with the blank before it, for the gates. */
export const HAS_PROSE_JOIN = /[ \t](?:is|was|[-–])[ \t]/i;

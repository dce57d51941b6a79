// How text joins a label to its value besides a bare `:` or `=`: in prose (`my SSN is 536228411`, `date
// of birth was 03/15/1985`, `Name - Ana Ruiz`) and in Markdown (`**Name:** Ana Ruiz`). One set of fragments
// for every labelled detector (and their gates), so they all accept the same forms.

/** `is` / `was` or a dash, each followed by a space or tab (regex source; the detectors run with /i). */
export const PROSE_JOIN = `(?:is|was|[-–])(?=[ \\t])`;

/**
 * Around a label's `:` and its value: a quote, a backtick or Markdown emphasis, as model answers format
 * them (`**Name:** Ana Ruiz`, `**DOB**: …`, `` `password`: … ``). The feature pass's afterKey() and
 * secretKeyBefore() skip the same characters.
 */
export const DECOR = `(?:["'\`]|\\*{1,2})?`;

/** A necessary condition of PROSE_JOIN with the blank before it, for the gates. */
export const HAS_PROSE_JOIN = /[ \t](?:is|was|[-–])[ \t]/i;

// How running text joins a label to its value, besides `:` and `=`: `my SSN is 536228411`, `date of
// birth was 03/15/1985`, `Name - Ana Ruiz`. One fragment for every labelled detector (and its gate in
// gates.ts), so they all accept the same forms.

/** `is` / `was` or a dash, each followed by a space or tab (regex source; the detectors run with /i). */
export const PROSE_JOIN = `(?:is|was|[-–])(?=[ \\t])`;

/** A necessary condition of PROSE_JOIN with the blank before it, for the gates. */
export const HAS_PROSE_JOIN = /[ \t](?:is|was|[-–])[ \t]/i;

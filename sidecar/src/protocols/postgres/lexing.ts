// The classifier lexes SQL as PostgreSQL does with its defaults: standard_conforming_strings on and an
// ASCII-safe client encoding. Two session settings make the server lex the same bytes differently,
// which would let a statement hide from the classifier:
//  - standard_conforming_strings = off: a backslash escapes a quote inside '…', so
//    `SELECT 'a\'' ; DROP TABLE t; --'` is one string to the classifier but runs DROP on the server;
//  - a client encoding whose multi-byte characters may contain the bytes of `\` (SJIS, BIG5, GBK, UHC,
//    GB18030, JOHAB): inside E'…' a lead byte can swallow what the classifier reads as an escape.
// The server reports both settings with ParameterStatus (at startup and whenever they change, via
// SET, set_config, ALTER ROLE … SET or startup options), so the session tracks the real values and
// refuses, fail closed, exactly the statements whose lexing could differ. A pipelined client can send
// the next statement before the server has answered a SET: while a statement that may change a
// setting is in flight, the guard assumes the unsafe value.
import type { SqlClassification } from './classify/index.js';

/** Client-only encodings whose multi-byte characters can contain ASCII bytes (PostgreSQL docs, 24.3.1). */
export const UNSAFE_CLIENT_ENCODINGS = new Set(['SJIS', 'SHIFT_JIS_2004', 'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB']);

export class LexingGuard {
  private conforming = true;
  private encoding = 'UTF8';
  /** A statement that may change a lexing setting was forwarded and the server has not caught up yet. */
  private unsettled = false;

  /** Feed a ParameterStatus (`name`, `value`) from the server. */
  onParameter(name: string, value: string): void {
    if (name === 'standard_conforming_strings') this.conforming = value.toLowerCase() !== 'off';
    else if (name === 'client_encoding') this.encoding = value.toUpperCase().replace(/[-_]/g, '') === 'SHIFTJIS2004' ? 'SHIFT_JIS_2004' : value.toUpperCase();
  }

  /** Feed a raw ParameterStatus message (type byte, length, name\0value\0). */
  onParameterMessage(raw: Buffer): void {
    const body = raw.subarray(5);
    const nul = body.indexOf(0);
    if (nul < 0) return;
    const end = body.indexOf(0, nul + 1);
    this.onParameter(body.toString('utf8', 0, nul), body.toString('utf8', nul + 1, end < 0 ? body.length : end));
  }

  /** Note a forwarded statement; SET/RESET/DISCARD, set_config and opaque code may change the settings. */
  forwarded(c: SqlClassification): void {
    if (c.opaque || c.statementKinds.some((k) => k === 'SET' || k === 'RESET' || k === 'DISCARD') ||
      c.functions.some((f) => f === 'set_config' || f.endsWith('.set_config'))) this.unsettled = true;
  }

  /** The server is idle with nothing outstanding: every ParameterStatus it owed has arrived. */
  settle(): void {
    this.unsettled = false;
  }

  /** Why `sql` cannot be classified reliably under the current settings, or undefined when it can. */
  refusal(sql: string): string | undefined {
    if ((!this.conforming || this.unsettled) && sql.includes('\\')) {
      return this.conforming
        ? 'statements containing a backslash are refused while a SET sent before them is still running (it may turn standard_conforming_strings off); wait for its result'
        : 'statements containing a backslash are refused while standard_conforming_strings is off (the server would lex them differently from the policy check); SET standard_conforming_strings = on';
    }
    if ((this.unsettled || UNSAFE_CLIENT_ENCODINGS.has(this.encoding)) && hasNonAscii(sql)) {
      return UNSAFE_CLIENT_ENCODINGS.has(this.encoding)
        ? `non-ASCII statements are refused while client_encoding is ${this.encoding} (its multi-byte characters can hide quotes and backslashes from the policy check); use UTF8`
        : 'non-ASCII statements are refused while a SET sent before them is still running (it may change client_encoding); wait for its result';
    }
    return undefined;
  }
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

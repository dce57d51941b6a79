// Streaming masking (SSE deltas, COPY data, chunked bodies). The last `holdBack` characters stay
// unsent so an entity split across chunks is seen whole; already-sent text is kept as left context
// (`context` characters) so labels like `password=` still apply to values that arrive later. A cut
// never splits a finding or, within `maxToken`, a whitespace-free token (JWT, URL, PEM line), which
// makes any chunking produce the same output as masking the whole text at once.
import type { Span } from './detector.js';
import type { TextEngine } from './engine.js';
import type { Findings, StreamMasker } from './types.js';

export interface StreamLimits {
  holdBack: number;
  context: number;
  maxToken: number;
  /** Emit only when this many characters beyond the hold-back are pending (fewer scans per delta). */
  minEmit: number;
}

// holdBack exceeds the longest bounded entity (addresses ≤ 160, IBAN ≤ 42, keys ≤ ~200 are one token and
// covered by maxToken); context covers a label before its value; minEmit batches small SSE deltas so
// one scan serves several of them.
export const DEFAULT_STREAM_LIMITS: StreamLimits = { holdBack: 256, context: 128, maxToken: 4096, minEmit: 128 };

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class TextStream implements StreamMasker {
  private buf = '';
  /** Leading characters of `buf` that were already emitted (left context only). */
  private sent = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private pendingBytes = false;

  constructor(
    private readonly engine: TextEngine,
    private readonly findings: Findings | undefined,
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {}

  write(chunk: string | Uint8Array): string {
    if (typeof chunk === 'string') {
      if (this.pendingBytes) this.buf += this.decoder.decode();
      this.pendingBytes = false;
      this.buf += chunk;
    } else {
      this.buf += this.decoder.decode(chunk, { stream: true });
      this.pendingBytes = true;
    }
    if (this.buf.length - this.sent < this.limits.holdBack + this.limits.minEmit) return '';
    return this.emit(false);
  }

  end(): string {
    if (this.pendingBytes) this.buf += this.decoder.decode();
    this.pendingBytes = false;
    return this.emit(true);
  }

  private emit(final: boolean): string {
    const buf = this.buf;
    const spans = this.engine.spans(buf);
    let cut = buf.length;
    if (!final) {
      cut = buf.length - this.limits.holdBack;
      // Do not cut inside a token: back up to whitespace (bounded, so one huge token cannot stall us).
      const limit = Math.max(this.sent, cut - this.limits.maxToken);
      let c = cut;
      while (c > limit && !isSpace(buf.charCodeAt(c - 1)) && !isSpace(buf.charCodeAt(c))) c--;
      if (c > limit) cut = c;
      for (let i = spans.length - 1; i >= 0; i--) {
        const s = spans[i]!;
        if (s.start < cut && s.end > cut) cut = s.start;
      }
      // An unfinished finding (an open PEM block) may not grow the buffer without bound: past the
      // limit, the held text is sent masked as that finding would have masked it (fail closed).
      if (cut <= this.sent && buf.length - this.sent > this.limits.maxToken * 4) cut = buf.length;
      if (cut <= this.sent) return '';
      const cc = buf.charCodeAt(cut - 1);
      if (cc >= 0xd800 && cc <= 0xdbff) cut--;
    }
    const out = this.render(buf, spans, cut);
    // Keep some already-sent text as context, starting after whitespace so it does not begin mid-token.
    let keep = Math.max(0, cut - this.limits.context);
    const ws = keep === 0 ? 0 : indexOfSpace(buf, keep, cut);
    keep = ws === -1 ? cut : ws;
    this.buf = buf.slice(keep);
    this.sent = cut - keep;
    return out;
  }

  /** Mask buf[sent, cut) with the spans that fall in it; a span reaching back into sent text is masked from `sent`. */
  private render(buf: string, spans: readonly Span[], cut: number): string {
    const inRange: Span[] = [];
    for (const s of spans) {
      if (s.end <= this.sent || s.start >= cut) continue;
      inRange.push(s.start < this.sent ? { ...s, start: this.sent } : s.end > cut ? { ...s, end: cut } : s);
    }
    const piece = buf.slice(this.sent, cut);
    if (inRange.length === 0) return piece;
    const shifted = inRange.map((s) => ({ ...s, start: s.start - this.sent, end: s.end - this.sent }));
    return this.engine.render(piece, shifted, this.findings);
  }
}

function indexOfSpace(s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (isSpace(s.charCodeAt(i))) return i + 1;
  return -1;
}

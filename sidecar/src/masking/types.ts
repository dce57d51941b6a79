// The masking engine's contract with the data paths (Postgres rows, HTTP/LLM bodies, SSE streams)
// and the recorder. Implemented by compileMasker() in this folder; everything here is pure.
import type { EntityType, MaskingPlan, MaskStyleName } from '@agentgate/api';

/** Masked-value counts per entity type, custom pattern name or column rule. Never the values. */
export type Findings = Map<string, number>;

export interface StreamMasker {
  /**
   * Feed the next chunk (string or UTF-8 bytes; a multi-byte character may be split across chunks).
   * Returns the masked text that is safe to emit now; a bounded tail may be held back so an entity
   * split across chunks is still caught.
   */
  write(chunk: string | Uint8Array): string;
  /** End of stream: the held-back tail, masked. */
  end(): string;
}

export interface Masker {
  readonly plan: MaskingPlan;
  /** Mask free text with the plan's detectors and custom patterns; returns the same string when nothing matched. */
  maskText(text: string, findings?: Findings): string;
  /**
   * Mask one result value of `column` (`schema.table.column`, or null when unknown). A column rule
   * applies its style to the whole value; otherwise the detectors run. `null` means SQL NULL / JSON null.
   */
  maskValue(column: string | null, value: string, findings?: Findings): string | null;
  /** The style of the column rule that covers `column`, if any (lets adapters skip work). */
  columnStyle(column: string): MaskStyleName | undefined;
  /** Mask every string inside a JSON value, keeping keys and structure; JSON path rules apply first. */
  maskJson(value: unknown, findings?: Findings): unknown;
  /** A streaming masker for one stream (SSE body, COPY data, …). */
  stream(findings?: Findings): StreamMasker;
  /** Entity types present in `text` (feeds Operation.entities for `content.entities` rules). */
  detect(text: string): EntityType[];
}

export interface MaskerOptions {
  /** HMAC-SHA-256 key for the `hash` style. */
  hashKey: Uint8Array | string;
  /**
   * Streaming window (characters): `holdBack` unsent tail (default 256, longer than any bounded
   * entity), `context` already-sent text kept for labels (128), `maxToken` longest token never cut (4096),
   * `minEmit` pending characters beyond the hold-back before a scan (128).
   */
  stream?: Partial<{ holdBack: number; context: number; maxToken: number; minEmit: number }>;
}

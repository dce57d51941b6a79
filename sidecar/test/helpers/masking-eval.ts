// Scoring a masker on a labelled corpus: per-entity recall (the value no longer readable in the
// output) and the share of hard negatives that came out changed.
import type { EntityType } from '@agentgate/api';
import type { LabelledDoc } from './masking-corpus.js';

export interface Score {
  recall: Map<EntityType, { found: number; total: number }>;
  negatives: { damaged: number; total: number; examples: string[] };
  misses: Map<EntityType, string[]>;
}

/** A value counts as masked when neither it nor any of its distinctive tokens survive. */
export function wasMasked(original: string, masked: string, value: string): boolean {
  if (masked.includes(value)) return false;
  // Replacement labels ([PRIVATE_KEY], [EMAIL:…]) are not leftovers of the value.
  masked = masked.replace(/\[[A-Z][A-Z0-9_]*(?::[0-9a-f]{16})?\]/g, '\u0000');
  for (const tok of value.split(/[\s,]+/)) {
    if (tok.length < 5) continue;
    // A token that also occurs elsewhere in the original (a city in a note) proves nothing.
    if (original.split(tok).length - 1 > value.split(tok).length - 1) continue;
    if (masked.includes(tok)) return false;
  }
  return true;
}

export function score(docs: readonly LabelledDoc[], mask: (text: string) => string): Score {
  const recall = new Map<EntityType, { found: number; total: number }>();
  const misses = new Map<EntityType, string[]>();
  const negatives = { damaged: 0, total: 0, examples: [] as string[] };
  for (const d of docs) {
    const out = mask(d.text);
    for (const p of d.positives) {
      const r = recall.get(p.entity) ?? { found: 0, total: 0 };
      r.total++;
      if (wasMasked(d.text, out, p.value)) r.found++;
      else {
        const m = misses.get(p.entity) ?? [];
        if (m.length < 5) m.push(d.text.slice(0, 300));
        misses.set(p.entity, m);
      }
      recall.set(p.entity, r);
    }
    for (const n of d.negatives) {
      negatives.total++;
      if (!out.includes(n)) {
        negatives.damaged++;
        if (negatives.examples.length < 10) negatives.examples.push(`${n}  =>  ${out.slice(0, 300)}`);
      }
    }
  }
  return { recall, negatives, misses };
}

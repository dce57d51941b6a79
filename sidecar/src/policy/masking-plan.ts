// Resolve layered masking configuration (resource → policy → rule) into one MaskingPlan.
// style and entities: the most specific level that sets them wins (so a rule can narrow or widen);
// list rules (columns, entityStyles, jsonPaths, customPatterns) accumulate, most specific first.
import {
  EntityTypes, PiiEntityTypes, SecretEntityTypes,
  type EntitySelector, type EntityType, type Masking, type MaskingPlan,
} from '@agentgate/api';

export function expandEntities(selectors: readonly EntitySelector[]): EntityType[] {
  const out = new Set<EntityType>();
  for (const s of selectors) {
    if (s === 'ALL') EntityTypes.forEach((e) => out.add(e));
    else if (s === 'PII') PiiEntityTypes.forEach((e) => out.add(e));
    else if (s === 'SECRETS') SecretEntityTypes.forEach((e) => out.add(e));
    else out.add(s);
  }
  // Keep the schema's order so plans compare equal regardless of how they were written.
  return EntityTypes.filter((e) => out.has(e));
}

/** Layers from least to most specific; undefined layers are skipped. */
export function resolveMaskingPlan(layers: ReadonlyArray<Masking | undefined>): MaskingPlan {
  let style: MaskingPlan['style'] = 'redact';
  let entities: readonly EntitySelector[] = ['ALL'];
  const entityStyles: MaskingPlan['entityStyles'] = [];
  const columns: MaskingPlan['columns'] = [];
  const jsonPaths: MaskingPlan['jsonPaths'] = [];
  const customPatterns: MaskingPlan['customPatterns'] = [];
  for (const m of layers) {
    if (!m) continue;
    if (m.style) style = m.style;
    if (m.entities) entities = m.entities;
  }
  for (let i = layers.length - 1; i >= 0; i--) {
    const m = layers[i];
    if (!m) continue;
    for (const es of m.entityStyles ?? []) {
      for (const entity of expandEntities([es.entity])) entityStyles.push({ entity, style: es.style });
    }
    for (const c of m.columns ?? []) columns.push({ name: c.name, style: c.style });
    for (const j of m.jsonPaths ?? []) jsonPaths.push({ path: j.path, style: j.style });
    for (const p of m.customPatterns ?? []) customPatterns.push({ name: p.name, pattern: p.pattern, style: p.style ?? style });
  }
  return { style, entities: expandEntities(entities), entityStyles, columns, jsonPaths, customPatterns };
}

/** Union of plans from several policies that all let an operation through: the strictest wins. */
export function unionMaskingPlans(plans: readonly MaskingPlan[]): MaskingPlan {
  if (plans.length === 1) return plans[0]!;
  const rank = { redact: 3, null: 3, hash: 2, partial: 1 } as const;
  const first = plans[0]!;
  let style = first.style;
  for (const p of plans) if (rank[p.style] > rank[style]) style = p.style;
  return {
    style,
    entities: expandEntities(plans.flatMap((p) => p.entities)),
    entityStyles: plans.flatMap((p) => p.entityStyles),
    columns: plans.flatMap((p) => p.columns),
    jsonPaths: plans.flatMap((p) => p.jsonPaths),
    customPatterns: plans.flatMap((p) => p.customPatterns),
  };
}

// compileMasker(plan, opts): the one entry point the data paths use (Postgres rows, HTTP/LLM bodies,
// SSE streams, recordings). Compile once per plan and reuse; everything here is pure.
import type { EntityType, MaskingPlan, MaskStyleName } from '@agentgate/api';
import { compileGlobs } from '../policy/glob.js';
import { KEY_ENTITIES, keyedValueIs } from './detectors-context.js';
import { isProductCode, isProductKey } from './detectors-pii.js';
import { TextEngine } from './engine.js';
import { matchPath, parseJsonPath, type Segment } from './json-path.js';
import { DESCEND, mapJson } from './json-walk.js';
import { DEFAULT_STREAM_LIMITS, TextStream } from './stream.js';
import { Styler } from './styles.js';
import type { Findings, Masker, MaskerOptions, StreamMasker } from './types.js';

export type { Findings, Masker, MaskerOptions, StreamMasker } from './types.js';
export { ALL_DETECTORS } from './engine.js';
export type { Detector, Span } from './detector.js';
export { keccak256 } from './features.js';
export * as validators from './validators.js';

interface ColumnRule {
  name: string;
  /** Findings key, built once rather than per cell. */
  label: string;
  style: MaskStyleName;
  test: (column: string) => boolean;
}

/** What a column name resolves to, computed once per distinct column string. */
interface ColumnInfo {
  rule: ColumnRule | undefined;
  /** Entity implied by the column's last segment (`ssn`, `customer_name`), if enabled. */
  entity: EntityType | null;
  /** The last segment is exactly `name` (which then needs two capitalised words). */
  bareName: boolean;
  /** The last segment names product codes (`ean`, `gtin13`): a 13–14-digit value there is not a card. */
  productKey: boolean;
}

class CompiledMasker implements Masker {
  private readonly engine: TextEngine;
  private readonly styler: Styler;
  private readonly columns: readonly ColumnRule[];
  private readonly columnCache = new Map<string, ColumnInfo>();
  private readonly keyCache = new Map<string, EntityType | null>();
  private readonly paths: ReadonlyArray<{ segs: Segment[]; style: MaskStyleName; path: string }>;
  private readonly entities: ReadonlySet<EntityType>;

  constructor(
    readonly plan: MaskingPlan,
    private readonly opts: MaskerOptions,
  ) {
    this.styler = new Styler(opts.hashKey);
    this.engine = new TextEngine(plan, this.styler);
    this.entities = new Set(plan.entities);
    this.columns = plan.columns.map((c) => ({ name: c.name, label: `column:${c.name}`, style: c.style, test: compileGlobs([c.name], { caseInsensitive: true }) }));
    this.paths = plan.jsonPaths.map((p) => ({ segs: parseJsonPath(p.path), style: p.style, path: p.path }));
  }

  maskText(text: string, findings?: Findings): string {
    return this.engine.mask(text, findings);
  }

  // One Map lookup per cell: the rule glob match and the key-entity regexes run once per column
  // string, and the last segment is not sliced (a fresh slice would be re-hashed on every lookup).
  private columnInfo(column: string): ColumnInfo {
    let info = this.columnCache.get(column);
    if (info === undefined) {
      // Most specific source first (the plan's order), so the first matching rule wins.
      const rule = this.columns.find((c) => c.test(column));
      const key = column.slice(column.lastIndexOf('.') + 1);
      info = { rule, entity: rule ? null : this.keyEntity(key), bareName: /^name$/i.test(key), productKey: isProductKey(key) };
      if (this.columnCache.size < 10_000) this.columnCache.set(column, info);
    }
    return info;
  }

  columnStyle(column: string): MaskStyleName | undefined {
    return this.columnInfo(column).rule?.style;
  }

  /** Entity implied by a JSON key or column name (`password`, `customer_name`, `dob`), if enabled. */
  private keyEntity(key: string): EntityType | null {
    let e = this.keyCache.get(key);
    if (e === undefined) {
      e = null;
      for (const [re, entity] of KEY_ENTITIES) {
        if (re.test(key) && this.entities.has(entity)) {
          e = entity;
          break;
        }
      }
      if (this.keyCache.size < 10_000) this.keyCache.set(key, e);
    }
    return e;
  }

  private whole(style: MaskStyleName, label: string, value: string, findings?: Findings): string | null {
    if (findings) findings.set(label, (findings.get(label) ?? 0) + 1);
    return style === 'null' ? null : this.styler.apply(style, label, value);
  }

  /** A value under a sensitive key is masked whole when it looks like that entity. */
  private keyed(key: string, value: string, findings?: Findings): string | null | undefined {
    // An EAN or GTIN under its own key: 13–14 digits that may pass Luhn like a card (detectors-pii.ts).
    if (isProductCode(value) && isProductKey(key)) return value;
    return this.keyedAs(this.keyEntity(key), /^name$/i.test(key), value, findings);
  }

  private keyedAs(entity: EntityType | null, bareName: boolean, value: string, findings?: Findings): string | null | undefined {
    if (entity === null || value.length === 0 || !keyedValueIs(entity, value, bareName)) return undefined;
    return this.whole(this.engine.styleOf(entity), entity, value, findings);
  }

  maskValue(column: string | null, value: string, findings?: Findings): string | null {
    if (column !== null) {
      const info = this.columnInfo(column);
      if (info.rule) return this.whole(info.rule.style, info.rule.label, value, findings);
      if (info.productKey && isProductCode(value)) return value;
      if (info.entity !== null) {
        const keyed = this.keyedAs(info.entity, info.bareName, value, findings);
        if (keyed !== undefined) return keyed;
      }
    }
    const spans = this.engine.spans(value);
    if (spans.length === 0) return value;
    // A typed column cannot hold "[EMAIL]": a `null` style on any finding nulls the whole value.
    let nulls = false;
    for (let i = 0; i < spans.length && !nulls; i++) nulls = this.engine.styleOf(spans[i]!.label) === 'null';
    if (nulls) {
      for (const s of spans) findings?.set(s.label, (findings.get(s.label) ?? 0) + 1);
      return null;
    }
    return this.engine.render(value, spans, findings);
  }

  maskJson(value: unknown, findings?: Findings): unknown {
    return mapJson(value, (v, path, parent) => this.jsonNode(v, path, parent, findings));
  }

  /** A JSON node's replacement (mapJson()): by a path rule, by its key, by the detectors. */
  private jsonNode(value: unknown, path: ReadonlyArray<string | number>, parent: object | undefined, findings?: Findings): unknown {
    if (this.paths.length > 0 && path.length > 0) {
      for (const p of this.paths) {
        if (!matchPath(p.segs, path)) continue;
        const label = `json:${p.path}`;
        // A rule selecting an object or array masks every leaf under it.
        const leaf = (v: unknown): unknown => (v !== null && typeof v === 'object' ? DESCEND : v === null ? null : this.whole(p.style, label, String(v), findings));
        if (value === null) return null;
        return typeof value === 'object' ? mapJson(value, leaf) : this.whole(p.style, label, String(value), findings);
      }
    }
    if (typeof value === 'string') {
      const key = path[path.length - 1];
      if (typeof key === 'string') {
        const keyed = this.keyed(key, value, findings);
        if (keyed !== undefined) return keyed;
        // A name/value entry (a Kubernetes env var, an AWS tag or parameter): the value is what its name says.
        const named = VALUE_KEY.test(key) ? namedBy(parent) : undefined;
        if (named !== undefined) {
          const byName = this.keyed(named, value, findings);
          if (byName !== undefined) return byName;
        }
      }
      return this.engine.mask(value, findings);
    }
    return value !== null && typeof value === 'object' ? DESCEND : value;
  }

  stream(findings?: Findings): StreamMasker {
    return new TextStream(this.engine, findings, { ...DEFAULT_STREAM_LIMITS, ...(this.opts.stream ?? {}) });
  }

  detect(text: string): EntityType[] {
    const seen = new Set<string>();
    for (const s of this.engine.spans(text)) seen.add(s.label);
    return this.plan.entities.filter((e) => seen.has(e));
  }
}

/** The value key of a name/value entry, and the keys its name goes by. */
const VALUE_KEY = /^(?:value|parameter_?value)$/i;
const NAME_KEY = /^(?:name|key|parameter_?(?:name|key))$/i;

/**
 * The name of a name/value entry (`{"name": "DB_PASSWORD", "value": …}`, `{"Key": "DbPassword", "Value": …}`), as a
 * key: its last path segment (`/prod/db/password` → `password`, as SSM names parameters). Undefined otherwise.
 */
function namedBy(parent: object | undefined): string | undefined {
  if (parent === undefined || Array.isArray(parent)) return undefined;
  for (const [k, v] of Object.entries(parent)) {
    if (typeof v === 'string' && NAME_KEY.test(k)) return v.slice(v.lastIndexOf('/') + 1);
  }
  return undefined;
}

/** Compile a masking plan once; the Masker is immutable apart from small lookup caches. */
export function compileMasker(plan: MaskingPlan, opts: MaskerOptions): Masker {
  return new CompiledMasker(plan, opts);
}

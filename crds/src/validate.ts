// ajv validators compiled from the same schemas the CRDs are generated from, with errors phrased
// the way `kubectl` phrases them: a field path, what is wrong, and the allowed values.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema, Static } from '@sinclair/typebox';
import {
  AgentPolicy, ApprovalRequest, Decision, Operation, ProtectedResource, RecorderConfig, SessionEvent, SidecarConfig, API_GROUP_VERSION,
} from './schemas/index.js';

export interface FieldError {
  /** Field path in kubectl notation, e.g. `spec.rules[2].action`. */
  path: string;
  message: string;
}

export class ValidationError extends Error {
  constructor(
    readonly subject: string,
    readonly errors: FieldError[],
  ) {
    super(`${subject} is invalid:\n${errors.map((e) => `  - ${e.path}: ${e.message}`).join('\n')}`);
    this.name = 'ValidationError';
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// ajv-formats is CommonJS; its default export shape differs between bundlers and Node.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  // Kubernetes-only annotations: meaningful to the API server, inert here; `x-parquet-type` tells the
  // recorder's Parquet mapping which logical type a column has (see schemas/event.ts).
  for (const k of ['x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations', 'x-kubernetes-preserve-unknown-fields', 'x-parquet-type']) {
    ajv.addKeyword({ keyword: k, schemaType: ['string', 'array', 'boolean'] });
  }
  return ajv;
}

const ajv = makeAjv();
const cache = new WeakMap<TSchema, ValidateFunction>();

function compiled(schema: TSchema): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

/** `/spec/rules/0/action` → `spec.rules[0].action` */
export function toFieldPath(pointer: string, prefix = ''): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '<root>';
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function describe(e: ErrorObject, root: string): FieldError {
  const base = e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: toFieldPath(`${base}/${String(p.missingProperty)}`, root), message: 'Required value' };
    case 'additionalProperties':
      return {
        path: toFieldPath(`${base}/${String(p.additionalProperty)}`, root),
        message: `Unknown field ${show(p.additionalProperty)}`,
      };
    case 'enum':
      return {
        path: toFieldPath(base, root),
        message: `Unsupported value: ${show(e.data)}: supported values: ${(p.allowedValues as unknown[]).map(show).join(', ')}`,
      };
    case 'type':
      return { path: toFieldPath(base, root), message: `Invalid value: ${show(e.data)}: must be ${String(p.type)}` };
    case 'pattern':
      return { path: toFieldPath(base, root), message: `Invalid value: ${show(e.data)}: must match ${String(p.pattern)}` };
    default:
      return { path: toFieldPath(base, root), message: `Invalid value: ${show(e.data)}: ${e.message ?? e.keyword}` };
  }
}

/** Validate `value` against `schema`; every violation is reported, deduplicated, in document order. */
export function check<S extends TSchema>(schema: S, value: unknown, root = ''): Result<Static<S>> {
  const fn = compiled(schema);
  if (fn(value)) return { ok: true, value: value as Static<S> };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const e of fn.errors ?? []) {
    // Union branches (anyOf) report every failed branch; the per-branch errors say more.
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const fe = describe(e, root);
    const key = `${fe.path}\u0000${fe.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(fe);
    }
  }
  return { ok: false, errors };
}

export const Kinds = {
  AgentPolicy,
  ProtectedResource,
  ApprovalRequest,
} as const;
export type KindName = keyof typeof Kinds;
export type AnyResource = Static<(typeof Kinds)[KindName]>;

export function isKindName(k: unknown): k is KindName {
  return typeof k === 'string' && Object.hasOwn(Kinds, k);
}

/** Validate any agentgate object by its `kind`. */
export function validateResource(obj: unknown): Result<AnyResource> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return { ok: false, errors: [{ path: '<root>', message: 'must be an object' }] };
  }
  const { kind, apiVersion } = obj as { kind?: unknown; apiVersion?: unknown };
  if (!isKindName(kind)) {
    return {
      ok: false,
      errors: [{ path: 'kind', message: `Unsupported value: ${show(kind)}: supported values: ${Object.keys(Kinds).map(show).join(', ')}` }],
    };
  }
  if (apiVersion !== API_GROUP_VERSION) {
    return { ok: false, errors: [{ path: 'apiVersion', message: `Unsupported value: ${show(apiVersion)}: supported values: "${API_GROUP_VERSION}"` }] };
  }
  return check(Kinds[kind], obj) as Result<AnyResource>;
}

export const validateAgentPolicy = (v: unknown) => check(AgentPolicy, v);
export const validateProtectedResource = (v: unknown) => check(ProtectedResource, v);
export const validateApprovalRequest = (v: unknown) => check(ApprovalRequest, v);
export const validateOperation = (v: unknown) => check(Operation, v);
export const validateDecision = (v: unknown) => check(Decision, v);

/** Throwing variant for call sites where invalid input is fatal. */
export function assertValid<S extends TSchema>(schema: S, value: unknown, subject: string): Static<S> {
  const r = check(schema, value);
  if (!r.ok) throw new ValidationError(subject, r.errors);
  return r.value;
}

export function describeObject(obj: unknown): string {
  const o = obj as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const kind = typeof o?.kind === 'string' ? o.kind : 'object';
  const name = typeof o?.metadata?.name === 'string' ? o.metadata.name : '<unnamed>';
  const ns = typeof o?.metadata?.namespace === 'string' ? `${o.metadata.namespace}/` : '';
  return `${kind} ${ns}${name}`;
}
export const validateSessionEvent = (v: unknown) => check(SessionEvent, v);
export const validateRecorderConfig = (v: unknown) => check(RecorderConfig, v);
export const validateSidecarConfig = (v: unknown) => check(SidecarConfig, v);

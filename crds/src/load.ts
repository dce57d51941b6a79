// Read agentgate objects from YAML/JSON text (multi-document), keeping where each came from so
// errors can name the file and document.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ValidationError, describeObject, validateResource, type AnyResource } from './validate.js';
import type { AgentPolicy, ProtectedResource, ApprovalRequest } from './schemas/index.js';

export interface Loaded {
  source: string;
  object: AnyResource;
}

export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

/** Parse every document in `text`. Lists (`kind: List`, `items:`) are flattened. */
export function parseDocuments(text: string, source: string): unknown[] {
  const out: unknown[] = [];
  const docs = parseAllDocuments(text);
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new LoadError(`${source}: document ${i + 1}: YAML error: ${e.message}`);
    }
    const v: unknown = doc.toJS();
    if (v === null || v === undefined) continue;
    const list = v as { kind?: unknown; items?: unknown };
    if (typeof list.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items)) out.push(...list.items);
    else out.push(v);
  }
  return out;
}

/** Validate every agentgate object; collect all errors before failing. Non-agentgate kinds are skipped. */
export function loadObjects(text: string, source: string): Loaded[] {
  const loaded: Loaded[] = [];
  const problems: string[] = [];
  for (const [i, doc] of parseDocuments(text, source).entries()) {
    const apiVersion = (doc as { apiVersion?: unknown } | null)?.apiVersion;
    if (typeof apiVersion === 'string' && !apiVersion.startsWith('agentgate.dev/')) continue;
    const r = validateResource(doc);
    if (r.ok) loaded.push({ source: `${source}#${i + 1}`, object: r.value });
    else problems.push(new ValidationError(`${source}: document ${i + 1} (${describeObject(doc)})`, r.errors).message);
  }
  if (problems.length > 0) throw new LoadError(problems.join('\n'));
  return loaded;
}

export function loadFiles(files: string[]): Loaded[] {
  return files.flatMap((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new LoadError(`${f}: ${(e as Error).message}`);
    }
    return loadObjects(text, f);
  });
}

export interface Bundle {
  policies: AgentPolicy[];
  resources: ProtectedResource[];
  approvals: ApprovalRequest[];
}

export function toBundle(loaded: Loaded[]): Bundle {
  const b: Bundle = { policies: [], resources: [], approvals: [] };
  for (const { object } of loaded) {
    if (object.kind === 'AgentPolicy') b.policies.push(object as AgentPolicy);
    else if (object.kind === 'ProtectedResource') b.resources.push(object as ProtectedResource);
    else b.approvals.push(object as ApprovalRequest);
  }
  return b;
}

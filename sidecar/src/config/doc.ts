// The field reference in docs/sidecar-config.md, generated from the SidecarConfig schema so the doc
// cannot drift from what the validator accepts (a test compares them). Run after a schema change:
//   node sidecar/dist/src/config/doc.js            (rewrites the block between the markers)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AgentPolicy, ProtectedResource, SidecarConfig } from '@agentgate/api';

const START = '<!-- sidecar-config:start -->';
const END = '<!-- sidecar-config:end -->';
export const DOC_PATH = fileURLToPath(new URL('../../../../docs/sidecar-config.md', import.meta.url));

interface Schema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  patternProperties?: Record<string, Schema>;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object' && s.patternProperties) return 'map of string';
  if (s.type === 'string' && s.pattern === '^([0-9]+(ms|s|m|h))+$') return 'duration';
  return String(s.type ?? 'any');
}

const escape = (t: string) => t.replaceAll('|', '\\|').replaceAll('\n', ' ');

function rows(s: Schema, path: string, out: string[]): void {
  const required = new Set(s.required ?? []);
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    const p = path ? `${path}.${name}` : name;
    const embedded = child.items === (ProtectedResource as Schema) ? 'ProtectedResource' : child.items === (AgentPolicy as Schema) ? 'AgentPolicy' : null;
    const type = embedded ? `list of ${embedded}` : typeOf(child);
    out.push(`| \`${p}\` | ${type} | ${required.has(name) ? 'yes' : ''} | ${escape(child.description ?? '')}${embedded ? ` The full ${embedded} object (see \`crds/examples/\`).` : ''} |`);
    if (embedded) continue;
    if (child.type === 'object' && child.properties) rows(child, p, out);
    if (child.type === 'array' && child.items?.type === 'object' && child.items.properties) rows(child.items, `${p}[]`, out);
  }
}

export function renderFieldTable(): string {
  const out = ['| field | type | required | meaning |', '|---|---|---|---|'];
  rows(SidecarConfig as Schema, '', out);
  return out.join('\n');
}

export function renderDoc(current: string): string {
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${DOC_PATH}: markers ${START} … ${END} not found`);
  return `${current.slice(0, a + START.length)}\n${renderFieldTable()}\n${current.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC_PATH, renderDoc(readFileSync(DOC_PATH, 'utf8')));
  process.stdout.write(`wrote ${DOC_PATH}\n`);
}

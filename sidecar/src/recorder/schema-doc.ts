// Pure: the session-file columns as a Markdown table, from the same Parquet mapping the recorder writes
// with, so the README cannot drift from the files (a test compares them). Print it with
//   node sidecar/dist/src/recorder/schema-doc.js
import { fileURLToPath } from 'node:url';
import { EVENT_SCHEMA_VERSION, SessionEvent } from '@agentgate/api';
import { parquetSchemaFor, type FieldDefinition } from './parquet-schema.js';

interface Node {
  description?: string;
  enum?: string[];
  items?: Node & { enum?: string[] };
  properties?: Record<string, Node>;
}

const SQL: Record<string, string> = { INT64: 'BIGINT', DOUBLE: 'DOUBLE', BOOLEAN: 'BOOLEAN', UTF8: 'VARCHAR', TIMESTAMP_MILLIS: 'TIMESTAMP' };

/** The type DuckDB (and most SQL engines) shows for a column. */
export function sqlType(f: FieldDefinition): string {
  if (f.type === 'LIST') return `${sqlType(f.fields!.list!.fields!.element!)}[]`;
  if (f.fields) return `STRUCT(${Object.entries(f.fields).map(([k, v]) => `${k} ${sqlType(v)}`).join(', ')})`;
  return SQL[String(f.type)] ?? String(f.type);
}

export function eventSchemaMarkdown(): string {
  const def = parquetSchemaFor(SessionEvent);
  const props = SessionEvent.properties as unknown as Record<string, Node>;
  const lines = [
    `Event schema version ${EVENT_SCHEMA_VERSION} (\`v\` column; footer key \`agentgate.event_schema_version\`).`,
    '',
    '| column | type | null | meaning |',
    '|---|---|---|---|',
  ];
  for (const [name, f] of Object.entries(def)) {
    const p = props[name]!;
    const values = p.enum ?? p.items?.enum;
    const list = (v: string[]) => v.map((x) => `\`${x}\``).join(', ');
    // Long enumerations (SQL statement kinds) are named by a few examples; the schema has them all.
    const enumText = !values ? '' : values.length <= 12 ? ` One of: ${list(values)}.` : ` ${values.length} values, e.g. ${list(values.slice(0, 6))}.`;
    const desc = `${p.description ?? ''}${enumText}`;
    lines.push(`| \`${name}\` | \`${sqlType(f)}\` | ${f.optional ? 'yes' : 'no'} | ${desc.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.stdout.write(eventSchemaMarkdown());

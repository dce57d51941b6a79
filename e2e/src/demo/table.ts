// Plain-text tables for the demo output: readable in any terminal and in CI logs (no colours, no
// box-drawing characters that break in some fonts).
export function table(columns: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((r) => r.map((v) => (v === null ? 'NULL' : String(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `+-${widths.map((w) => '-'.repeat(w)).join('-+-')}-+`;
  return [sep, line(columns), sep, ...cells.map(line), sep].join('\n');
}

export function heading(text: string): string {
  return `\n== ${text}\n`;
}

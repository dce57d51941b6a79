// Durations as the schemas write them (`500ms`, `30s`, `1h30m`), in one place for every component.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /([0-9]+)(ms|s|m|h)/gy;

/** Milliseconds in a schema Duration; throws on anything the schema pattern would reject. */
export function parseDuration(text: string): number {
  if (typeof text !== 'string' || text.length === 0) throw new Error(`invalid duration ${JSON.stringify(text)}`);
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = PART.exec(text); m; m = PART.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = PART.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`invalid duration ${JSON.stringify(text)}: use e.g. 500ms, 30s, 15m, 1h30m`);
  return total;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

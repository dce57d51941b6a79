// Pure: how `agentgate sessions` prints sessions and events for people.
import type { SessionEvent } from '@agentgate/api';
import type { Finding } from './chain.js';
import type { SessionInfo, VerifyReport } from './archive.js';

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
  return `${Math.floor(ms / 3_600_000)}h${Math.floor((ms % 3_600_000) / 60_000)}m`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function formatSessionList(sessions: SessionInfo[]): string {
  if (sessions.length === 0) return 'No sessions found.\n';
  return table(
    ['SESSION', 'NAMESPACE', 'POD', 'RESOURCE', 'START (UTC)', 'DURATION', 'EVENTS'],
    sessions.map((s) => [s.id, s.namespace, s.pod, s.resource, isoUtc(s.first_ts), humanDuration(s.last_ts - s.first_ts), String(s.events)]),
  );
}

function who(e: SessionEvent): string {
  return [`sa=${e.service_account}`, e.subject && `sub=${e.subject}`, e.groups?.length && `groups=${e.groups.join(',')}`, e.client_addr && `from ${e.client_addr}`]
    .filter(Boolean)
    .join(' ');
}

/** One line per event: offset from the session start, seq, kind, decision and what it was about. */
export function formatEvent(e: SessionEvent, start: number): string {
  const parts: string[] = [`+${((e.ts - start) / 1000).toFixed(3)}s`.padStart(10), `#${e.seq}`.padEnd(5), e.kind.padEnd(10)];
  if (e.kind === 'connect') parts.push(who(e));
  if (e.decision) parts.push(e.would_be ? `${e.decision} (audit; enforce: ${e.would_be})` : e.decision);
  if (e.rule) parts.push(`rule=${e.rule}`);
  if (e.approval_id) parts.push(`approval=${e.approval_id}${e.approval_outcome ? ` ${e.approval_outcome}` : ''}${e.approver ? ` by ${e.approver}` : ''}`);
  const what = e.operation ?? (e.model ? `model ${e.model}` : e.tool ? `tool ${e.tool}` : undefined);
  if (what) parts.push(JSON.stringify(what.length > 200 ? `${what.slice(0, 197)}...` : what));
  const facts = [
    e.rows !== undefined && `${e.rows} rows`,
    e.duration_ms !== undefined && `${e.duration_ms}ms`,
    e.bytes_in !== undefined && `in ${e.bytes_in}B`,
    e.bytes_out !== undefined && `out ${e.bytes_out}B`,
    e.masked?.length && `masked ${e.masked.map((m) => `${m.entity}×${m.count}`).join(',')}`,
    e.flagged && 'flagged',
  ].filter(Boolean);
  if (facts.length) parts.push(`(${facts.join(', ')})`);
  if (e.error) parts.push(`error${e.error_code ? ` ${e.error_code}` : ''}: ${e.error}`);
  return parts.join(' ');
}

export function formatSessionHeader(s: SessionInfo): string {
  return (
    `Session ${s.id}  ${s.namespace}/${s.pod}  resource ${s.resource}\n` +
    `${s.events} events, seq ${s.first_seq}..${s.last_seq}, ${isoUtc(s.first_ts)} → ${isoUtc(s.last_ts)} UTC (${humanDuration(s.last_ts - s.first_ts)})\n\n`
  );
}

export function formatTimeline(s: SessionInfo, events: SessionEvent[]): string {
  const start = events[0]?.ts ?? s.first_ts;
  return formatSessionHeader(s) + events.map((e) => `${formatEvent(e, start)}\n`).join('');
}

/**
 * Waits before each event when replaying at `speed` (2 = twice as fast; 0 = no waiting), in ms.
 * Events are in seq order; a timestamp earlier than its predecessor (an operation stamped when it
 * started) waits 0. `maxWaitMs` caps idle stretches so a session left open overnight stays watchable.
 */
export function replayDelays(events: Array<Pick<SessionEvent, 'ts'>>, speed: number, maxWaitMs = Infinity): number[] {
  return events.map((e, i) => {
    if (i === 0 || speed <= 0) return 0;
    const gap = Math.max(0, e.ts - events[i - 1]!.ts) / speed;
    return Math.min(gap, maxWaitMs);
  });
}

function findingLine(f: Finding): string {
  return `${f.severity === 'error' ? 'ERROR' : 'WARN '} ${f.problem}: ${f.message}`;
}

export function formatVerify(r: VerifyReport, keyGiven: boolean): string {
  if (r.chains.length === 0) return 'No session files found.\n';
  const out: string[] = [];
  for (const c of r.chains) {
    const errors = c.findings.filter((f) => f.severity === 'error').length;
    out.push(
      `CHAIN ${c.name}: ${c.files} file(s), ${c.rows} verified row(s), ${c.sealed ? 'sealed' : 'open'}, ` +
        `signed by ${c.kids.join(', ') || 'nobody'}${keyGiven ? ' (matches --key)' : ' (embedded key: pass --key to prove origin)'} → ${errors ? 'FAILED' : 'OK'}`,
    );
    for (const f of c.findings) out.push(`  ${findingLine(f)}`);
  }
  out.push(r.ok ? 'verify: OK' : `verify: FAILED (${r.findings.filter((f) => f.severity === 'error').length} error(s))`);
  return `${out.join('\n')}\n`;
}

// Reading a sink the way `agentgate sessions` does: manifests as the index (which sessions, which
// files), Parquet for the events, and the whole chain check for `verify`. No agentgate server needed.
import { createHash } from 'node:crypto';
import type { SessionEvent } from '@agentgate/api';
import type { JWK } from 'jose';
import { verifyChain, verifySessions, type ChainReport, type DataEntry, type Finding, type Manifest, type ManifestEntry } from './chain.js';
import { chainKey, dataPrefix, manifestPrefix, parseDataKey, parseManifestKey } from './keys.js';
import { readParquet } from './parquet.js';
import { verifyManifest } from './signing.js';
import type { Sink } from './sinks/index.js';

export interface Filter {
  namespace?: string;
  pod?: string;
  /** ms since epoch, inclusive */
  since?: number;
  until?: number;
}

const HOUR_MS = 3_600_000;

function overlaps(min: number, max: number, f: Filter): boolean {
  return (f.since === undefined || max >= f.since) && (f.until === undefined || min <= f.until);
}

function filtered(f: Filter): boolean {
  return f.since !== undefined || f.until !== undefined;
}

/** Every manifest under the filter, signature-checked (against `keys`, else the embedded key). */
export async function loadManifests(sink: Sink, f: Filter, keys?: JWK[]): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const o of sink.list(manifestPrefix(f.namespace, f.namespace === undefined ? undefined : f.pod))) {
    const at = parseManifestKey(o.key);
    if (!at || (f.pod !== undefined && at.pod !== f.pod)) continue;
    const text = (await sink.get(o.key)).toString('utf8');
    try {
      const v = await verifyManifest(text, keys);
      if (!overlaps(v.manifest.min_ts, v.manifest.max_ts, f) && !(v.manifest.rows === 0 && overlaps(v.manifest.created, v.manifest.created, f))) continue;
      out.push({ key: o.key, at, manifest: v.manifest, kid: v.kid });
    } catch (err) {
      out.push({ key: o.key, at, signatureError: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

export interface SessionInfo {
  id: string;
  namespace: string;
  pod: string;
  resource: string;
  first_ts: number;
  last_ts: number;
  events: number;
  first_seq: number;
  last_seq: number;
  files: string[];
}

/** Sessions as the manifests describe them, oldest first. */
export function sessionsOf(manifests: ManifestEntry[], f: Filter = {}): SessionInfo[] {
  const by = new Map<string, SessionInfo>();
  for (const { manifest: m } of manifests) {
    if (!m) continue;
    for (const s of m.sessions) {
      const k = `${m.namespace}/${m.pod}/${s.id}`;
      const cur = by.get(k);
      if (!cur) {
        by.set(k, {
          id: s.id, namespace: m.namespace, pod: m.pod, resource: s.resource, first_ts: s.first_ts, last_ts: s.last_ts,
          events: s.count, first_seq: s.first_seq, last_seq: s.last_seq, files: [m.key],
        });
        continue;
      }
      cur.first_ts = Math.min(cur.first_ts, s.first_ts);
      cur.last_ts = Math.max(cur.last_ts, s.last_ts);
      cur.first_seq = Math.min(cur.first_seq, s.first_seq);
      cur.last_seq = Math.max(cur.last_seq, s.last_seq);
      cur.events += s.count;
      cur.files.push(m.key);
    }
  }
  return [...by.values()].filter((s) => overlaps(s.first_ts, s.last_ts, f)).sort((a, b) => a.first_ts - b.first_ts || (a.id < b.id ? -1 : 1));
}

/** One session's events in seq order, read from the files its manifests name. */
export async function sessionEvents(sink: Sink, session: SessionInfo): Promise<SessionEvent[]> {
  const events: SessionEvent[] = [];
  for (const key of session.files) {
    const { events: all } = await readParquet(await sink.get(key));
    for (const e of all) if (e.session_id === session.id && e.pod === session.pod) events.push(e);
  }
  return events.sort((a, b) => a.seq - b.seq);
}

export interface VerifyReport {
  chains: Array<ChainReport & { name: string; files: number; rows: number; kids: string[] }>;
  findings: Finding[];
  ok: boolean;
}

/** Check every chain under the filter: signatures, hashes, links, order, and per-session seq numbers. */
export async function verifyArchive(sink: Sink, f: Filter, keys?: JWK[]): Promise<VerifyReport> {
  const manifests = await loadManifests(sink, f, keys);
  const chains = new Map<string, { manifests: ManifestEntry[]; data: DataEntry[] }>();
  const chainOf = (name: string) => {
    let c = chains.get(name);
    if (!c) chains.set(name, (c = { manifests: [], data: [] }));
    return c;
  };
  for (const m of manifests) chainOf(chainKey(m.at)).manifests.push(m);
  const signed = new Set(manifests.map((m) => m.manifest?.key).filter((k): k is string => k !== undefined));
  const contents = new Map<string, Buffer>();
  for await (const o of sink.list(dataPrefix(f.namespace))) {
    const at = parseDataKey(o.key);
    if (!at || (f.pod !== undefined && at.pod !== f.pod)) continue;
    if (filtered(f) && !signed.has(o.key)) {
      // Unsigned objects count only inside the window their partition names.
      const start = Date.parse(`${at.date}T${at.hour}:00:00Z`);
      if (!overlaps(start, start + HOUR_MS - 1, f)) continue;
    }
    const body = await sink.get(o.key);
    contents.set(o.key, body);
    chainOf(chainKey(at)).data.push({ key: o.key, at, sha256: createHash('sha256').update(body).digest('hex') });
  }
  const out: VerifyReport = { chains: [], findings: [], ok: true };
  for (const [name, c] of [...chains].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const report = verifyChain({ name, manifests: c.manifests, data: c.data, fromStart: !filtered(f) });
    // Sequence numbers only from files whose integrity is proven; reading the others would mislead.
    const seqs: Array<{ session_id: string; seq: number }> = [];
    for (const m of report.verified) {
      const body = contents.get(m.key);
      if (body) for (const e of (await readParquet(body, ['session_id', 'seq'])).events) seqs.push(e);
    }
    // Also after chain errors: the gaps then name the events a missing or altered file held.
    report.findings.push(
      ...verifySessions(name, seqs, { droppedDeclared: report.verified.some((m: Manifest) => m.dropped > 0), fromStart: !filtered(f) }),
    );
    const kids = [...new Set(c.manifests.map((m) => m.kid).filter((k): k is string => k !== undefined))];
    out.chains.push({ ...report, name, files: c.data.length, rows: report.verified.reduce((n, m) => n + m.rows, 0), kids });
    out.findings.push(...report.findings);
  }
  out.ok = out.findings.every((x) => x.severity !== 'error');
  return out;
}

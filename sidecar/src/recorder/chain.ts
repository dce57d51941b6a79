// Pure: the tamper-evidence model. Every session file has a signed manifest (JWS, see signing.ts) that
// states the file's SHA-256 and the SHA-256 of the previous file in its chain (one chain per pod
// journal); the Parquet footer repeats the previous hash. Given what a sink holds, verifyChain says
// which file is missing, out of place, altered, unsigned, or links to the wrong predecessor.
import type { SessionSummary } from './build.js';
import { padIndex, type DataKeyParts, type FileId } from './keys.js';

export const MANIFEST_VERSION = 1;
export const MANIFEST_TYPE = 'agentgate-manifest+jws';

export interface Manifest {
  /** Manifest format version. */
  v: number;
  event_schema_version: number;
  namespace: string;
  pod: string;
  chain: string;
  index: number;
  /** Data object key, relative to the sink prefix. */
  key: string;
  sha256: string;
  bytes: number;
  /** SHA-256 of file index-1 of this chain; null for index 0. */
  prev_sha256: string | null;
  rows: number;
  min_ts: number;
  max_ts: number;
  /** When the file was built (ms). */
  created: number;
  /** Events dropped (failOpen at the journal cap) since the previous file. */
  dropped: number;
  /** Written by a clean shutdown: nothing follows unless the pod's recorder starts again. */
  final: boolean;
  sessions: SessionSummary[];
}

export type Problem =
  | 'bad-signature'
  | 'manifest-moved'
  | 'missing-file'
  | 'missing-data'
  | 'altered'
  | 'reordered'
  | 'broken-link'
  | 'unsigned'
  | 'chain-start'
  | 'key-changed'
  | 'seq-gap'
  | 'seq-duplicate'
  | 'pending'
  | 'open-tail'
  | 'dropped';

export interface Finding {
  severity: 'error' | 'warning';
  problem: Problem;
  /** namespace/pod/chain */
  chain: string;
  /** The object at fault, when there is one. */
  key?: string;
  message: string;
}

export interface ManifestEntry {
  /** Object key of the manifest. */
  key: string;
  /** Identity parsed from the manifest's key. */
  at: FileId;
  /** Present when the signature verified. */
  manifest?: Manifest;
  signatureError?: string;
  /** Key id that signed it. */
  kid?: string;
}

export interface DataEntry {
  key: string;
  at: DataKeyParts;
  /** SHA-256 of the object's bytes. */
  sha256: string;
}

export interface ChainInput {
  /** namespace/pod/chain */
  name: string;
  manifests: ManifestEntry[];
  data: DataEntry[];
  /** The whole chain was listed (no time filter): it must start at index 0. */
  fromStart: boolean;
}

export interface ChainReport {
  findings: Finding[];
  /** Manifests that verified and link up, in chain order. */
  verified: Manifest[];
  sealed: boolean;
}

/** Check one chain. Signatures are checked by the caller (I/O); everything else here. */
export function verifyChain(input: ChainInput): ChainReport {
  const findings: Finding[] = [];
  const add = (severity: Finding['severity'], problem: Problem, message: string, key?: string) =>
    findings.push({ severity, problem, chain: input.name, message, ...(key !== undefined ? { key } : {}) });

  const byIndex = new Map<number, ManifestEntry & { manifest: Manifest }>();
  const kids = new Set<string>();
  for (const m of input.manifests) {
    if (!m.manifest) {
      add('error', 'bad-signature', `manifest ${m.key} does not verify: ${m.signatureError ?? 'unknown error'}`, m.key);
      continue;
    }
    const p = m.manifest;
    if (p.index !== m.at.index || p.chain !== m.at.chain || p.pod !== m.at.pod || p.namespace !== m.at.namespace) {
      add('error', 'manifest-moved', `manifest ${m.key} is signed for ${p.namespace}/${p.pod}/${p.chain} #${p.index}: moved or reordered`, m.key);
      continue;
    }
    if (m.kid) kids.add(m.kid);
    byIndex.set(p.index, m as ManifestEntry & { manifest: Manifest });
  }
  if (kids.size > 1) add('error', 'key-changed', `manifests are signed by ${kids.size} different keys (${[...kids].join(', ')})`);

  const dataByKey = new Map(input.data.map((d) => [d.key, d]));
  const shaToIndex = new Map<string, number>();
  for (const [i, m] of byIndex) shaToIndex.set(m.manifest.sha256, i);
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  const first = indices[0];
  const last = indices[indices.length - 1];

  if (first !== undefined && first > 0 && input.fromStart) {
    add('error', 'missing-file', `chain starts at #${first}: files #0..#${first - 1} are missing`);
  }
  const verified: Manifest[] = [];
  let prev: Manifest | undefined;
  for (let i = first ?? 0; last !== undefined && i <= last; i++) {
    const entry = byIndex.get(i);
    if (!entry) {
      const dataAt = input.data.find((d) => d.at.index === i);
      if (!dataAt) add('error', 'missing-file', `file #${i} is missing (no manifest, no data)${prev ? ` after ${prev.key}` : ''}`);
      prev = undefined;
      continue;
    }
    const m = entry.manifest;
    let ok = true;
    const data = dataByKey.get(m.key);
    if (!data) {
      add('error', 'missing-data', `file #${i} ${m.key} is missing (its manifest is present)`, m.key);
      ok = false;
    } else if (data.sha256 !== m.sha256) {
      const other = shaToIndex.get(data.sha256);
      if (other !== undefined) add('error', 'reordered', `${m.key} holds the content of file #${other} (${byIndex.get(other)!.manifest.key}), not #${i}`, m.key);
      else add('error', 'altered', `${m.key} was altered: sha256 ${data.sha256}, manifest says ${m.sha256}`, m.key);
      ok = false;
    }
    if (prev && m.prev_sha256 !== prev.sha256) {
      add('error', 'broken-link', `file #${i} ${m.key} does not follow #${i - 1}: prev_sha256 ${String(m.prev_sha256)}, #${i - 1} is ${prev.sha256}`, m.key);
      ok = false;
    }
    if (i === 0 && m.prev_sha256 !== null) {
      add('error', 'broken-link', `file #0 ${m.key} names a predecessor`, m.key);
      ok = false;
    }
    if (m.dropped > 0) add('warning', 'dropped', `${m.dropped} event(s) were dropped before ${m.key} (failOpen at the journal cap)`, m.key);
    if (ok) verified.push(m);
    prev = m;
  }

  const signedKeys = new Set([...byIndex.values()].map((m) => m.manifest.key));
  for (const d of input.data) {
    if (signedKeys.has(d.key)) continue;
    if (last === undefined || d.at.index > last) {
      add('warning', 'pending', `${d.key} has no manifest yet (upload in progress, or an unsigned file)`, d.key);
    } else if (!byIndex.has(d.at.index)) {
      add('error', 'unsigned', `${d.key} has no manifest`, d.key);
    } else {
      add('error', 'unsigned', `${d.key} is not the file manifest #${d.at.index} names (${byIndex.get(d.at.index)!.manifest.key})`, d.key);
    }
  }

  const sealed = last !== undefined && byIndex.get(last)!.manifest.final;
  if (last !== undefined && !sealed) {
    add('warning', 'open-tail', `chain is not sealed after #${last} (${padIndex(last)}): the recorder may still be running; files after it cannot be proven present`);
  }
  return { findings, verified, sealed };
}

/**
 * Sequence numbers per session over a chain's verified files: the gate numbers each session's events
 * 0, 1, 2… with no gap, so a hole means lost events and a repeat means a duplicated one.
 */
export function verifySessions(
  chain: string,
  events: Iterable<{ session_id: string; seq: number }>,
  opts: { droppedDeclared: boolean; fromStart: boolean },
): Finding[] {
  const droppedDeclared = opts.droppedDeclared;
  const seqs = new Map<string, number[]>();
  for (const e of events) {
    let l = seqs.get(e.session_id);
    if (!l) seqs.set(e.session_id, (l = []));
    l.push(e.seq);
  }
  const findings: Finding[] = [];
  for (const [id, list] of seqs) {
    list.sort((a, b) => a - b);
    const dups = new Set<number>();
    const gaps: string[] = [];
    // A time-filtered listing may start mid-session: only a whole chain proves seq 0 must be there.
    if (opts.fromStart && list[0]! > 0) gaps.push(list[0] === 1 ? '0' : `0..${list[0]! - 1}`);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (a === b) dups.add(a);
      else if (b > a + 1) gaps.push(b === a + 2 ? `${a + 1}` : `${a + 1}..${b - 1}`);
    }
    if (dups.size) {
      findings.push({ severity: 'error', problem: 'seq-duplicate', chain, message: `session ${id}: seq ${[...dups].join(', ')} recorded more than once` });
    }
    if (gaps.length) {
      findings.push({
        severity: droppedDeclared ? 'warning' : 'error',
        problem: 'seq-gap',
        chain,
        message: `session ${id}: seq ${gaps.join(', ')} missing${droppedDeclared ? ' (events were dropped under failOpen)' : ''}`,
      });
    }
  }
  return findings;
}

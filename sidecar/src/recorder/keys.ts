// Pure: where files go in the sink. Data objects are Hive-partitioned so DuckDB, Athena, Trino and
// Spark prune by namespace/date/hour; manifests live under `_manifests/`, which those engines treat
// as hidden (a leading underscore), so a table over the sink prefix never tries to read a JWS as Parquet.
//
//   namespace=<ns>/date=<yyyy-mm-dd>/hour=<hh>/<pod>-<chain>-<index>.parquet
//   _manifests/namespace=<ns>/pod=<pod>/<chain>/<index>.jws
//
// `chain` names one journal's hash chain (random per journal folder), `index` is the file's position
// in it (zero-padded so lexical order is chain order). Keys are relative to the sink URL's prefix.

const HOUR_MS = 3_600_000;
const PAD = 8;

export interface FileId {
  namespace: string;
  pod: string;
  chain: string;
  index: number;
}

export interface DataKeyParts extends FileId {
  date: string;
  hour: string;
}

/** The UTC hour an event timestamp falls in, as an integer (its partition). */
export function hourBucket(ts: number): number {
  return Math.floor(ts / HOUR_MS);
}

export function partitionOf(bucket: number): { date: string; hour: string } {
  const iso = new Date(bucket * HOUR_MS).toISOString();
  return { date: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

export function padIndex(index: number): string {
  return String(index).padStart(PAD, '0');
}

export function dataKey(id: FileId, bucket: number): string {
  const { date, hour } = partitionOf(bucket);
  return `namespace=${id.namespace}/date=${date}/hour=${hour}/${id.pod}-${id.chain}-${padIndex(id.index)}.parquet`;
}

export function manifestKey(id: FileId): string {
  return `${manifestPrefix(id.namespace, id.pod)}${id.chain}/${padIndex(id.index)}.jws`;
}

/** Listing prefix for manifests: all of them, one namespace, or one pod. */
export function manifestPrefix(namespace?: string, pod?: string): string {
  if (namespace === undefined) return '_manifests/';
  if (pod === undefined) return `_manifests/namespace=${namespace}/`;
  return `_manifests/namespace=${namespace}/pod=${pod}/`;
}

export function dataPrefix(namespace?: string): string {
  return namespace === undefined ? '' : `namespace=${namespace}/`;
}

// Chain ids are 12 hex digits (state.ts), which keeps the split between pod name and chain unambiguous.
const DATA_RE = /^namespace=([^/]+)\/date=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/(.+)-([0-9a-f]{12})-(\d{8,})\.parquet$/;
const MANIFEST_RE = /^_manifests\/namespace=([^/]+)\/pod=([^/]+)\/([0-9a-f]{12})\/(\d{8,})\.jws$/;

export function parseDataKey(key: string): DataKeyParts | null {
  const m = DATA_RE.exec(key);
  if (!m) return null;
  return { namespace: m[1]!, date: m[2]!, hour: m[3]!, pod: m[4]!, chain: m[5]!, index: Number(m[6]) };
}

export function parseManifestKey(key: string): FileId | null {
  const m = MANIFEST_RE.exec(key);
  if (!m) return null;
  return { namespace: m[1]!, pod: m[2]!, chain: m[3]!, index: Number(m[4]) };
}

/** A chain's identity as one string, for maps. */
export function chainKey(id: Pick<FileId, 'namespace' | 'pod' | 'chain'>): string {
  return `${id.namespace}/${id.pod}/${id.chain}`;
}

/** File name of the built file `index` in the outbox (the .parquet and its .jws signature). */
export function outboxName(index: number, ext: 'parquet' | 'jws'): string {
  return `${String(index).padStart(8, '0')}.${ext}`;
}

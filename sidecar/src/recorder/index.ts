// The session recorder: events → write-ahead journal → Parquet → object storage, with signed manifests.
// The gate constructs one per sidecar with createRecorder(config) and calls record() per event.
import type { RecorderConfig } from '@agentgate/api';
import { JournalRecorder } from './recorder.js';

export type { Recorder } from './types.js';
export type { RecorderStats } from './recorder.js';
export { JournalRecorder } from './recorder.js';
export { resolveConfig, DEFAULTS as RECORDER_DEFAULTS, type ResolvedConfig } from './config.js';
export { openSink, type Sink } from './sinks/index.js';
export { installShutdown } from './shutdown.js';

/**
 * Open the recorder: validates `config` (RecorderConfig), recovers and starts shipping whatever a
 * previous run left in the journal folder, loads or creates the signing key. Throws on invalid config.
 */
export function createRecorder(config: RecorderConfig): Promise<JournalRecorder> {
  return JournalRecorder.open(config);
}

// Reading recordings (the `sessions` CLI, demos, e2e tests) and building files directly (benchmarks).
export { loadManifests, sessionEvents, sessionsOf, verifyArchive, type Filter, type SessionInfo, type VerifyReport } from './archive.js';
export { readParquet, writeParquet, SCHEMA as PARQUET_SCHEMA, CODEC as PARQUET_CODEC } from './parquet.js';
export { parquetSchemaFor, rowCodecFor } from './parquet-schema.js';
export { formatTimeline, formatEvent } from './timeline.js';

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

// Reading recordings (sessions CLI, demo, tests) lives in ./reading.js: it loads parquetjs, which the data
// path does not need on its thread (~20 MiB resident; Parquet is built in the worker).

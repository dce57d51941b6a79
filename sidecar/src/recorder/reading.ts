// Reading recordings (the `sessions` CLI, demos, e2e tests) and building files directly (benchmarks).
// Separate from index.ts so the sidecar's data path never loads parquetjs on its own thread.
export { openSink, type Sink } from './sinks/index.js';
export { loadManifests, sessionEvents, sessionsOf, verifyArchive, type Filter, type SessionInfo, type VerifyReport } from './archive.js';
export { readParquet, writeParquet, writeParquetWithParquetjs, SCHEMA as PARQUET_SCHEMA, CODEC as PARQUET_CODEC } from './parquet.js';
export { parquetSchemaFor, rowCodecFor } from './parquet-schema.js';
export { formatTimeline, formatEvent } from './timeline.js';

// Recorder metrics on the shared registry. Gauges describe this process's recorder (one per sidecar).
import { counter, gauge, histogram } from '../telemetry/index.js';

export const metrics = {
  events: counter(
    'agentgate_recorder_events_total',
    'Events offered to the recorder, by result: recorded (in the journal), refused (failClosed at the cap, invalid, closed), dropped (failOpen at the cap).',
    ['result'],
  ),
  journalBytesWritten: counter('agentgate_recorder_journal_written_bytes_total', 'Bytes appended to the write-ahead journal.'),
  filesBuilt: counter('agentgate_recorder_files_built_total', 'Parquet session files built from journal segments.'),
  rowsBuilt: counter('agentgate_recorder_rows_built_total', 'Events written into Parquet files.'),
  filesUploaded: counter('agentgate_recorder_files_uploaded_total', 'Session files (with their manifests) delivered to the sink and verified.'),
  uploadedBytes: counter('agentgate_recorder_uploaded_bytes_total', 'Bytes delivered to the sink (Parquet plus manifests).'),
  uploadFailures: counter('agentgate_recorder_upload_failures_total', 'Failed upload attempts (each is retried with backoff).'),
  buildFailures: counter('agentgate_recorder_build_failures_total', 'Failed Parquet builds (retried with backoff).'),
  quarantined: counter('agentgate_recorder_quarantined_records_total', 'Journal records kept aside because they were torn or invalid.'),
  syncFailures: counter('agentgate_recorder_fsync_failures_total', 'Failed fdatasync calls on the journal.'),
  journalBytes: gauge('agentgate_recorder_journal_bytes', 'Local bytes not yet shipped: journal segments plus built files waiting for upload.'),
  journalMaxBytes: gauge('agentgate_recorder_journal_max_bytes', 'Configured cap on local unshipped bytes.'),
  oldestUnshipped: gauge('agentgate_recorder_oldest_unshipped_seconds', 'Age of the oldest event not yet in the sink (0 when all is shipped).'),
  pendingFiles: gauge('agentgate_recorder_pending_files', 'Built files waiting for upload.'),
  accepting: gauge('agentgate_recorder_accepting', '1 while the recorder accepts events; 0 when failClosed at the cap or closed.'),
  buildSeconds: histogram('agentgate_recorder_build_duration_seconds', 'Time to build the Parquet files of one journal segment.', [], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
  uploadSeconds: histogram('agentgate_recorder_upload_duration_seconds', 'Time to upload and verify one session file with its manifest.', [], [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
};

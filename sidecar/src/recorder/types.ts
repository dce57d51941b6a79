// The recorder's contract with the gate. Events are validated SessionEvents (crds/src/schemas/event.ts).
import type { SessionEvent } from '@agentgate/api';

export interface Recorder {
  /**
   * Append one event. Synchronous and cheap: when it returns true the event has been handed to the
   * OS (write(2) to the journal), so killing the process loses nothing; fsync happens in small batches
   * (group commit) off the hot path, and Parquet building and upload never block the caller.
   * Returns false when the event could not be accepted (journal at its cap under failClosed): the
   * caller must then refuse the operation.
   */
  record(event: SessionEvent): boolean;
  /** false when new operations must be refused (journal full and failurePolicy failClosed). */
  readonly accepting: boolean;
  /** Resolve once every event recorded so far is fsynced. */
  flush(): Promise<void>;
  /** Flush, build and ship what is pending (within `deadlineMs`), release files. */
  close(deadlineMs?: number): Promise<void>;
}

// Where session files end up. Keys are relative to the sink URL's prefix (see keys.ts for the layout).

export interface ObjectInfo {
  key: string;
  size: number;
}

export interface Sink {
  /** The sink URL, for logs and messages. */
  readonly url: string;
  /**
   * Store `body` under `key` and check it arrived intact (size and SHA-256 as the store reports them);
   * throws otherwise. Idempotent: re-putting the same bytes after a crash leaves one object.
   */
  put(key: string, body: Buffer, sha256: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Every object under `prefix`, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  close(): void;
}

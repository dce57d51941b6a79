// The recorder's durable bookkeeping in `<journalDir>/state.json`, replaced atomically (write, fsync,
// rename, fsync folder). One commit marks a journal segment as turned into Parquet files and advances
// the chain, so a crash at any point either rebuilds the segment or keeps its files, never both.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir, writeAtomic } from './fsync.js';
import { decodeManifest } from './signing.js';

export { fsyncDir, writeAtomic };

export interface RecorderState {
  v: 1;
  /** Random id of this journal's hash chain. */
  chain: string;
  /** Index the next built file gets. */
  nextIndex: number;
  /** SHA-256 of the last built file (the next file's predecessor); null before the first. */
  prevSha256: string | null;
  /** Highest journal segment already turned into files (0: none). */
  lastSegment: number;
}

export const STATE_FILE = 'state.json';

export function newState(): RecorderState {
  return { v: 1, chain: randomBytes(6).toString('hex'), nextIndex: 0, prevSha256: null, lastSegment: 0 };
}

export function loadState(dir: string): RecorderState | null {
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const s = JSON.parse(text) as RecorderState;
  if (s.v !== 1 || typeof s.chain !== 'string' || !Number.isInteger(s.nextIndex) || !Number.isInteger(s.lastSegment)) {
    throw new Error(`${join(dir, STATE_FILE)} is not a recorder state file`);
  }
  return s;
}

export function saveState(dir: string, state: RecorderState): void {
  writeAtomic(join(dir, STATE_FILE), JSON.stringify(state));
  fsyncDir(dir);
}

/**
 * Rebuild the state from the newest signed manifest waiting in the outbox (state.json lost while files
 * wait): the chain goes on after it. Journal segments are then all rebuilt (lastSegment 0).
 */
export function stateFromOutbox(outDir: string): RecorderState | null {
  let names: string[];
  try {
    names = readdirSync(outDir).filter((n) => /^\d{8,}\.jws$/.test(n)).sort();
  } catch {
    return null;
  }
  for (const name of names.reverse()) {
    try {
      const m = decodeManifest(readFileSync(join(outDir, name), 'utf8'));
      return { v: 1, chain: m.chain, nextIndex: m.index + 1, prevSha256: m.sha256, lastSegment: 0 };
    } catch {
      // try the one before
    }
  }
  return null;
}

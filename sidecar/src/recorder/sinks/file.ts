// file:///path sink: the embedded default (`make demo`) and a local mirror. Objects are written to a
// temporary name, fsynced, renamed into place and the folder fsynced, so a crash leaves either the old
// state or the whole file, never a torn one under the final key.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fsyncDir, writeAtomic } from '../fsync.js';
import type { ObjectInfo, Sink } from './types.js';

export class FileSink implements Sink {
  constructor(
    readonly url: string,
    readonly root: string,
  ) {}

  private path(key: string): string {
    if (key.split('/').some((s) => s === '..' || s === '')) throw new Error(`invalid object key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Buffer, sha256: string): Promise<void> {
    const path = this.path(key);
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    // Readable like any file the user's tools create: this is the archive people query.
    writeAtomic(path, body, `${path}.${process.pid}.tmp`, 0o644);
    fsyncDir(dir);
    // Verify what landed under the final name, not what we meant to write.
    const got = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (got !== sha256) throw new Error(`${this.url}: ${key} reads back with sha256 ${got}, expected ${sha256}`);
  }

  async get(key: string): Promise<Buffer> {
    return readFileSync(this.path(key));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const out: ObjectInfo[] = [];
    const walk = (dir: string) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && !e.name.endsWith('.tmp')) {
          const key = relative(this.root, p).split(sep).join('/');
          if (key.startsWith(prefix)) out.push({ key, size: statSync(p).size });
        }
      }
    };
    // Start at the deepest folder the prefix names, so listing one namespace does not walk the others.
    const slash = prefix.lastIndexOf('/');
    walk(slash > 0 ? join(this.root, ...prefix.slice(0, slash).split('/')) : this.root);
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    yield* out;
  }

  close(): void {}
}

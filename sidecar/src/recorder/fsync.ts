// Durability helpers shared by the journal bookkeeping and the file sink.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** fsync a folder, so a rename or a new file in it survives a power cut. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a file so that after a crash it holds either the old or the whole new content (temp + fsync +
 * rename). Private to this user by default: journal files hold masked but still sensitive text.
 */
export function writeAtomic(path: string, data: string | Buffer, tmp = `${path}.tmp`, mode = 0o600): void {
  const fd = openSync(tmp, 'w', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

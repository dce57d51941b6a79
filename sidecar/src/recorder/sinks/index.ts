// Open a sink from its URL: file:///path or s3://bucket[/prefix].
import { fileURLToPath } from 'node:url';
import type { RecorderS3Config } from '@agentgate/api';
import { FileSink } from './file.js';
import { S3Sink } from './s3.js';
import type { Sink } from './types.js';

export type { ObjectInfo, Sink } from './types.js';

export function openSink(url: string, s3: RecorderS3Config = {}): Sink {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid sink URL ${JSON.stringify(url)}: use file:///path or s3://bucket/prefix`);
  }
  if (u.protocol === 'file:') return new FileSink(url, fileURLToPath(u));
  if (u.protocol === 's3:') {
    if (!u.hostname) throw new Error(`invalid sink URL ${JSON.stringify(url)}: no bucket`);
    const path = decodeURIComponent(u.pathname).replace(/^\/+/, '').replace(/\/+$/, '');
    return new S3Sink(url, u.hostname, path ? `${path}/` : '', s3);
  }
  throw new Error(`unsupported sink URL ${JSON.stringify(url)}: use file:///path or s3://bucket/prefix`);
}

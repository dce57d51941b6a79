// s3://bucket/prefix sink for any S3-compatible store (AWS, MinIO, Ceph, R2, a test server).
// Credentials: a mounted Secret folder (re-read when they may have rotated), else the AWS SDK's own
// chain (environment, web identity / IRSA, container and instance metadata).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { RecorderS3Config } from '@agentgate/api';
import type { ObjectInfo, Sink } from './types.js';

// The sidecar image pins Node 20 on purpose; the SDK's notice about its future Node 22 floor would
// otherwise appear in every CLI run. Set the variable to anything else to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CREDENTIAL_TTL_MS = 5 * 60_000;

function credentialsFrom(dir: string): S3ClientConfig['credentials'] {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim();
  return async () => {
    let sessionToken: string | undefined;
    try {
      sessionToken = read('sessionToken');
    } catch {
      sessionToken = undefined;
    }
    return {
      accessKeyId: read('accessKeyId'),
      secretAccessKey: read('secretAccessKey'),
      ...(sessionToken ? { sessionToken } : {}),
      // An expiry makes the SDK ask again later, so a rotated Secret is picked up without a restart.
      expiration: new Date(Date.now() + CREDENTIAL_TTL_MS),
    };
  };
}

export function s3ClientConfig(cfg: RecorderS3Config): S3ClientConfig {
  return {
    region: cfg.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    forcePathStyle: cfg.forcePathStyle ?? false,
    ...(cfg.credentialsDir ? { credentials: credentialsFrom(cfg.credentialsDir) } : {}),
    // Content-MD5 is understood by every S3-compatible store; the SDK's newer default (CRC32 trailers)
    // is not, and our own SHA-256 check after the upload covers integrity end to end.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The shipper retries forever with its own backoff; the SDK only smooths over a blip.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
}

export class S3Sink implements Sink {
  private readonly client: S3Client;

  constructor(
    readonly url: string,
    readonly bucket: string,
    readonly prefix: string,
    cfg: RecorderS3Config,
  ) {
    this.client = new S3Client(s3ClientConfig(cfg));
  }

  async put(key: string, body: Buffer, sha256: string): Promise<void> {
    const Key = this.prefix + key;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key,
        Body: body,
        ContentLength: body.length,
        ContentMD5: createHash('md5').update(body).digest('base64'),
        ContentType: key.endsWith('.parquet') ? 'application/vnd.apache.parquet' : 'application/jose',
        Metadata: { sha256 },
      }),
    );
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
    if (head.ContentLength !== body.length || head.Metadata?.sha256 !== sha256) {
      throw new Error(`${this.url}: ${key} stored as ${String(head.ContentLength)} bytes / sha256 ${String(head.Metadata?.sha256)}, expected ${body.length} / ${sha256}`);
    }
  }

  async get(key: string): Promise<Buffer> {
    const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    if (!r.Body) throw new Error(`${this.url}: ${key} has no body`);
    return Buffer.from(await r.Body.transformToByteArray());
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of r.Contents ?? []) {
        if (o.Key) yield { key: o.Key.slice(this.prefix.length), size: o.Size ?? 0 };
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  close(): void {
    this.client.destroy();
  }
}

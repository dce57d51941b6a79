// The session recorder's runtime configuration, as the sidecar reads it. The operator renders it from
// an AgentPolicy's `spec.recording` (see Recording in agentpolicy.ts) plus what only the pod knows
// (journal folder, pod identity, mounted Secret paths); the sidecar config embeds it. Defaults are the
// ones documented on Recording; the sidecar resolves them (sidecar/src/recorder/config.ts).
import { Type, type Static } from '@sinclair/typebox';
import { Duration, Strict, StringEnum } from './common.js';

export const FailurePolicies = ['failClosed', 'failOpen'] as const;

export const RecorderS3Config = Strict(
  {
    endpoint: Type.Optional(Type.String({ format: 'uri', description: 'Custom endpoint (MinIO, Ceph, R2, a local test server). Default: AWS.' })),
    region: Type.Optional(Type.String({ minLength: 1, description: 'Region. Default: AWS_REGION, else us-east-1.' })),
    forcePathStyle: Type.Optional(Type.Boolean({ description: 'Path-style addressing (most non-AWS stores).' })),
    credentialsDir: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Folder where a Secret with keys accessKeyId and secretAccessKey (optionally sessionToken) is mounted. ' +
          'Default: the AWS SDK chain (environment, web identity / IRSA, container and instance metadata).',
      }),
    ),
  },
  { description: 'S3 connection settings for s3:// sinks.' },
);

export const RecorderConfig = Strict(
  {
    journalDir: Type.String({
      minLength: 1,
      description: 'Local folder for the write-ahead journal and files waiting for upload (an emptyDir, so a container restart keeps it).',
    }),
    sink: Type.String({
      minLength: 1,
      maxLength: 2048,
      pattern: '^(file|s3)://',
      description: 'Where session files go: s3://bucket/prefix or file:///path.',
    }),
    s3: Type.Optional(RecorderS3Config),
    identity: Strict(
      {
        namespace: Type.String({ minLength: 1, description: 'Namespace of the agent pod (partition key).' }),
        pod: Type.String({ minLength: 1, description: 'Agent pod name (object key prefix; one hash chain per pod and journal).' }),
      },
      { description: 'Who records: names the objects and the chain.' },
    ),
    failurePolicy: Type.Optional(
      StringEnum(FailurePolicies, {
        description: 'At the journal cap: failClosed refuses new events (the gate denies the operation, default); failOpen lets operations through unrecorded and counts them.',
      }),
    ),
    journalMaxBytes: Type.Optional(Type.Integer({ minimum: 4096, description: 'Cap on local unshipped bytes (journal segments + built files). Default 256 MiB.' })),
    rotateBytes: Type.Optional(Type.Integer({ minimum: 1024, description: 'Seal a journal segment and build its Parquet file after this many bytes. Default 4 MiB.' })),
    rotateAge: Type.Optional(Duration('Seal a non-empty segment at least this often. Default 1m.')),
    syncInterval: Type.Optional(
      Duration(
        'Most frequent background fdatasync of the journal. Every event is written (write(2)) before its operation is answered, so a ' +
          'process crash loses nothing at any interval; a power loss or kernel crash of the node can lose the last interval. ' +
          'Shorter costs throughput (each sync stalls writes on ext4). Default 1s.',
      ),
    ),
    rowGroupSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Rows per Parquet row group. Default 16384.' })),
    retry: Type.Optional(
      Strict(
        {
          initial: Type.Optional(Duration('First delay after a failed upload. Default 500ms.')),
          max: Type.Optional(Duration('Largest delay between upload attempts. Default 30s.')),
        },
        { description: 'Upload retry backoff (exponential with jitter, unbounded attempts: nothing is dropped).' },
      ),
    ),
    signingKeyFile: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Private key that signs file manifests: PKCS#8 PEM or JWK (Ed25519 or EC P-256). ' +
          'Default: an Ed25519 key generated in journalDir on first start (verify then needs --key to prove origin).',
      }),
    ),
  },
  { description: 'Session recorder runtime configuration.' },
);

export type RecorderConfig = Static<typeof RecorderConfig>;
export type RecorderS3Config = Static<typeof RecorderS3Config>;
export type FailurePolicy = (typeof FailurePolicies)[number];

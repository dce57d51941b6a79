// Pure: the recorder's runtime config (RecorderConfig in @agentgate/api) validated, with defaults
// filled in and durations in milliseconds. Defaults match the ones documented on AgentPolicy
// `spec.recording`, so a policy that says nothing gets the documented behaviour.
import { assertValid, parseDuration, RecorderConfig, type FailurePolicy, type RecorderS3Config } from '@agentgate/api';

export const DEFAULTS = {
  failurePolicy: 'failClosed' as FailurePolicy,
  journalMaxBytes: 256 * 1024 * 1024,
  rotateBytes: 4 * 1024 * 1024,
  rotateAge: '1m',
  syncInterval: '1s',
  rowGroupSize: 16_384,
  retryInitial: '500ms',
  retryMax: '30s',
};

export interface ResolvedConfig {
  journalDir: string;
  sink: string;
  s3: RecorderS3Config;
  namespace: string;
  pod: string;
  failurePolicy: FailurePolicy;
  journalMaxBytes: number;
  rotateBytes: number;
  rotateAgeMs: number;
  syncIntervalMs: number;
  rowGroupSize: number;
  retryInitialMs: number;
  retryMaxMs: number;
  signingKeyFile?: string;
}

export function resolveConfig(input: unknown): ResolvedConfig {
  const c = assertValid(RecorderConfig, input, 'recorder config');
  return {
    journalDir: c.journalDir,
    sink: c.sink,
    s3: c.s3 ?? {},
    namespace: c.identity.namespace,
    pod: c.identity.pod,
    failurePolicy: c.failurePolicy ?? DEFAULTS.failurePolicy,
    journalMaxBytes: c.journalMaxBytes ?? DEFAULTS.journalMaxBytes,
    rotateBytes: c.rotateBytes ?? DEFAULTS.rotateBytes,
    rotateAgeMs: parseDuration(c.rotateAge ?? DEFAULTS.rotateAge),
    syncIntervalMs: parseDuration(c.syncInterval ?? DEFAULTS.syncInterval),
    rowGroupSize: c.rowGroupSize ?? DEFAULTS.rowGroupSize,
    retryInitialMs: parseDuration(c.retry?.initial ?? DEFAULTS.retryInitial),
    retryMaxMs: parseDuration(c.retry?.max ?? DEFAULTS.retryMax),
    ...(c.signingKeyFile !== undefined ? { signingKeyFile: c.signingKeyFile } : {}),
  };
}

/** Exponential backoff with full jitter in [d/2, d]: many sidecars retrying an outage do not synchronise. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const d = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(d / 2 + (random() * d) / 2);
}

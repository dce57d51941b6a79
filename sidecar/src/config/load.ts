// Load and check the sidecar config (SidecarConfig in @agentgate/api): parse YAML/JSON, validate with
// ajv, then check what the schema cannot (references between sections, duplicate ports, supported
// resource types, secrets that must exist, policies that must compile) and report every problem at
// once with its field path, the way `kubectl apply` would. A sidecar with a bad config never starts:
// fail closed before the first byte from an agent.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseDocument } from 'yaml';
import {
  ValidationError, check, parseDuration, SidecarConfig,
  type AgentPolicy, type FieldError, type ProtectedResource, type RecorderConfig,
} from '@agentgate/api';
import { compilePolicySet, PolicyCompileError, type CompiledPolicySet } from '../policy/index.js';
import { resolvePodIdentity, type PodIdentity } from '../identity/index.js';
import { readCredentials, readRoleCredentials, type UpstreamCredentials } from './credentials.js';
import { upstreamMapping } from './mapping.js';

/** Resource types with a protocol adapter in this build. */
export const SUPPORTED_TYPES = new Set(['postgres']);

export const DEFAULTS = {
  listenHost: '127.0.0.1',
  adminHost: '0.0.0.0',
  adminPort: 9090,
  maxMessageBytes: 64 * 1024 * 1024,
  shutdownGracePeriodMs: 25_000,
  drainTimeoutMs: 10_000,
};

/** A config file's problems, every one with its field path (the same shape as CR validation errors). */
export class ConfigError extends ValidationError {
  constructor(source: string, errors: FieldError[]) {
    super(source, errors);
    this.name = 'ConfigError';
  }

  get source(): string {
    return this.subject;
  }
}

export interface ResolvedListener {
  resource: ProtectedResource;
  /** Path of this listener in the config, for messages (`listeners[0]`). */
  path: string;
  host: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  /** Who the sidecar logs in as: the mapped role when an AgentPolicy names one, else the Secret's user. */
  credentials: UpstreamCredentials;
  /** Upstream database: the AgentPolicy's mapping, else the resource's. */
  database?: string;
  /** TLS to the upstream, from the resource's endpoint.tls (libpq sslmode meanings). */
  upstreamTls?: { ca?: string; servername?: string; rejectUnauthorized: boolean };
  maxMessageBytes: number;
}

export interface ResolvedConfig {
  source: string;
  pod: PodIdentity;
  policies: AgentPolicy[];
  resources: ProtectedResource[];
  compiled: CompiledPolicySet;
  listeners: ResolvedListener[];
  recorder: RecorderConfig;
  hashKey: Uint8Array | string;
  /** Set when the hash key was generated because none was configured. */
  hashKeyGenerated: boolean;
  admin: { host: string; port: number };
  shutdownGracePeriodMs: number;
  drainTimeoutMs: number;
  /** Warnings to log at start (dev-only settings in use…). */
  warnings: string[];
}

export function parseConfigText(text: string, source: string): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(source, [{ path: '<root>', message: `YAML error: ${doc.errors[0]!.message}` }]);
  return doc.toJS() as unknown;
}

function duration(value: string | undefined, fallback: number, path: string, errors: FieldError[]): number {
  if (value === undefined) return fallback;
  try {
    const ms = parseDuration(value);
    if (ms > 0) return ms;
  } catch {
    /* reported below */
  }
  errors.push({ path, message: `Invalid value: ${JSON.stringify(value)}: must be a positive duration` });
  return fallback;
}

function readSecretFile(path: string, field: string, errors: FieldError[]): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    errors.push({ path: field, message: `Invalid value: ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  }
}

/**
 * endpoint.tls.mode → what the upstream connector needs. prefer is treated as require: the sidecar never
 * silently downgrades to clear text. verify-ca checks the chain but not the name (libpq semantics).
 */
function resolveUpstreamTls(
  res: ProtectedResource,
  caFile: string | undefined,
  caPath: string,
  errors: FieldError[],
): ResolvedListener['upstreamTls'] {
  const t = res.spec.endpoint.tls;
  if (!t || t.mode === 'disable') return undefined;
  if (t.mode === 'prefer' || t.mode === 'require') return { rejectUnauthorized: false };
  let ca: string | undefined;
  if (caFile !== undefined) ca = readSecretFile(caFile, caPath, errors)?.toString('utf8');
  return {
    rejectUnauthorized: true,
    ...(ca !== undefined && { ca }),
    ...(t.mode === 'verify-full' && { servername: t.serverName ?? res.spec.endpoint.host }),
  };
}

/** PolicyCompileError names the object; point at it inside this file too. */
function policyErrors(e: PolicyCompileError, policies: AgentPolicy[], resources: ProtectedResource[]): FieldError[] {
  const out: FieldError[] = [];
  for (const p of e.problems) {
    const idx = (list: { kind: string; metadata: { name?: string; namespace?: string } }[], prefix: string) => {
      const i = list.findIndex((o) => p.subject === `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name ?? '<unnamed>'}`);
      return i >= 0 ? `${prefix}[${i}]` : undefined;
    };
    const where = idx(policies, 'policies') ?? idx(resources, 'resources') ?? p.subject;
    for (const fe of p.errors) out.push({ path: `${where}.${fe.path}`, message: fe.message });
  }
  return out;
}

/** Check a parsed config. Throws ConfigError with every problem found. */
export function resolveConfig(raw: unknown, source: string, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const r = check(SidecarConfig, raw);
  if (!r.ok) throw new ConfigError(source, r.errors);
  const cfg = r.value;
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const pod = resolvePodIdentity(cfg.pod, env, errors);

  // CR objects without a namespace belong to the pod's namespace (policies only reach resources in their own).
  const withNs = <T extends { metadata: { namespace?: string } }>(o: T): T =>
    o.metadata.namespace || !pod.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: pod.namespace } };
  const resources = cfg.resources.map(withNs);
  const policies = cfg.policies.map(withNs);

  resources.forEach((res, i) => {
    if (res.metadata.name === undefined) errors.push({ path: `resources[${i}].metadata.name`, message: 'Required value' });
    if (res.metadata.namespace && pod.namespace && res.metadata.namespace !== pod.namespace) {
      errors.push({ path: `resources[${i}].metadata.namespace`, message: `Invalid value: ${JSON.stringify(res.metadata.namespace)}: the pod is in ${JSON.stringify(pod.namespace)}` });
    }
  });
  policies.forEach((p, i) => {
    if (p.metadata.name === undefined) errors.push({ path: `policies[${i}].metadata.name`, message: 'Required value' });
  });

  let compiled: CompiledPolicySet = { policies: [], resources: new Map() };
  try {
    compiled = compilePolicySet({ policies, resources });
  } catch (e) {
    if (!(e instanceof PolicyCompileError)) throw e;
    errors.push(...policyErrors(e, policies, resources));
  }

  const byName = new Map(resources.map((res, i) => [res.metadata.name, { res, i }]));
  const credsFor = new Map<string, { entry: NonNullable<typeof cfg.credentials>[number]; i: number }>();
  (cfg.credentials ?? []).forEach((entry, i) => {
    if (!byName.has(entry.resource)) errors.push({ path: `credentials[${i}].resource`, message: `Not found: no ProtectedResource ${JSON.stringify(entry.resource)} in resources` });
    if (credsFor.has(entry.resource)) errors.push({ path: `credentials[${i}].resource`, message: `Duplicate value: ${JSON.stringify(entry.resource)}` });
    credsFor.set(entry.resource, { entry, i });
    if (entry.insecureInline) warnings.push(`credentials[${i}].insecureInline is set: upstream credentials for ${entry.resource} are written in the config file (development only)`);
  });

  const limits = cfg.limits ?? {};
  const listeners: ResolvedListener[] = [];
  const seenResource = new Set<string>();
  const seenAddr = new Map<string, string>();
  cfg.listeners.forEach((l, i) => {
    const path = `listeners[${i}]`;
    const found = byName.get(l.resource);
    if (!found) {
      errors.push({ path: `${path}.resource`, message: `Not found: no ProtectedResource ${JSON.stringify(l.resource)} in resources` });
      return;
    }
    const { res, i: ri } = found;
    if (!SUPPORTED_TYPES.has(res.spec.type)) {
      errors.push({
        path: `resources[${ri}].spec.type`,
        message: `Unsupported value: ${JSON.stringify(res.spec.type)}: not supported by this sidecar yet (supported: ${[...SUPPORTED_TYPES].join(', ')}); remove ${path} or the resource`,
      });
      return;
    }
    if (seenResource.has(l.resource)) errors.push({ path: `${path}.resource`, message: `Duplicate value: ${JSON.stringify(l.resource)}: one listener per resource` });
    seenResource.add(l.resource);
    const host = l.host ?? DEFAULTS.listenHost;
    const addr = `${host}:${l.port}`;
    if (l.port !== 0 && seenAddr.has(addr)) errors.push({ path: `${path}.port`, message: `Duplicate value: ${addr} is also used by ${seenAddr.get(addr)}` });
    seenAddr.set(addr, path);
    let tls: ResolvedListener['tls'];
    if (l.tls) {
      const cert = readSecretFile(l.tls.certFile, `${path}.tls.certFile`, errors);
      const key = readSecretFile(l.tls.keyFile, `${path}.tls.keyFile`, errors);
      if (cert && key) tls = { cert, key };
    }
    const c = credsFor.get(l.resource);
    const credsPath = c ? `credentials[${c.i}]` : 'credentials';
    let credentials = readCredentials(res, c?.entry, credsPath, env, errors);
    const mapping = upstreamMapping(compiled, pod, l.resource);
    warnings.push(...mapping.warnings);
    if (mapping.user !== undefined && mapping.user !== credentials.user) {
      const pi = policies.findIndex((p) => `${p.metadata.namespace}/${p.metadata.name}` === mapping.userPolicy);
      const ei = policies[pi]?.spec.resources.findIndex((e) => e.name === l.resource) ?? -1;
      const policyPath = pi >= 0 && ei >= 0 ? `policies[${pi}].spec.resources[${ei}].user` : 'policies';
      credentials = readRoleCredentials(res, c?.entry, credsPath, mapping.user, policyPath, errors) ?? credentials;
    }
    const database = mapping.database ?? res.spec.postgres?.database;
    const upstreamTls = resolveUpstreamTls(res, c?.entry.caFile, c ? `credentials[${c.i}].caFile` : '', errors);
    listeners.push({
      resource: res,
      path,
      host,
      port: l.port,
      ...(tls && { tls }),
      credentials,
      ...(database !== undefined && { database }),
      ...(upstreamTls && { upstreamTls }),
      maxMessageBytes: res.spec.postgres?.maxMessageBytes ?? limits.maxMessageBytes ?? DEFAULTS.maxMessageBytes,
    });
  });

  let hashKey: Uint8Array | string | undefined;
  const m = cfg.masking ?? {};
  if (m.hashKeyEnv !== undefined) {
    const v = env[m.hashKeyEnv];
    if (v) hashKey = v;
    else if (m.hashKeyFile === undefined) errors.push({ path: 'masking.hashKeyEnv', message: `Invalid value: $${m.hashKeyEnv} is not set` });
  }
  if (hashKey === undefined && m.hashKeyFile !== undefined) {
    const b = readSecretFile(m.hashKeyFile, 'masking.hashKeyFile', errors);
    if (b && b.length < 16) errors.push({ path: 'masking.hashKeyFile', message: `Invalid value: key is ${b.length} bytes: use at least 16` });
    if (b) hashKey = new Uint8Array(b);
  }
  const hashKeyGenerated = hashKey === undefined && m.hashKeyEnv === undefined && m.hashKeyFile === undefined;
  if (hashKeyGenerated) warnings.push('masking.hashKeyFile is not set: hash-masked values use a random key for this run and will not match after a restart');

  const recorder: RecorderConfig = { ...cfg.recorder, identity: cfg.recorder.identity ?? { namespace: pod.namespace, pod: pod.pod } } as RecorderConfig;
  const shutdownGracePeriodMs = duration(limits.shutdownGracePeriod, DEFAULTS.shutdownGracePeriodMs, 'limits.shutdownGracePeriod', errors);
  const drainTimeoutMs = duration(limits.drainTimeout, DEFAULTS.drainTimeoutMs, 'limits.drainTimeout', errors);
  if (drainTimeoutMs >= shutdownGracePeriodMs) {
    errors.push({ path: 'limits.drainTimeout', message: `Invalid value: ${limits.drainTimeout ?? `${drainTimeoutMs}ms`}: must be shorter than limits.shutdownGracePeriod (the recorder needs the rest)` });
  }

  if (errors.length) throw new ConfigError(source, errors);
  return {
    source,
    pod,
    policies,
    resources,
    compiled,
    listeners,
    recorder,
    hashKey: hashKey ?? randomBytes(32),
    hashKeyGenerated,
    admin: { host: cfg.admin?.host ?? DEFAULTS.adminHost, port: cfg.admin?.port ?? DEFAULTS.adminPort },
    shutdownGracePeriodMs,
    drainTimeoutMs,
    warnings,
  };
}

/** Read, parse and check a config file. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ path: '<file>', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return resolveConfig(parseConfigText(text, path), path, env);
}

export { ValidationError };

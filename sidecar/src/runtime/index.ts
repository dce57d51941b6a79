// The running sidecar: from a resolved config to bound listeners. Order matters and is the order a
// platform engineer can reason about: recorder first (nothing may pass unrecorded), parser, gate,
// admin server (so /healthz answers while listeners bind), then listeners; ready only when all are up.
// Shutdown is the reverse: stop accepting, let sessions drain, then seal and ship the recording.
import type { MaskingPlan } from '@agentgate/api';
import type { ResolvedConfig } from '../config/index.js';
import { createRecorder, type JournalRecorder } from '../recorder/index.js';
import { initClassifier } from '../protocols/postgres/classify/index.js';
import { gauge, logger as makeLogger, collectProcessMetrics, type Logger } from '../telemetry/index.js';
import type { OidcVerifierOptions } from '../identity/index.js';
import { startAdminServer, type AdminServer } from './admin.js';
import { clientAuthenticator } from './auth.js';
import { drainingGate, type DrainingGate } from './drain.js';
import type { ListenerHandle, RuntimeDeps } from './deps.js';

export type * from './deps.js';
export { startAdminServer } from './admin.js';
export { clientAuthenticator } from './auth.js';

const readyGauge = gauge('agentgate_sidecar_ready', '1 when every listener is bound and the recorder accepts events.');
const listenersGauge = gauge('agentgate_sidecar_listeners', 'Listeners bound, by resource and protocol.', ['resource', 'protocol']);
const infoGauge = gauge('agentgate_sidecar_info', 'Constant 1, labelled with the pod this sidecar speaks for.', ['namespace', 'pod', 'service_account']);

export interface BoundListener {
  resource: string;
  protocol: string;
  host: string;
  port: number;
}

export interface Sidecar {
  readonly listeners: BoundListener[];
  readonly admin: { host: string; port: number };
  readonly recorder: JournalRecorder;
  /** Reasons for not being ready (empty when ready). */
  notReady(): string[];
  /** Stop accepting, drain open sessions up to `drainMs`, close the recorder within the rest of `graceMs`. */
  close(opts?: { graceMs?: number; drainMs?: number }): Promise<void>;
  /** First half of close(): stop listeners (with drain) and the admin server, keep the recorder open. */
  stopAccepting(drainMs?: number): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  oidc?: OidcVerifierOptions;
  /** Skip the admin server (in-process embeddings that have their own). */
  admin?: boolean;
}

/** Resolve after `ms`, or never block the process on the timer. */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, sleep(ms).then(() => 'timeout' as const)]);
}

export async function startSidecar<A>(cfg: ResolvedConfig, deps: RuntimeDeps<A>, opts: StartOptions = {}): Promise<Sidecar> {
  const log = opts.logger ?? makeLogger('sidecar', { namespace: cfg.pod.namespace, pod: cfg.pod.pod });
  collectProcessMetrics();
  infoGauge.set({ namespace: cfg.pod.namespace, pod: cfg.pod.pod, service_account: cfg.pod.serviceAccount }, 1);
  for (const w of cfg.warnings) log.warn(w);

  const recorder = await createRecorder(cfg.recorder);
  let listenersUp = false;
  let stopping = false;
  const bound: BoundListener[] = [];
  const handles: ListenerHandle[] = [];
  let admin: AdminServer | undefined;
  let draining: DrainingGate | undefined;

  const notReady = (): string[] => {
    const r: string[] = [];
    if (stopping) r.push('shutting down');
    if (!listenersUp) r.push('listeners not bound yet');
    if (!recorder.accepting) r.push('recorder is not accepting events (journal full under failClosed, or closed)');
    return r;
  };
  const refreshReady = () => readyGauge.set(notReady().length === 0 ? 1 : 0);

  try {
    await initClassifier();
    const approvals = deps.createApprovals();
    const maskerFor = (plan: MaskingPlan) => deps.compileMasker(plan, { hashKey: cfg.hashKey });
    draining = drainingGate(deps.createGate({ policies: cfg.compiled, pod: cfg.pod, recorder, approvals, maskerFor, logger: makeLogger('gate') }));
    const gate = draining.gate;

    if (opts.admin !== false) {
      admin = await startAdminServer(cfg.admin.host, cfg.admin.port, {
        notReady: () => {
          refreshReady();
          return notReady();
        },
      }).catch((e: NodeJS.ErrnoException) => {
        throw new StartError(`admin.port: cannot listen on ${cfg.admin.host}:${cfg.admin.port}: ${e.code ?? e.message}`);
      });
      log.info('admin server listening', { host: admin.host, port: admin.port });
    }

    const authCtx = { compiled: cfg.compiled, pod: cfg.pod, logger: makeLogger('auth'), ...(opts.oidc && { oidcOptions: opts.oidc }) };
    for (const l of cfg.listeners) {
      const name = l.resource.metadata.name!;
      const spec = l.resource.spec;
      const authenticateClient = clientAuthenticator(authCtx, name, 'postgres');
      const database = l.database;
      const h = await deps
        .startPostgresListener({
          resource: name,
          listen: { host: l.host, port: l.port, ...(l.tls && { tls: { cert: l.tls.cert.toString('utf8'), key: l.tls.key.toString('utf8') } }) },
          upstream: {
            host: spec.endpoint.host,
            port: spec.endpoint.port,
            ...(database !== undefined && { database }),
            ...(l.upstreamTls && { tls: l.upstreamTls }),
          },
          credentials: { user: l.credentials.user, ...(l.credentials.password !== undefined && { password: l.credentials.password }) },
          ...(authenticateClient && { authenticateClient }),
          gate,
          ...(spec.postgres?.searchPath && { searchPath: spec.postgres.searchPath }),
          limits: { maxMessageBytes: l.maxMessageBytes },
          logger: makeLogger('postgres', { resource: name }),
        })
        .catch((e: NodeJS.ErrnoException) => {
          throw new StartError(`${l.path}.port: cannot listen on ${l.host}:${l.port} for ${name}: ${e.code ?? e.message}`);
        });
      handles.push(h);
      bound.push({ resource: name, protocol: 'postgres', host: h.host, port: h.port });
      listenersGauge.set({ resource: name, protocol: 'postgres' }, 1);
      log.info('listener bound', { resource: name, protocol: 'postgres', host: h.host, port: h.port, oidc: authenticateClient !== undefined });
    }
    listenersUp = true;
    refreshReady();
  } catch (e) {
    // Partial start: release what was bound so the caller can exit (or retry) cleanly.
    await Promise.allSettled(handles.map((h) => h.close()));
    await admin?.close();
    await recorder.close(5000).catch(() => undefined);
    throw e;
  }

  const stopAccepting = async (drainMs = cfg.drainTimeoutMs) => {
    if (stopping) return;
    stopping = true;
    refreshReady();
    // New connections are refused (57P01) while open sessions get up to drainMs to finish; then the
    // listeners close, ending whatever is left, and the recorder seals what was recorded.
    draining?.stop();
    if (draining && draining.open > 0) {
      log.info('draining open sessions', { sessions: draining.open, drainMs });
      if ((await withTimeout(draining.idle(), drainMs)) === 'timeout') log.warn('sessions still open after the drain timeout; closing them', { sessions: draining.open, drainMs });
    }
    await withTimeout(Promise.allSettled(handles.map((h) => h.close())), 5000);
    for (const b of bound) listenersGauge.set({ resource: b.resource, protocol: b.protocol }, 0);
  };

  return {
    listeners: bound,
    admin: admin ? { host: admin.host, port: admin.port } : { host: '', port: 0 },
    recorder,
    notReady,
    stopAccepting: async (drainMs) => {
      await stopAccepting(drainMs);
      await admin?.close();
    },
    async close({ graceMs = cfg.shutdownGracePeriodMs, drainMs = cfg.drainTimeoutMs } = {}) {
      const started = Date.now();
      await stopAccepting(Math.min(drainMs, graceMs));
      await recorder.close(Math.max(1000, graceMs - (Date.now() - started)));
      refreshReady();
      await admin?.close();
      log.info('sidecar stopped', { ms: Date.now() - started });
    },
  };
}

/** A start-up failure a platform engineer can act on (port in use, unreadable file…). */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}
export { defaultDeps } from './default-deps.js';

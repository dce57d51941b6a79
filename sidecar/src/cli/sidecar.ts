// `agentgate sidecar --config FILE`: run the data path (the container image's entrypoint). Logs are
// JSON lines on stderr; configuration errors are printed as a plain list of field paths first, since
// that is what someone reading `kubectl logs` of a crash-looping pod needs.
// Exit status: 0 clean shutdown (or --check passed), 1 failed to start or to shut down cleanly,
// 2 invalid config or usage.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../config/index.js';
import { installShutdown } from '../recorder/index.js';
import { StartError, startSidecar } from '../runtime/index.js';
import { defaultDeps } from '../runtime/default-deps.js';
import { logger } from '../telemetry/index.js';
import type { Io } from './io.js';
import { programName } from './main.js';

function help(): string {
  const p = programName();
  return `Usage: ${p} sidecar --config FILE [--check]

Run the agentgate sidecar: one listener per ProtectedResource in the config, each deciding every
statement against the AgentPolicies in it, recording sessions, serving /metrics, /healthz, /readyz.

Options:
  -c, --config FILE   sidecar config (YAML or JSON; default $AGENTGATE_CONFIG). Format: docs/sidecar-config.md
      --check         validate the config (schema, references, secrets, policies) and exit
  -h, --help          this text

Signals: SIGTERM/SIGINT stop accepting, drain sessions (limits.drainTimeout), then flush and ship
the session recording within limits.shutdownGracePeriod.
Exit status: 0 clean shutdown or config OK, 1 failed to start or stop, 2 invalid config or usage.
`;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${help()}`);
    return 2;
  }
  if (values.help) {
    io.out(help());
    return 0;
  }
  const file = values.config ?? process.env.AGENTGATE_CONFIG;
  if (!file) {
    io.err(`sidecar: no config: pass --config FILE or set AGENTGATE_CONFIG\n\n${help()}`);
    return 2;
  }
  let cfg;
  try {
    cfg = loadConfigFile(file);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`sidecar: config ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (values.check) {
    io.out(
      `config ${file} is valid: pod ${cfg.pod.namespace}/${cfg.pod.pod} (sa ${cfg.pod.serviceAccount}); ` +
        `${cfg.listeners.length} listener(s): ${cfg.listeners.map((l) => `${l.resource.metadata.name}@${l.host}:${l.port}`).join(', ')}; ` +
        `${cfg.policies.length} policy(ies); recorder → ${cfg.recorder.sink}\n`,
    );
    for (const w of cfg.warnings) io.out(`warning: ${w}\n`);
    return 0;
  }

  const log = logger('sidecar', { namespace: cfg.pod.namespace, pod: cfg.pod.pod });
  let sidecar;
  try {
    sidecar = await startSidecar(cfg, defaultDeps(), { logger: log });
  } catch (e) {
    const msg = e instanceof StartError ? e.message : String((e as Error)?.stack ?? e);
    log.error('sidecar failed to start', { error: msg });
    io.err(`sidecar: failed to start: ${msg}\n`);
    return 1;
  }
  log.info('sidecar ready', { listeners: sidecar.listeners, admin: sidecar.admin, config: file });

  return new Promise<number>(() => {
    const started = { at: 0 };
    // A hung drain or upload must not outlive the pod's grace period silently: exit 1 just after it.
    const watchdog = () => {
      if (started.at) return;
      started.at = Date.now();
      log.info('shutdown requested', { graceMs: cfg.shutdownGracePeriodMs, drainMs: cfg.drainTimeoutMs });
      setTimeout(() => {
        log.error('shutdown did not finish within the grace period; exiting');
        process.exit(1);
      }, cfg.shutdownGracePeriodMs + 2000).unref();
    };
    process.on('SIGTERM', watchdog);
    process.on('SIGINT', watchdog);
    installShutdown(sidecar.recorder, {
      // The recorder gets what is left of the grace period after draining.
      deadlineMs: Math.max(1000, cfg.shutdownGracePeriodMs - cfg.drainTimeoutMs),
      before: async () => {
        await sidecar.stopAccepting(cfg.drainTimeoutMs);
        log.info('listeners closed; flushing the session recording');
      },
    });
  });
}

// `agentgate sessions list|show|replay|verify`: read recorded sessions straight from the sink
// (file:// or s3://), no server in between. Exit status: 0 ok, 1 verification failed (or session not
// found), 2 bad input.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '@agentgate/api';
import { loadManifests, sessionEvents, sessionsOf, verifyArchive, type Filter } from '../recorder/archive.js';
import { parseVerifyKeys } from '../recorder/signing.js';
import { openSink, type Sink } from '../recorder/sinks/index.js';
import { formatEvent, formatSessionHeader, formatSessionList, formatTimeline, formatVerify, replayDelays } from '../recorder/timeline.js';
import type { Io } from './io.js';
import { programName } from './main.js';

const OPTIONS = {
  sink: { type: 'string', short: 's' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  namespace: { type: 'string', short: 'n' },
  pod: { type: 'string', short: 'p' },
  since: { type: 'string' },
  until: { type: 'string' },
  key: { type: 'string' },
  speed: { type: 'string', default: '1' },
  'max-wait': { type: 'string', default: '5s' },
  output: { type: 'string', short: 'o', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function help(): string {
  const p = programName();
  return `Usage: ${p} sessions <list|show|replay|verify> [SESSION] [options]

Read recorded agent sessions directly from the sink the recorder ships to.

Commands:
  list                 Sessions by namespace/pod/time: id, resource, start, duration, events
  show SESSION         One session's events as a timeline (-o json: one event per line)
  replay SESSION       Print the events in order with their original timing (--speed 2 = twice as fast)
  verify               Check the tamper-evidence chain: signatures, hashes, order, missing files, seq gaps

Sink (default: $AGENTGATE_SINK):
  -s, --sink URL             s3://bucket/prefix or file:///path
      --endpoint URL         S3-compatible endpoint (MinIO, Ceph…); credentials from the AWS environment
      --region R             S3 region (default: $AWS_REGION or us-east-1)
      --path-style           path-style S3 addressing

Filters:
  -n, --namespace NS  -p, --pod POD
      --since T  --until T   RFC 3339 time (2025-01-31T12:00:00Z) or an age (30m, 2h)

Options:
      --key FILE             verify: public key (PEM, JWK or JWKS) the manifests must be signed with
      --speed N              replay: time factor (default 1; 0 prints without waiting)
      --max-wait D           replay: longest pause between two events (default 5s)
  -o, --output text|json

Exit status: 0 ok, 1 verification failed or session not found, 2 bad input.

Examples:
  ${p} sessions list -s s3://audit/agentgate -n agents --since 2h
  ${p} sessions show 7f3c… -s file:///var/lib/agentgate/sessions
  ${p} sessions verify -s s3://audit/agentgate --key signing.pub.pem
`;
}

class UsageError extends Error {}

function parseTime(text: string, flag: string, now: number): number {
  if (/^([0-9]+(ms|s|m|h))+$/.test(text)) return now - parseDuration(text);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`--${flag}: ${JSON.stringify(text)} is neither a time (RFC 3339) nor an age (30m, 2h)`);
  return t;
}

function filterFrom(v: Values): Filter {
  const now = Date.now();
  return {
    ...(v.namespace ? { namespace: v.namespace } : {}),
    ...(v.pod ? { pod: v.pod } : {}),
    ...(v.since ? { since: parseTime(v.since, 'since', now) } : {}),
    ...(v.until ? { until: parseTime(v.until, 'until', now) } : {}),
  };
}

function sinkFrom(v: Values): Sink {
  const url = v.sink ?? process.env.AGENTGATE_SINK;
  if (!url) throw new UsageError('no sink: pass --sink s3://bucket/prefix or file:///path (or set AGENTGATE_SINK)');
  try {
    return openSink(url, {
      ...(v.endpoint ? { endpoint: v.endpoint } : {}),
      ...(v.region ? { region: v.region } : {}),
      ...(v['path-style'] ? { forcePathStyle: true } : {}),
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function number(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag}: expected a non-negative number, got ${JSON.stringify(text)}`);
  return n;
}

async function findSession(sink: Sink, id: string, f: Filter, io: Io) {
  const matches = sessionsOf(await loadManifests(sink, f), f).filter((s) => s.id === id);
  if (matches.length === 0) {
    io.err(`session ${JSON.stringify(id)} not found in ${sink.url}\n`);
    return null;
  }
  if (matches.length > 1) {
    io.err(`session ${JSON.stringify(id)} exists in ${matches.length} pods (${matches.map((m) => `${m.namespace}/${m.pod}`).join(', ')}): add --namespace/--pod\n`);
    return null;
  }
  return matches[0]!;
}

async function execute(cmd: string, positionals: string[], v: Values, io: Io): Promise<number> {
  const f = filterFrom(v);
  const needsSession = cmd === 'show' || cmd === 'replay';
  if (needsSession && positionals.length !== 1) throw new UsageError(`sessions ${cmd} takes one SESSION id`);
  if (!needsSession && positionals.length) throw new UsageError(`sessions ${cmd} takes no arguments (got ${positionals.join(' ')})`);
  const speed = number(v.speed, 'speed');
  const maxWait = (() => {
    try {
      return parseDuration(v['max-wait']);
    } catch (e) {
      throw new UsageError(`--max-wait: ${(e as Error).message}`);
    }
  })();
  let keys;
  if (v.key) {
    try {
      keys = await parseVerifyKeys(readFileSync(v.key, 'utf8'));
    } catch (e) {
      throw new UsageError(`--key ${v.key}: ${(e as Error).message}`);
    }
  }
  const sink = sinkFrom(v);
  try {
    switch (cmd) {
      case 'list': {
        const sessions = sessionsOf(await loadManifests(sink, f), f);
        io.out(v.output === 'json' ? `${JSON.stringify(sessions, null, 2)}\n` : formatSessionList(sessions));
        return 0;
      }
      case 'show': {
        const s = await findSession(sink, positionals[0]!, f, io);
        if (!s) return 1;
        const events = await sessionEvents(sink, s);
        io.out(v.output === 'json' ? events.map((e) => `${JSON.stringify(e)}\n`).join('') : formatTimeline(s, events));
        return 0;
      }
      case 'replay': {
        const s = await findSession(sink, positionals[0]!, f, io);
        if (!s) return 1;
        const events = await sessionEvents(sink, s);
        const delays = replayDelays(events, speed, maxWait);
        io.out(formatSessionHeader(s));
        for (const [i, e] of events.entries()) {
          if (delays[i]! > 0) await sleep(delays[i]!);
          io.out(`${formatEvent(e, events[0]!.ts)}\n`);
        }
        return 0;
      }
      case 'verify': {
        const report = await verifyArchive(sink, f, keys);
        io.out(v.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatVerify(report, keys !== undefined));
        return report.ok ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown sessions command ${JSON.stringify(cmd)}: use list, show, replay or verify`);
    }
  } finally {
    sink.close();
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${help()}`);
    return 2;
  }
  const v = parsed.values;
  const [cmd, ...rest] = parsed.positionals;
  if (v.help || cmd === 'help') {
    io.out(help());
    return 0;
  }
  if (!cmd) {
    io.err(help());
    return 2;
  }
  if (v.output !== 'text' && v.output !== 'json') {
    io.err(`--output: unsupported value ${JSON.stringify(v.output)}: use text or json\n`);
    return 2;
  }
  try {
    return await execute(cmd, rest, v, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${programName()} sessions: ${e.message}\n`);
      return 2;
    }
    io.err(`${programName()} sessions ${cmd}: ${(e as Error).message}\n`);
    return 2;
  }
}

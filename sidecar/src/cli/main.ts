// The `agentgate` CLI dispatcher (also `kubectl agentgate`). It only routes: each subcommand's code
// lives with the package that owns it and is loaded on demand, so `agentgate mask` never pays for
// the operator's Kubernetes client. See docs/adr/0001-cli-dispatcher.md.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Io } from './io.js';
import { processIo } from './io.js';

export interface CommandModule {
  run(argv: string[], io: Io): Promise<number>;
}

interface Command {
  name: string;
  summary: string;
  load(): Promise<CommandModule>;
}

const COMMANDS: Command[] = [
  {
    name: 'policy',
    summary: 'Work with policies offline: `policy test` decides an operation against AgentPolicy/ProtectedResource files',
    load: () => import('./policy.js'),
  },
  {
    name: 'sessions',
    summary: 'Recorded sessions, read from the sink: `sessions list|show|replay|verify`',
    load: () => import('./sessions.js'),
  },
  { name: 'mask', summary: 'Mask PII and secrets in stdin (text or --jsonl) and write the result to stdout', load: () => import('./mask.js') },
];

export function programName(argv1 = process.argv[1] ?? 'agentgate'): string {
  return basename(argv1).startsWith('kubectl-') ? 'kubectl agentgate' : 'agentgate';
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function usage(): string {
  const prog = programName();
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${prog} <command> [options]`,
    '',
    'agentgate governs what AI agents do to databases, LLM APIs and the Kubernetes API.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'version'.padEnd(width)}  Print the version`,
    '',
    `Run \`${prog} <command> --help\` for a command's options.`,
    '',
  ].join('\n');
}

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === 'version' || name === '--version') {
    io.out(`agentgate ${version()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`${programName()}: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  const mod = await cmd.load();
  return mod.run(rest, io);
}

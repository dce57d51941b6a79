// `agentgate policy test`: decide one operation against AgentPolicy / ProtectedResource files, the
// way `opa eval` or `conftest` would: print the decision and the rule behind it; exit 0 only when
// the operation is allowed as-is, 1 otherwise (mask, block, hold), 2 on bad input.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  LoadError, ValidationError, loadFiles, toBundle, validateOperation,
  type Decision, type Operation,
} from '@agentgate/api';
import { compilePolicySet, evaluate, PolicyCompileError } from '../policy/index.js';
import { SqlUsageError, classifyForCli, completeBundle, formatClassification, parseBuiltins, toOperationSql } from './policy-sql.js';
import type { Io } from './io.js';
import { programName } from './main.js';

const OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  policy: { type: 'string', multiple: true },
  sql: { type: 'string' },
  builtin: { type: 'string', multiple: true },
  operation: { type: 'string' },
  resource: { type: 'string', short: 'r' },
  protocol: { type: 'string' },
  text: { type: 'string' },
  'statement-kind': { type: 'string', short: 'k', multiple: true },
  table: { type: 'string', short: 't', multiple: true },
  column: { type: 'string', multiple: true },
  function: { type: 'string', multiple: true },
  'unbounded-write': { type: 'boolean' },
  opaque: { type: 'boolean' },
  method: { type: 'string' },
  path: { type: 'string' },
  host: { type: 'string' },
  model: { type: 'string' },
  tool: { type: 'string' },
  'mcp-method': { type: 'string' },
  verb: { type: 'string' },
  'api-group': { type: 'string' },
  'kube-resource': { type: 'string' },
  subresource: { type: 'string' },
  'kube-namespace': { type: 'string' },
  name: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  pod: { type: 'string' },
  'service-account': { type: 'string' },
  label: { type: 'string', short: 'l', multiple: true },
  subject: { type: 'string' },
  group: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function help(): string {
  const p = programName();
  return `Usage: ${p} policy test -f FILE [-f FILE…] [operation flags | --operation JSON|@FILE|-]
       ${p} policy test --sql 'TEXT' [--builtin destructive | --policy FILE…] [--resource FILE|NAME]

Decide one operation against AgentPolicy and ProtectedResource YAML files and print the decision and
the rule that made it. Exit status: 0 allow, 1 mask/block/hold, 2 invalid input.

Files:
  -f, --file FILE            YAML/JSON with AgentPolicy and ProtectedResource objects (repeatable)
      --policy FILE          same as --file

SQL (classified with the proxy's own parser; the statement kinds, tables, functions and WHERE analysis
become the operation):
      --sql TEXT             one or more SQL statements, exactly as the agent would send them
      --builtin SET          built-in rule sets to apply (destructive, or none); without resource files a
                             postgres stand-in resource with these sets is used (default: destructive)
  -r, --resource FILE        a ProtectedResource file is accepted here too (an existing path)

Operation (or give it whole with --operation '{"resource":…}' / @op.json / - for stdin):
  -r, --resource NAME        ProtectedResource name (default: the only one loaded)
      --protocol P           postgres|http|openai|anthropic|mcp|kubernetes (default: the resource type)
      --text TEXT            SQL text / prompt / body that content rules see
  SQL:  -k, --statement-kind K (repeatable, e.g. DROP), -t, --table schema.table, --column, --function,
        --unbounded-write, --opaque
  HTTP/LLM/MCP: --method, --path, --host, --model, --tool, --mcp-method
  Kubernetes: --verb, --api-group, --kube-resource, --subresource, --kube-namespace, --name

Identity (omitted parts are assumed to match, and the output says so):
  -n, --namespace NS  --pod NAME  --service-account SA  -l, --label k=v (repeatable)
      --subject SUB  --group G (repeatable)

Output:
  -o, --output text|json     json prints the Decision object

Example:
  ${p} policy test -f crds/examples/ -k DROP -t public.customers
  ${p} policy test --sql 'DELETE FROM orders' --builtin destructive
`;
}

class UsageError extends Error {}

function readOperationArg(arg: string): unknown {
  let text = arg;
  if (arg === '-') text = readFileSync(0, 'utf8');
  else if (arg.startsWith('@')) text = readFileSync(arg.slice(1), 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--operation: not valid JSON: ${(e as Error).message}`);
  }
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function operationFromFlags(v: Values): Record<string, unknown> {
  const op: Record<string, unknown> = {};
  if (v.resource) op.resource = v.resource;
  if (v.protocol) op.protocol = v.protocol;
  if (v.text !== undefined) op.text = v.text;
  const sqlGiven = v['statement-kind'] || v.table || v.column || v.function || v['unbounded-write'] || v.opaque;
  if (sqlGiven) {
    op.sql = {
      statementKinds: (v['statement-kind'] ?? []).map((k) => k.toUpperCase()),
      ...(v.table && { tables: v.table }),
      ...(v.column && { columns: v.column }),
      ...(v.function && { functions: v.function }),
      ...(v['unbounded-write'] && { unboundedWrite: true }),
      ...(v.opaque && { opaque: true }),
    };
  }
  if (v.method || v.path || v.host) {
    op.http = { method: (v.method ?? 'GET').toUpperCase(), path: v.path ?? '/', ...(v.host && { host: v.host }) };
  }
  if (v.model) op.llm = { model: v.model };
  if (v.tool || v['mcp-method']) op.mcp = { method: v['mcp-method'] ?? 'tools/call', ...(v.tool && { tool: v.tool }) };
  if (v.verb || v['kube-resource']) {
    op.kubernetes = {
      verb: v.verb ?? 'get',
      resource: v['kube-resource'] ?? '',
      ...(v['api-group'] !== undefined && { apiGroup: v['api-group'] }),
      ...(v.subresource && { subresource: v.subresource }),
      ...(v['kube-namespace'] && { namespace: v['kube-namespace'] }),
      ...(v.name && { name: v.name }),
    };
  }
  const identity: Record<string, unknown> = {};
  if (v.namespace) identity.namespace = v.namespace;
  if (v.pod) identity.pod = v.pod;
  if (v['service-account']) identity.serviceAccount = v['service-account'];
  if (v.subject) identity.subject = v.subject;
  if (v.group) identity.groups = v.group;
  if (v.label) {
    const labels: Record<string, string> = {};
    for (const l of v.label) {
      const i = l.indexOf('=');
      if (i <= 0) throw new UsageError(`--label ${JSON.stringify(l)}: expected key=value`);
      labels[l.slice(0, i)] = l.slice(i + 1);
    }
    identity.podLabels = labels;
  }
  if (Object.keys(identity).length) op.identity = identity;
  return op;
}

function expandFiles(files: string[]): string[] {
  return files.flatMap((f) => {
    try {
      if (!f.endsWith('/') && !statIsDir(f)) return [f];
    } catch {
      return [f];
    }
    const dir = f.endsWith('/') ? f : `${f}/`;
    return readdirSorted(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).map((n) => dir + n);
  });
}

const statIsDir = (p: string) => statSync(p).isDirectory();
const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};
const readdirSorted = (d: string) => readdirSync(d).sort();

export function formatDecision(d: Decision, assumptions: string[]): string {
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`${k.padEnd(9)} ${v}`);
  row('DECISION', d.action + (d.wouldBe ? ` (audit mode; enforce would ${d.wouldBe})` : ''));
  row('RULE', d.rule ? `${d.rule}${d.ruleAction && d.ruleAction !== d.action ? ` [${d.ruleAction}]` : ''}` : `(none: ${d.source})`);
  if (d.policy) row('POLICY', d.policy);
  row('REASON', d.reason);
  row('MODE', d.mode);
  if (d.action !== 'block') {
    const m = d.masking;
    const extras = [
      m.columns.length && `${m.columns.length} column rule(s)`,
      m.customPatterns.length && `${m.customPatterns.length} custom pattern(s)`,
      m.jsonPaths.length && `${m.jsonPaths.length} JSON path rule(s)`,
    ].filter(Boolean);
    row('MASKING', `${m.style}; ${m.entities.length} entity type(s)${extras.length ? `; ${extras.join(', ')}` : ''}`);
  }
  if (d.approval) {
    const who = [...d.approval.approverGroups.map((g) => `group:${g}`), ...d.approval.approvers];
    row('APPROVAL', `by ${who.join(', ') || 'nobody'} within ${d.approval.timeoutSeconds}s`);
  }
  for (const a of assumptions) row('NOTE', a);
  return `${lines.join('\n')}\n`;
}

async function test(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${help()}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.out(help());
    return 0;
  }
  if (v.output !== 'text' && v.output !== 'json') {
    io.err(`--output: unsupported value ${JSON.stringify(v.output)}: use text or json\n`);
    return 2;
  }
  const files = [...(v.file ?? []), ...(v.policy ?? []), ...parsed.positionals];
  // --resource names a resource, or (with --sql) may be a ProtectedResource file.
  let resourceFile: string | undefined;
  if (v.resource !== undefined && isFile(v.resource)) {
    resourceFile = v.resource;
    files.push(resourceFile);
    delete v.resource;
  }
  const sqlMode = v.sql !== undefined;
  if (files.length === 0 && !sqlMode) {
    io.err(`policy test: no policy files given (-f FILE)\n\n${help()}`);
    return 2;
  }
  try {
    if (sqlMode && (v.operation !== undefined || v['statement-kind'] || v.table)) {
      throw new UsageError('--sql derives the statement kinds and tables itself: do not combine it with --operation, -k or -t');
    }
    if (v.builtin && !sqlMode) throw new UsageError('--builtin only applies with --sql');
    let bundle = toBundle(loadFiles(expandFiles(files)));
    if (resourceFile !== undefined) {
      const inFile = toBundle(loadFiles([resourceFile])).resources;
      if (inFile.length !== 1) throw new UsageError(`--resource ${resourceFile}: expected exactly one ProtectedResource, found ${inFile.length}`);
      v.resource = inFile[0]!.metadata.name;
    }
    const sqlNotes: string[] = [];
    let standInPolicy = false;
    if (sqlMode) {
      const completed = completeBundle(bundle, v.builtin ? parseBuiltins(v.builtin) : undefined);
      bundle = completed.bundle;
      sqlNotes.push(...completed.notes);
      standInPolicy = completed.standInPolicy;
    }
    const set = compilePolicySet(bundle);
    const raw = v.operation !== undefined ? readOperationArg(v.operation) : operationFromFlags(v);
    const opObj = raw as Record<string, unknown>;
    if (opObj.resource === undefined) {
      if (bundle.resources.length !== 1) {
        throw new UsageError(`--resource is required: the files define ${bundle.resources.length} ProtectedResources (${bundle.resources.map((r) => r.metadata.name).join(', ')})`);
      }
      opObj.resource = bundle.resources[0]!.metadata.name;
    }
    if (opObj.protocol === undefined) {
      const res = bundle.resources.find((r) => r.metadata.name === opObj.resource);
      if (!res) throw new UsageError(`--resource ${JSON.stringify(opObj.resource)}: no such ProtectedResource in the files`);
      opObj.protocol = res.spec.type;
    }
    let classified = '';
    if (sqlMode) {
      const res = bundle.resources.find((r) => r.metadata.name === opObj.resource)!;
      if (res.spec.type !== 'postgres') throw new UsageError(`--sql: ProtectedResource ${JSON.stringify(res.metadata.name)} is ${res.spec.type}, not postgres`);
      const c = await classifyForCli(v.sql!, res.spec.postgres?.searchPath);
      opObj.sql = toOperationSql(c);
      opObj.text = v.sql;
      classified = formatClassification(c);
    }
    const checked = validateOperation(opObj);
    if (!checked.ok) throw new ValidationError('operation', checked.errors);
    const op: Operation = checked.value;

    const assumptions: string[] = [...sqlNotes];
    // The stand-in policy selects everyone: identity assumptions would be noise.
    if (!op.identity?.podLabels && !standInPolicy) assumptions.push('no --label given: assuming the pod matches every policy selector');
    if (!op.identity?.namespace && !standInPolicy) assumptions.push('no --namespace given: policies in any namespace apply');
    if (!op.identity?.serviceAccount && !standInPolicy) assumptions.push('no --service-account given: service account checks pass');

    const decision = evaluate(set, op, { lenientIdentity: true });
    if (v.output === 'json') io.out(`${JSON.stringify(decision, null, 2)}\n`);
    else io.out(classified + formatDecision(decision, assumptions));
    return decision.action === 'allow' ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError || e instanceof SqlUsageError || e instanceof LoadError || e instanceof ValidationError || e instanceof PolicyCompileError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'test') return test(rest, io);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(help());
    return sub === undefined ? 2 : 0;
  }
  io.err(`${programName()} policy: unknown subcommand ${JSON.stringify(sub)}\n\n${help()}`);
  return 2;
}

// `agentgate mask`: the masking engine as a filter. Plain mode streams stdin to stdout through one
// StreamMasker (bounded memory, UTF-8 safe); --jsonl masks the `text` field of one JSON object per
// line and keeps everything else. A bad JSONL line is reported on stderr with its line number and
// skipped (never echoed unmasked); the run continues and exits 1. Usage errors exit 2.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EntitySelectors, MaskStyles, type EntitySelector, type MaskStyleName } from '@agentgate/api';
import { compileMasker, type Findings } from '../masking/index.js';
import { expandEntities, resolveMaskingPlan } from '../policy/masking-plan.js';
import type { Io } from './io.js';
import { programName } from './main.js';

const OPTIONS = {
  jsonl: { type: 'boolean' },
  style: { type: 'string', short: 's', default: 'redact' },
  entities: { type: 'string', short: 'e', default: 'ALL' },
  'hash-key': { type: 'string' },
  findings: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function help(): string {
  const p = programName();
  return `Usage: ${p} mask [--jsonl] [--style S] [--entities LIST] [--hash-key KEY] [--findings]

Read text on stdin and write it masked on stdout, with every detector and the redact style by default.

  --jsonl              each input line is {"id":…,"text":"…"}; each output line is the same object
                       with "text" masked (other fields untouched, order kept). A line that is not a
                       JSON object with a string "text" is reported on stderr as "line N: …" and
                       skipped; the run continues and exits 1.
  -s, --style S        ${MaskStyles.join('|')} (default redact). null needs --jsonl (text becomes null).
  -e, --entities LIST  comma-separated entity types or groups ALL, PII, SECRETS (default ALL),
                       e.g. EMAIL,CREDIT_CARD,SECRETS
      --hash-key KEY   HMAC key for --style hash (or env AGENTGATE_MASK_HASH_KEY); required for hash
      --findings       print counts per entity type as JSON on stderr at the end (never the values)

Exit status: 0 done, 1 some JSONL lines were rejected, 2 usage error.

Examples:
  echo 'mail jane@example.com, card 4111 1111 1111 1111' | ${p} mask
  ${p} mask --jsonl --style hash --hash-key "$KEY" < prompts.jsonl > masked.jsonl
`;
}

class UsageError extends Error {}

function options(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (!(MaskStyles as readonly string[]).includes(v.style)) {
    throw new UsageError(`--style must be one of ${MaskStyles.join(', ')}; got ${JSON.stringify(v.style)}`);
  }
  const style = v.style as MaskStyleName;
  if (style === 'null' && !v.jsonl) throw new UsageError('--style null only applies to --jsonl (plain text cannot hold a null)');
  const selectors = v.entities.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0);
  const unknown = selectors.filter((s) => !(EntitySelectors as readonly string[]).includes(s));
  if (unknown.length > 0 || selectors.length === 0) {
    throw new UsageError(`unknown entity ${JSON.stringify(unknown[0] ?? v.entities)}; known: ${EntitySelectors.join(', ')}`);
  }
  const hashKey = v['hash-key'] ?? process.env.AGENTGATE_MASK_HASH_KEY;
  if (style === 'hash' && !hashKey) throw new UsageError('--style hash needs --hash-key KEY or AGENTGATE_MASK_HASH_KEY');
  return { jsonl: v.jsonl === true, help: v.help === true, findings: v.findings === true, style, selectors: selectors as EntitySelector[], hashKey: hashKey ?? 'unused' };
}

export async function run(argv: string[], io: Io, input: AsyncIterable<Uint8Array | string> = process.stdin): Promise<number> {
  let o: ReturnType<typeof options>;
  try {
    o = options(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${programName()} mask: ${e.message}\n\nRun \`${programName()} mask --help\` for usage.\n`);
    return 2;
  }
  if (o.help) {
    io.out(help());
    return 0;
  }
  const plan = { ...resolveMaskingPlan([{ style: o.style }]), entities: expandEntities(o.selectors) };
  const masker = compileMasker(plan, { hashKey: o.hashKey });
  const findings: Findings = new Map();
  let status = 0;
  if (!o.jsonl) {
    const s = masker.stream(findings);
    for await (const chunk of input) {
      const out = s.write(chunk);
      if (out.length > 0) io.out(out);
    }
    io.out(s.end());
  } else {
    const rl = createInterface({ input: Readable.from(input), crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) {
      n++;
      if (line.trim() === '') continue;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (e) {
        io.err(`${programName()} mask: line ${n}: invalid JSON (${(e as Error).message}); line skipped\n`);
        status = 1;
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || typeof (obj as { text?: unknown }).text !== 'string') {
        io.err(`${programName()} mask: line ${n}: expected an object with a string "text" field; line skipped\n`);
        status = 1;
        continue;
      }
      const rec = obj as Record<string, unknown> & { text: string };
      io.out(`${JSON.stringify({ ...rec, text: masker.maskValue(null, rec.text, findings) })}\n`);
    }
  }
  if (o.findings) io.err(`${JSON.stringify(Object.fromEntries(findings))}\n`);
  return status;
}

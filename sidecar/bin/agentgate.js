#!/usr/bin/env node
// Entry point for `agentgate` and the kubectl plugin `kubectl-agentgate`. Plain JS so the bin link
// works before the TypeScript build has run; the real work is in dist/.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('agentgate is not built yet: run `npm run build` (or `make build`) in the repository root.\n');
  process.exit(2);
}
// A reader that stops early (`agentgate mask < big.log | head`) closes the pipe: stop quietly with the status
// a process killed by SIGPIPE has (128 + 13), as cat does, instead of an unhandled EPIPE with a stack trace. A
// long-running command (the sidecar) whose stdout goes away thus ends with a failure status, not success.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(141);
  throw e;
});
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));

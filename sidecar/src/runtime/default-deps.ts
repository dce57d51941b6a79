// The real data-path modules behind RuntimeDeps. The gate, approvals and Postgres listener are loaded
// lazily so `agentgate sidecar --check` and the other subcommands never pay for them.
import { compileMasker } from '../masking/index.js';
import type { RuntimeDeps } from './deps.js';

// Until the Postgres data path is merged these modules do not exist in this tree; a variable specifier
// keeps the type check independent of them and the failure explicit at start-up.
const GATE = '../gate/index.js';
const APPROVALS = '../approvals/index.js';
const POSTGRES = '../protocols/postgres/index.js';

export async function defaultDeps(): Promise<RuntimeDeps> {
  const [gate, approvals, postgres] = (await Promise.all([import(GATE), import(APPROVALS), import(POSTGRES)])) as [
    { createGate: RuntimeDeps['createGate'] },
    { InMemoryApprovals: new () => unknown },
    { startPostgresListener: RuntimeDeps['startPostgresListener'] },
  ];
  return {
    createGate: gate.createGate,
    createApprovals: () => new approvals.InMemoryApprovals(),
    startPostgresListener: postgres.startPostgresListener,
    compileMasker,
  };
}

// The real data-path modules behind RuntimeDeps.
import { InMemoryApprovals, type Approvals } from '../approvals/index.js';
import { createGate } from '../gate/index.js';
import { compileMasker } from '../masking/index.js';
import { startPostgresListener } from '../protocols/postgres/index.js';
import type { RuntimeDeps } from './deps.js';

export function defaultDeps(): RuntimeDeps<Approvals> {
  return {
    createGate,
    // Holds are decided in memory until the operator's approval broker exists (a later issue):
    // a held statement waits and then expires, which the agent sees as a refusal.
    createApprovals: () => new InMemoryApprovals(),
    startPostgresListener,
    compileMasker,
  };
}

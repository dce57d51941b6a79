// Per-policy upstream mapping for this pod (AgentPolicy `spec.resources[].database` / `.user`). The pod is
// fixed for the sidecar's lifetime, so this is decided once per listener, at config time: a role that
// cannot be logged in as is a configuration error, never a silent fallback to the credentials user.
import type { PodIdentity } from '../identity/index.js';
import { applicablePolicies, type CompiledPolicySet } from '../policy/index.js';

export interface UpstreamMapping {
  database?: string;
  user?: string;
  /** The policy that set `user` (namespace/name), for messages. */
  userPolicy?: string;
  /** Policies that disagree: resolved by the deterministic policy order (namespace/name). */
  warnings: string[];
}

export function upstreamMapping(set: CompiledPolicySet, pod: PodIdentity, resource: string): UpstreamMapping {
  const warnings: string[] = [];
  const entries = applicablePolicies(set, {
    resource,
    protocol: 'postgres',
    identity: { namespace: pod.namespace, pod: pod.pod, serviceAccount: pod.serviceAccount, podLabels: pod.labels },
  }).map((p) => ({ policy: p.key, entry: p.object.spec.resources.find((r) => r.name === resource) }));
  const pick = (field: 'database' | 'user'): { value: string; policy: string } | undefined => {
    const set = entries.filter((e) => e.entry?.[field] !== undefined);
    const values = new Set(set.map((e) => e.entry![field]));
    if (values.size > 1) warnings.push(`policies ${set.map((e) => e.policy).join(', ')} map ${resource} to different ${field}s; using ${JSON.stringify(set[0]!.entry![field])} from ${set[0]!.policy}`);
    return set[0] && { value: set[0].entry![field]!, policy: set[0].policy };
  };
  const database = pick('database');
  const user = pick('user');
  const m: UpstreamMapping = { warnings };
  if (database) m.database = database.value;
  if (user) {
    m.user = user.value;
    m.userPolicy = user.policy;
  }
  return m;
}

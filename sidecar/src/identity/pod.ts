// The pod this sidecar speaks for. The operator's ConfigMap is per namespace, so the pod's own name
// and service account arrive as environment variables the webhook injects from the downward API
// (metadata.name, spec.serviceAccountName); labels come from a downward API volume file. Environment
// wins over the file so one ConfigMap serves every pod.
import { readFileSync } from 'node:fs';
import { POD_ENV, type FieldError, type SidecarPod } from '@agentgate/api';

export interface PodIdentity {
  namespace: string;
  pod: string;
  serviceAccount: string;
  labels: Record<string, string>;
}

/** Parse the downward API labels file: one `key="value"` per line, values Go-quoted. */
export function parseLabelsFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new Error(`not key="value": ${JSON.stringify(t)}`);
    const key = t.slice(0, eq);
    const raw = t.slice(eq + 1);
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw new Error(`bad quoted value for ${key}: ${raw}`);
      }
    }
    out[key] = value;
  }
  return out;
}

/**
 * Resolve the pod identity from the config block and the environment. Problems are returned as field
 * errors (path `pod.<field>`, mentioning the environment variable) so they join the config's other errors.
 */
export function resolvePodIdentity(pod: SidecarPod | undefined, env: NodeJS.ProcessEnv, errors: FieldError[]): PodIdentity {
  const pick = (field: 'namespace' | 'name' | 'serviceAccount'): string => {
    const fromEnv = env[POD_ENV[field]];
    const v = fromEnv !== undefined && fromEnv !== '' ? fromEnv : pod?.[field];
    if (v === undefined || v === '') {
      errors.push({ path: `pod.${field}`, message: `Required value: set it in the config or in $${POD_ENV[field]}` });
      return '';
    }
    return v;
  };
  const identity: PodIdentity = {
    namespace: pick('namespace'),
    pod: pick('name'),
    serviceAccount: pick('serviceAccount'),
    labels: { ...(pod?.labels ?? {}) },
  };
  const labelsFile = env[POD_ENV.labelsFile] || pod?.labelsFile;
  if (labelsFile) {
    try {
      Object.assign(identity.labels, parseLabelsFile(readFileSync(labelsFile, 'utf8')));
    } catch (e) {
      errors.push({ path: 'pod.labelsFile', message: `Invalid value: ${JSON.stringify(labelsFile)}: ${(e as Error).message}` });
    }
  }
  return identity;
}

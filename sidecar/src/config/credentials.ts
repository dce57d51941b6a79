// Upstream credentials for one resource, from the places a Kubernetes pod gets secrets: environment
// variables (envFrom a Secret) and a mounted Secret folder (one file per key). Values never appear in
// errors or logs; only where they were looked for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldError, ProtectedResource, SidecarCredentials } from '@agentgate/api';

export interface UpstreamCredentials {
  user: string;
  password?: string;
  token?: string;
}

function readKey(dir: string, key: string): string | undefined {
  try {
    // Secret volumes end values with whatever the Secret holds; a trailing newline from `echo` is never meant.
    return readFileSync(join(dir, key), 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function readCredentials(
  res: ProtectedResource,
  entry: SidecarCredentials | undefined,
  path: string,
  env: NodeJS.ProcessEnv,
  errors: FieldError[],
): UpstreamCredentials {
  const spec = res.spec.credentials;
  const keys = { username: spec?.usernameKey ?? 'username', password: spec?.passwordKey ?? 'password', token: spec?.tokenKey ?? 'token' };
  const found: Partial<Record<'username' | 'password' | 'token', string>> = {};

  if (entry?.env) {
    for (const k of ['username', 'password', 'token'] as const) {
      const name = entry.env[k];
      if (name === undefined) continue;
      const v = env[name];
      if (v === undefined) errors.push({ path: `${path}.env.${k}`, message: `Invalid value: $${name} is not set` });
      else found[k] ??= v;
    }
  }
  if (entry?.secretDir) {
    try {
      for (const k of ['username', 'password', 'token'] as const) {
        if (found[k] !== undefined) continue;
        const v = readKey(entry.secretDir, keys[k]);
        if (v !== undefined) found[k] = v;
      }
    } catch (e) {
      errors.push({ path: `${path}.secretDir`, message: `Invalid value: ${JSON.stringify(entry.secretDir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }
  if (entry?.insecureInline) {
    found.username ??= entry.insecureInline.username;
    found.password ??= entry.insecureInline.password;
  }
  if (found.username === undefined) {
    const where = entry?.secretDir ? ` (looked for key ${JSON.stringify(keys.username)} in ${entry.secretDir})` : '';
    errors.push({ path: entry ? `${path}` : 'credentials', message: `Required value: no upstream user name for resource ${JSON.stringify(res.metadata.name)}${where}` });
  }
  return {
    user: found.username ?? '',
    ...(found.password !== undefined && { password: found.password }),
    ...(found.token !== undefined && { token: found.token }),
  };
}

/**
 * Credentials for a further role an AgentPolicy maps this pod to: listed in the ProtectedResource's
 * `spec.credentials.users` with the Secret key of its password. `policyPath` names the field that asked.
 */
export function readRoleCredentials(
  res: ProtectedResource,
  entry: SidecarCredentials | undefined,
  path: string,
  role: string,
  policyPath: string,
  errors: FieldError[],
): UpstreamCredentials | undefined {
  const declared = res.spec.credentials?.users?.find((u) => u.name === role);
  if (!declared) {
    errors.push({
      path: policyPath,
      message: `Invalid value: ${JSON.stringify(role)}: ProtectedResource ${JSON.stringify(res.metadata.name)} has no credentials for this role (add it to spec.credentials.users with the Secret key of its password)`,
    });
    return undefined;
  }
  let password: string | undefined;
  if (entry?.secretDir) {
    try {
      password = readKey(entry.secretDir, declared.passwordKey);
    } catch (e) {
      errors.push({ path: `${path}.secretDir`, message: `Invalid value: ${JSON.stringify(entry.secretDir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return undefined;
    }
  }
  password ??= entry?.insecureInline?.users?.find((u) => u.name === role)?.password;
  if (password === undefined) {
    const where = entry?.secretDir ? ` (looked for key ${JSON.stringify(declared.passwordKey)} in ${entry.secretDir})` : '';
    errors.push({ path: entry ? path : 'credentials', message: `Required value: no password for role ${JSON.stringify(role)} of resource ${JSON.stringify(res.metadata.name)}${where}` });
    return undefined;
  }
  return { user: role, password };
}

// `agentgate sidecar` through the real bin: exit codes and messages for what goes wrong before the
// first connection (bad config, taken port), and --check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'sidecar/bin/agentgate.js');

function agentgate(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ code: e ? Number(e.code) : 0, out: stdout, err: stderr }),
    );
  });
}

function writeConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, `cfg-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'SidecarConfig',
    pod: { namespace: 'agents', name: 'p', serviceAccount: 'sa' },
    resources: [{ apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'db' }, spec: { type: 'postgres', endpoint: { host: '127.0.0.1', port: 5432 } } }],
    policies: [{ apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'ap' }, spec: { selector: {}, resources: [{ name: 'db' }] } }],
    listeners: [{ resource: 'db', port: 0 }],
    credentials: [{ resource: 'db', insecureInline: { username: 'u' } }],
    recorder: { journalDir: join(dir, 'journal'), sink: `file://${join(dir, 'sink')}` },
    admin: { host: '127.0.0.1', port: 0 },
    ...overrides,
  }));
  return file;
}

test('sidecar --check: a valid config exits 0 with a summary and the dev-only warning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-scli-'));
  const r = await agentgate(['sidecar', '--config', writeConfig(dir), '--check']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /is valid: pod agents\/p \(sa sa\); 1 listener\(s\): db@127\.0\.0\.1:0; 1 policy\(ies\); recorder → file:\/\//);
  assert.match(r.out, /^warning: credentials\[0\]\.insecureInline is set/m);
});

test('sidecar: an invalid config exits 2 listing every field at fault; no config is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-scli-'));
  const file = writeConfig(dir, {
    listeners: [{ resource: 'db', port: 0 }, { resource: 'cache', port: 6379 }],
    limits: { drainTimeout: '30s' },
  });
  const r = await agentgate(['sidecar', '--config', file]);
  assert.equal(r.code, 2);
  assert.match(r.err, new RegExp(`^sidecar: config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is invalid:$`, 'm'));
  assert.match(r.err, /^ {2}- listeners\[1\]\.resource: Not found: no ProtectedResource "cache" in resources$/m);
  assert.match(r.err, /^ {2}- limits\.drainTimeout: Invalid value: 30s: must be shorter than limits\.shutdownGracePeriod/m);
  const none = await agentgate(['sidecar'], { AGENTGATE_CONFIG: '' });
  assert.equal(none.code, 2);
  assert.match(none.err, /no config: pass --config FILE or set AGENTGATE_CONFIG/);
  const missing = await agentgate(['sidecar', '-c', join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /<file>: cannot read: ENOENT/);
});

test('sidecar: a taken admin port exits 1 naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-scli-'));
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  try {
    const r = await agentgate(['sidecar', '--config', writeConfig(dir, { admin: { host: '127.0.0.1', port } })], { AGENTGATE_LOG_LEVEL: 'error' });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, new RegExp(`sidecar: failed to start: admin\\.port: cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
  } finally {
    blocker.close();
  }
});

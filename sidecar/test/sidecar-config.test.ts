// The sidecar config: the shipped example is valid and resolves once its files exist; every problem
// in a bad config is reported at once with its field path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { validateSidecarConfig } from '@agentgate/api';
import { ConfigError, loadConfigFile, parseConfigText, resolveConfig } from '../src/config/index.js';
import { parseLabelsFile } from '../src/identity/index.js';
import { DOC_PATH, renderDoc } from '../src/config/doc.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/sidecar-config.yaml', import.meta.url));

function configErrors(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.errors.map((x) => `${x.path}: ${x.message}`);
  }
  assert.fail('expected a ConfigError');
}

test('the example config validates against the schema', () => {
  const r = validateSidecarConfig(parse(readFileSync(EXAMPLE, 'utf8')));
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
});

test('the example config resolves once its mounted files exist (paths remapped to a temp folder)', () => {
  const root = mkdtempSync(join(tmpdir(), 'agentgate-cfg-'));
  const text = readFileSync(EXAMPLE, 'utf8').replaceAll('/etc/agentgate/', `${root}/`).replaceAll('/var/lib/agentgate/', `${root}/var/`);
  const files: Record<string, string> = {
    'podinfo/labels': 'app="support-agent"\ntier="gold"\n',
    'tls/tls.crt': 'CERT', 'tls/tls.key': 'KEY',
    'credentials/orders-db/username': 'agent_ro\n',
    'credentials/orders-db/password': 's3cret\n',
    'credentials/orders-db-ca/ca.crt': '-----BEGIN CERTIFICATE-----',
    'masking/hash-key': 'k'.repeat(32),
  };
  for (const [f, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), body);
  }
  const file = join(root, 'config.yaml');
  writeFileSync(file, text);
  const cfg = loadConfigFile(file, { AGENTGATE_POD_NAME: 'support-agent-7d9f-x2k4', AGENTGATE_SERVICE_ACCOUNT: 'support-agent' });
  assert.deepEqual(cfg.pod, { namespace: 'agents', pod: 'support-agent-7d9f-x2k4', serviceAccount: 'support-agent', labels: { app: 'support-agent', tier: 'gold' } });
  assert.equal(cfg.listeners.length, 1);
  const l = cfg.listeners[0]!;
  assert.equal(l.port, 5432);
  assert.deepEqual(l.credentials, { user: 'agent_ro', password: 's3cret' }, 'trailing newline of the Secret file dropped');
  assert.deepEqual(l.upstreamTls, { rejectUnauthorized: true, ca: '-----BEGIN CERTIFICATE-----', servername: 'orders-db.data.svc.cluster.local' });
  assert.equal(l.tls?.cert.toString(), 'CERT');
  assert.deepEqual(cfg.recorder.identity, { namespace: 'agents', pod: 'support-agent-7d9f-x2k4' }, 'recorder identity from the pod');
  assert.equal(cfg.hashKeyGenerated, false);
  assert.equal(cfg.shutdownGracePeriodMs, 25_000);
  assert.equal(cfg.admin.port, 9090);
  assert.deepEqual(cfg.warnings, []);
});

const base = () => ({
  apiVersion: 'agentgate.dev/v1alpha1',
  kind: 'SidecarConfig',
  pod: { namespace: 'agents', name: 'p-1', serviceAccount: 'sa' },
  resources: [
    { apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'db' }, spec: { type: 'postgres', endpoint: { host: 'db', port: 5432 } } },
  ],
  policies: [
    { apiVersion: 'agentgate.dev/v1alpha1', kind: 'AgentPolicy', metadata: { name: 'ap' }, spec: { selector: {}, resources: [{ name: 'db' }] } },
  ],
  listeners: [{ resource: 'db', port: 15432 }],
  credentials: [{ resource: 'db', insecureInline: { username: 'u', password: 'p' } }],
  recorder: { journalDir: '/tmp/j', sink: 'file:///tmp/s' },
});

test('a minimal config resolves with defaults; namespaces default to the pod\'s; dev-only credentials warn', () => {
  const cfg = resolveConfig(base(), 'cfg.yaml', {});
  assert.equal(cfg.listeners[0]!.host, '127.0.0.1');
  assert.equal(cfg.resources[0]!.metadata.namespace, 'agents');
  assert.equal(cfg.compiled.policies[0]!.key, 'agents/ap');
  assert.equal(cfg.hashKeyGenerated, true);
  assert.equal(cfg.admin.host, '0.0.0.0');
  assert.ok(cfg.warnings.some((w) => /insecureInline/.test(w)));
  assert.ok(cfg.warnings.some((w) => /hashKeyFile is not set/.test(w)));
});

test('environment overrides the pod block (the webhook injects it)', () => {
  const cfg = resolveConfig(base(), 'cfg.yaml', { AGENTGATE_POD_NAME: 'real-pod', AGENTGATE_SERVICE_ACCOUNT: 'real-sa', AGENTGATE_POD_NAMESPACE: 'agents' });
  assert.equal(cfg.pod.pod, 'real-pod');
  assert.equal(cfg.pod.serviceAccount, 'real-sa');
});

test('schema errors are all reported with field paths', () => {
  const c = base() as Record<string, unknown>;
  c.listeners = [{ resource: 'db', port: 70000, hots: 'x' }];
  c.recorder = { sink: 'ftp://x' };
  const errs = configErrors(() => resolveConfig(c, 'cfg.yaml', {}));
  assert.ok(errs.includes('listeners[0].port: Invalid value: 70000: must be <= 65535'), errs.join('\n'));
  assert.ok(errs.includes('listeners[0].hots: Unknown field "hots"'), errs.join('\n'));
  assert.ok(errs.includes('recorder.journalDir: Required value'), errs.join('\n'));
  assert.ok(errs.some((e) => e.startsWith('recorder.sink: Invalid value: "ftp://x"')), errs.join('\n'));
});

test('semantic errors are all reported at once: references, types, duplicates, secrets, policies, identity', () => {
  const c = base();
  c.pod = { namespace: 'agents' } as typeof c.pod;
  c.resources.push({ apiVersion: 'agentgate.dev/v1alpha1', kind: 'ProtectedResource', metadata: { name: 'llm' }, spec: { type: 'openai', endpoint: { host: 'api.openai.com', port: 443 } } });
  c.listeners = [{ resource: 'db', port: 15432 }, { resource: 'llm', port: 8443 }, { resource: 'nope', port: 1 }, { resource: 'db', port: 15432 }];
  c.credentials = [{ resource: 'db', env: { password: 'NOT_SET_ANYWHERE' } } as never];
  (c.policies[0]!.spec as { resources: { name: string }[] }).resources.push({ name: 'ghost' });
  const errs = configErrors(() => resolveConfig(c, 'cfg.yaml', {}));
  const want = [
    /^pod\.name: Required value: set it in the config or in \$AGENTGATE_POD_NAME$/,
    /^pod\.serviceAccount: Required value/,
    /^resources\[1\]\.spec\.type: Unsupported value: "openai": not supported by this sidecar yet \(supported: postgres\)/,
    /^listeners\[2\]\.resource: Not found: no ProtectedResource "nope"/,
    /^listeners\[3\]\.resource: Duplicate value: "db"/,
    /^listeners\[3\]\.port: Duplicate value: 127\.0\.0\.1:15432 is also used by listeners\[0\]/,
    /^credentials\[0\]\.env\.password: Invalid value: \$NOT_SET_ANYWHERE is not set/,
    /^credentials\[0\]: Required value: no upstream user name for resource "db"/,
    /^policies\[0\]\.spec\.resources\[1\]\.name: Not found: ProtectedResource "ghost"/,
  ];
  for (const w of want) assert.ok(errs.some((e) => w.test(e)), `missing ${w}\nin:\n${errs.join('\n')}`);
});

test('secretDir and env credentials; missing hash key file; YAML syntax errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentgate-creds-'));
  writeFileSync(join(dir, 'user'), 'from_file');
  writeFileSync(join(dir, 'password'), 'file_pw');
  const c = base();
  c.resources[0]!.spec = { ...c.resources[0]!.spec, credentials: { secretRef: { name: 's' }, usernameKey: 'user' } } as never;
  c.credentials = [{ resource: 'db', secretDir: dir, env: { password: 'PGPW' } } as never];
  const cfg = resolveConfig(c, 'cfg.yaml', { PGPW: 'env_pw' });
  assert.deepEqual(cfg.listeners[0]!.credentials, { user: 'from_file', password: 'env_pw' }, 'env wins over the Secret folder');
  (c as Record<string, unknown>).masking = { hashKeyFile: join(dir, 'missing') };
  assert.ok(configErrors(() => resolveConfig(c, 'cfg.yaml', { PGPW: 'x' })).some((e) => /^masking\.hashKeyFile: Invalid value: .*ENOENT/.test(e)));
  assert.throws(() => parseConfigText('a: [1, 2\n', 'bad.yaml'), /YAML error/);
  assert.deepEqual(parseLabelsFile('app="a"\nq="with \\"quote\\""\n'), { app: 'a', q: 'with "quote"' });
});

test('docs/sidecar-config.md carries the current generated field reference', () => {
  const current = readFileSync(DOC_PATH, 'utf8');
  assert.equal(current, renderDoc(current), 'stale: run `node sidecar/dist/src/config/doc.js`');
  assert.ok(current.includes('| `listeners[].port` | integer | yes |'), 'a known row is present');
});

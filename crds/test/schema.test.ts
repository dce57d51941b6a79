import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  LoadError, loadFiles, loadObjects, parseDuration, validateOperation, validateResource, toFieldPath, formatDuration,
} from '../src/index.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function policy(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'AgentPolicy',
    metadata: { name: 'p', namespace: 'agents' },
    spec: { selector: {}, resources: [{ name: 'db' }], ...spec },
    ...extra,
  };
}

function errorsOf(obj: unknown) {
  const r = validateResource(obj);
  assert.equal(r.ok, false, 'expected validation to fail');
  return r.ok ? [] : r.errors;
}

test('every example validates', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 5, 'examples exist');
  const loaded = loadFiles(files.map((f) => join(EXAMPLES, f)));
  const kinds = new Set(loaded.map((l) => l.object.kind));
  assert.deepEqual([...kinds].sort(), ['AgentPolicy', 'ApprovalRequest', 'ProtectedResource']);
});

test('a minimal policy is valid', () => {
  const r = validateResource(policy({}));
  assert.equal(r.ok, true);
});

test('missing required fields are reported with their path', () => {
  const errs = errorsOf(policy({ resources: undefined, rules: [{ name: 'r1' }] }));
  const paths = errs.map((e) => `${e.path}: ${e.message}`);
  assert.ok(paths.includes('spec.resources: Required value'), paths.join('\n'));
  assert.ok(paths.includes('spec.rules[0].action: Required value'), paths.join('\n'));
});

test('a wrong enum value names the allowed values', () => {
  const errs = errorsOf(policy({ rules: [{ name: 'r1', action: 'deny' }] }));
  assert.equal(errs.length, 1);
  assert.equal(errs[0]!.path, 'spec.rules[0].action');
  assert.match(errs[0]!.message, /Unsupported value: "deny"/);
  for (const a of ['allow', 'mask', 'block', 'hold', 'audit']) assert.ok(errs[0]!.message.includes(`"${a}"`));
});

test('unknown fields are rejected at any depth', () => {
  const errs = errorsOf(
    policy({ rules: [{ name: 'r1', action: 'block', acton: 'x', match: { sql: { statementKind: ['DROP'] } } }], extra: 1 }),
  );
  const got = errs.map((e) => `${e.path}: ${e.message}`).sort();
  assert.deepEqual(got, [
    'spec.extra: Unknown field "extra"',
    'spec.rules[0].acton: Unknown field "acton"',
    'spec.rules[0].match.sql.statementKind: Unknown field "statementKind"',
  ]);
});

test('statement kinds are an enum', () => {
  const errs = errorsOf(policy({ rules: [{ name: 'r', action: 'block', match: { sql: { statementKinds: ['DROPP'] } } }] }));
  assert.equal(errs[0]!.path, 'spec.rules[0].match.sql.statementKinds[0]');
  assert.match(errs[0]!.message, /supported values: .*"DROP"/);
});

test('types, patterns and bounds are checked', () => {
  const pr = {
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'ProtectedResource',
    metadata: { name: 'Bad_Name' },
    spec: { type: 'postgres', endpoint: { host: 'db', port: 70000 }, listenPort: 'x' },
  };
  const errs = errorsOf(pr);
  const byPath = new Map(errs.map((e) => [e.path, e.message]));
  assert.match(byPath.get('metadata.name') ?? '', /must match/);
  assert.match(byPath.get('spec.endpoint.port') ?? '', /must be <= 65535/);
  assert.match(byPath.get('spec.listenPort') ?? '', /must be integer/);
});

test('durations must be Go-style', () => {
  const errs = errorsOf(policy({ approval: { timeout: '15 minutes' } }));
  assert.equal(errs[0]!.path, 'spec.approval.timeout');
  assert.equal(parseDuration('1h30m'), 90 * 60 * 1000);
  assert.equal(parseDuration('500ms'), 500);
  assert.throws(() => parseDuration('5d'), /invalid duration/);
  assert.equal(formatDuration(90_000), '90s');
});

test('kind and apiVersion are checked before the schema', () => {
  assert.equal(errorsOf({ ...policy({}), kind: 'Policy' })[0]!.path, 'kind');
  assert.equal(errorsOf({ ...policy({}), apiVersion: 'agentgate.dev/v1' })[0]!.path, 'apiVersion');
  assert.equal(errorsOf('nope')[0]!.path, '<root>');
});

test('status follows the API conventions (conditions, no phase)', () => {
  const ok = validateResource(
    policy({}, {
      status: {
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True', reason: 'Compiled', message: 'ok', lastTransitionTime: '2026-11-23T10:00:00Z' }],
      },
    }),
  );
  assert.equal(ok.ok, true);
  const bad = errorsOf(policy({}, { status: { phase: 'Ready' } }));
  assert.equal(bad[0]!.path, 'status.phase');
});

test('an Operation is validated like a CR', () => {
  assert.equal(validateOperation({ resource: 'db', protocol: 'postgres', sql: { statementKinds: ['DROP'] } }).ok, true);
  const r = validateOperation({ resource: 'db', protocol: 'ftp' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.errors[0]!.path, 'protocol');
});

test('loading YAML reports the file, document and every problem', () => {
  const text = [
    'apiVersion: agentgate.dev/v1alpha1\nkind: AgentPolicy\nmetadata: {name: a}\nspec: {selector: {}, resources: []}',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ignored}',
    'apiVersion: agentgate.dev/v1alpha1\nkind: ProtectedResource\nmetadata: {name: b}\nspec: {type: redis}',
  ].join('\n---\n');
  assert.throws(
    () => loadObjects(text, 'x.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof LoadError);
      assert.match(e.message, /x\.yaml: document 1 \(AgentPolicy a\)/);
      assert.match(e.message, /spec\.resources: Invalid value: \[\]: must NOT have fewer than 1 items/);
      assert.match(e.message, /x\.yaml: document 3 \(ProtectedResource b\)/);
      assert.match(e.message, /spec\.type: Unsupported value: "redis"/);
      assert.match(e.message, /spec\.endpoint: Required value/);
      return true;
    },
  );
  assert.throws(() => loadObjects('a: [1,', 'y.yaml'), /y\.yaml: document 1: YAML error/);
});

test('field paths render like kubectl', () => {
  assert.equal(toFieldPath('/spec/rules/0/match/sql'), 'spec.rules[0].match.sql');
  assert.equal(toFieldPath('/metadata/labels/app.kubernetes.io~1name'), 'metadata.labels["app.kubernetes.io/name"]');
  assert.equal(toFieldPath(''), '<root>');
});

test('examples are real YAML a user can read (comments allowed)', () => {
  const text = readFileSync(join(EXAMPLES, 'agentpolicy-support-agent.yaml'), 'utf8');
  assert.match(text, /^# /);
  assert.equal(loadObjects(text, 'support').length, 1);
});

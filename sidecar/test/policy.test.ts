import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  Rule as RuleSchema, check, loadFiles, toBundle,
  type AgentPolicy, type Operation, type ProtectedResource, type Rule,
} from '@agentgate/api';
import {
  BUILTIN_RULE_SETS, PolicyCompileError, compilePolicySet, evaluate, expandEntities, resolveMaskingPlan, compileGlobs,
} from '../src/policy/index.js';

const EXAMPLES = fileURLToPath(new URL('../../../crds/examples/', import.meta.url));

function resource(name: string, spec: Partial<ProtectedResource['spec']> = {}, type: ProtectedResource['spec']['type'] = 'postgres'): ProtectedResource {
  return {
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'ProtectedResource',
    metadata: { name, namespace: 'agents' },
    spec: { type, endpoint: { host: 'db', port: 5432 }, ...spec },
  };
}

function policy(name: string, spec: Partial<AgentPolicy['spec']> = {}): AgentPolicy {
  return {
    apiVersion: 'agentgate.dev/v1alpha1',
    kind: 'AgentPolicy',
    metadata: { name, namespace: 'agents' },
    spec: { selector: { matchLabels: { app: 'agent' } }, resources: [{ name: 'db' }], ...spec },
  };
}

const who = { namespace: 'agents', pod: 'agent-1', serviceAccount: 'agent', podLabels: { app: 'agent' } };

function sqlOp(kinds: string[], extra: Partial<NonNullable<Operation['sql']>> = {}, more: Partial<Operation> = {}): Operation {
  return { resource: 'db', protocol: 'postgres', identity: who, sql: { statementKinds: kinds as never, ...extra }, ...more };
}

function compileErrors(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PolicyCompileError, `expected PolicyCompileError, got ${String(e)}`);
    return e.problems.flatMap((p) => p.errors.map((fe) => `${p.subject}: ${fe.path}: ${fe.message}`));
  }
  assert.fail('expected compile to fail');
}

describe('rule ordering', () => {
  const rules: Rule[] = [
    { name: 'block-customers', match: { sql: { tables: ['public.customers'] } }, action: 'block' },
    { name: 'allow-selects', match: { sql: { statementKinds: ['SELECT'] } }, action: 'allow' },
  ];

  test('the first matching rule decides', () => {
    const set = compilePolicySet({ policies: [policy('p', { rules })], resources: [resource('db')] });
    const d = evaluate(set, sqlOp(['SELECT'], { tables: ['public.customers'] }));
    assert.equal(d.action, 'block');
    assert.equal(d.rule, 'p/block-customers');
    assert.equal(evaluate(set, sqlOp(['SELECT'], { tables: ['public.orders'] })).rule, 'p/allow-selects');
  });

  test('reordering the same rules flips the decision', () => {
    const set = compilePolicySet({ policies: [policy('p', { rules: [rules[1]!, rules[0]!] })], resources: [resource('db')] });
    const d = evaluate(set, sqlOp(['SELECT'], { tables: ['public.customers'] }));
    assert.equal(d.action, 'allow');
    assert.equal(d.rule, 'p/allow-selects');
  });

  test('policy rules, then resource rules, then built-in rules, then the default', () => {
    const res = resource('db', {
      rules: [{ name: 'res-hold-updates', match: { sql: { statementKinds: ['UPDATE'] } }, action: 'hold' }],
      defaultAction: 'mask',
    });
    const pol = policy('p', {
      rules: [{ name: 'migrations-may-drop', match: { sql: { statementKinds: ['DROP'], tables: ['public.tmp_*'] } }, action: 'allow' }],
      approval: { approverGroups: ['sre'] },
    });
    const set = compilePolicySet({ policies: [pol], resources: [res] });
    assert.equal(evaluate(set, sqlOp(['DROP'], { tables: ['public.tmp_import'] })).rule, 'p/migrations-may-drop');
    const drop = evaluate(set, sqlOp(['DROP'], { tables: ['public.customers'] }));
    assert.equal(drop.action, 'block');
    assert.equal(drop.rule, 'builtin:destructive/drop');
    assert.equal(drop.source, 'builtin');
    const upd = evaluate(set, sqlOp(['UPDATE'], { tables: ['public.orders'] }));
    assert.equal(upd.action, 'hold');
    assert.equal(upd.rule, 'resource:db/res-hold-updates');
    assert.deepEqual(upd.approval?.approverGroups, ['sre']);
    assert.equal(upd.approval?.timeoutSeconds, 900);
    const sel = evaluate(set, sqlOp(['SELECT']));
    assert.equal(sel.action, 'mask');
    assert.equal(sel.rule, null);
    assert.equal(sel.source, 'default');
  });

  test('builtinRules: [] turns the destructive set off', () => {
    const set = compilePolicySet({ policies: [policy('p')], resources: [resource('db', { builtinRules: [] })] });
    assert.equal(evaluate(set, sqlOp(['DROP'])).action, 'allow');
  });
});

describe('built-in destructive rule set', () => {
  const set = compilePolicySet({ policies: [policy('p')], resources: [resource('db')] });
  const cases: [string, Operation, string | null][] = [
    ['DROP', sqlOp(['DROP']), 'drop'],
    ['TRUNCATE', sqlOp(['TRUNCATE']), 'truncate'],
    ['DELETE without WHERE', sqlOp(['DELETE'], { unboundedWrite: true }), 'unbounded-write'],
    ['DELETE with WHERE', sqlOp(['DELETE'], { unboundedWrite: false }), null],
    ['ALTER … DROP', sqlOp(['ALTER', 'ALTER_DROP']), 'alter-drop'],
    ['ALTER … ADD', sqlOp(['ALTER']), null],
    ['GRANT', sqlOp(['GRANT']), 'privileges'],
    ['CREATE ROLE', sqlOp(['CREATE', 'CREATE_ROLE']), 'privileges'],
    ['ALTER … OWNER TO / DISABLE ROW LEVEL SECURITY', sqlOp(['ALTER', 'ALTER_SECURITY']), 'privileges'],
    ['lo_unlink', sqlOp(['SELECT'], { functions: ['pg_catalog.lo_unlink'] }), 'server-functions'],
    ['COPY PROGRAM', sqlOp(['COPY_TO', 'COPY_PROGRAM']), 'server-access'],
    ['pg_read_file', sqlOp(['SELECT'], { functions: ['pg_catalog.pg_read_file'] }), 'server-functions'],
    ['dblink_exec', sqlOp(['SELECT'], { functions: ['dblink_exec'] }), 'server-functions'],
    ['DO block', sqlOp(['DO'], { opaque: true }), 'opaque'],
    ['unparseable', sqlOp(['UNPARSEABLE']), 'unparseable'],
    ['plain SELECT', sqlOp(['SELECT'], { functions: ['lower'] }), null],
  ];
  for (const [label, op, rule] of cases) {
    test(label, () => {
      const d = evaluate(set, op);
      if (rule === null) {
        assert.equal(d.action, 'allow');
      } else {
        assert.equal(d.action, 'block');
        assert.equal(d.rule, `builtin:destructive/${rule}`);
        assert.ok(d.reason.length > 0);
      }
    });
  }

  test('every built-in rule is a valid Rule', () => {
    for (const [name, rules] of Object.entries(BUILTIN_RULE_SETS)) {
      for (const r of rules) assert.equal(check(RuleSchema, r).ok, true, `${name}/${r.name}`);
    }
  });
});

describe('access', () => {
  const res = [resource('db'), resource('llm', { endpoint: { host: 'api.openai.com', port: 443 } }, 'openai')];

  test('no policy for the pod means block', () => {
    const set = compilePolicySet({ policies: [policy('p')], resources: res });
    const d = evaluate(set, sqlOp(['SELECT'], {}, { identity: { ...who, podLabels: { app: 'other' } } }));
    assert.equal(d.action, 'block');
    assert.equal(d.source, 'access');
    assert.match(d.reason, /no AgentPolicy allows pod agents\/agent-1/);
  });

  test('a resource the policy does not list is refused', () => {
    const set = compilePolicySet({ policies: [policy('p')], resources: res });
    const d = evaluate(set, { resource: 'llm', protocol: 'openai', identity: who, llm: { model: 'gpt-4o' } });
    assert.equal(d.action, 'block');
    assert.equal(d.source, 'access');
  });

  test('policies in other namespaces do not apply', () => {
    const set = compilePolicySet({ policies: [policy('p')], resources: res });
    assert.equal(evaluate(set, sqlOp(['SELECT'], {}, { identity: { ...who, namespace: 'other' } })).source, 'access');
  });

  test('a service account outside the list is blocked', () => {
    const set = compilePolicySet({ policies: [policy('p', { identity: { serviceAccounts: ['support-*'] } })], resources: res });
    const d = evaluate(set, sqlOp(['SELECT']));
    assert.equal(d.action, 'block');
    assert.match(d.reason, /service account "agent" is not allowed/);
    assert.equal(evaluate(set, sqlOp(['SELECT'], {}, { identity: { ...who, serviceAccount: 'support-bot' } })).action, 'allow');
  });

  test('a required OIDC token must have been verified', () => {
    const set = compilePolicySet({
      policies: [policy('p', { identity: { oidc: { issuer: 'https://idp.example.com/', audiences: ['agentgate'] } } })],
      resources: res,
    });
    assert.match(evaluate(set, sqlOp(['SELECT'])).reason, /requires a verified OIDC token/);
    assert.equal(evaluate(set, sqlOp(['SELECT'], {}, { identity: { ...who, subject: 'alice' } })).action, 'allow');
  });

  test('selector expressions follow Kubernetes semantics', () => {
    const set = compilePolicySet({
      policies: [
        policy('p', {
          selector: {
            matchExpressions: [
              { key: 'tier', operator: 'In', values: ['agent', 'bot'] },
              { key: 'legacy', operator: 'DoesNotExist' },
              { key: 'env', operator: 'NotIn', values: ['prod'] },
            ],
          },
        }),
      ],
      resources: res,
    });
    const at = (labels: Record<string, string>) => evaluate(set, sqlOp(['SELECT'], {}, { identity: { ...who, podLabels: labels } })).source;
    assert.notEqual(at({ tier: 'bot' }), 'access');
    assert.notEqual(at({ tier: 'agent', env: 'dev' }), 'access');
    assert.equal(at({ tier: 'agent', env: 'prod' }), 'access');
    assert.equal(at({ tier: 'agent', legacy: 'yes' }), 'access');
    assert.equal(at({ tier: 'human' }), 'access');
  });

  test('when several policies apply the strictest wins and masking plans are unioned', () => {
    const a = policy('a', { masking: { entities: ['EMAIL'] } });
    const b = policy('b', {
      masking: { entities: ['CREDIT_CARD'], columns: [{ name: '*.ssn', style: 'null' }] },
      rules: [{ name: 'no-orders', match: { sql: { tables: ['orders'] } }, action: 'block' }],
    });
    const set = compilePolicySet({ policies: [a, b], resources: res });
    const ok = evaluate(set, sqlOp(['SELECT'], { tables: ['public.customers'] }));
    assert.equal(ok.action, 'allow');
    assert.deepEqual(ok.masking.entities, ['EMAIL', 'CREDIT_CARD']);
    assert.deepEqual(ok.masking.columns, [{ name: '*.ssn', style: 'null' }]);
    const blocked = evaluate(set, sqlOp(['SELECT'], { tables: ['public.orders'] }));
    assert.equal(blocked.action, 'block');
    assert.equal(blocked.rule, 'b/no-orders');
  });

  test('an operation of the wrong protocol for the resource is refused', () => {
    const set = compilePolicySet({ policies: [policy('p')], resources: res });
    const d = evaluate(set, { resource: 'db', protocol: 'http', identity: who, http: { method: 'GET', path: '/' } });
    assert.equal(d.action, 'block');
    assert.match(d.reason, /is postgres, not http/);
  });
});

describe('modes and actions', () => {
  test('audit mode records what would happen and allows', () => {
    const set = compilePolicySet({
      policies: [policy('p', { mode: 'audit', rules: [{ name: 'no-drops', match: { sql: { statementKinds: ['DROP'] } }, action: 'block' }] })],
      resources: [resource('db')],
    });
    const d = evaluate(set, sqlOp(['DROP']));
    assert.equal(d.action, 'allow');
    assert.equal(d.wouldBe, 'block');
    assert.equal(d.enforced, false);
    assert.equal(d.flagged, true);
    assert.equal(d.mode, 'audit');
    assert.equal(d.rule, 'p/no-drops');
    assert.match(d.reason, /^audit mode: would block/);
    assert.equal(evaluate(set, sqlOp(['SELECT'])).enforced, true);
  });

  test('audit mode relaxes identity failures too', () => {
    const set = compilePolicySet({ policies: [policy('p', { mode: 'audit', identity: { serviceAccounts: ['x'] } })], resources: [resource('db')] });
    const d = evaluate(set, sqlOp(['SELECT']));
    assert.equal(d.action, 'allow');
    assert.equal(d.wouldBe, 'block');
  });

  test('the audit action allows and flags', () => {
    const set = compilePolicySet({
      policies: [policy('p', { rules: [{ name: 'watch', match: { content: { patterns: ['(?i)salary'] } }, action: 'audit' }] })],
      resources: [resource('db')],
    });
    const d = evaluate(set, sqlOp(['SELECT'], {}, { text: 'SELECT SALARY FROM staff' }));
    assert.equal(d.action, 'allow');
    assert.equal(d.ruleAction, 'audit');
    assert.equal(d.flagged, true);
    assert.equal(evaluate(set, sqlOp(['SELECT'], {}, { text: 'SELECT 1' })).flagged, false);
  });

  test('content entities match detector findings, groups expanded', () => {
    const set = compilePolicySet({
      policies: [policy('p', { rules: [{ name: 'no-secrets-out', match: { content: { entities: ['SECRETS'] } }, action: 'block' }] })],
      resources: [resource('db')],
    });
    assert.equal(evaluate(set, sqlOp(['INSERT'], {}, { entities: ['AWS_ACCESS_KEY_ID'] })).action, 'block');
    assert.equal(evaluate(set, sqlOp(['INSERT'], {}, { entities: ['EMAIL'] })).action, 'allow');
  });

  test('HTTP, LLM, MCP and Kubernetes criteria', () => {
    const res = [
      resource('llm', { endpoint: { host: 'api.openai.com', port: 443 } }, 'openai'),
      resource('tools', { endpoint: { host: 'mcp', port: 80 } }, 'mcp'),
      resource('kube', { endpoint: { host: 'kubernetes.default.svc', port: 443 } }, 'kubernetes'),
    ];
    const pol = policy('p', {
      resources: [{ name: 'llm' }, { name: 'tools' }, { name: 'kube' }],
      rules: [
        { name: 'big-models', match: { llm: { models: ['o1*'] } }, action: 'block' },
        { name: 'admin-api', match: { http: { methods: ['DELETE'], paths: ['/v1/files/*'] } }, action: 'block' },
        { name: 'destructive-tools', match: { mcp: { tools: ['delete_*'] } }, action: 'block' },
        { name: 'secrets', match: { kubernetes: { resources: ['secrets'], verbs: ['get', 'list'] } }, action: 'block' },
        { name: 'exec', match: { kubernetes: { subresources: ['exec'] } }, action: 'block' },
      ],
    });
    const set = compilePolicySet({ policies: [pol], resources: res });
    const d = (op: Omit<Operation, 'identity'>) => evaluate(set, { ...op, identity: who }).rule;
    assert.equal(d({ resource: 'llm', protocol: 'openai', llm: { model: 'O1-preview' } }), 'p/big-models');
    assert.equal(d({ resource: 'llm', protocol: 'openai', llm: { model: 'gpt-4o-mini' } }), null);
    assert.equal(d({ resource: 'llm', protocol: 'openai', http: { method: 'DELETE', path: '/v1/files/abc' } }), 'p/admin-api');
    assert.equal(d({ resource: 'llm', protocol: 'openai', http: { method: 'GET', path: '/v1/files/abc' } }), null);
    assert.equal(d({ resource: 'tools', protocol: 'mcp', mcp: { method: 'tools/call', tool: 'delete_repo' } }), 'p/destructive-tools');
    assert.equal(d({ resource: 'tools', protocol: 'mcp', mcp: { method: 'tools/list' } }), null);
    assert.equal(d({ resource: 'kube', protocol: 'kubernetes', kubernetes: { verb: 'get', resource: 'secrets', apiGroup: '' } }), 'p/secrets');
    assert.equal(d({ resource: 'kube', protocol: 'kubernetes', kubernetes: { verb: 'create', resource: 'pods', subresource: 'exec' } }), 'p/exec');
    assert.equal(d({ resource: 'kube', protocol: 'kubernetes', kubernetes: { verb: 'get', resource: 'pods' } }), null);
  });
});

describe('compile errors name the field', () => {
  test('unknown resource references', () => {
    const errs = compileErrors(() =>
      compilePolicySet({
        policies: [policy('p', { resources: [{ name: 'db' }, { name: 'nope' }], rules: [{ name: 'r', match: { resources: ['ghost'] }, action: 'block' }] })],
        resources: [resource('db')],
      }),
    );
    assert.deepEqual(errs, [
      'AgentPolicy agents/p: spec.resources[1].name: Not found: ProtectedResource "nope" in namespace "agents"',
      'AgentPolicy agents/p: spec.rules[0].match.resources[0]: Not found: "ghost" is not listed in spec.resources',
    ]);
  });

  test('invalid or non-linear regular expressions', () => {
    const errs = compileErrors(() =>
      compilePolicySet({
        policies: [
          policy('p', {
            rules: [{ name: 'r', match: { content: { patterns: ['ok', '(a+'] } }, action: 'block' }],
            masking: { customPatterns: [{ name: 'EMP', pattern: '(\\d)\\1' }, { name: 'LOOK', pattern: 'x(?=y)' }] },
          }),
        ],
        resources: [resource('db')],
      }),
    );
    assert.equal(errs.length, 3);
    assert.match(errs[0]!, /spec\.rules\[0\]\.match\.content\.patterns\[1\]: Invalid value: "\(a\+": not a valid linear-time \(RE2\) pattern: missing \)/);
    assert.match(errs[1]!, /spec\.masking\.customPatterns\[0\]\.pattern: .*RE2/);
    assert.match(errs[2]!, /spec\.masking\.customPatterns\[1\]\.pattern: .*RE2/);
  });

  test('duplicate rule names', () => {
    const errs = compileErrors(() =>
      compilePolicySet({
        policies: [policy('p', { rules: [{ name: 'a', action: 'allow' }, { name: 'b', action: 'allow' }, { name: 'a', action: 'block' }] })],
        resources: [resource('db')],
      }),
    );
    assert.deepEqual(errs, ['AgentPolicy agents/p: spec.rules[2].name: Duplicate value: "a": rule names must be unique']);
  });

  test('hold with nobody to approve', () => {
    const errs = compileErrors(() =>
      compilePolicySet({ policies: [policy('p', { rules: [{ name: 'h', action: 'hold' }] })], resources: [resource('db')] }),
    );
    assert.match(errs[0]!, /spec\.rules\[0\]\.action: Invalid value: "hold": nobody could approve it/);
    const res = compileErrors(() => compilePolicySet({ policies: [policy('p')], resources: [resource('db', { defaultAction: 'hold' })] }));
    assert.match(res[0]!, /spec\.approval: Required value: ProtectedResource "db" can hold operations \(defaultAction hold\)/);
  });

  test('criteria that can never match the resource type', () => {
    const errs = compileErrors(() =>
      compilePolicySet({
        policies: [],
        resources: [resource('llm', { rules: [{ name: 'x', match: { sql: { statementKinds: ['DROP'] } }, action: 'block' }] }, 'openai')],
      }),
    );
    assert.match(errs[0]!, /ProtectedResource agents\/llm: spec\.rules\[0\]\.match: Invalid value: criteria for postgres can never match/);
  });

  test('durations, budgets, selectors and built-in sets', () => {
    const errs = compileErrors(() =>
      compilePolicySet({
        policies: [
          policy('p', {
            approval: { approvers: ['a'], timeout: '0s' },
            identity: { oidc: { issuer: 'https://i/', audiences: ['x'], clockSkew: '10m' } },
            budgets: [{ name: 'b', window: '1h' }],
            selector: { matchExpressions: [{ key: 'a', operator: 'In' }] },
          }),
        ],
        resources: [resource('db'), resource('web', { builtinRules: ['destructive'] }, 'http')],
      }),
    );
    assert.ok(errs.some((e) => /ProtectedResource agents\/web: spec\.builtinRules\[0\]: .*only applies to postgres/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /spec\.approval\.timeout: .*greater than 0/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /spec\.identity\.oidc\.clockSkew: .*at most 300s/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /spec\.budgets\[0\]: Required value/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /spec\.selector\.matchExpressions\[0\]\.values: Required value/.test(e)), errs.join('\n'));
  });

  test('references can be relaxed for admission-time checks', () => {
    const set = compilePolicySet({ policies: [policy('p', { resources: [{ name: 'later' }] })], resources: [] }, { strictReferences: false });
    assert.equal(set.policies.length, 1);
  });
});

describe('masking plan', () => {
  test('defaults: every detector, redact', () => {
    const p = resolveMaskingPlan([]);
    assert.equal(p.style, 'redact');
    assert.ok(p.entities.includes('CREDIT_CARD') && p.entities.includes('AWS_ACCESS_KEY_ID'));
  });

  test('the most specific level sets style and entities; lists accumulate most specific first', () => {
    const p = resolveMaskingPlan([
      { style: 'redact', entities: ['PII'], columns: [{ name: 'public.t.a', style: 'redact' }] },
      { columns: [{ name: 'public.t.b', style: 'null' }] },
      { style: 'hash', entities: ['EMAIL', 'SECRETS'], entityStyles: [{ entity: 'EMAIL', style: 'partial' }] },
    ]);
    assert.equal(p.style, 'hash');
    assert.ok(p.entities.includes('EMAIL') && p.entities.includes('JWT') && !p.entities.includes('IBAN'));
    assert.deepEqual(p.columns.map((c) => c.name), ['public.t.b', 'public.t.a']);
    assert.deepEqual(p.entityStyles, [{ entity: 'EMAIL', style: 'partial' }]);
  });

  test('an empty entity list turns detection off', () => {
    assert.deepEqual(resolveMaskingPlan([{ entities: [] }]).entities, []);
    assert.equal(expandEntities(['PII', 'EMAIL']).filter((e) => e === 'EMAIL').length, 1);
  });
});

describe('globs', () => {
  test('`*` spans dots, matching is anchored, case folding is opt-in', () => {
    const g = compileGlobs(['public.*', 'audit_?']);
    assert.ok(g('public.customers') && g('public.a.b') && g('audit_1'));
    assert.ok(!g('xpublic.customers') && !g('audit_10') && !g('Public.customers'));
    assert.ok(compileGlobs(['Public.*'], { caseInsensitive: true })('public.x'));
    assert.ok(compileGlobs(['a.b(c)+'])('a.b(c)+'), 'regex metacharacters are literal');
  });

  test('a bare table glob matches the unqualified name too', () => {
    const set = compilePolicySet({
      policies: [policy('p', { rules: [{ name: 'r', match: { sql: { tables: ['customers'] } }, action: 'block' }] })],
      resources: [resource('db')],
    });
    assert.equal(evaluate(set, sqlOp(['SELECT'], { tables: ['public.customers'] })).action, 'block');
    assert.equal(evaluate(set, sqlOp(['SELECT'], { tables: ['public.customers_archive'] })).action, 'allow');
  });
});

test('the example bundle compiles and blocks DROP TABLE by the named rule', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => join(EXAMPLES, f));
  const set = compilePolicySet(toBundle(loadFiles(files)));
  const op: Operation = {
    resource: 'orders-db',
    protocol: 'postgres',
    identity: { namespace: 'agents', pod: 'support-agent-1', serviceAccount: 'support-agent', podLabels: { app: 'support-agent' } },
    sql: { statementKinds: ['DROP'], tables: ['public.customers'] },
  };
  const d = evaluate(set, op);
  assert.equal(d.action, 'block');
  assert.equal(d.rule, 'support-agent/no-drop-tables');
  const hold = evaluate(set, { ...op, sql: { statementKinds: ['UPDATE'], tables: ['public.orders'] } });
  assert.equal(hold.action, 'hold');
  assert.deepEqual(hold.approval, { timeoutSeconds: 900, maxPending: 3, approverGroups: ['sre-oncall'], approvers: [], requireJustification: true });
});

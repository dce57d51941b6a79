import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import RE2 from 're2';
import { KIND_SPECS, manifestFileName, renderCrd, renderCrdYaml, toStructural } from '../src/index.js';
import { MANIFEST_DIRS } from '../src/gen/write-manifests.js';

type Node = Record<string, unknown>;

test('committed CRD YAML is what `make crds` generates (run `make crds` if this fails)', () => {
  for (const dir of MANIFEST_DIRS) {
    for (const k of KIND_SPECS) {
      const file = join(dir, manifestFileName(k));
      const committed = readFileSync(file, 'utf8');
      assert.equal(committed, renderCrdYaml(k), `${file} is out of date`);
    }
  }
});

test('rendering is deterministic', () => {
  for (const k of KIND_SPECS) assert.equal(renderCrdYaml(k), renderCrdYaml(k));
});

/** Walk every schema node with its path. */
function walk(node: Node, path: string, visit: (n: Node, p: string) => void): void {
  visit(node, path);
  for (const [k, v] of Object.entries((node.properties as Record<string, Node>) ?? {})) walk(v, `${path}.${k}`, visit);
  if (node.items) walk(node.items as Node, `${path}[]`, visit);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties as Node, `${path}.*`, visit);
}

for (const k of KIND_SPECS) {
  test(`${k.kind} CRD is a valid structural apiextensions.k8s.io/v1 definition`, () => {
    const crd = parse(renderCrdYaml(k)) as Node;
    assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1');
    const spec = crd.spec as Node;
    const names = spec.names as Node;
    assert.equal((crd.metadata as Node).name, `${k.plural}.agentgate.dev`);
    assert.equal(names.kind, k.kind);
    assert.ok((names.shortNames as string[]).length > 0, 'has short names');
    assert.equal(spec.scope, 'Namespaced');
    const versions = spec.versions as Node[];
    assert.equal(versions.length, 1);
    const v = versions[0]!;
    assert.deepEqual(v.subresources, { status: {} });
    const schema = (v.schema as Node).openAPIV3Schema as Node;

    walk(schema, '$', (n, p) => {
      assert.ok(typeof n.type === 'string', `${p}: every node needs a type`);
      assert.ok(!(n.properties && n.additionalProperties), `${p}: properties and additionalProperties are exclusive`);
      assert.ok(!('x-kubernetes-preserve-unknown-fields' in n), `${p}: no preserve-unknown-fields`);
      for (const banned of ['anyOf', 'oneOf', 'allOf', 'not', '$ref', 'const', 'patternProperties', '$id'] as const) {
        assert.ok(!(banned in n), `${p}: ${banned} is not allowed`);
      }
      if (typeof n.pattern === 'string') {
        // The API server evaluates patterns with Go's RE2-compatible engine.
        assert.doesNotThrow(() => new RE2(n.pattern as string), `${p}: pattern must be RE2`);
      }
      if (n['x-kubernetes-list-type'] === 'map') {
        const keys = n['x-kubernetes-list-map-keys'] as string[];
        const items = n.items as Node;
        for (const key of keys) assert.ok((items.required as string[] | undefined)?.includes(key), `${p}: map key ${key} must be required`);
      }
      const props = n.properties as Record<string, Node> | undefined;
      if (props && p !== '$') {
        for (const [name, child] of Object.entries(props)) {
          assert.ok(typeof child.description === 'string' && child.description.length > 0, `${p}.${name}: needs a description for kubectl explain`);
        }
      }
    });

    // Printer columns point at fields that exist.
    for (const col of v.additionalPrinterColumns as Node[]) {
      const jp = String(col.jsonPath);
      if (jp.startsWith('.metadata.')) continue;
      const fieldPath = jp.replace(/\[\?\(.*?\)\]/g, '[]').replace(/^\./, '').split('.');
      let cur: Node | undefined = schema;
      for (const seg of fieldPath) {
        const arr = seg.endsWith('[]');
        cur = (cur?.properties as Record<string, Node> | undefined)?.[arr ? seg.slice(0, -2) : seg];
        if (arr) cur = cur?.items as Node | undefined;
      }
      assert.ok(cur, `printer column ${String(col.name)} (${jp}) points at a missing field`);
    }
  });
}

test('the structural renderer refuses what a CRD cannot express', () => {
  assert.throws(() => toStructural({ anyOf: [{ type: 'string' }] }), /anyOf/);
  assert.throws(() => toStructural({ description: 'x' }), /type/);
  const r = toStructural({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false });
  assert.deepEqual(r, { type: 'object', properties: { a: { type: 'string' } } });
});

test('ApprovalRequest spec is immutable at the API server', () => {
  const crd = renderCrd(KIND_SPECS.find((k) => k.kind === 'ApprovalRequest')!) as Node;
  const spec = (((((crd.spec as Node).versions as Node[])[0]!.schema as Node).openAPIV3Schema as Node).properties as Record<string, Node>).spec!;
  assert.deepEqual(spec['x-kubernetes-validations'], [{ rule: 'self == oldSelf', message: 'spec is immutable' }]);
});

// Pure: turn a kind's JSON Schema into an apiextensions.k8s.io/v1 CustomResourceDefinition with a
// structural schema. The validators use the schemas as written; the API server gets this rendering.
import { stringify } from 'yaml';
import type { TSchema } from '@sinclair/typebox';
import { API_GROUP, API_VERSION, AgentPolicy, ApprovalRequest, ProtectedResource } from '../schemas/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean' | 'number';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindSpec {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  schema: TSchema;
  columns: PrinterColumn[];
}

const READY: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
  description: 'Ready condition status',
};
const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

export const KIND_SPECS: KindSpec[] = [
  {
    kind: 'AgentPolicy',
    plural: 'agentpolicies',
    singular: 'agentpolicy',
    shortNames: ['ap'],
    schema: AgentPolicy,
    columns: [
      { name: 'Mode', type: 'string', jsonPath: '.spec.mode', description: 'enforce or audit (empty means enforce)' },
      READY,
      { name: 'Pods', type: 'integer', jsonPath: '.status.matchedPods', description: 'Pods the selector matches' },
      { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
      AGE,
    ],
  },
  {
    kind: 'ProtectedResource',
    plural: 'protectedresources',
    singular: 'protectedresource',
    shortNames: ['pr'],
    schema: ProtectedResource,
    columns: [
      { name: 'Type', type: 'string', jsonPath: '.spec.type' },
      { name: 'Host', type: 'string', jsonPath: '.spec.endpoint.host' },
      { name: 'Port', type: 'integer', jsonPath: '.spec.endpoint.port' },
      READY,
      { name: 'Agents', type: 'integer', jsonPath: '.status.agents', description: 'Agent pods configured for it' },
      { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
      AGE,
    ],
  },
  {
    kind: 'ApprovalRequest',
    plural: 'approvalrequests',
    singular: 'approvalrequest',
    shortNames: ['ar'],
    schema: ApprovalRequest,
    columns: [
      { name: 'Resource', type: 'string', jsonPath: '.spec.resource' },
      { name: 'Pod', type: 'string', jsonPath: '.spec.agent.pod' },
      { name: 'Rule', type: 'string', jsonPath: '.spec.rule' },
      { name: 'Decision', type: 'string', jsonPath: '.status.conditions[?(@.status=="True")].type' },
      { name: 'By', type: 'string', jsonPath: '.status.decidedBy', priority: 1 },
      { name: 'Summary', type: 'string', jsonPath: '.spec.operation.summary', priority: 1 },
      { name: 'Expires', type: 'date', jsonPath: '.spec.expiresAt' },
      AGE,
    ],
  },
];

// Keywords a structural schema may carry. Anything else in a TypeBox schema is dropped.
const ALLOWED = new Set([
  'type', 'description', 'properties', 'items', 'required', 'enum', 'format', 'pattern', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'default', 'nullable', 'additionalProperties', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-validations', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'multipleOf',
  'minProperties', 'maxProperties',
]);

/** Structural rendering of one schema node. Throws on constructs a CRD cannot express. */
export function toStructural(node: JsonObject, path = '$'): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'patternProperties') {
      // TypeBox Record → map with typed values.
      const values = Object.values(v as JsonObject);
      if (values.length !== 1) throw new Error(`${path}: only single-pattern records render to a CRD`);
      out.additionalProperties = toStructural(values[0] as JsonObject, `${path}.*`);
      continue;
    }
    if (k === 'anyOf' || k === 'oneOf' || k === 'allOf' || k === 'not' || k === 'const' || k === '$ref') {
      throw new Error(`${path}: '${k}' cannot be rendered into a structural CRD schema; restructure the schema`);
    }
    if (!ALLOWED.has(k)) continue;
    if (k === 'additionalProperties') {
      // `false` is our "no unknown fields" marker; the API server prunes unknown fields and
      // `kubectl apply` (strict field validation) rejects them, so it is implied.
      if (v === false || v === true) continue;
      out.additionalProperties = toStructural(v as JsonObject, `${path}.*`);
      continue;
    }
    if (k === 'properties') {
      const props: JsonObject = {};
      for (const [pk, pv] of Object.entries(v as JsonObject)) props[pk] = toStructural(pv as JsonObject, `${path}.${pk}`);
      out.properties = props;
      continue;
    }
    if (k === 'items') {
      out.items = toStructural(v as JsonObject, `${path}[]`);
      continue;
    }
    out[k] = v;
  }
  if (out.type === undefined && !out['x-kubernetes-preserve-unknown-fields'] && !out['x-kubernetes-int-or-string']) {
    throw new Error(`${path}: structural schemas need a type on every node`);
  }
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  return out;
}

function rootSchema(schema: TSchema): JsonObject {
  const plain = JSON.parse(JSON.stringify(schema)) as JsonObject;
  const props = plain.properties as JsonObject;
  const root = toStructural({ ...plain, properties: { ...props, metadata: { type: 'object' } } });
  // apiVersion/kind are owned by the API server; at the root only `spec` is required.
  const rp = root.properties as JsonObject;
  rp.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  rp.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  rp.metadata = { type: 'object' };
  root.required = ['spec'];
  return root;
}

export function renderCrd(k: KindSpec): JsonObject {
  const columns = k.columns.map((c) => {
    const col: JsonObject = { name: c.name, type: c.type, jsonPath: c.jsonPath };
    if (c.description) col.description = c.description;
    if (c.priority) col.priority = c.priority;
    return col;
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${k.plural}.${API_GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'agentgate' },
    },
    spec: {
      group: API_GROUP,
      names: {
        kind: k.kind,
        listKind: `${k.kind}List`,
        plural: k.plural,
        singular: k.singular,
        shortNames: k.shortNames,
        categories: ['agentgate'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: API_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: columns,
          schema: { openAPIV3Schema: rootSchema(k.schema) },
        },
      ],
    },
  };
}

export const MANIFEST_HEADER =
  '# Generated by `make crds` from crds/src/schemas. Do not edit: change the schema and regenerate.\n';

export function renderCrdYaml(k: KindSpec): string {
  return MANIFEST_HEADER + stringify(renderCrd(k), { lineWidth: 0, minContentWidth: 0 });
}

export function manifestFileName(k: KindSpec): string {
  return `${API_GROUP}_${k.plural}.yaml`;
}

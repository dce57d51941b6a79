// Kubernetes label selector semantics (matchLabels AND matchExpressions); empty selects everything.
import type { LabelSelector } from '@agentgate/api';

export function compileSelector(sel: LabelSelector): (labels: Readonly<Record<string, string>>) => boolean {
  const exact = Object.entries(sel.matchLabels ?? {});
  const exprs = sel.matchExpressions ?? [];
  return (labels) => {
    for (const [k, v] of exact) if (labels[k] !== v) return false;
    for (const e of exprs) {
      const has = Object.hasOwn(labels, e.key);
      const val = labels[e.key];
      switch (e.operator) {
        case 'In':
          if (!has || !(e.values ?? []).includes(val!)) return false;
          break;
        case 'NotIn':
          if (has && (e.values ?? []).includes(val!)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
      }
    }
    return true;
  };
}

/** Field errors for selector constructs the schema cannot express (values vs operator). */
export function selectorErrors(sel: LabelSelector, path: string): { path: string; message: string }[] {
  const errs: { path: string; message: string }[] = [];
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const n = e.values?.length ?? 0;
    if ((e.operator === 'In' || e.operator === 'NotIn') && n === 0) {
      errs.push({ path: `${path}.matchExpressions[${i}].values`, message: `Required value: must be non-empty for operator ${e.operator}` });
    }
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && n > 0) {
      errs.push({ path: `${path}.matchExpressions[${i}].values`, message: `Forbidden: must be empty for operator ${e.operator}` });
    }
  });
  return errs;
}

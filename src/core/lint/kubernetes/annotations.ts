import type { RuleMeta } from '../types';
import type { ForeignSuppression } from '../yaml/suppress';
import type { KubeObject } from './model';

/**
 * Object-level pragmas of other linters (§9.3), mapped to our rules through their equivalents:
 * kube-linter `ignore-check.kube-linter.io/<check>` / `kube-linter.io/ignore-all`, kube-score
 * `kube-score/ignore: a,b`, Polaris `polaris.fairwinds.com/exempt` / `<check>-exempt`.
 */
export function foreignAnnotationSuppressions(objects: readonly KubeObject[]): ForeignSuppression[] {
  const out: ForeignSuppression[] = [];
  for (const obj of objects) {
    const { view } = obj;
    const annotationsNode = view.get(view.get(obj.root, 'metadata'), 'annotations');
    if (annotationsNode === undefined) {
      continue;
    }
    const annotations = view.entries(annotationsNode);
    if (annotations.length === 0) {
      continue;
    }
    const kl = new Set<string>();
    let klAll = false;
    const ks = new Set<string>();
    const po = new Set<string>();
    let poAll = false;
    for (const [key, pair] of annotations) {
      const value = view.str(pair.value) ?? '';
      if (key === 'kube-linter.io/ignore-all') {
        klAll = true;
      } else if (key.startsWith('ignore-check.kube-linter.io/')) {
        kl.add(key.slice('ignore-check.kube-linter.io/'.length));
      } else if (key === 'kube-score/ignore') {
        value.split(',').map((s) => s.trim()).filter((s) => s !== '').forEach((s) => ks.add(s));
      } else if (key === 'polaris.fairwinds.com/exempt' && value === 'true') {
        poAll = true;
      } else if (key.startsWith('polaris.fairwinds.com/') && key.endsWith('-exempt') && value === 'true') {
        po.add(key.slice('polaris.fairwinds.com/'.length, -'-exempt'.length));
      }
    }
    if (!klAll && kl.size === 0 && ks.size === 0 && !poAll && po.size === 0) {
      continue;
    }
    const matches = (meta: RuleMeta): boolean => {
      const e = meta.equivalents;
      return (
        (e.kubeLinter ?? []).some((c) => klAll || kl.has(c)) ||
        (e.kubeScore ?? []).some((c) => ks.has(c)) ||
        (e.polaris ?? []).some((c) => poAll || po.has(c))
      );
    };
    out.push({ from: obj.view.document.startLine, to: obj.view.document.endLine, matches });
  }
  return out;
}

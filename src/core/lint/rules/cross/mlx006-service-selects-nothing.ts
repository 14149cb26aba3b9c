import { appliedAsOneSet } from '../../cross/applied-together';
import { closestPod } from '../../cross/closest-pod';
import { podsAppliedAsOneSet } from '../../cross/kind-applied-with';
import type { LabelledPod } from '../../cross/kube';
import { appliedWithRemoteBase, helmChartMayLabel, labelledPods, mapSelects, namespaceUnwritten, objectsOfKind, podsSelectedBy, podsSelectedElsewhere, replacedField, selectsGeneratedLabels, serviceSelector } from '../../cross/kube';
import type { ObjectEntry } from '../../cross/model';
import { operatorPodLabels } from '../../cross/operator-pod-labels';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { TextEdit } from '../../types';

/**
 * Neither the Service's manifest nor a kustomization names its namespace, and a selected pod's manifest names none
 * either (a kustomization's `namespace:` moved it): applied with `kubectl apply -f`, both land in the same namespace.
 */
function appliedTogether(svc: ObjectEntry, elsewhere: readonly LabelledPod[]): boolean {
  return namespaceUnwritten(svc) && svc.namespace === 'default' && elsewhere.some((p) => namespaceUnwritten(p.entry));
}

function describe(pod: LabelledPod): string {
  return `${pod.entry.obj.kind ?? 'object'} ${pod.entry.obj.name ?? ''}`;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX006',
    name: 'service-selects-nothing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['dangling-service'], kubeScore: ['service-targets-pod'] },
    description: 'A Service selector matches no pod template in scope in its namespace.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const svc of objectsOfKind(ws, 'Service')) {
      const view = svc.obj.view;
      const selectorNode = view.at(svc.obj.root, ['spec', 'selector']);
      const selector = serviceSelector(svc);
      const range = view.rangeOfKey(svc.obj.root, ['spec', 'selector']);
      const pods = labelledPods(ws, svc.namespace);
      // Trap T22: a namespace with no workloads in scope is managed elsewhere.
      // A selector a kustomization's replacements write is not the one in the manifest.
      // The pods an operator runs for a Prometheus or an Alertmanager have no template in the manifests, nor do those of a
      // chart a HelmRelease or Argo CD Application renders (labelled with its release or chart name), nor those of a remote
      // kustomize base: aligning the selector with another workload would send the traffic to the wrong app.
      if (
        selector.size === 0 ||
        !range ||
        pods.length === 0 ||
        appliedWithRemoteBase(ws, svc) ||
        selectsGeneratedLabels(selector.keys()) ||
        replacedField(svc, 'spec.selector') ||
        podsSelectedBy(ws, svc.namespace, selector).length > 0 ||
        operatorPodLabels(ws, svc.namespace).some((labels) => mapSelects(selector, labels)) ||
        helmChartMayLabel(ws, svc.namespace, selector.values())
      ) {
        continue;
      }
      // Trap T22's evidence, and the workloads it may have meant: those applied as one set with the Service (its file, its
      // folder or its kustomize build), as when that set is linted alone. Another example's workloads, in the same
      // namespace by omission, say nothing of the pods this one selects: an operator's, a chart's.
      const applied = podsAppliedAsOneSet(ws, svc);
      if (applied.length === 0) {
        continue;
      }
      const wanted = [...selector].map(([k, v]) => `${k}=${v}`).join(',');
      const elsewhere = podsSelectedElsewhere(ws, svc.namespace, selector);
      if (appliedTogether(svc, elsewhere)) {
        continue;
      }
      const other = elsewhere.find((p) => appliedAsOneSet(ws, svc.path, p.entry.path)) ?? elsewhere[0];
      if (other) {
        out.push({
          path: svc.path,
          range,
          object: svc.obj,
          message: `Service ${svc.obj.name ?? ''} selects ${wanted}, which matches no pod template in namespace ${svc.namespace}, but ${describe(other)} in namespace ${other.entry.namespace} matches it; a Service only selects pods in its own namespace, so put them in the same one.`,
          related: { file: other.entry.path, range: other.pod.anchor, message: 'the workload the selector matches, in another namespace' },
        });
        continue;
      }
      const best = closestPod(applied, selector);
      const hint = best ? `; the closest workload is ${best.entry.obj.kind ?? 'object'} ${best.entry.obj.name ?? ''} with labels ${[...best.labels].map(([k, v]) => `${k}=${v}`).join(',')}` : '';
      // The fix rewrites values only when the closest workload has every selector key.
      const edits: TextEdit[] = [];
      if (best && [...selector.keys()].every((k) => best.labels.has(k))) {
        for (const [k, pair] of view.entries(selectorNode)) {
          const want = best.labels.get(k);
          const r = view.pairValueRange(pair);
          if (want !== undefined && r && want !== selector.get(k)) {
            edits.push({ range: r, newText: JSON.stringify(want) });
          }
        }
      }
      out.push({
        path: svc.path,
        range,
        object: svc.obj,
        message: `Service ${svc.obj.name ?? ''} selects ${wanted}, which matches no pod template in namespace ${svc.namespace}${hint}; align the selector with the workload's template labels.`,
        ...(best ? { related: { file: best.entry.path, range: best.pod.anchor, message: 'the closest workload' } } : {}),
        ...(edits.length > 0 ? { fix: { title: `Align the selector with ${best?.entry.obj.name ?? 'the closest workload'}`, edits } } : {}),
      });
    }
    return out;
  },
};

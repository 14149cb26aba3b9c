import { appliedWithRemoteBase, labelledPods, labelSelectorMatches, objectsOfKind } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX101',
    name: 'pod-not-covered-by-networkpolicy',
    family: 'security',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['non-isolated-pod'], kubeScore: ['pod-networkpolicy'], polaris: ['missingNetworkPolicy'] },
    description: 'A pod template is selected by no NetworkPolicy in scope in its namespace.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const p of labelledPods(ws)) {
      const policies = objectsOfKind(ws, 'NetworkPolicy', p.entry.namespace);
      // A remote kustomize base applied with the pods may hold their NetworkPolicy.
      if (appliedWithRemoteBase(ws, p.entry) || policies.some((np) => labelSelectorMatches(np.obj.view, np.obj.view.at(np.obj.root, ['spec', 'podSelector']), p.labels, np.kustomized?.selectorLabels) !== false)) {
        continue;
      }
      out.push({ path: p.entry.path, range: p.pod.anchor, object: p.entry.obj, message: `pods of ${p.entry.obj.kind ?? ''} ${p.entry.obj.name ?? ''} are selected by no NetworkPolicy in namespace ${p.entry.namespace}, so they accept traffic from anywhere; add a NetworkPolicy that selects them.` });
    }
    return out;
  },
};

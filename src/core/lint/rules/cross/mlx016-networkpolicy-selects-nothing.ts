import type { Node } from 'yaml';
import type { Labels } from '../../cross/kube';
import { isEmptySelector, labelledPods, labelsOf, labelSelectorMatches, objectsOfKind, selectsGeneratedLabels } from '../../cross/kube';
import { operatorPodLabels } from '../../cross/operator-pod-labels';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { Range } from '../../types';

export const rule: CrossRule = {
  meta: {
    id: 'MLX016',
    name: 'networkpolicy-selects-nothing',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['dangling-networkpolicy', 'dangling-networkpolicypeer-podselector'], kubeScore: ['networkpolicy-targets-pod'] },
    description: 'A non-empty NetworkPolicy podSelector (or peer podSelector) matches no pod template in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const np of objectsOfKind(ws, 'NetworkPolicy')) {
      const view = np.obj.view;
      const pods = labelledPods(ws, np.namespace);
      const operatorPods = operatorPodLabels(ws, np.namespace);
      if (pods.length === 0) {
        continue;
      }
      const selectors: { node: Node; range: Range; what: string }[] = [];
      const spec = view.get(np.obj.root, 'spec');
      const own = view.get(spec, 'podSelector');
      const ownRange = view.keyRange(spec, 'podSelector');
      if (own && ownRange) {
        selectors.push({ node: own, range: ownRange, what: 'podSelector' });
      }
      for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        for (const r of view.items(view.get(spec, dir))) {
          for (const peer of view.items(view.get(r, peersKey))) {
            const sel = view.get(peer, 'podSelector');
            const range = view.keyRange(peer, 'podSelector');
            // A peer with a namespaceSelector selects pods in other namespaces.
            if (sel && range && view.get(peer, 'namespaceSelector') === undefined) {
              selectors.push({ node: sel, range, what: `${dir} peer podSelector` });
            }
          }
        }
      }
      for (const s of selectors) {
        const keys = [...labelsOf(view, view.get(s.node, 'matchLabels')).keys(), ...view.items(view.get(s.node, 'matchExpressions')).map((e) => view.text(e, 'key') ?? '')];
        const matches = (labels: Labels): boolean => labelSelectorMatches(view, s.node, labels) !== false;
        if (isEmptySelector(view, s.node) || selectsGeneratedLabels(keys) || pods.some((p) => matches(p.labels)) || operatorPods.some(matches)) {
          continue;
        }
        out.push({ path: np.path, range: s.range, object: np.obj, message: `NetworkPolicy ${np.obj.name ?? ''} ${s.what} matches no pod template in namespace ${np.namespace} in scope; align it with the workloads' template labels.` });
      }
    }
    return out;
  },
};

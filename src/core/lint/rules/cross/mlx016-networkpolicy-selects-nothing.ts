import type { Node } from 'yaml';
import { podsAppliedAsOneSet } from '../../cross/kind-applied-with';
import type { Labels } from '../../cross/kube';
import { appliedWithRemoteBase, isEmptySelector, labelledPods, labelSelectorKeys, labelSelectorMatches, namespaceUnwritten, objectsOfKind, podsMatchedElsewhere, selectsGeneratedLabels, selectsHelmChartObjects } from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import { operatorPodLabels } from '../../cross/operator-pod-labels';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { Range } from '../../types';
import type { YamlView } from '../../yaml/access';

/**
 * Neither the policy's manifest nor a kustomization names its namespace, and a pod the selector matches names none
 * either (a kustomization's `namespace:` moved it): applied with `kubectl apply -f`, both land in the same namespace.
 */
function appliedTogether(ws: WorkspaceModel, np: ObjectEntry, selector: Node): boolean {
  return namespaceUnwritten(np) && np.namespace === 'default' && podsMatchedElsewhere(ws, np.namespace, np.obj.view, selector, np.kustomized?.selectorLabels).some((p) => namespaceUnwritten(p.entry));
}

/** A peer with a namespaceSelector and no podSelector: it selects whole namespaces. */
function namespaceOnlyPeer(view: YamlView, peer: Node): boolean {
  return view.get(peer, 'namespaceSelector') !== undefined && view.get(peer, 'podSelector') === undefined;
}

/**
 * What to do about a selector that matches nothing. A podSelector peer next to a namespaceSelector-only peer of the same
 * rule is most often one peer split in two by a stray `-`: the pair allows those namespaces' pods and this namespace's.
 */
function advice(splitPeer: boolean): string {
  return splitPeer
    ? 'if the pods run in the namespaces the namespaceSelector peer beside it selects, merge the two into one peer (drop the "-" before namespaceSelector); else align it with the workloads\' template labels.'
    : "align it with the workloads' template labels.";
}

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
      // A remote kustomize base applied with it may hold the pods it selects. Trap T22's evidence is the workloads applied
      // as one set with the policy (its file, folder or kustomize build): another example's, in the same namespace by
      // omission, say nothing of the pods this one selects.
      if (pods.length === 0 || appliedWithRemoteBase(ws, np) || podsAppliedAsOneSet(ws, np).length === 0) {
        continue;
      }
      const selectors: { node: Node; range: Range; what: string; splitPeer?: boolean }[] = [];
      const spec = view.get(np.obj.root, 'spec');
      const own = view.get(spec, 'podSelector');
      const ownRange = view.keyRange(spec, 'podSelector');
      if (own && ownRange) {
        selectors.push({ node: own, range: ownRange, what: 'podSelector' });
      }
      for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        for (const r of view.items(view.get(spec, dir))) {
          const peers = view.items(view.get(r, peersKey));
          const splitPeer = peers.some((p) => namespaceOnlyPeer(view, p));
          for (const peer of peers) {
            const sel = view.get(peer, 'podSelector');
            const range = view.keyRange(peer, 'podSelector');
            // A peer with a namespaceSelector selects pods in other namespaces.
            if (sel && range && view.get(peer, 'namespaceSelector') === undefined) {
              selectors.push({ node: sel, range, what: `${dir} peer podSelector`, splitPeer });
            }
          }
        }
      }
      for (const s of selectors) {
        const matches = (labels: Labels): boolean => labelSelectorMatches(view, s.node, labels, np.kustomized?.selectorLabels) !== false;
        if (isEmptySelector(view, s.node) || selectsGeneratedLabels(labelSelectorKeys(view, s.node)) || pods.some((p) => matches(p.labels)) || operatorPods.some(matches) || appliedTogether(ws, np, s.node) || selectsHelmChartObjects(ws, np.namespace, view, s.node)) {
          continue;
        }
        out.push({ path: np.path, range: s.range, object: np.obj, message: `NetworkPolicy ${np.obj.name ?? ''} ${s.what} matches no pod template in namespace ${np.namespace} in scope; ${advice(s.splitPeer === true)}` });
      }
    }
    return out;
  },
};

import type { KubernetesRule } from '../../kubernetes/rule';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { labelMap, selectorMatches } from './selectors';

const kinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK005',
    name: 'selector-template-mismatch',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {
      kubeLinter: ['mismatching-selector'],
      kubeScore: ['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels'],
    },
    description: "A workload's spec.selector does not select its own pod template labels.",
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || !kinds.has(obj.kind ?? '')) {
      return [];
    }
    const view = obj.view;
    const spec = view.get(obj.root, 'spec');
    if (obj.kind === 'Job' && view.bool(spec, 'manualSelector') !== true) {
      return [];
    }
    const selector = view.get(spec, 'selector');
    const metadata = view.at(spec, ['template', 'metadata']);
    if (!selector) {
      return [];
    }
    const labels = labelMap(view, metadata);
    if (selectorMatches(view, selector, labels) !== false) {
      return [];
    }
    const range = view.rangeOfKey(obj.root, ['spec', 'selector']);
    if (!range) {
      return [];
    }
    const missing = view.entries(view.get(selector, 'matchLabels')).filter(([k, p]) => labels.get(k) !== view.str(p.value) && !labels.has(k));
    const labelsMap = view.map(view.get(metadata, 'labels'));
    const edit = wantsFixes(ctx) && missing.length > 0 && labelsMap && !labelsMap.flow ? insertIntoMap(view, labelsMap, missing.map(([k, p]) => `${k}: ${view.str(p.value) ?? ''}`).join('\n')) : undefined;
    return [finding(range, `spec.selector does not match the pod template's labels, so the API server rejects this ${obj.kind ?? 'workload'}; make spec.template.metadata.labels carry every label the selector requires.`, edit ? { title: 'Add the missing labels to the template', edits: [edit] } : undefined)];
  },
};

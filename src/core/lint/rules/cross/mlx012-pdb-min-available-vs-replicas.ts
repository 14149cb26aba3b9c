import type { ObjectEntry } from '../../cross/model';
import { hpaTarget, labelledPods, labelSelectorMatches, objectsOfKind, replicasOf } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX012',
    name: 'pdb-min-available-vs-replicas',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { polaris: ['pdbMinAvailableGreaterThanHPAMinReplicas'], kubeLinter: ['pdb-min-available'] },
    description: "An absolute PDB minAvailable is at least the selected workload's replicas (or its HPA's minReplicas), so node drains block.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    const hpaByTarget = new Map<ObjectEntry, ObjectEntry>();
    for (const h of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const target = hpaTarget(ws, h);
      if (target && !hpaByTarget.has(target)) {
        hpaByTarget.set(target, h);
      }
    }
    for (const pdb of objectsOfKind(ws, 'PodDisruptionBudget')) {
      const view = pdb.obj.view;
      const minNode = view.scalar(view.at(pdb.obj.root, ['spec', 'minAvailable']));
      const range = view.rangeOfValue(pdb.obj.root, ['spec', 'minAvailable']);
      const selector = view.at(pdb.obj.root, ['spec', 'selector']);
      if (typeof minNode?.value !== 'number' || minNode.value <= 0 || !range || !selector) {
        continue;
      }
      const min = minNode.value;
      const seen = new Set<unknown>();
      for (const p of labelledPods(ws, pdb.namespace)) {
        if (seen.has(p.entry) || labelSelectorMatches(view, selector, p.labels) !== true) {
          continue;
        }
        seen.add(p.entry);
        const hpa = hpaByTarget.get(p.entry);
        const hpaMin = hpa ? hpa.obj.view.scalar(hpa.obj.view.at(hpa.obj.root, ['spec', 'minReplicas']))?.value ?? 1 : undefined;
        const replicas = typeof hpaMin === 'number' ? hpaMin : replicasOf(p.entry);
        if (replicas === undefined || min < replicas) {
          continue;
        }
        const what = typeof hpaMin === 'number' ? `its HPA's minReplicas (${replicas})` : `its replicas (${replicas})`;
        out.push({
          path: pdb.path,
          range,
          object: pdb.obj,
          message: `minAvailable ${min} is not below ${what} of ${p.entry.obj.kind ?? ''} ${p.entry.obj.name ?? ''}, so no pod may ever be evicted and node drains block; lower minAvailable or use maxUnavailable: 1.`,
          related: { file: p.entry.path, range: p.entry.obj.anchor, message: 'the selected workload' },
        });
      }
    }
    return out;
  },
};

import { labelledPods, labelSelectorMatches, objectsOfKind, replicasOf } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX503',
    name: 'pdb-missing',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'], polaris: ['missingPodDisruptionBudget'] },
    description: 'A Deployment or StatefulSet with 2 or more replicas is selected by no PodDisruptionBudget in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const p of labelledPods(ws)) {
      const kind = p.entry.obj.kind;
      const replicas = replicasOf(p.entry);
      if ((kind !== 'Deployment' && kind !== 'StatefulSet') || replicas === undefined || replicas < 2) {
        continue;
      }
      const pdbs = objectsOfKind(ws, 'PodDisruptionBudget', p.entry.namespace);
      if (pdbs.some((pdb) => labelSelectorMatches(pdb.obj.view, pdb.obj.view.at(pdb.obj.root, ['spec', 'selector']), p.labels) !== false)) {
        continue;
      }
      const range = p.entry.obj.view.rangeOfKey(p.entry.obj.root, ['spec', 'replicas']) ?? p.entry.obj.anchor;
      out.push({ path: p.entry.path, range, object: p.entry.obj, message: `${kind} ${p.entry.obj.name ?? ''} runs ${replicas} replicas but no PodDisruptionBudget selects it, so a node drain may evict them all at once; add a PDB (e.g. maxUnavailable: 1).` });
    }
    return out;
  },
};

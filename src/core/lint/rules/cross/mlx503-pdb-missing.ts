import { appliedWithRemoteBase, labelledPods, labelsOf, labelSelectorMatches, objectsOfKind, replicasOf } from '../../cross/kube';
import { appendDocument, flowLabels } from '../../cross/yaml-stub';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX503',
    name: 'pdb-missing',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: true,
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
      // A remote kustomize base applied with the pods may hold their PDB.
      if (appliedWithRemoteBase(ws, p.entry) || pdbs.some((pdb) => labelSelectorMatches(pdb.obj.view, pdb.obj.view.at(pdb.obj.root, ['spec', 'selector']), p.labels, pdb.kustomized?.selectorLabels) !== false)) {
        continue;
      }
      const range = p.entry.obj.view.rangeOfKey(p.entry.obj.root, ['spec', 'replicas']) ?? p.entry.obj.anchor;
      const view = p.entry.obj.view;
      const matchLabels = labelsOf(view, view.at(p.entry.obj.root, ['spec', 'selector', 'matchLabels']));
      const selector = matchLabels.size > 0 ? matchLabels : p.labels;
      const name = p.entry.obj.name ?? 'workload';
      const namespace = p.entry.obj.namespace !== undefined ? `\n  namespace: ${JSON.stringify(p.entry.obj.namespace)}` : '';
      const stub = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${JSON.stringify(`${name}-pdb`)}${namespace}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: ${flowLabels(selector)}\n`;
      out.push({
        path: p.entry.path,
        range,
        object: p.entry.obj,
        message: `${kind} ${p.entry.obj.name ?? ''} runs ${replicas} replicas but no PodDisruptionBudget selects it, so a node drain may evict them all at once; add a PDB (e.g. maxUnavailable: 1).`,
        ...(selector.size > 0 ? { fix: { title: 'Add a PodDisruptionBudget (maxUnavailable: 1)', edits: [appendDocument(p.entry.file, stub)] } } : {}),
      });
    }
    return out;
  },
};

import type { Node } from 'yaml';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import { podsAppliedAsOneSet } from '../../cross/kind-applied-with';
import { hpaTarget, labelSelectorMatches, objectsOfKind, replicasOf } from '../../cross/kube';
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
    description: "An absolute PDB minAvailable is at least the pods of the workloads it selects (their replicas, or their HPAs' minReplicas, summed), so node drains block.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    // An HPA scales the workload it names among those applied with it: another example's namesake is not it.
    const hpaByTarget = new Map<ObjectEntry, ObjectEntry>();
    for (const h of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const target = hpaTarget(ws, h, 'applied');
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
      const selected = selectedWorkloads(ws, pdb, selector);
      const counts = selected.map((w) => podCount(w, hpaByTarget.get(w)));
      // The budget counts every pod it selects: only the sum of the workloads' pods can be too few.
      if (selected.length === 0 || counts.some((c) => c === undefined)) {
        continue;
      }
      const total = counts.reduce<number>((sum, c) => sum + (c?.replicas ?? 0), 0);
      if (min < total) {
        continue;
      }
      const first = selected[0]!;
      const what = selected.length === 1 ? `${counts[0]!.what} of ${nameOf(first)}` : `the ${total} pods of the workloads it selects (${selected.map(nameOf).join(', ')})`;
      out.push({
        path: pdb.path,
        range,
        object: pdb.obj,
        message: `minAvailable ${min} is not below ${what}, so no pod may ever be evicted and node drains block; lower minAvailable or use maxUnavailable: 1.`,
        related: { file: first.path, range: first.obj.anchor, message: 'the selected workload' },
      });
    }
    return out;
  },
};

/**
 * The workloads whose pods the budget's selector matches, each once: those applied as one set with it (its file, its
 * folder or its kustomize build). Another example's, in the same namespace by omission, say nothing of its pods.
 */
function selectedWorkloads(ws: WorkspaceModel, pdb: ObjectEntry, selector: Node | undefined): ObjectEntry[] {
  const view = pdb.obj.view;
  const out: ObjectEntry[] = [];
  for (const p of podsAppliedAsOneSet(ws, pdb)) {
    if (!out.includes(p.entry) && labelSelectorMatches(view, selector, p.labels, pdb.kustomized?.selectorLabels) === true) {
      out.push(p.entry);
    }
  }
  return out;
}

/** How many pods a workload keeps at least: its HPA's minReplicas, else its replicas; undefined when unknown. */
function podCount(workload: ObjectEntry, hpa: ObjectEntry | undefined): { replicas: number; what: string } | undefined {
  if (hpa) {
    const hpaMin = hpa.obj.view.scalar(hpa.obj.view.at(hpa.obj.root, ['spec', 'minReplicas']))?.value ?? 1;
    return typeof hpaMin === 'number' ? { replicas: hpaMin, what: `its HPA's minReplicas (${hpaMin})` } : undefined;
  }
  const replicas = replicasOf(workload);
  return replicas === undefined ? undefined : { replicas, what: `its replicas (${replicas})` };
}

function nameOf(entry: ObjectEntry): string {
  return `${entry.obj.kind ?? ''} ${entry.obj.name ?? ''}`;
}

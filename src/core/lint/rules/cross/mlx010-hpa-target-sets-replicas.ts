import type { Scaler } from '../../cross/kube';
import { scaledWorkloads } from '../../cross/kube';
import { replicaSettersAppliedWith } from '../../cross/kustomize-replica-setters';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { isControllerOwned } from '../../kubernetes/model';

function describe(scaler: Scaler): string {
  return scaler.entry.obj.kind === 'ScaledObject' ? `ScaledObject ${scaler.entry.obj.name ?? ''} (through the HPA KEDA makes)` : `HPA ${scaler.entry.obj.name ?? ''}`;
}

/** The workload's manifest sets spec.replicas: flagged there, with a fix that removes the line. */
function manifestSetsReplicas(target: ObjectEntry, scaler: Scaler): CrossFinding | undefined {
  const view = target.obj.view;
  const range = view.rangeOfKey(target.obj.root, ['spec', 'replicas']);
  if (!range) {
    return undefined;
  }
  const line = range.start.line;
  return {
    path: target.path,
    range,
    object: target.obj,
    message: `${target.obj.kind ?? 'the workload'} ${target.obj.name ?? ''} is scaled by ${describe(scaler)} but sets spec.replicas, so every apply resets the scale; remove replicas and let the autoscaler own it.`,
    related: { file: scaler.entry.path, range: scaler.entry.obj.anchor, message: 'the autoscaler that scales this workload' },
    fix: { title: 'Remove spec.replicas', edits: [{ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' }] },
  };
}

/** A kustomization applied with the autoscaler sets the workload's spec.replicas (`replicas:`, a patch): flagged at the autoscaler's reference. */
function buildSetsReplicas(ws: WorkspaceModel, target: ObjectEntry, scaler: Scaler): CrossFinding | undefined {
  const view = scaler.entry.obj.view;
  const range = view.valueRange(view.at(scaler.entry.obj.root, ['spec', 'scaleTargetRef']), 'name');
  const setters = range ? replicaSettersAppliedWith(ws.kustomize, target, scaler.entry) : [];
  if (!range || setters.length === 0) {
    return undefined;
  }
  const where = setters.map((dir) => `the kustomization in ${dir === '' ? 'the workspace root' : `${dir}/`}`).join(' and ');
  return {
    path: scaler.entry.path,
    range,
    object: scaler.entry.obj,
    message: `${where} set${setters.length > 1 ? '' : 's'} spec.replicas of ${target.obj.kind ?? 'the workload'} ${target.obj.name ?? ''} (a replicas: entry or a patch) in the build that applies ${describe(scaler)}, so every apply resets the scale it chose; remove that entry and let the autoscaler own replicas.`,
    related: { file: target.path, range: target.obj.anchor, message: 'the workload whose replicas the kustomization sets' },
  };
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX010',
    name: 'hpa-target-sets-replicas',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeScore: ['deployment-targeted-by-hpa-does-not-have-replicas-configured'] },
    description: "A workload targeted by an HPA (or a KEDA ScaledObject) sets spec.replicas, in its manifest or through a kustomization applied with the autoscaler, so every apply resets the scale.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const [target, scalers] of scaledWorkloads(ws)) {
      // A controller's object (a kubectl export) holds the replicas its owner or the HPA wrote; nobody applies it.
      const first = scalers[0];
      if (!first || isControllerOwned(target.obj)) {
        continue;
      }
      const own = manifestSetsReplicas(target, first);
      if (own) {
        out.push(own);
        continue;
      }
      for (const scaler of scalers) {
        const finding = buildSetsReplicas(ws, target, scaler);
        if (finding) {
          out.push(finding);
        }
      }
    }
    return out;
  },
};

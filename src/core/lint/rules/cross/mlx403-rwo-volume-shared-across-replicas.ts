import { isArgoWorkflow } from '../../kubernetes/argo-workflow-pods';
import { goesBy, objectsInNamespace, objectsOfKind, podReplicas, replacedField, scalableKinds, scalersOf } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

const singleNodeModes = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

export const rule: CrossRule = {
  meta: {
    id: 'MLX403',
    name: 'rwo-volume-shared-across-replicas',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A ReadWriteOnce PVC is mounted by a workload with more than one replica or worker (or an HPA or KEDA ScaledObject that can scale it past one); pods on other nodes hang with a Multi-Attach error.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const pvc of objectsOfKind(ws, 'PersistentVolumeClaim')) {
      const pview = pvc.obj.view;
      const modes = pview.items(pview.at(pvc.obj.root, ['spec', 'accessModes'])).map((m) => pview.str(m) ?? '');
      if (modes.length === 0 || !modes.every((m) => singleNodeModes.has(m))) {
        continue;
      }
      for (const entry of objectsInNamespace(ws, pvc.namespace)) {
        // An Argo workflow's templates are steps, often run one after another: their pods need not hold the volume at once.
        if (entry.obj.kind === 'PersistentVolumeClaim' || isArgoWorkflow(entry.obj)) {
          continue;
        }
        const view = entry.obj.view;
        let pods = 0;
        let first;
        for (const pod of entry.obj.podSpecs) {
          // Pods pinned to one node can share a ReadWriteOnce volume.
          if (view.get(pod.spec, 'nodeName') !== undefined || view.at(pod.spec, ['nodeSelector', 'kubernetes.io/hostname']) !== undefined) {
            continue;
          }
          for (const vol of view.items(view.get(pod.spec, 'volumes'))) {
            const claim = view.get(vol, 'persistentVolumeClaim');
            const claimName = view.text(claim, 'claimName');
            if (claimName !== undefined && goesBy(pvc, claimName)) {
              pods += podReplicas(entry, pod);
              first ??= view.valueRange(claim, 'claimName');
            }
          }
        }
        if (!first) {
          continue;
        }
        // An HPA (or a KEDA ScaledObject) scales the workload out to its maximum whatever `replicas` says.
        const scaler = pods === 1 && scalableKinds.has(entry.obj.kind ?? '') ? scalersOf(ws, entry).find((s) => s.max !== undefined && s.max > 1) : undefined;
        // A kustomization sets the replicas (`replicas:`, a patch): the count written here is not the one applied.
        if ((pods <= 1 || replacedField(entry, 'spec.replicas')) && !scaler) {
          continue;
        }
        const runs = scaler ? `is scaled up to ${scaler.max ?? ''} pods by ${scaler.entry.obj.kind ?? ''} ${scaler.entry.obj.name ?? ''}, which all mount it` : `runs ${pods} pods that mount it`;
        out.push({
          path: entry.path,
          range: first,
          object: entry.obj,
          message: `PVC ${pvc.obj.name ?? ''} is ${modes.join('/')} but ${entry.obj.kind ?? ''} ${entry.obj.name ?? ''} ${runs}; pods on other nodes stay in ContainerCreating with a Multi-Attach error. Use ReadWriteMany storage or per-pod volumes.`,
          related: { file: pvc.path, range: pvc.obj.anchor, message: 'the ReadWriteOnce claim' },
        });
      }
    }
    return out;
  },
};

import { hasKindIn, helmChartMayMake, hpaTarget, indexKind, objectAppliedTogether, objectsOfKind, replacedField } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX009',
    name: 'hpa-target-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['dangling-horizontalpodautoscaler'], kubeScore: ['horizontalpodautoscaler-has-target'] },
    description: "An HPA's scaleTargetRef names no workload in scope.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const hpa of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const view = hpa.obj.view;
      const ref = view.at(hpa.obj.root, ['spec', 'scaleTargetRef']);
      const written = view.text(ref, 'kind');
      const kind = written === undefined ? undefined : indexKind(written, view.text(ref, 'apiVersion'));
      const range = view.valueRange(ref, 'name');
      // A target a kustomization's replacements write is not the one in the manifest.
      if (kind === undefined || !range || !hasKindIn(ws, kind, hpa.namespace) || replacedField(hpa, 'spec.scaleTargetRef.name') || hpaTarget(ws, hpa)) {
        continue;
      }
      // A chart rendered into the namespace by a kustomization, a Flux HelmRelease or an Argo CD Application makes its
      // workloads out of scope: a name made of the release's is most likely one of them.
      const name = view.text(ref, 'name') ?? '';
      if (objectAppliedTogether(ws, hpa, kind, name) || helmChartMayMake(ws, hpa.namespace, name)) {
        continue;
      }
      const names = objectsOfKind(ws, kind, hpa.namespace).map((o) => o.obj.name).filter((n) => n !== undefined);
      out.push({ path: hpa.path, range, object: hpa.obj, message: `scaleTargetRef names ${written ?? ''} "${name}", which is not in namespace ${hpa.namespace} in scope (found: ${names.join(', ')}); point it at the workload to scale.` });
    }
    return out;
  },
};

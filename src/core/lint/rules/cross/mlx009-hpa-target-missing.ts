import type { Node } from 'yaml';
import { objectsAppliedAsOneSet } from '../../cross/kind-applied-with';
import { appliedWithRemoteBase, hasKindIn, helmChartMayMake, indexKind, objectAppliedTogether, objectNamed, objectsOfKind, replacedField } from '../../cross/kube';
import { hpaTargetRenamed, unrenamedAdvice, unrenamedReference } from '../../cross/kustomize-unrenamed';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';

/** An autoscaler's reference to the workload it scales. */
interface TargetRef {
  entry: ObjectEntry;
  ref: Node | undefined;
  /** Its key under `spec`. */
  key: 'scaleTargetRef' | 'targetRef';
  /** The kind as written, or the default (KEDA's is an apps/v1 Deployment). */
  kind: string | undefined;
  apiVersion: string | undefined;
  /** How a message names the field, for a reference kustomize does not rewrite. */
  field: string;
}

/** The scale targets of the HPAs, KEDA ScaledObjects and VPAs in scope. */
function targetRefs(ws: WorkspaceModel): TargetRef[] {
  const at = (entry: ObjectEntry, key: TargetRef['key']) => entry.obj.view.at(entry.obj.root, ['spec', key]);
  const out: TargetRef[] = objectsOfKind(ws, 'HorizontalPodAutoscaler').map((entry) => {
    const ref = at(entry, 'scaleTargetRef');
    return { entry, ref, key: 'scaleTargetRef', kind: entry.obj.view.text(ref, 'kind'), apiVersion: entry.obj.view.text(ref, 'apiVersion'), field: "an HPA's scaleTargetRef to that kind" };
  });
  for (const entry of objectsOfKind(ws, 'ScaledObject')) {
    const ref = at(entry, 'scaleTargetRef');
    if (apiGroupOf(entry.obj.apiVersion) === 'keda.sh') {
      const view = entry.obj.view;
      out.push({ entry, ref, key: 'scaleTargetRef', kind: view.text(ref, 'kind') ?? 'Deployment', apiVersion: view.text(ref, 'apiVersion') ?? 'apps/v1', field: "a KEDA ScaledObject's scaleTargetRef" });
    }
  }
  for (const entry of objectsOfKind(ws, 'VerticalPodAutoscaler')) {
    const ref = at(entry, 'targetRef');
    if (apiGroupOf(entry.obj.apiVersion) === 'autoscaling.k8s.io') {
      out.push({ entry, ref, key: 'targetRef', kind: entry.obj.view.text(ref, 'kind'), apiVersion: entry.obj.view.text(ref, 'apiVersion'), field: "a VPA's targetRef" });
    }
  }
  return out;
}

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
    description: "An HPA's scaleTargetRef (or a KEDA ScaledObject's, or a VPA's targetRef) names no workload in scope, or one kustomize renames without rewriting the reference.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const { entry, ref, key, kind: written, apiVersion, field } of targetRefs(ws)) {
      const view = entry.obj.view;
      const kind = written === undefined ? undefined : indexKind(written, apiVersion);
      const range = view.valueRange(ref, 'name');
      const name = view.text(ref, 'name');
      // A target a kustomization's replacements write is not the one in the manifest.
      if (kind === undefined || name === undefined || !range || !hasKindIn(ws, kind, entry.namespace) || replacedField(entry, `spec.${key}.name`)) {
        continue;
      }
      const target = objectNamed(ws, kind, entry.namespace, name, entry);
      const renamed = target && !(entry.obj.kind === 'HorizontalPodAutoscaler' && hpaTargetRenamed(written ?? '')) ? unrenamedReference(entry, target, name) : undefined;
      if (renamed) {
        out.push({ path: entry.path, range, object: entry.obj, message: `${key} names ${written ?? ''} "${name}": ${unrenamedAdvice(field, name, renamed)}` });
        continue;
      }
      // A chart rendered into the namespace by a kustomization, a Flux HelmRelease or an Argo CD Application makes its
      // workloads out of scope: a name made of the release's is most likely one of them. So may a remote kustomize base.
      if (target || appliedWithRemoteBase(ws, entry) || objectAppliedTogether(ws, entry, kind, name) || helmChartMayMake(ws, entry.namespace, name)) {
        continue;
      }
      // Trap T22's evidence: workloads applied as one set with the autoscaler (its file, folder or kustomize build).
      const applied = objectsAppliedAsOneSet(ws, entry, kind);
      if (applied.length === 0) {
        continue;
      }
      const names = applied.map((o) => o.obj.name).filter((n) => n !== undefined);
      out.push({ path: entry.path, range, object: entry.obj, message: `${key} names ${written ?? ''} "${name}", which is not in namespace ${entry.namespace} in scope (found: ${names.join(', ')}); point it at the workload to scale.` });
    }
    return out;
  },
};

import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { isArgoWorkflow } from '../../kubernetes/argo-workflow-pods';
import { podFieldPatched } from '../../kubernetes/kustomize-patched-fields';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { podUsesOwnToken } from './pod-uses-own-token';
import { fileBindsServiceAccountNear } from './service-account-bindings';

const rayKinds = new Set(['RayCluster', 'RayJob', 'RayService']);

/** The pod's ServiceAccount fields, which a kustomize patch over the file may set (an overlay's own ServiceAccount). */
const serviceAccountFields = ['serviceAccountName', 'serviceAccount', 'automountServiceAccountToken'];

/**
 * The head of a KubeRay cluster with in-tree autoscaling: KubeRay runs the autoscaler beside it, which calls the API, under
 * a ServiceAccount it creates for the cluster (named after it) when the head names none.
 */
function autoscalingRayHead(obj: KubeObject, pod: PodSpecRef): boolean {
  if (pod.role !== 'head' || !rayKinds.has(obj.kind ?? '') || apiGroupOf(obj.apiVersion) !== 'ray.io') {
    return false;
  }
  const clusterSpec = obj.view.at(obj.view.root, pod.path.slice(0, -3));
  return obj.view.bool(clusterSpec, 'enableInTreeAutoscaling') === true;
}

/**
 * The launcher of a training-operator (kubeflow.org/v1) MPIJob: the operator gives it a ServiceAccount of its own with
 * pods/exec rights when it names none, and mpirun starts the ranks through `kubectl exec` with that token.
 */
function mpiLauncher(obj: KubeObject, pod: PodSpecRef): boolean {
  return obj.kind === 'MPIJob' && /^kubeflow\.org\/v1(?:alpha[12])?$/.test(obj.apiVersion ?? '') && pod.role?.toLowerCase() === 'launcher';
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK120',
    name: 'service-account-token-automount',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { polaris: ['automountServiceAccountToken'] },
    description: 'The pod uses the default ServiceAccount and does not set automountServiceAccountToken: false.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // Argo's executor in every workflow pod calls the API with the pod's token; Argo rejects automountServiceAccountToken: false without executor.serviceAccountName.
    if (obj && isArgoWorkflow(obj)) {
      return out;
    }
    // A KServe (Cluster)ServingRuntime's pod spec has no service account fields: the InferenceService's predictor (or ModelMesh) sets them.
    if (obj && (obj.kind === 'ServingRuntime' || obj.kind === 'ClusterServingRuntime') && apiGroupOf(obj.apiVersion) === 'serving.kserve.io') {
      return out;
    }
    // Only a kustomization that patches fields can patch the service account ones (most files are built by none).
    const patchesFields = (ctx.kustomizeBuild?.patchedFields?.length ?? 0) > 0;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      const view = obj.view;
      const sa = view.text(pod.spec, 'serviceAccountName') ?? view.text(pod.spec, 'serviceAccount') ?? 'default';
      if (sa !== 'default' || view.bool(pod.spec, 'automountServiceAccountToken') === false || autoscalingRayHead(obj, pod) || mpiLauncher(obj, pod) || podUsesOwnToken(view, pod) || (patchesFields && serviceAccountFields.some((f) => podFieldPatched(ctx.kustomizeBuild, obj, pod, f)))) {
        continue;
      }
      // Turning the token off would not fix a pod that should run as the ServiceAccount its file grants a role to.
      if (fileBindsServiceAccountNear(obj)) {
        break;
      }
      const edit = wantsFixes(ctx) && view.get(pod.spec, 'automountServiceAccountToken') === undefined ? insertIntoMap(view, pod.spec, 'automountServiceAccountToken: false') : undefined;
      out.push(finding(pod.anchor, 'This pod mounts the default ServiceAccount token though it likely needs no API access; set automountServiceAccountToken: false.', edit ? { title: 'Set automountServiceAccountToken: false', edits: [edit] } : undefined));
    }
    return out;
  },
};

import { appliedAsOneSet } from '../../cross/applied-together';
import { closestPod } from '../../cross/closest-pod';
import { podsAppliedAsOneSet } from '../../cross/kind-applied-with';
import type { Labels, LabelledPod } from '../../cross/kube';
import {
  appliedWithRemoteBase,
  helmChartMayLabel,
  labelledPods,
  namespaceUnwritten,
  objectsInNamespace,
  objectsOfKind,
  podsSelectedBy,
  podsSelectedElsewhere,
  replacedField,
  selectsGeneratedLabels,
} from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { isServingContainer } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { isTemplatePlaceholder } from '../../placeholders';
import { missingEndpointPicker } from './mlx019-endpoint-picker-missing';
import { readInferencePool } from './mlx019-inference-pool-api';

/** The API groups of the workloads whose pod template labels are all the pods get. */
const builtInWorkloadGroups: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'extensions']);

/**
 * The labelled pods applied as one set with the pool (its file, folder or kustomize build) that run a model server
 * (§1.4 serving container): neither the endpoint picker's nor those of the helpers beside it (a Redis, a tokenizer) are
 * what a pool selects, nor another example's, in the same namespace by omission.
 */
function modelServerPods(ws: WorkspaceModel, pool: ObjectEntry): LabelledPod[] {
  return podsAppliedAsOneSet(ws, pool).filter((p) => p.pod.containers.some((c) => isServingContainer(p.entry.obj, c, ws.config.cluster)));
}

/**
 * An operator's custom resource in the namespace runs pods whose template labels its manifest does not write (a
 * NIMService, a DynamoGraphDeployment, an LLMInferenceService): the operator labels them, out of the manifests' sight.
 */
function operatorLabelledPods(ws: WorkspaceModel, namespace: string): boolean {
  return objectsInNamespace(ws, namespace).some(
    (e) => !builtInWorkloadGroups.has(apiGroupOf(e.obj.apiVersion)) && e.obj.podSpecs.some((p) => e.obj.view.get(p.templateMetadata, 'labels') === undefined),
  );
}

/** A selector value, or the value of a selected key on a pod, is filled in before the files are applied (`${MODEL}`, `REPLACE_ME`). */
function filledInLater(selector: Labels, pods: readonly LabelledPod[]): boolean {
  return [...selector.values()].some(isTemplatePlaceholder) || pods.some((p) => [...selector.keys()].some((k) => isTemplatePlaceholder(p.labels.get(k))));
}

/**
 * Neither the pool's manifest nor a kustomization names its namespace, and a selected pod's manifest names none
 * either (a kustomization's `namespace:` moved it): applied with `kubectl apply -f`, both land in the same namespace.
 */
function appliedTogether(entry: ObjectEntry, elsewhere: readonly LabelledPod[]): boolean {
  return namespaceUnwritten(entry) && entry.namespace === 'default' && elsewhere.some((p) => namespaceUnwritten(p.entry));
}

function describe(pod: LabelledPod): string {
  return `${pod.entry.obj.kind ?? 'object'} ${pod.entry.obj.name ?? ''}`;
}

function labelList(labels: Labels): string {
  return [...labels].map(([k, v]) => `${k}=${v}`).join(',');
}

function check(ws: WorkspaceModel, entry: ObjectEntry): CrossFinding | undefined {
  const pool = readInferencePool(entry);
  // A selector a kustomization's replacements write is not the one in the manifest, one on generated labels cannot be
  // judged, and a remote kustomize base applied with the pool may hold its pods.
  if (!pool || pool.selector.size === 0 || replacedField(entry, 'spec.selector') || selectsGeneratedLabels(pool.selector.keys()) || appliedWithRemoteBase(ws, entry)) {
    return undefined;
  }
  const selector = pool.selector;
  const servers = modelServerPods(ws, entry);
  // Trap T22: with no model server applied with the pool (the endpoint picker's and other helpers' pods aside), they
  // are deployed another way. Operators label the pods of their custom resources, and a chart a HelmRelease or Argo CD
  // Application renders labels its pods with its release or chart name.
  if (
    servers.length === 0 ||
    podsSelectedBy(ws, entry.namespace, selector).length > 0 ||
    operatorLabelledPods(ws, entry.namespace) ||
    filledInLater(selector, labelledPods(ws, entry.namespace)) ||
    helmChartMayLabel(ws, entry.namespace, selector.values())
  ) {
    return undefined;
  }
  const name = entry.obj.name ?? '';
  const wanted = labelList(selector);
  const elsewhere = podsSelectedElsewhere(ws, entry.namespace, selector);
  if (appliedTogether(entry, elsewhere)) {
    return undefined;
  }
  const other = elsewhere.find((p) => appliedAsOneSet(ws, entry.path, p.entry.path)) ?? elsewhere[0];
  if (other) {
    return {
      path: entry.path,
      range: pool.selectorRange,
      object: entry.obj,
      message: `InferencePool ${name} selects ${wanted}, which matches no pod template in namespace ${entry.namespace}, but ${describe(other)} in namespace ${other.entry.namespace} matches it; a pool only selects pods in its own namespace, so put them in the same one.`,
      related: { file: other.entry.path, range: other.pod.anchor, message: 'the workload the selector matches, in another namespace' },
    };
  }
  const best = closestPod(servers, selector);
  const hint = best ? `; the closest model server is ${describe(best)} with labels ${labelList(best.labels)}` : '';
  return {
    path: entry.path,
    range: pool.selectorRange,
    object: entry.obj,
    message: `InferencePool ${name} selects ${wanted}, which matches no pod template in namespace ${entry.namespace}${hint}; the pool has no endpoints, so the requests routed to it fail: align the selector with the model server's template labels.`,
    ...(best ? { related: { file: best.entry.path, range: best.pod.anchor, message: 'the closest model server' } } : {}),
  };
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX019',
    name: 'inferencepool-selects-nothing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description:
      "A Gateway API Inference Extension InferencePool's selector matches no model server pod template in scope in its namespace (the endpoint picker's pods aside), or its endpoint picker reference names a Service that is not in scope while the picker runs there.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const entry of objectsOfKind(ws, 'InferencePool')) {
      for (const finding of [check(ws, entry), missingEndpointPicker(ws, entry)]) {
        if (finding) {
          out.push(finding);
        }
      }
    }
    return out;
  },
};

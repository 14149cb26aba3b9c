import { apiGroupOf } from '../kubernetes/operator-pods';
import type { Labels } from './kube';
import { labelsOf } from './kube';
import type { ObjectEntry, WorkspaceModel } from './model';

/**
 * The labels the Prometheus Operator puts on the pods of its custom resources besides `spec.podMetadata.labels`
 * (current and legacy sets), by kind.
 */
const prometheusOperatorLabels: Record<string, (name: string) => Record<string, string>> = {
  Prometheus: (name) => ({ 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': name, 'operator.prometheus.io/name': name, prometheus: name, app: 'prometheus' }),
  PrometheusAgent: (name) => ({ 'app.kubernetes.io/name': 'prometheus-agent', 'app.kubernetes.io/instance': name, 'operator.prometheus.io/name': name }),
  Alertmanager: (name) => ({ 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': name, alertmanager: name, app: 'alertmanager' }),
  ThanosRuler: (name) => ({ 'app.kubernetes.io/name': 'thanos-ruler', 'app.kubernetes.io/instance': name, 'thanos-ruler': name }),
};

/**
 * The labels KServe puts on the workload pods of an LLMInferenceService, whose `spec.template` is a bare pod spec with
 * no labels of its own (a role label, `llm-d.ai/role`, comes on top).
 */
function llmInferenceServiceLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'llminferenceservice', 'app.kubernetes.io/component': 'llminferenceservice-workload', 'kserve.io/component': 'workload' };
}

/** Kinds whose pods the manifests describe with a pod template; a `spec.podMetadata` there is no operator's. */
const coreGroups = new Set(['', 'apps', 'batch', 'extensions']);

/**
 * The labels of the pods an operator runs for a custom resource that has no pod template, only `spec.podMetadata`
 * (Prometheus, Alertmanager, ThanosRuler, and other operators' resources of that shape) or a bare pod spec (KServe's
 * LLMInferenceService); undefined for other objects.
 */
function operatorPodLabelsOf(entry: ObjectEntry): Labels | undefined {
  const { obj } = entry;
  const group = apiGroupOf(obj.apiVersion);
  if (group === 'serving.kserve.io' && obj.kind === 'LLMInferenceService' && obj.name !== undefined) {
    return new Map(Object.entries(llmInferenceServiceLabels(obj.name)));
  }
  if (coreGroups.has(group)) {
    return undefined;
  }
  const podMetadata = obj.view.at(obj.root, ['spec', 'podMetadata']);
  const own = group === 'monitoring.coreos.com' && obj.kind !== undefined ? prometheusOperatorLabels[obj.kind] : undefined;
  if (own === undefined && podMetadata === undefined) {
    return undefined;
  }
  const labels = labelsOf(obj.view, obj.view.get(podMetadata, 'labels'));
  if (own && obj.name !== undefined) {
    for (const [k, v] of Object.entries(own(obj.name))) {
      labels.set(k, v);
    }
    labels.set('app.kubernetes.io/managed-by', 'prometheus-operator');
  }
  return labels;
}

/** namespace → the label sets of its operator-run pods, built once per workspace model. */
const byWorkspace = new WeakMap<WorkspaceModel, Map<string, Labels[]>>();
const none: readonly Labels[] = [];

/**
 * The label sets of the pods operators run in a namespace for custom resources without a pod template: the
 * manifests show no template for them, yet Services, NetworkPolicies and budgets select them.
 */
export function operatorPodLabels(ws: WorkspaceModel, namespace: string): readonly Labels[] {
  let index = byWorkspace.get(ws);
  if (!index) {
    index = new Map();
    for (const entry of ws.objects) {
      const labels = operatorPodLabelsOf(entry);
      if (labels) {
        const list = index.get(entry.namespace);
        if (list) {
          list.push(labels);
        } else {
          index.set(entry.namespace, [labels]);
        }
      }
    }
    byWorkspace.set(ws, index);
  }
  return index.get(namespace) ?? none;
}

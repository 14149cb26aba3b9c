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

/** The pods KServe runs for an LLMInferenceService, by the part of its spec that asks for them: their component and llm-d role labels. */
const llmInferenceServicePods: readonly { specPath: readonly string[]; component: string; roles: readonly (string | undefined)[] }[] = [
  { specPath: [], component: 'llminferenceservice-workload', roles: [undefined, 'decode', 'both'] },
  { specPath: ['prefill'], component: 'llminferenceservice-workload-prefill', roles: ['prefill'] },
  { specPath: ['router', 'scheduler'], component: 'llminferenceservice-router-scheduler', roles: [undefined] },
];

/**
 * The label sets of the pods KServe runs for an LLMInferenceService, whose templates are bare pod specs with no labels of
 * their own. Prefill and scheduler pods count when its spec asks for them, or when `baseRefs` name configs that may.
 */
function llmInferenceServiceLabels(obj: ObjectEntry['obj'], name: string): Labels[] {
  const spec = obj.view.get(obj.root, 'spec');
  const inherits = obj.view.items(obj.view.get(spec, 'baseRefs')).length > 0;
  return llmInferenceServicePods
    .filter((p) => p.specPath.length === 0 || inherits || obj.view.at(spec, [...p.specPath]) !== undefined)
    .flatMap((p) =>
      p.roles.map((role) => {
        const labels: Labels = new Map([['app.kubernetes.io/name', name], ['app.kubernetes.io/part-of', 'llminferenceservice'], ['app.kubernetes.io/component', p.component]]);
        if (p.component !== 'llminferenceservice-router-scheduler') {
          labels.set('kserve.io/component', 'workload');
        }
        if (role !== undefined) {
          labels.set('llm-d.ai/role', role);
        }
        return labels;
      }),
    );
}

/** Kinds whose pods the manifests describe with a pod template; a `spec.podMetadata` there is no operator's. */
const coreGroups = new Set(['', 'apps', 'batch', 'extensions']);

/**
 * The label sets of the pods an operator runs for a custom resource that has no pod template, only `spec.podMetadata`
 * (Prometheus, Alertmanager, ThanosRuler, and other operators' resources of that shape) or bare pod specs (KServe's
 * LLMInferenceService); [] for other objects.
 */
function operatorPodLabelsOf(entry: ObjectEntry): Labels[] {
  const { obj } = entry;
  const group = apiGroupOf(obj.apiVersion);
  if (group === 'serving.kserve.io' && obj.kind === 'LLMInferenceService' && obj.name !== undefined) {
    return llmInferenceServiceLabels(obj, obj.name);
  }
  if (coreGroups.has(group)) {
    return [];
  }
  const podMetadata = obj.view.at(obj.root, ['spec', 'podMetadata']);
  const own = group === 'monitoring.coreos.com' && obj.kind !== undefined ? prometheusOperatorLabels[obj.kind] : undefined;
  if (own === undefined && podMetadata === undefined) {
    return [];
  }
  const labels = labelsOf(obj.view, obj.view.get(podMetadata, 'labels'));
  if (own && obj.name !== undefined) {
    for (const [k, v] of Object.entries(own(obj.name))) {
      labels.set(k, v);
    }
    labels.set('app.kubernetes.io/managed-by', 'prometheus-operator');
  }
  return [labels];
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
      const sets = operatorPodLabelsOf(entry);
      if (sets.length > 0) {
        const list = index.get(entry.namespace) ?? [];
        list.push(...sets);
        index.set(entry.namespace, list);
      }
    }
    byWorkspace.set(ws, index);
  }
  return index.get(namespace) ?? none;
}

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

/** A pod KServe runs for an LLMInferenceService: its component label, whether it carries the workload labels, its llm-d role. */
interface LlmPod {
  component: string;
  workload: boolean;
  role?: string;
}

const mainRoles = [undefined, 'decode', 'both'];

/** A multi-node part of the spec: whether it sets its `template` (set and unset both, when an inherited config may), and the leaders' and workers' llm-d roles. */
interface MultiNodeSpec {
  template: { set: boolean; unset: boolean };
  leaderRoles: readonly string[];
  workerRole: string;
}

/**
 * The pods of multi-node serving (a LeaderWorkerSet per part): the leaders run the part's `template` and carry the
 * workload labels; with no `template`, the workers carry them.
 */
function multiNodePods(suffix: string, spec: MultiNodeSpec): LlmPod[] {
  const worker = `llminferenceservice-workload-worker${suffix}`;
  const leader = `llminferenceservice-workload-leader${suffix}`;
  return [
    { component: worker, workload: false },
    ...(spec.template.set ? spec.leaderRoles.map((role) => ({ component: leader, workload: true, role })) : []),
    ...(spec.template.unset ? [{ component: worker, workload: true, role: spec.workerRole }] : []),
  ];
}

/**
 * The pods KServe runs for an LLMInferenceService, by the parts of its spec that ask for them. Prefill, scheduler and
 * multi-node pods count when its spec asks for them, or when `baseRefs` name configs that may.
 */
function llmInferenceServicePods(obj: ObjectEntry['obj']): LlmPod[] {
  const spec = obj.view.get(obj.root, 'spec');
  const inherits = obj.view.items(obj.view.get(spec, 'baseRefs')).length > 0;
  const has = (...path: string[]): boolean => inherits || obj.view.at(spec, path) !== undefined;
  const lacks = (...path: string[]): boolean => inherits || obj.view.at(spec, path) === undefined;
  const pods: LlmPod[] = mainRoles.map((role) => ({ component: 'llminferenceservice-workload', workload: true, ...(role !== undefined ? { role } : {}) }));
  if (has('prefill')) {
    pods.push({ component: 'llminferenceservice-workload-prefill', workload: true, role: 'prefill' });
  }
  if (has('router', 'scheduler')) {
    pods.push({ component: 'llminferenceservice-router-scheduler', workload: false });
  }
  if (has('worker')) {
    // The leaders' role is decode next to prefill pods, else both.
    const leaderRoles = [...(has('prefill') ? ['decode'] : []), ...(lacks('prefill') ? ['both'] : [])];
    pods.push(...multiNodePods('', { template: { set: has('template'), unset: lacks('template') }, leaderRoles, workerRole: 'decode' }));
  }
  if (has('prefill', 'worker')) {
    pods.push(...multiNodePods('-prefill', { template: { set: has('prefill', 'template'), unset: lacks('prefill', 'template') }, leaderRoles: ['prefill'], workerRole: 'prefill' }));
  }
  return pods;
}

/** The label sets of the pods KServe runs for an LLMInferenceService, whose templates are bare pod specs with no labels of their own. */
function llmInferenceServiceLabels(obj: ObjectEntry['obj'], name: string): Labels[] {
  return llmInferenceServicePods(obj).map((p) => {
    const labels: Labels = new Map([['app.kubernetes.io/name', name], ['app.kubernetes.io/part-of', 'llminferenceservice'], ['app.kubernetes.io/component', p.component]]);
    if (p.workload) {
      labels.set('kserve.io/component', 'workload');
    }
    if (p.role !== undefined) {
      labels.set('llm-d.ai/role', p.role);
    }
    return labels;
  });
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
 * The label sets of the pods operators run in a namespace (every namespace, when none is given) for custom resources
 * without a pod template: the manifests show no template for them, yet Services, NetworkPolicies and budgets select them.
 */
export function operatorPodLabels(ws: WorkspaceModel, namespace?: string): readonly Labels[] {
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
  return namespace === undefined ? [...index.values()].flat() : (index.get(namespace) ?? none);
}

// The ML operators' workloads the Clusters view shows when their CRDs are served: Kubeflow training
// jobs, Kubeflow Trainer TrainJobs, KServe InferenceServices and KubeRay clusters and jobs. Their
// status (conditions → Running/Succeeded/Failed, replicas) and their pods, found by the labels each
// operator puts on the pods it creates (checked against the operators' sources) or by ownerReferences.
import type { Condition, ObjectMeta, Pod } from './objects';

export type OperatorKind = 'PyTorchJob' | 'TFJob' | 'TrainJob' | 'InferenceService' | 'RayCluster' | 'RayJob';

export const operatorKindOrder: readonly OperatorKind[] = ['PyTorchJob', 'TFJob', 'TrainJob', 'InferenceService', 'RayCluster', 'RayJob'];

export interface OperatorKindInfo {
  apiVersion: string;
  /** The resource name in the API path. */
  plural: string;
  title: string;
}

export const operatorKinds: Record<OperatorKind, OperatorKindInfo> = {
  PyTorchJob: { apiVersion: 'kubeflow.org/v1', plural: 'pytorchjobs', title: 'PyTorchJobs' },
  TFJob: { apiVersion: 'kubeflow.org/v1', plural: 'tfjobs', title: 'TFJobs' },
  TrainJob: { apiVersion: 'trainer.kubeflow.org/v1alpha1', plural: 'trainjobs', title: 'TrainJobs' },
  InferenceService: { apiVersion: 'serving.kserve.io/v1beta1', plural: 'inferenceservices', title: 'InferenceServices' },
  RayCluster: { apiVersion: 'ray.io/v1', plural: 'rayclusters', title: 'RayClusters' },
  RayJob: { apiVersion: 'ray.io/v1', plural: 'rayjobs', title: 'RayJobs' },
};

/** An operator's custom resource, read as plain JSON. */
export interface OperatorObject {
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export type OperatorState = 'running' | 'pending' | 'succeeded' | 'failed' | 'suspended' | 'unknown';

export interface OperatorView {
  name: string;
  state: OperatorState;
  description: string;
  tooltip: string;
}

type Replicas = Record<string, { replicas?: number }>;
type ReplicaStatuses = Record<string, { active?: number; succeeded?: number; failed?: number }>;

const conditionsOf = (o: OperatorObject) => (Array.isArray(o.status?.conditions) ? (o.status.conditions as Condition[]) : []);
const isTrue = (o: OperatorObject, type: string) => conditionsOf(o).some((c) => c.type === type && c.status === 'True');
const condition = (o: OperatorObject, type: string) => conditionsOf(o).find((c) => c.type === type);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const record = <T>(v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, T>) : {});

/** Kubeflow training operator v1: the last True condition of Created/Running/Restarting/Succeeded/Failed/Suspended. */
function trainingJob(o: OperatorObject, specsKey: string): Omit<OperatorView, 'name' | 'tooltip'> {
  const last = [...conditionsOf(o)].reverse().find((c) => c.status === 'True' && ['Created', 'Running', 'Restarting', 'Succeeded', 'Failed', 'Suspended'].includes(c.type));
  const states: Record<string, OperatorState> = { Created: 'pending', Running: 'running', Restarting: 'running', Succeeded: 'succeeded', Failed: 'failed', Suspended: 'suspended' };
  const state = (last && states[last.type]) ?? 'pending';
  const specs = record<{ replicas?: number }>(o.spec?.[specsKey]) as Replicas;
  const statuses = record(o.status?.replicaStatuses) as ReplicaStatuses;
  const replicas = Object.entries(specs).map(([type, s]) => {
    const st = statuses[type] ?? {};
    const done = state === 'succeeded' ? num(st.succeeded) : num(st.active);
    return `${type} ${done}/${s.replicas ?? 1}${num(st.failed) ? ` (${num(st.failed)} failed)` : ''}`;
  });
  return { state, description: [last?.type ?? 'Pending', ...replicas].join(' · ') };
}

function trainJob(o: OperatorObject): Omit<OperatorView, 'name' | 'tooltip'> {
  const jobs = Array.isArray(o.status?.jobsStatus) ? (o.status.jobsStatus as { active?: number; succeeded?: number; failed?: number }[]) : [];
  const active = jobs.reduce((n, j) => n + num(j.active), 0);
  const failed = jobs.reduce((n, j) => n + num(j.failed), 0);
  const [state, label]: [OperatorState, string] = isTrue(o, 'Complete')
    ? ['succeeded', 'Complete']
    : isTrue(o, 'Failed')
      ? ['failed', 'Failed']
      : isTrue(o, 'Suspended')
        ? ['suspended', 'Suspended']
        : active > 0
          ? ['running', 'Running']
          : ['pending', 'Pending'];
  return { state, description: [label, active ? `${active} active` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(' · ') };
}

function inferenceService(o: OperatorObject): Omit<OperatorView, 'name' | 'tooltip'> {
  const ready = condition(o, 'Ready');
  const url = str(o.status?.url);
  if (ready?.status === 'True') {
    return { state: 'running', description: ['Ready', url].filter(Boolean).join(' · ') };
  }
  const failed = ready?.status === 'False' && /fail|error/i.test(`${ready.reason ?? ''} ${ready.message ?? ''}`);
  return { state: failed ? 'failed' : 'pending', description: ['Not ready', ready?.reason].filter(Boolean).join(' · ') };
}

function rayCluster(o: OperatorObject): Omit<OperatorView, 'name' | 'tooltip'> {
  const s = o.status ?? {};
  const clusterState = str(s.state);
  const state: OperatorState =
    clusterState === 'failed' ? 'failed' : clusterState === 'suspended' || isTrue(o, 'RayClusterSuspended') ? 'suspended' : clusterState === 'ready' || isTrue(o, 'HeadPodReady') ? 'running' : 'pending';
  const labels: Partial<Record<OperatorState, string>> = { running: 'Ready', failed: 'Failed', suspended: 'Suspended', pending: 'Starting' };
  const label = labels[state] ?? state;
  return { state, description: `${label} · head ${isTrue(o, 'HeadPodReady') || clusterState === 'ready' ? 'ready' : 'not ready'} · ${num(s.readyWorkerReplicas)}/${num(s.desiredWorkerReplicas)} workers ready` };
}

function rayJob(o: OperatorObject): Omit<OperatorView, 'name' | 'tooltip'> {
  const job = str(o.status?.jobStatus) ?? '';
  const deployment = str(o.status?.jobDeploymentStatus) ?? '';
  const state: OperatorState =
    job === 'SUCCEEDED'
      ? 'succeeded'
      : job === 'FAILED' || deployment === 'Failed' || deployment === 'ValidationFailed'
        ? 'failed'
        : deployment === 'Suspended' || deployment === 'Suspending'
          ? 'suspended'
          : job === 'RUNNING'
            ? 'running'
            : 'pending';
  const cluster = str(o.status?.rayClusterName);
  return { state, description: [deployment || 'New', job ? `job ${job}` : '', cluster ? `cluster ${cluster}` : ''].filter(Boolean).join(' · ') };
}

export function operatorView(kind: OperatorKind, o: OperatorObject): OperatorView {
  const view =
    kind === 'PyTorchJob'
      ? trainingJob(o, 'pytorchReplicaSpecs')
      : kind === 'TFJob'
        ? trainingJob(o, 'tfReplicaSpecs')
        : kind === 'TrainJob'
          ? trainJob(o)
          : kind === 'InferenceService'
            ? inferenceService(o)
            : kind === 'RayCluster'
              ? rayCluster(o)
              : rayJob(o);
  const name = o.metadata?.name ?? '';
  const reasons = conditionsOf(o)
    .filter((c) => c.message)
    .map((c) => `${c.type}: ${c.message}`);
  return { name, ...view, tooltip: [`${kind} ${name}`, view.description, ...reasons].join('\n') };
}

/** Label sets that mark a pod as the workload's (any one set matching in full is enough). */
export function operatorPodLabels(kind: OperatorKind, o: OperatorObject): Record<string, string>[] {
  const name = o.metadata?.name ?? '';
  switch (kind) {
    case 'PyTorchJob':
      return [{ 'training.kubeflow.org/job-name': name, 'training.kubeflow.org/operator-name': 'pytorchjob-controller' }];
    case 'TFJob':
      return [{ 'training.kubeflow.org/job-name': name, 'training.kubeflow.org/operator-name': 'tfjob-controller' }];
    case 'TrainJob':
      // Kubeflow Trainer runs a TrainJob as a JobSet of the same name.
      return [{ 'jobset.sigs.k8s.io/jobset-name': name }];
    case 'InferenceService':
      return [{ 'serving.kserve.io/inferenceservice': name }];
    case 'RayCluster':
      return [{ 'ray.io/cluster': name }];
    case 'RayJob': {
      const cluster = str(o.status?.rayClusterName);
      return [...(cluster ? [{ 'ray.io/cluster': cluster }] : []), { 'ray.io/originated-from-cr-name': name, 'ray.io/originated-from-crd': 'RayJob' }];
    }
  }
}

/** The workload's pods, by name: those carrying the operator's labels or owned by it directly. */
export function operatorPods(kind: OperatorKind, o: OperatorObject, pods: readonly Pod[]): Pod[] {
  const sets = operatorPodLabels(kind, o);
  const uid = o.metadata?.uid;
  return pods
    .filter((p) => {
      const labels = p.metadata?.labels ?? {};
      return (
        sets.some((set) => Object.entries(set).every(([k, v]) => labels[k] === v)) ||
        (uid !== undefined && (p.metadata?.ownerReferences ?? []).some((r) => r.uid === uid))
      );
    })
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

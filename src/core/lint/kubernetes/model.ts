import type { Node, YAMLMap } from 'yaml';
import type { YamlPath, YamlView } from '../yaml/access';
import type { Range } from '../types';
import type { AssembledPod } from './operator-pods';
import { apiGroupOf, operatorPods, operatorWorkload } from './operator-pods';

/**
 * How a workload runs: batch ones finish (Jobs, training CRDs), long-running ones serve; an interactive
 * one (a Kubeflow Notebook) runs for one user, with neither probes nor replicas.
 */
export type WorkloadClass = 'pod' | 'controller' | 'daemon' | 'job' | 'cronjob' | 'training' | 'serving' | 'ray' | 'interactive' | 'other';

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  node: YAMLMap;
  kind: ContainerKind;
  name?: string;
  /** The container's `name:` value, else the start of the item (every finding needs a token). */
  anchor: Range;
  /** An operator may set this container's resources when it creates the pod (Argo's podSpecPatch). */
  resourcesAtRunTime?: true;
  /** An operator may replace this container's image when it creates the pod (Kubeflow Pipelines' podSpecPatch, computed at run time; Flyte's base containers). */
  imageAtRunTime?: true;
  /** GPUs the container gets through a DRA resource claim whose template is in the same file (see dra.ts). */
  draGpus?: number;
  /** The device classes of those GPUs (`gpu.nvidia.com`, `mig.nvidia.com`, ...). */
  draGpuClasses?: readonly string[];
  /** Accelerators that are no GPUs (AWS Neuron devices) the container gets through such a claim (see dra.ts). */
  draAccelerators?: number;
  /** The extended resources those accelerators stand for (`aws.amazon.com/neuron`), read as if the container requested them. */
  draAcceleratorResources?: readonly string[];
}

/** One pod template (or pod spec) inside an object, reached through the §1.5 path map. */
export interface PodSpecRef {
  /** The pod spec mapping (`containers`, `volumes`, …). */
  spec: YAMLMap;
  /** Path from the document root to the spec. */
  path: YamlPath;
  /** The template's metadata mapping (labels, annotations), when the spec sits in a template. */
  templateMetadata?: YAMLMap;
  /** For replica-set CRDs: the replica type (`Master`, `Worker`, `head`, a worker group name…). */
  role?: string;
  /** The mapping holding Job-level fields (backoffLimit, activeDeadlineSeconds, ttl…) for this pod, if any. */
  jobFields?: YAMLMap;
  containers: ContainerRef[];
  /** A range for pod-level "missing" findings: the first container's name, else the spec key. */
  anchor: Range;
  /**
   * Set for a pod its operator assembles from fields at several places (Argo Workflows: a template merged
   * with the workflow's defaults): `spec` is then a mapping of those fields, not a node of the document,
   * and these are the paths of the containers in the document.
   */
  assembled?: { containerPaths: readonly YamlPath[] };
  /** The operator patches the pod spec at run time with a patch the linter does not read (Argo's podSpecPatch): it may set anything. */
  specPatch?: true;
  /** Pod-level securityContext values the operator sets where the spec leaves them unset (see PodSecurityDefaults). */
  securityDefaults?: PodSecurityDefaults;
}

/** Pod-level securityContext fields an operator writes into the pods it creates (Seldon Core v1: runAsUser 8888). */
export type PodSecurityDefaults = Readonly<Record<string, number | boolean>>;

export interface KubeObject {
  view: YamlView;
  root: YAMLMap;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  workload: WorkloadClass;
  podSpecs: PodSpecRef[];
  /** `kind:` value, else the document's first key: the anchor for object-level findings. */
  anchor: Range;
  /**
   * The object the operator creates from one this object embeds whole (a Katib Experiment's trial spec, a Trial's run
   * spec): its own kind, API version and root. Its pods are this object's too (the same container refs), at paths
   * from its own root.
   */
  embedded?: KubeObject;
  /** For an embedded object, the object that embeds it. */
  host?: KubeObject;
  /**
   * The AppWrapper that creates this object from one of its components (a document of its own: see objectDocuments):
   * it queues the object with Kueue, watches its pods and resets it when they fail, and deletes it once finished.
   */
  appWrapper?: KubeObject;
}

/** One container with the object and pod it belongs to. */
export type PodContainer = { obj: KubeObject; pod: PodSpecRef; c: ContainerRef };

/** Replica-spec keys of the Kubeflow training operators. */
export const trainingReplicaKeys: Record<string, string> = {
  PyTorchJob: 'pytorchReplicaSpecs',
  TFJob: 'tfReplicaSpecs',
  MPIJob: 'mpiReplicaSpecs',
  XGBoostJob: 'xgbReplicaSpecs',
  PaddleJob: 'paddleReplicaSpecs',
  JAXJob: 'jaxReplicaSpecs',
};

const workloadOf: Record<string, WorkloadClass> = {
  Pod: 'pod',
  Deployment: 'controller',
  StatefulSet: 'controller',
  ReplicaSet: 'controller',
  ReplicationController: 'controller',
  DaemonSet: 'daemon',
  Job: 'job',
  CronJob: 'cronjob',
  PyTorchJob: 'training',
  TFJob: 'training',
  MPIJob: 'training',
  XGBoostJob: 'training',
  PaddleJob: 'training',
  JAXJob: 'training',
  JobSet: 'training',
  RayJob: 'training',
  RayCluster: 'ray',
  RayService: 'serving',
  InferenceService: 'serving',
  LeaderWorkerSet: 'serving',
};

/** Volcano's `batch.volcano.sh` Job: pods in `spec.tasks[].template`, retries by `maxRetry` (not a batch/v1 Job's backoffLimit). */
export function volcanoJob(apiVersion: string | undefined, kind: string | undefined): boolean {
  return kind === 'Job' && apiVersion?.startsWith('batch.volcano.sh/') === true;
}

/**
 * A `Job` of another API group than batch (Cloud Run's run.googleapis.com Job, whose `spec.template` is an execution
 * template, not a pod template): none of a batch Job's fields or pods. A Volcano Job is read on its own.
 */
function foreignJob(apiVersion: string | undefined, kind: string | undefined): boolean {
  return kind === 'Job' && apiVersion !== undefined && !apiVersion.startsWith('batch/') && !volcanoJob(apiVersion, kind);
}

function workloadClassOf(apiVersion: string | undefined, kind: string | undefined): WorkloadClass {
  if (volcanoJob(apiVersion, kind)) {
    return 'training';
  }
  if (foreignJob(apiVersion, kind)) {
    return 'other';
  }
  return operatorWorkload(apiVersion, kind) ?? (kind !== undefined && Object.hasOwn(workloadOf, kind) ? workloadOf[kind] : undefined) ?? 'other';
}

/** A Kubernetes batch/v1 Job (a Volcano Job, or another group's, shares the kind, not its rules). */
export function isBatchJob(obj: KubeObject): boolean {
  return obj.kind === 'Job' && !volcanoJob(obj.apiVersion, obj.kind) && !foreignJob(obj.apiVersion, obj.kind);
}

export function isBatch(w: WorkloadClass): boolean {
  return w === 'job' || w === 'cronjob' || w === 'training';
}

/** Long-running workloads (probes and availability rules apply). */
export function isLongRunning(w: WorkloadClass): boolean {
  return w === 'pod' || w === 'controller' || w === 'daemon' || w === 'serving' || w === 'ray';
}

/**
 * A controller made the object (`metadata.ownerReferences` with `controller: true`, as `kubectl get -o yaml` shows it):
 * the fields that controller writes (an HPA's replicas, a scaled workload's `spec.replicas`) are set on its owner.
 */
export function isControllerOwned(obj: KubeObject): boolean {
  return obj.view.list(obj.view.at(obj.root, ['metadata', 'ownerReferences'])).some((ref) => obj.view.bool(ref, 'controller') === true);
}

/** A long-running workload, a bare Pod only when it restarts its containers (`restartPolicy` Always or unset): one with Never or OnFailure runs to completion. */
export function isLongRunningObject(obj: KubeObject): boolean {
  if (obj.workload !== 'pod') {
    return isLongRunning(obj.workload);
  }
  const policy = obj.view.text(obj.podSpecs[0]?.spec, 'restartPolicy');
  return policy !== 'Never' && policy !== 'OnFailure';
}

const containerKinds: readonly ContainerKind[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Appends the spec's containers (all three kinds, in that order) to `out`. */
function addContainers(view: YamlView, spec: YAMLMap, out: ContainerRef[]): void {
  for (const kind of containerKinds) {
    for (const item of view.list(view.get(spec, kind))) {
      const node = view.map(item);
      if (!node) {
        continue;
      }
      const namePair = view.pair(node, 'name');
      const name = namePair ? view.str(namePair.value) : undefined;
      const anchor = (namePair ? view.pairValueRange(namePair) : undefined) ?? view.lineRange(node);
      if (!anchor) {
        continue;
      }
      out.push(name !== undefined ? { node, kind, name, anchor } : { node, kind, anchor });
    }
  }
}

/**
 * KServe component keys whose value is a container (`spec.predictor.model`, the framework shorthands,
 * explainers): the controller runs them as `kserve-container`.
 */
const kserveImplementations = ['model', 'sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'lightgbm', 'paddle', 'art', 'alibi'];

/** Keys of a component whose value is a container, and the name its operator gives a container that names none. */
export interface ImplementationContainers {
  keys: readonly string[];
  name: string;
}

const kserveContainers: ImplementationContainers = { keys: kserveImplementations, name: 'kserve-container' };

/** Appends the component's implementation containers (KServe `model:`, `sklearn:`, …) to `out`. */
function addImplementationContainers(view: YamlView, component: YAMLMap, implementations: ImplementationContainers, out: ContainerRef[]): void {
  for (const key of implementations.keys) {
    const node = view.map(view.get(component, key));
    const anchor = node ? (view.valueRange(node, 'name') ?? view.keyRange(component, key)) : undefined;
    if (node && anchor) {
      out.push({ node, kind: 'containers', name: view.text(node, 'name') || implementations.name, anchor });
    }
  }
}

/** KServe's InferenceService (KFServing's before it); a kind other operators reuse (OME's ome.io). */
function kserveInferenceService(apiVersion: string | undefined): boolean {
  const group = apiGroupOf(apiVersion);
  return apiVersion === undefined || group === 'serving.kserve.io' || group === 'serving.kubeflow.org';
}

/** Builds the object model of one document; undefined when the document is not a mapping. */
export function kubeObject(view: YamlView): KubeObject | undefined {
  const root = view.map(view.root);
  return root ? objectAt(view, root) : undefined;
}

/** The object model of the mapping `root` of the document (its root, or an object embedded in it). */
function objectAt(view: YamlView, root: YAMLMap): KubeObject | undefined {
  const apiVersion = view.text(root, 'apiVersion');
  const kind = view.text(root, 'kind');
  const metadata = view.get(root, 'metadata');
  const name = view.text(metadata, 'name');
  const namespace = view.text(metadata, 'namespace');
  const anchor = view.valueRange(root, 'kind') ?? view.range(root.items[0]) ?? view.lineRange(root);
  if (!anchor) {
    return undefined;
  }
  const obj: KubeObject = {
    view,
    root,
    workload: workloadClassOf(apiVersion, kind),
    podSpecs: [],
    anchor,
  };
  if (apiVersion !== undefined) {
    obj.apiVersion = apiVersion;
  }
  if (kind !== undefined) {
    obj.kind = kind;
  }
  if (name !== undefined) {
    obj.name = name;
  }
  if (namespace !== undefined) {
    obj.namespace = namespace;
  }
  obj.podSpecs = podSpecsOf(view, root, kind, apiVersion, (inner) => {
    obj.embedded = inner;
    inner.host = obj;
  });
  return obj;
}

function isFlyteBaseContainer(c: ContainerRef): boolean {
  return c.kind === 'containers' && (c.name === 'default' || c.name === 'primary');
}

/**
 * Flyte builds a task's pod on a PodTemplate: its `default` and `primary` containers lend their settings to the
 * task's containers, which keep the task's image (Flyte's docs: the image "will always be overridden by Flyte",
 * so docker.io/rwgrim/docker-noop will do). The pod's containers are the task's: the template's other
 * `containers` never run (mergePodSpecs in Flyte's pod_helper.go replaces the list), so a template with a
 * base container loses them; one without is no Flyte template (a ProvisioningRequest's, say) and keeps all.
 */
function markFlyteBaseContainers(pods: readonly PodSpecRef[]): void {
  const pod = pods[0];
  if (!pod?.containers.some(isFlyteBaseContainer)) {
    return;
  }
  pod.containers = pod.containers.filter((c) => c.kind !== 'containers' || isFlyteBaseContainer(c));
  for (const c of pod.containers) {
    if (c.kind === 'containers') {
      c.imageAtRunTime = true;
    }
  }
}

function podSpecsOf(view: YamlView, root: YAMLMap, kind: string | undefined, apiVersion: string | undefined, onEmbedded: (inner: KubeObject) => void): PodSpecRef[] {
  const out: PodSpecRef[] = [];
  const spec = view.get(root, 'spec');
  const add = (path: YamlPath, extra: { role?: string; jobFields?: Node | undefined; template?: Node | undefined; implementations?: ImplementationContainers; securityDefaults?: PodSecurityDefaults } = {}, at: Node | undefined = view.at(root, path)): void => {
    const node = view.map(at);
    if (!node) {
      return;
    }
    const containers: ContainerRef[] = [];
    if (extra.implementations) {
      addImplementationContainers(view, node, extra.implementations, containers);
    }
    addContainers(view, node, containers);
    const anchor = containers[0]?.anchor ?? view.rangeOfKey(root, path) ?? view.lineRange(node);
    if (!anchor) {
      return;
    }
    const ref: PodSpecRef = { spec: node, path, containers, anchor };
    const md = view.map(view.get(extra.template, 'metadata'));
    if (md) {
      ref.templateMetadata = md;
    }
    if (extra.role !== undefined) {
      ref.role = extra.role;
    }
    const jf = view.map(extra.jobFields);
    if (jf) {
      ref.jobFields = jf;
    }
    if (extra.securityDefaults) {
      ref.securityDefaults = extra.securityDefaults;
    }
    out.push(ref);
  };
  const template = (path: YamlPath, extra: { role?: string; jobFields?: Node | undefined; securityDefaults?: PodSecurityDefaults } = {}): void => {
    const node = view.at(root, path);
    add([...path, 'spec'], { ...extra, template: node }, view.get(node, 'spec'));
  };
  const rayCluster = (base: YamlPath): void => {
    template([...base, 'headGroupSpec', 'template'], { role: 'head' });
    view.list(view.at(root, [...base, 'workerGroupSpecs'])).forEach((g, k) => {
      template([...base, 'workerGroupSpecs', k, 'template'], { role: view.text(g, 'groupName') ?? `worker ${k}` });
    });
  };
  /** A JobSet spec at `spec`: one pod template per replicated job, its Job spec holding the Job-level fields. */
  const replicatedJobs = (jobSetSpec: YamlPath): void => {
    view.list(view.at(root, [...jobSetSpec, 'replicatedJobs'])).forEach((rj, k) => {
      const job = [...jobSetSpec, 'replicatedJobs', k, 'template', 'spec'];
      template([...job, 'template'], { role: view.text(rj, 'name') ?? `job ${k}`, jobFields: view.at(root, job) });
    });
  };
  const assembled = (pod: AssembledPod): void => {
    const ref: PodSpecRef = { spec: pod.spec, path: pod.path, containers: pod.containers, anchor: pod.anchor, role: pod.role, assembled: { containerPaths: pod.containerPaths } };
    if (pod.metadata) {
      ref.templateMetadata = pod.metadata;
    }
    if (pod.specPatch) {
      ref.specPatch = true;
    }
    out.push(ref);
  };
  const embedded = (path: YamlPath): void => {
    const innerRoot = view.map(view.at(root, path));
    const inner = innerRoot ? objectAt(view, innerRoot) : undefined;
    if (inner) {
      onEmbedded(inner);
      for (const ref of inner.podSpecs) {
        out.push({ ...ref, path: [...path, ...ref.path] });
      }
    }
  };
  if (operatorPods(view, root, apiVersion, kind, { add, template, replicatedJobs, embedded, assembled })) {
    return out;
  }
  switch (kind) {
    case 'Pod':
      add(['spec']);
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
      template(['spec', 'template']);
      break;
    case 'Job':
      if (volcanoJob(apiVersion, kind)) {
        view.list(view.get(spec, 'tasks')).forEach((task, k) => {
          template(['spec', 'tasks', k, 'template'], { role: view.text(task, 'name') ?? `task ${k}` });
        });
      } else if (!foreignJob(apiVersion, kind)) {
        template(['spec', 'template'], { jobFields: spec });
      }
      break;
    case 'PodTemplate':
      // core/v1 PodTemplate (Flyte, Argo and others read pods from it): `template` is the pod template.
      template(['template']);
      markFlyteBaseContainers(out);
      break;
    case 'CronJob':
      template(['spec', 'jobTemplate', 'spec', 'template'], { jobFields: view.at(root, ['spec', 'jobTemplate', 'spec']) });
      break;
    case 'RayCluster':
      rayCluster(['spec']);
      break;
    case 'RayJob':
      rayCluster(['spec', 'rayClusterSpec']);
      break;
    case 'RayService':
      rayCluster(['spec', 'rayClusterConfig']);
      break;
    case 'InferenceService':
      if (kserveInferenceService(apiVersion)) {
        for (const part of ['predictor', 'transformer', 'explainer']) {
          add(['spec', part], { role: part, implementations: kserveContainers });
        }
      }
      break;
    case 'LeaderWorkerSet':
      template(['spec', 'leaderWorkerTemplate', 'leaderTemplate'], { role: 'leader' });
      template(['spec', 'leaderWorkerTemplate', 'workerTemplate'], { role: 'worker' });
      break;
    case 'JobSet':
      replicatedJobs(['spec']);
      break;
    default: {
      const key = kind !== undefined && Object.hasOwn(trainingReplicaKeys, kind) ? trainingReplicaKeys[kind] : undefined;
      if (key) {
        const runPolicy = view.get(spec, 'runPolicy');
        for (const [role] of view.entries(view.get(spec, key))) {
          template(['spec', key, role, 'template'], { role, jobFields: runPolicy });
        }
      }
    }
  }
  return out;
}

import type { Node, YAMLMap } from 'yaml';
import type { Range } from '../types';
import type { YamlPath, YamlView } from '../yaml/access';
import { argoWorkflowPods } from './argo-workflow-pods';
import { bentoDeploymentPods, dynamoPods, kubeAiModelPod, nimServicePod, sparkPods, trainJobPod, trainJobSetsTolerations, vllmRouterPod, vllmRuntimePods } from './ml-operator-pods';
import type { ContainerRef, ImplementationContainers, PodSecurityDefaults, WorkloadClass } from './model';

/**
 * Operator kinds known by API group as well as kind: a `Service` of serving.knative.dev is no core
 * Service, and a `Notebook` or `Rollout` of another group is none of these.
 */
const operatorWorkloads: Record<string, Record<string, WorkloadClass>> = {
  // A Katib Trial runs its `runSpec` (a Job or training job); Katib makes Trials from an Experiment's template.
  'kubeflow.org': { Notebook: 'interactive', Experiment: 'other', Trial: 'other' },
  'trainer.kubeflow.org': { TrainJob: 'training', TrainingRuntime: 'training', ClusterTrainingRuntime: 'training' },
  'serving.kserve.io': { ServingRuntime: 'serving', ClusterServingRuntime: 'serving', LLMInferenceService: 'serving', LLMInferenceServiceConfig: 'serving' },
  'serving.knative.dev': { Service: 'serving', Configuration: 'serving' },
  // Argo Workflows run each container or script template as a pod that runs to completion.
  'argoproj.io': { Rollout: 'controller', Workflow: 'job', WorkflowTemplate: 'job', ClusterWorkflowTemplate: 'job', CronWorkflow: 'job' },
  'machinelearning.seldon.io': { SeldonDeployment: 'serving' },
  // Seldon Core 2: a Server is a StatefulSet of its ServerConfig's pod (`spec.podSpec`), overridden by its own `spec.podSpec`.
  'mlops.seldon.io': { Server: 'serving', ServerConfig: 'serving' },
  // KubeAI serves a Model from a pod of its own; the vLLM production stack a VLLMRuntime, and its router a VLLMRouter,
  // from a Deployment of its own.
  'kubeai.org': { Model: 'serving' },
  'production-stack.vllm.ai': { VLLMRuntime: 'serving', VLLMRouter: 'serving' },
  // BentoML's yatai-deployment serves a BentoDeployment from an API server Deployment and one per runner.
  'serving.yatai.ai': { BentoDeployment: 'serving' },
  // KAITO's Workspace serves a model: a Deployment from its preset, or from `inference.template`.
  'kaito.sh': { Workspace: 'serving' },
  // KEDA's ScaledJob creates batch/v1 Jobs from `spec.jobTargetRef` (a Job spec) per queue event.
  'keda.sh': { ScaledJob: 'job' },
  // The Kubeflow Spark operator: a driver pod that starts executor pods, run to completion (a scheduled one on a cron).
  'sparkoperator.k8s.io': { SparkApplication: 'job', ScheduledSparkApplication: 'job' },
  // NVIDIA's NIM operator serves a NIM from a NIMService; Dynamo serves a graph of components.
  'apps.nvidia.com': { NIMService: 'serving' },
  'nvidia.com': { DynamoGraphDeployment: 'serving' },
  // LWS's DisaggregatedSet: a LeaderWorkerSet per role (prefill, decode).
  'disaggregatedset.x-k8s.io': { DisaggregatedSet: 'serving' },
  // AIBrix: a StormService runs RoleSets of role pods (prefill, decode), a RayClusterFleet RayClusters like a Deployment.
  'orchestration.aibrix.ai': { StormService: 'serving', RoleSet: 'serving', RayClusterFleet: 'ray' },
  // OME's InferenceService: pod specs of its own (engine, decoder, router) laid over the serving runtime's.
  'ome.io': { InferenceService: 'serving', ServingRuntime: 'serving', ClusterServingRuntime: 'serving' },
  // llmaz's Service: a LeaderWorkerSet of the model's pods.
  'inference.llmaz.io': { Service: 'serving' },
  // Volcano kthena's ModelServing: serving groups of roles, each an entry pod and its workers (multi-node serving).
  'workload.serving.volcano.sh': { ModelServing: 'serving' },
};

export function apiGroupOf(apiVersion: string | undefined): string {
  const slash = apiVersion?.indexOf('/') ?? -1;
  return apiVersion !== undefined && slash > 0 ? apiVersion.slice(0, slash) : '';
}

/** Every kind of operatorWorkloads: no other kind needs its API group looked up. */
const operatorKinds: ReadonlySet<string> = new Set(Object.values(operatorWorkloads).flatMap((kinds) => Object.keys(kinds)));

/** The workload class of an operator kind that only its API group identifies; undefined for any other. */
export function operatorWorkload(apiVersion: string | undefined, kind: string | undefined): WorkloadClass | undefined {
  if (kind === undefined || !operatorKinds.has(kind)) {
    return undefined;
  }
  const kinds = operatorWorkloads[apiGroupOf(apiVersion)];
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** A pod its operator assembles from fields at several places (see PodSpecRef.assembled). */
export interface AssembledPod {
  /** Where the pod is described (an Argo template). */
  path: YamlPath;
  /** The pod-level fields, gathered into one mapping of the document's own pairs. */
  spec: YAMLMap;
  containers: ContainerRef[];
  /** The document paths of the containers the template writes itself, in the order of `containers` (those only templateDefaults names have none). */
  containerPaths: readonly YamlPath[];
  anchor: Range;
  role: string;
  metadata?: YAMLMap;
  specPatch: boolean;
}

/** What podSpecsOf offers the path map: a pod spec at a path, a pod template at a path, a JobSet's replicated jobs. */
export interface PodCollector {
  /** A pod spec at `path`; `implementations` name its keys that hold a container of their own (KServe's `model:`). */
  add(path: YamlPath, extra?: { role?: string; implementations?: ImplementationContainers }): void;
  template(path: YamlPath, extra?: { role?: string; jobFields?: Node | undefined; securityDefaults?: PodSecurityDefaults }): void;
  replicatedJobs(spec: YamlPath): void;
  /** An object embedded at `path` (Katib's trial spec): its own kind's pods, at paths from the document root. */
  embedded(path: YamlPath): void;
  /** A pod assembled from several places (Argo Workflows). */
  assembled(pod: AssembledPod): void;
}

/** Where Cloud Run's own settings live: the `run.googleapis.com/…` annotations and the `cloud.googleapis.com/location` label. */
const cloudRunKeyPrefix = 'run.googleapis.com/';
const cloudRunLocationPrefix = 'cloud.googleapis.com/';

function hasCloudRunKey(view: YamlView, map: Node | undefined): boolean {
  for (const pair of view.pairs(map)) {
    const key = view.keyOf(pair);
    if (key !== undefined && (key.startsWith(cloudRunKeyPrefix) || key.startsWith(cloudRunLocationPrefix))) {
      return true;
    }
  }
  return false;
}

/**
 * A Knative Service or Configuration written for Cloud Run (its Admin API v1 takes the Knative shape): a
 * `run.googleapis.com/…` annotation or the `cloud.googleapis.com/location` label on the object or its revision
 * template, or a `run.googleapis.com/accelerator` node selector. Cloud Run runs it in its own sandbox, not as a
 * Kubernetes pod: no securityContext (not supported), no requests, taints, ServiceAccount tokens or node disk.
 */
function cloudRunService(view: YamlView, root: Node): boolean {
  const metadata = view.get(root, 'metadata');
  if (hasCloudRunKey(view, view.get(metadata, 'annotations')) || hasCloudRunKey(view, view.get(metadata, 'labels'))) {
    return true;
  }
  const template = view.at(root, ['spec', 'template']);
  const templateMetadata = view.get(template, 'metadata');
  return hasCloudRunKey(view, view.get(templateMetadata, 'annotations')) || hasCloudRunKey(view, view.get(templateMetadata, 'labels')) || hasCloudRunKey(view, view.at(template, ['spec', 'nodeSelector']));
}

/** An OME component's main container: `runner`, which overrides the serving runtime's. */
const omeRunner: ImplementationContainers = { keys: ['runner'], name: 'runner' };

/**
 * OME's InferenceService components: `engine` and `decoder` (each a pod spec, with `leader` and `worker` pod specs for
 * multi-node serving) and `router`, each with a `runner` container. The controller merges them into the serving
 * runtime's (its `engineConfig`, `decoderConfig` and the like), which brings the image, probes, resources and the
 * model's volume (see presetOverlayRules). The deprecated `predictor` only names the runtime and the model.
 * A runtime's component configs (`keySuffix` 'Config') have the same shape; there a multi-node component's pods are its
 * leader and worker, and its own fields are no pod when they hold no container.
 */
function omeComponents(view: YamlView, root: Node, c: PodCollector, keySuffix = ''): void {
  const spec = view.get(root, 'spec');
  for (const component of ['engine', 'decoder', 'router']) {
    const key = `${component}${keySuffix}`;
    const config = view.get(spec, key);
    if (keySuffix === '' || view.get(config, 'runner') !== undefined || view.get(config, 'containers') !== undefined) {
      c.add(['spec', key], { role: component, implementations: omeRunner });
    }
    for (const part of ['leader', 'worker']) {
      c.add(['spec', key, part], { role: `${component} ${part}`, implementations: omeRunner });
    }
  }
}

/**
 * OME's (Cluster)ServingRuntime: its component configs (see omeComponents), or the legacy layout, which as KServe's
 * holds the containers, volumes and scheduling fields in `spec` itself, and the worker pods of multi-node serving in
 * `spec.workers` (not KServe's `workerSpec`).
 */
function omeRuntimePods(view: YamlView, root: Node, c: PodCollector): void {
  if (view.get(view.get(root, 'spec'), 'containers') !== undefined) {
    c.add(['spec'], { role: 'runtime' });
    c.add(['spec', 'workers'], { role: 'worker' });
  }
  omeComponents(view, root, c, 'Config');
}

/**
 * Seldon Core v1's operator (1.2 and later) gives every pod it creates a pod-level securityContext with runAsUser 8888,
 * its Helm chart's `defaultUserID` (SeldonIO/seldon-core#2142).
 */
const seldonPodSecurity: PodSecurityDefaults = { runAsUser: 8888 };

/** AIBrix roles (`roles[]` at `path`): a pod template each, named by the role. */
function roleTemplates(view: YamlView, root: Node, path: YamlPath, c: PodCollector): void {
  view.list(view.at(root, path)).forEach((r, i) => c.template([...path, i, 'template'], { role: view.text(r, 'name') ?? `role ${i}` }));
}

/**
 * kthena ModelServing roles (`spec.template.roles[]`): the entry pod's template and the workers' (`entryTemplate`,
 * `workerTemplate`), each a pod template the controller copies whole, adding only env, labels and the scheduler name.
 */
function entryWorkerTemplates(view: YamlView, root: Node, c: PodCollector): void {
  const path: YamlPath = ['spec', 'template', 'roles'];
  view.list(view.at(root, path)).forEach((r, i) => {
    const name = view.text(r, 'name') ?? `role ${i}`;
    c.template([...path, i, 'entryTemplate'], { role: `${name} entry` });
    c.template([...path, i, 'workerTemplate'], { role: `${name} worker` });
  });
}

/**
 * The pod templates of the operator kinds above (the catalogue's path map, extended):
 * - Kubeflow Notebook: `spec.template`;
 * - Trainer (Cluster)TrainingRuntime: a JobSet template at `spec.template`;
 * - KServe (Cluster)ServingRuntime: `spec` itself holds the containers, volumes and scheduling fields, and
 *   `spec.workerSpec` those of the worker pods of multi-node serving;
 * - KServe LLMInferenceService(Config): pod specs at `spec.template`, `spec.worker`, `spec.prefill.template` and
 *   `spec.prefill.worker`, which the controller merges into its presets (see presetOverlay);
 * - Katib Experiment: the trial's own pods, in `spec.trialTemplate.trialSpec`; a Trial: those of its `spec.runSpec`;
 * - Knative Service and Configuration, Argo Rollout: `spec.template`;
 * - SeldonDeployment: `spec.predictors[].componentSpecs[]`, each with `metadata` and a pod `spec`, run as user 8888 where
 *   they name none (see seldonPodSecurity);
 * - KEDA ScaledJob: the Job spec at `spec.jobTargetRef` (its Job-level fields) and its pod template. KEDA
 *   sets an unset restartPolicy to OnFailure and prunes finished Jobs by its history limits;
 * - KAITO Workspace: `inference.template` (at the document root, as all of a Workspace's fields) when the
 *   model is the user's own rather than a preset;
 * - Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow: a pod per container, script or
 *   containerSet template, merged with the workflow's defaults (see argoWorkflowPods);
 * - (Scheduled)SparkApplication, NIMService, DynamoGraphDeployment, TrainJob: pods assembled from the operator's
 *   own fields (see ml-operator-pods.ts);
 * - DisaggregatedSet: each role's `leaderWorkerTemplate` (at `roles[].spec`, or at `roles[]` in v1alpha1), as a
 *   LeaderWorkerSet's;
 * - Seldon Core 2 ServerConfig: the whole pod of its Servers, at `spec.podSpec`; a Server: `spec.podSpec`, which the
 *   controller merges into its ServerConfig's pod (see presetOverlayRules);
 * - KubeAI Model, vLLM production stack VLLMRuntime and VLLMRouter, BentoML BentoDeployment: pods assembled from their own fields (see
 *   ml-operator-pods.ts);
 * - AIBrix StormService and RoleSet: each role's pod template (`spec.template.spec.roles[]`, `spec.roles[]`); a
 *   RayClusterFleet: the head and worker group templates of its RayCluster template (`spec.template.spec`);
 * - OME InferenceService: the pod specs of its components (see omeComponents); an OME (Cluster)ServingRuntime: those of
 *   its component configs, or of its legacy KServe-like layout (see omeRuntimePods);
 * - llmaz Service: the leader and worker templates of its LeaderWorkerSet template (`spec.workloadTemplate`);
 * - kthena ModelServing: each role's entry and worker templates (see entryWorkerTemplates).
 * A Knative object written for Cloud Run has none: Cloud Run is not Kubernetes (see cloudRunService).
 * Returns false for a kind it does not know.
 */
export function operatorPods(view: YamlView, root: Node, apiVersion: string | undefined, kind: string | undefined, c: PodCollector): boolean {
  if (operatorWorkload(apiVersion, kind) === undefined) {
    return false;
  }
  switch (kind) {
    case 'TrainingRuntime':
    case 'ClusterTrainingRuntime':
      c.replicatedJobs(['spec', 'template', 'spec']);
      break;
    case 'ServingRuntime':
    case 'ClusterServingRuntime':
      if (apiGroupOf(apiVersion) === 'ome.io') {
        omeRuntimePods(view, root, c);
        break;
      }
      c.add(['spec'], { role: 'runtime' });
      // Multi-node serving (vLLM with Ray): the worker pods' spec.
      c.add(['spec', 'workerSpec'], { role: 'worker' });
      break;
    case 'LLMInferenceService':
    case 'LLMInferenceServiceConfig':
      // Pod specs the controller merges into its presets: the decode (main) pods, the workers of multi-node serving, and
      // the prefill pods of disaggregated serving with theirs.
      c.add(['spec', 'template'], { role: 'decode' });
      c.add(['spec', 'worker'], { role: 'worker' });
      c.add(['spec', 'prefill', 'template'], { role: 'prefill' });
      c.add(['spec', 'prefill', 'worker'], { role: 'prefill-worker' });
      break;
    case 'Experiment':
      c.embedded(['spec', 'trialTemplate', 'trialSpec']);
      break;
    case 'Trial':
      c.embedded(['spec', 'runSpec']);
      break;
    case 'StormService':
      roleTemplates(view, root, ['spec', 'template', 'spec', 'roles'], c);
      break;
    case 'RoleSet':
      roleTemplates(view, root, ['spec', 'roles'], c);
      break;
    case 'RayClusterFleet':
      c.template(['spec', 'template', 'spec', 'headGroupSpec', 'template'], { role: 'head' });
      view.list(view.at(root, ['spec', 'template', 'spec', 'workerGroupSpecs'])).forEach((g, k) => {
        c.template(['spec', 'template', 'spec', 'workerGroupSpecs', k, 'template'], { role: view.text(g, 'groupName') ?? `worker ${k}` });
      });
      break;
    case 'InferenceService':
      omeComponents(view, root, c);
      break;
    case 'Service':
      if (apiGroupOf(apiVersion) === 'inference.llmaz.io') {
        c.template(['spec', 'workloadTemplate', 'leaderTemplate'], { role: 'leader' });
        c.template(['spec', 'workloadTemplate', 'workerTemplate'], { role: 'worker' });
      } else if (!cloudRunService(view, root)) {
        c.template(['spec', 'template']);
      }
      break;
    case 'Configuration':
      if (!cloudRunService(view, root)) {
        c.template(['spec', 'template']);
      }
      break;
    case 'Workflow':
    case 'WorkflowTemplate':
    case 'ClusterWorkflowTemplate':
    case 'CronWorkflow':
      argoWorkflowPods(view, root, kind, (pod) => c.assembled(pod));
      break;
    case 'Workspace':
      c.template(['inference', 'template']);
      break;
    case 'SparkApplication':
      sparkPods(view, root, ['spec'], (pod) => c.assembled(pod));
      break;
    case 'ScheduledSparkApplication':
      sparkPods(view, root, ['spec', 'template'], (pod) => c.assembled(pod));
      break;
    case 'NIMService':
      nimServicePod(view, root, (pod) => c.assembled(pod));
      break;
    case 'DynamoGraphDeployment':
      dynamoPods(view, root, (pod) => c.assembled(pod));
      break;
    case 'TrainJob':
      trainJobPod(view, root, (pod) => c.assembled(pod));
      break;
    case 'Model':
      kubeAiModelPod(view, root, (pod) => c.assembled(pod));
      break;
    case 'VLLMRuntime':
      vllmRuntimePods(view, root, (pod) => c.assembled(pod));
      break;
    case 'VLLMRouter':
      vllmRouterPod(view, root, (pod) => c.assembled(pod));
      break;
    case 'BentoDeployment':
      bentoDeploymentPods(view, root, (pod) => c.assembled(pod));
      break;
    case 'Server':
    case 'ServerConfig':
      c.add(['spec', 'podSpec'], { role: 'server' });
      break;
    case 'DisaggregatedSet':
      view.list(view.at(root, ['spec', 'roles'])).forEach((r, i) => {
        const name = view.text(r, 'name') ?? `role ${i}`;
        const base: YamlPath = view.get(view.get(r, 'spec'), 'leaderWorkerTemplate') !== undefined ? ['spec', 'roles', i, 'spec', 'leaderWorkerTemplate'] : ['spec', 'roles', i, 'leaderWorkerTemplate'];
        c.template([...base, 'leaderTemplate'], { role: `${name} leader` });
        c.template([...base, 'workerTemplate'], { role: `${name} worker` });
      });
      break;
    case 'ModelServing':
      entryWorkerTemplates(view, root, c);
      break;
    case 'ScaledJob':
      c.template(['spec', 'jobTargetRef', 'template'], { jobFields: view.at(root, ['spec', 'jobTargetRef']) });
      break;
    case 'SeldonDeployment':
      view.list(view.at(root, ['spec', 'predictors'])).forEach((predictor, i) => {
        const role = view.text(predictor, 'name') ?? `predictor ${i}`;
        view.list(view.get(predictor, 'componentSpecs')).forEach((_, j) => c.template(['spec', 'predictors', i, 'componentSpecs', j], { role, securityDefaults: seldonPodSecurity }));
      });
      break;
    default:
      c.template(['spec', 'template']);
  }
  return true;
}

/**
 * Rules that judge what a pod spec writes, not what it leaves out: the ones that still apply to a pod spec its operator
 * merges into presets that bring the image, command, probes, security context, /dev/shm and model cache (KServe's
 * LLMInferenceService). Absence there decides nothing.
 */
const overlayRuleIds = new Set([
  'MLK001', 'MLK002', 'MLK003', 'MLK004', 'MLK007', 'MLK009', 'MLK010', 'MLK101', 'MLK105', 'MLK108', 'MLK109', 'MLK110', 'MLK111', 'MLK112',
  'MLK113', 'MLK114', 'MLK115', 'MLK117', 'MLK201', 'MLK401', 'MLK402', 'MLK403', 'MLK404', 'MLK407', 'MLK409', 'MLK411', 'MLK412', 'MLK418',
  'MLK502', 'MLK504',
]);

const probeRules = ['MLK311', 'MLK312', 'MLK313', 'MLK415', 'MLK416'];
const jobFieldRules = ['MLK006', 'MLK314', 'MLK315', 'MLK413', 'MLK414'];
const securityContextRules = ['MLK102', 'MLK103', 'MLK104', 'MLK106', 'MLK107'];

/**
 * Pod rules that do not apply to the pods an operator assembles from its own fields (ml-operator-pods.ts), by kind
 * and API group: what the operator sets itself, and fields it does not have.
 * - Spark: restartPolicy, retries and TTL are the SparkApplication's own (`restartPolicy.type`, `timeToLiveSeconds`);
 *   a Spark executor is one JVM, not DataLoader workers or NCCL ranks (/dev/shm); the driver needs its token to
 *   start executors; priorityClassName sits in `batchSchedulerOptions`.
 * - NIMService: the operator adds probes, a memory-backed /dev/shm, the NIMCache volume (the model is not written
 *   to the container's disk), the user and group and a ServiceAccount of its own; the spec has no container
 *   securityContext, no Deployment strategy.
 * - DynamoGraphDeployment: the operator adds probes and an 8Gi /dev/shm (v1alpha1's `sharedMemory`, v1beta1's
 *   `sharedMemorySize`), picks the ServiceAccount (Kubernetes discovery) and runs the pods as Deployments or
 *   LeaderWorkerSets of its own. MLK419 is judged on the claims the services mount (`volumeMounts`, `pvc`: see
 *   dynamoPods), or on a v1beta1 pod template's volumes; the runtime images keep their cache under /home/dynamo (see
 *   containerImageCache).
 * - TrainJob: the pod is the training runtime's; the trainer only overrides the node container's image, command,
 *   env and resources, and its overrides or patches add pod fields, volumes and mounts (see trainJobPod). MLK409 is
 *   judged where they set the tolerations, which replace the runtime's.
 * - KubeAI Model: KubeAI writes the pod (probes, a memory /dev/shm, its configured security context and ServiceAccount)
 *   and takes resources, node selector, tolerations and runtime class from the config's `resourceProfile`; the model
 *   cache is a `cacheProfile`. Only the image, args and env are the Model's.
 * - VLLMRuntime: the operator adds the probes; the object has no securityContext, volumes, ServiceAccount, priority
 *   class or ephemeral storage to set (so no /dev/shm either), sets each resource as request and limit and turns
 *   `nodeSelectorTerms` into node affinity. MLK419 is judged: the operator mounts no volume but `storageConfig`'s PVC
 *   (see vllmStorage) and sets no HF_HOME, so a hub model lands where `vllmConfig.env` sends it, else in the image's cache.
 * - VLLMRouter: the same fields as a VLLMRuntime's; the router reads the pods of its engines through the API (the operator
 *   gives its ServiceAccount a Role to list them), so it needs its token; it serves no model.
 * - BentoDeployment: the operator adds the probes and a memory /dev/shm sized to half the memory limit, fills in cpu and
 *   memory requests and limits, runs the image built from the Bento (its models inside) as a Deployment of its own, and
 *   picks the ServiceAccount when `extraPodSpec` names none; the object has no securityContext, priority class, runtime
 *   class or ephemeral-storage field of its own.
 * - OME (Cluster)ServingRuntime: the controller runs every component's pods under a ServiceAccount it creates for the
 *   component (with a Role to list pods for the router's service discovery), never the namespace's default one; the
 *   server loads the InferenceService's base model, which OME's model agent stores on the node once and the controller
 *   mounts (`$MODEL_PATH`), so no restart downloads it.
 */
const operatorExcluded: Record<string, { group: string; rules: ReadonlySet<string>; judged?: (view: YamlView, root: Node) => readonly string[] }> = {
  SparkApplication: { group: 'sparkoperator.k8s.io', rules: new Set([...jobFieldRules, 'MLK405', 'MLK419', 'MLK120', 'MLK316', 'MLK501']) },
  ScheduledSparkApplication: { group: 'sparkoperator.k8s.io', rules: new Set([...jobFieldRules, 'MLK405', 'MLK419', 'MLK120', 'MLK316', 'MLK501']) },
  NIMService: { group: 'apps.nvidia.com', rules: new Set([...securityContextRules, ...probeRules, 'MLK006', 'MLK008', 'MLK120', 'MLK503', 'MLK304', 'MLK316', 'MLK405', 'MLK406', 'MLK407', 'MLK408', 'MLK417', 'MLK419']) },
  DynamoGraphDeployment: {
    group: 'nvidia.com',
    rules: new Set([...probeRules, 'MLK006', 'MLK120', 'MLK503', 'MLK405', 'MLK408', 'MLK417']),
  },
  Model: {
    group: 'kubeai.org',
    rules: new Set([
      ...securityContextRules, ...probeRules, ...jobFieldRules, 'MLK120', 'MLK503', 'MLK316', 'MLK301', 'MLK302', 'MLK303', 'MLK304', 'MLK305', 'MLK405', 'MLK406', 'MLK407', 'MLK408',
      'MLK409', 'MLK410', 'MLK411', 'MLK412', 'MLK417', 'MLK419', 'MLK421', 'MLK423',
    ]),
  },
  VLLMRuntime: {
    group: 'production-stack.vllm.ai',
    rules: new Set([...securityContextRules, ...probeRules, ...jobFieldRules, 'MLK120', 'MLK503', 'MLK316', 'MLK303', 'MLK304', 'MLK305', 'MLK405', 'MLK406', 'MLK407', 'MLK408', 'MLK417', 'MLK423']),
  },
  VLLMRouter: {
    group: 'production-stack.vllm.ai',
    rules: new Set([...securityContextRules, ...probeRules, ...jobFieldRules, 'MLK120', 'MLK503', 'MLK316', 'MLK303', 'MLK304', 'MLK305', 'MLK405', 'MLK406', 'MLK407', 'MLK408', 'MLK417', 'MLK419', 'MLK423']),
  },
  BentoDeployment: {
    group: 'serving.yatai.ai',
    rules: new Set([
      ...securityContextRules, ...probeRules, ...jobFieldRules, 'MLK120', 'MLK503', 'MLK316', 'MLK301', 'MLK302', 'MLK303', 'MLK304', 'MLK305', 'MLK405', 'MLK406', 'MLK407', 'MLK408',
      'MLK417', 'MLK419', 'MLK421',
    ]),
  },
  ServingRuntime: { group: 'ome.io', rules: new Set(['MLK120', 'MLK419']) },
  ClusterServingRuntime: { group: 'ome.io', rules: new Set(['MLK120', 'MLK419']) },
  TrainJob: {
    group: 'trainer.kubeflow.org',
    rules: new Set([...securityContextRules, ...probeRules, ...jobFieldRules, 'MLK120', 'MLK503', 'MLK316', 'MLK301', 'MLK302', 'MLK303', 'MLK304', 'MLK305', 'MLK405', 'MLK406', 'MLK407', 'MLK408', 'MLK409', 'MLK410', 'MLK412', 'MLK419', 'MLK421', 'MLK423', 'MLK424']),
    judged: (view, root) => (trainJobSetsTolerations(view, root) ? ['MLK409'] : []),
  },
};

/**
 * The rules left out on an object whose pods its operator assembles (see operatorExcluded), less those its own fields
 * let be judged; undefined for any other object.
 */
export function operatorExcludedRules(view: YamlView, root: Node, apiVersion: string | undefined, kind: string | undefined): ReadonlySet<string> | undefined {
  if (kind === undefined || !Object.hasOwn(operatorExcluded, kind)) {
    return undefined;
  }
  const entry = operatorExcluded[kind] as (typeof operatorExcluded)[string];
  if (apiGroupOf(apiVersion) !== entry.group) {
    return undefined;
  }
  const judged = entry.judged?.(view, root) ?? [];
  return judged.length === 0 ? entry.rules : new Set([...entry.rules].filter((id) => !judged.includes(id)));
}

/**
 * The object-level rules that judge an embedded object (a Katib trial's PyTorchJob, TFJob or Job) by its own kind: the
 * training operator's container name, the retries and the deadline of its runs. Its pods are judged as the host's. Not
 * MLK314: Katib deletes a finished trial's job itself (unless the trial template says `retain: true`).
 */
export const embeddedObjectRuleIds: ReadonlySet<string> = new Set(['MLK413', 'MLK414', 'MLK424']);

/** The overlay rules less MLK409: the presets may bring the GPU toleration. */
const overlayRuleIdsButTolerations: ReadonlySet<string> = new Set([...overlayRuleIds].filter((id) => id !== 'MLK409'));

/**
 * For an object whose pod specs are overlays on its operator's presets, the rules that apply to it (undefined for any
 * other object). `baseRefs` merge further configs first, which may bring tolerations: then MLK409 cannot judge either.
 * A Seldon Core 2 Server's `podSpec` overrides its ServerConfig's pod (containers merged by name), whose probes,
 * security context, volumes and tolerations it keeps; an OME InferenceService's components override its serving
 * runtime's (see omeComponents).
 */
export function presetOverlayRules(view: YamlView, root: Node, apiVersion: string | undefined, kind: string | undefined): ReadonlySet<string> | undefined {
  if (kind === 'Server') {
    return apiGroupOf(apiVersion) === 'mlops.seldon.io' ? overlayRuleIdsButTolerations : undefined;
  }
  if (kind === 'InferenceService') {
    return apiGroupOf(apiVersion) === 'ome.io' ? overlayRuleIdsButTolerations : undefined;
  }
  if ((kind !== 'LLMInferenceService' && kind !== 'LLMInferenceServiceConfig') || apiGroupOf(apiVersion) !== 'serving.kserve.io') {
    return undefined;
  }
  if (view.get(view.get(root, 'spec'), 'baseRefs') === undefined && kind === 'LLMInferenceService') {
    return overlayRuleIds;
  }
  return overlayRuleIdsButTolerations;
}

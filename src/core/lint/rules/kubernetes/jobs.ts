import type { YAMLMap } from 'yaml';
import { isArgoWorkflow } from '../../kubernetes/argo-workflow-pods';
import type { AcceleratorNoun } from '../../kubernetes/gpu';
import { acceleratorLimit, acceleratorNoun, byCluster, imageRepository, isGpuContainer, podRequestsAccelerator } from '../../kubernetes/gpu';
import { kaiSharedGpus } from '../../kubernetes/gpu-sharing-schedulers';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import { isBatchJob } from '../../kubernetes/model';
import { resetsPromptly } from '../../kubernetes/appwrapper-fault-tolerance';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { Range } from '../../types';
import type { YamlView } from '../../yaml/access';
import { isGpuSmokeTest, isPausePlaceholder } from '../../single-process-servers';
import { onlyListsDevices } from './shm';
import { isKubeDlTrainingJob, trainingRunPolicy } from '../../kubernetes/training-run-policy';

export interface JobScope {
  /** The map holding Job-level fields (Job spec, CronJob jobTemplate.spec, CRD runPolicy); undefined when absent. */
  fields?: YAMLMap;
  anchor: Range;
  /** `This GPU Job`, `This TPU JobSet's …`: what the scope is, named by its accelerators. */
  label: string;
  /** What its accelerators are called. */
  noun: AcceleratorNoun;
  /** Kubeflow's training operator or KubeDL: an unset backoffLimit sets no limit at all (a batch Job's default is 6). */
  unlimitedRetries?: true;
  /**
   * The fields are a training CRD's run policy, which has backoffLimit but no podFailurePolicy, named in messages by
   * their parent: `runPolicy` (Kubeflow's spec.runPolicy) or `spec` (KubeDL inlines it).
   */
  runPolicy?: 'runPolicy' | 'spec';
  /**
   * No backoffLimit to set: Argo retries a step only by its retryStrategy, none by default; a training job whose
   * replicas never restart; an AppWrapper's Job whose pods never restart (see appWrapperResets).
   */
  backoffLimit?: false;
  /** An AppWrapper's Job whose containers restart in place: its retries run, and run again after each of the AppWrapper's resets. */
  appWrapperRepeats?: true;
  /** Its accelerator containers only list their devices (nvidia-smi, amd-smi...), run a CUDA sample or hold the GPU: no collectives. */
  deviceCheck?: true;
  /** Its accelerator containers only hold the devices (pause, perf-tests sleep): nothing on them can hang. */
  placeholder?: true;
  /** It runs one pod at a time on one accelerator: no collectives to hang in. */
  oneAccelerator?: true;
}

/** The GPU jobs of an object: Job, CronJob, training CRDs (runPolicy), JobSet replicated jobs. Shared: do not modify. */
export function gpuJobScopes(obj: KubeObject, cluster: ClusterProfile): readonly JobScope[] {
  if (obj.workload !== 'job' && obj.workload !== 'cronjob' && obj.workload !== 'training') {
    return [];
  }
  return jobScopes(obj.view, obj, cluster);
}

/** MLK413 and MLK414 read the same scopes: found once per document. */
const jobScopes = byCluster((view: YamlView, obj: KubeObject, cluster: ClusterProfile): JobScope[] => {
  const gpu = obj.podSpecs.filter((p) => podRequestsAccelerator(view, p, cluster));
  if (gpu.length === 0) {
    return [];
  }
  const noun = acceleratorNoun(view, gpu, cluster);
  const repository = (c: ContainerRef): string => imageRepository(view.text(c.node, 'image') ?? '');
  // A KAI Scheduler share counts: its container has no accelerator in its resources.
  const gpuContainers = gpu.flatMap((p) => p.containers.filter((c) => c.kind === 'containers' && isGpuContainer(view, c, cluster, p)));
  // A device listing or a CUDA sample (cuda-vector-add); a placeholder (pause, perf-tests sleep) only holds the GPU.
  const placeholder = gpuContainers.length > 0 && gpuContainers.every((c) => isPausePlaceholder(repository(c)));
  const deviceCheck = gpuContainers.length > 0 && gpuContainers.every((c) => onlyListsDevices(view, c.node) || isGpuSmokeTest(repository(c)) || isPausePlaceholder(repository(c)));
  const accelerators = (pod: PodSpecRef): number => pod.containers.reduce((n, c) => n + acceleratorLimit(view, c, cluster) + kaiSharedGpus(view, pod, c), 0);
  const oneAccelerator = (pods: readonly PodSpecRef[]): boolean => pods.length === 1 && accelerators(pods[0] as PodSpecRef) === 1;
  return scopesOf(view, obj, gpu, noun, oneAccelerator).map((scope) => ({ ...scope, noun, ...(deviceCheck ? { deviceCheck: true as const } : {}), ...(placeholder ? { placeholder: true as const } : {}) }));
});

/**
 * A RayJob that deletes its cluster when the job ends (`shutdownAfterJobFinishes: true`): an activeDeadlineSeconds
 * then frees the GPU workers of a hung run. One whose cluster outlives the job keeps them whatever the deadline.
 * KubeRay retries nothing unless backoffLimit is set (its default is 0).
 */
function rayJobScopes(view: YamlView, obj: KubeObject, noun: AcceleratorNoun): Omit<JobScope, 'noun'>[] {
  const fields = view.map(view.get(obj.root, 'spec'));
  const anchor = view.rangeOfKey(obj.root, ['spec']);
  if (!fields || !anchor || view.bool(fields, 'shutdownAfterJobFinishes') !== true) {
    return [];
  }
  return [{ fields, anchor, label: `This ${noun} RayJob`, backoffLimit: false }];
}

/**
 * An AppWrapper's Job (or JobSet) whose GPU pods say restartPolicy: Never: the AppWrapper sees a failed pod, gives the
 * Job a minute (its failureGracePeriodDuration, when not set longer) and then resets the whole workload, at most
 * retryLimit times (3 by default): the retries are the AppWrapper's. With OnFailure the containers restart in place
 * and no pod fails (the AppWrapper counts Failed pods), so the Job's own retries run.
 */
function appWrapperResets(view: YamlView, obj: KubeObject, gpu: readonly PodSpecRef[]): boolean {
  return obj.appWrapper !== undefined && resetsPromptly(obj.appWrapper) && gpu.every((p) => view.text(p.spec, 'restartPolicy') === 'Never');
}

/**
 * What an AppWrapper makes of a Job's retries: none to ask for where it resets the Job (appWrapperResets); with
 * restartPolicy OnFailure the Job's own, and again after each reset the Job's failure brings.
 */
function appWrapperJob(view: YamlView, obj: KubeObject, gpu: readonly PodSpecRef[]): Pick<JobScope, 'backoffLimit' | 'appWrapperRepeats'> {
  if (appWrapperResets(view, obj, gpu)) {
    return { backoffLimit: false };
  }
  return obj.appWrapper && gpu.every((p) => view.text(p.spec, 'restartPolicy') === 'OnFailure') ? { appWrapperRepeats: true } : {};
}

/** A Job spec's pods run one at a time (parallelism unset or 1). */
function onePodAtATime(view: YamlView, fields: YAMLMap | undefined): boolean {
  const parallelism = view.text(fields, 'parallelism');
  return parallelism === undefined || parallelism === '1';
}

/** A training CRD's replica spec that makes one pod (`replicas` unset or 1), with no elasticPolicy to scale it out. */
function oneTrainingReplica(view: YamlView, obj: KubeObject, pod: PodSpecRef): boolean {
  const replicas = view.text(view.at(obj.root, pod.path.slice(0, -2)), 'replicas');
  const maxReplicas = view.text(view.at(obj.root, ['spec', 'elasticPolicy']), 'maxReplicas');
  return (replicas === undefined || replicas === '1') && (maxReplicas === undefined || maxReplicas === '1');
}

function scopesOf(view: YamlView, obj: KubeObject, gpu: readonly PodSpecRef[], noun: AcceleratorNoun, oneAccelerator: (pods: readonly PodSpecRef[]) => boolean): Omit<JobScope, 'noun'>[] {
  if (obj.kind === 'Job' && !isBatchJob(obj)) {
    return []; // Volcano: maxRetry (default 3) bounds the retries
  }
  if (obj.kind === 'Job') {
    const a = view.rangeOfKey(obj.root, ['spec']);
    const fields = view.map(view.get(obj.root, 'spec'));
    const single = oneAccelerator(gpu) && onePodAtATime(view, fields);
    return a ? [{ anchor: a, label: `This ${noun} Job`, ...(fields ? { fields } : {}), ...(single ? { oneAccelerator: true as const } : {}), ...appWrapperJob(view, obj, gpu) }] : [];
  }
  if (obj.kind === 'CronJob') {
    const a = view.rangeOfKey(obj.root, ['spec', 'jobTemplate']);
    const fields = view.map(view.at(obj.root, ['spec', 'jobTemplate', 'spec']));
    const single = oneAccelerator(gpu) && onePodAtATime(view, fields);
    return a ? [{ anchor: a, label: `This ${noun} CronJob's job template`, ...(fields ? { fields } : {}), ...(single ? { oneAccelerator: true as const } : {}) }] : [];
  }
  if (obj.kind === 'ScaledJob') {
    // KEDA copies spec.jobTargetRef (a batch/v1 Job spec) into every Job it creates.
    const fields = gpu[0]?.jobFields;
    const a = view.rangeOfKey(obj.root, ['spec', 'jobTargetRef']);
    return a ? [{ anchor: a, label: `This ${noun} ScaledJob's job target`, ...(fields ? { fields } : {}) }] : [];
  }
  if (obj.kind === 'JobSet' || obj.kind === 'TrainingRuntime' || obj.kind === 'ClusterTrainingRuntime') {
    const seen = new Set<unknown>();
    const out: Omit<JobScope, 'noun'>[] = [];
    for (const p of gpu) {
      if (p.jobFields && !seen.has(p.jobFields)) {
        seen.add(p.jobFields);
        out.push({ fields: p.jobFields, anchor: view.range(p.jobFields.items[0]) ?? obj.anchor, label: `The ${noun} replicated job "${p.role ?? ''}"`, ...(appWrapperResets(view, obj, [p]) ? { backoffLimit: false as const } : {}) });
      }
    }
    return out;
  }
  if (obj.kind === 'RayJob') {
    return rayJobScopes(view, obj, noun);
  }
  if (isArgoWorkflow(obj)) {
    // A step's deadline: its template's activeDeadlineSeconds or timeout (or templateDefaults'), or the workflow's activeDeadlineSeconds.
    return gpu
      .filter((p) => view.get(p.spec, 'activeDeadlineSeconds') === undefined && view.get(p.spec, 'timeout') === undefined)
      .map((p) => ({ fields: p.spec, anchor: p.anchor, label: `The ${noun} template "${p.role ?? ''}"`, backoffLimit: false as const, ...(oneAccelerator([p]) ? { oneAccelerator: true as const } : {}) }));
  }
  const runPolicy = trainingRunPolicy(obj);
  const anchor = runPolicy.anchor ?? obj.anchor;
  // mpi-operator's kubeflow.org/v2beta1 MPIJob runs its launcher as a batch Job; the training operator (kubeflow.org/v1)
  // and KubeDL retry without limit.
  const trainingOperator = obj.apiVersion === 'kubeflow.org/v1' || isKubeDlTrainingJob(obj);
  // Every GPU replica spec says restartPolicy: Never: a failed pod fails the job, nothing is restarted.
  const neverRestarts = trainingOperator && gpu.every((p) => view.text(view.at(obj.root, p.path.slice(0, -2)), 'restartPolicy') === 'Never');
  const single = oneAccelerator(gpu) && oneTrainingReplica(view, obj, gpu[0] as PodSpecRef);
  return [{ anchor, label: `This ${noun} ${obj.kind ?? 'training job'}`, runPolicy: runPolicy.path, ...(runPolicy.fields ? { fields: runPolicy.fields } : {}), ...(trainingOperator ? { unlimitedRetries: true as const } : {}), ...(neverRestarts ? { backoffLimit: false as const } : {}), ...(single ? { oneAccelerator: true as const } : {}) }];
}

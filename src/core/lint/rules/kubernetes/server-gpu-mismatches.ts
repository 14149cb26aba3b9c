import type { Node } from 'yaml';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { KubeObject, PodContainer } from '../../kubernetes/model';
import type { ResourceEntry } from '../../kubernetes/gpu';
import { byCluster, commandWords, imageRepository, isAcceleratorResource, podClaimsDevices, resourceEntries } from '../../kubernetes/gpu';
import type { ClusterProfile } from '../../kubernetes/settings';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { wordRange } from '../../yaml/word-range';
import type { ServerGpuMismatch } from '../../server-gpu-mismatch';
import { needsMoreGpus, serverGpuMismatch, serverGpuShortfallMessage, serverIdleGpusMessage } from '../../server-gpu-mismatch';
import { positiveIntegerLiteral, wholeGpuResources } from './whole-gpus';
import { containerTensorParallelServer } from './model-source';
import { appContainers, containerLabel, containers, envEntries, finding, resourcesSetAtRunTime } from './helpers';

/** GPU-sharing resources beside a whole-GPU count (HAMi's `nvidia.com/gpumem`, `nvidia.com/gpucores`): the count is then of shares. */
const sharingResourceRe = /^(?:nvidia\.com|amd\.com|hami\.io|volcano\.sh|aliyun\.com|koordinator\.sh)\//;

/** The whole-GPU limit of a container as written (`nvidia.com/gpu: 2`), and its entry; undefined for any other way of getting GPUs. */
function wholeGpuLimit(cluster: ClusterProfile, view: YamlView, container: Node): { count: number; entry: ResourceEntry } | undefined {
  let found: { count: number; entry: ResourceEntry } | undefined;
  for (const entry of resourceEntries(view, container, 'limits')) {
    if (wholeGpuResources.has(entry.name)) {
      const count = positiveIntegerLiteral(view, entry.value);
      if (found !== undefined || count === undefined) {
        return undefined;
      }
      found = { count, entry };
    } else if (isAcceleratorResource(entry.name, cluster) || sharingResourceRe.test(entry.name)) {
      return undefined;
    }
  }
  return found !== undefined && !resourceEntries(view, container, 'requests').some((e) => !wholeGpuResources.has(e.name) && sharingResourceRe.test(e.name)) ? found : undefined;
}

/**
 * The object runs its pods on one node each, as written: a Pod, a workload controller's or Job's template, a Knative
 * Service, or a KServe InferenceService's own containers without multi-node workers. Not LeaderWorkerSets, Ray
 * clusters or operators that assemble the pods themselves (their workers live in other pods, or they add flags).
 */
function judgedObject(obj: KubeObject): boolean {
  if (obj.workload === 'pod' || obj.workload === 'controller' || obj.workload === 'job' || obj.workload === 'cronjob') {
    return obj.kind !== 'DaemonSet';
  }
  const group = apiGroupOf(obj.apiVersion);
  return (obj.kind === 'InferenceService' && group === 'serving.kserve.io') || (obj.kind === 'Service' && group === 'serving.knative.dev');
}

/** The container is as written: no operator patch or run-time resources, no multi-node workers, no claimed devices. */
function judgedContainer({ obj, pod, c }: PodContainer): boolean {
  const view = obj.view;
  if (pod.assembled !== undefined || pod.specPatch === true || c.resourcesAtRunTime === true || resourcesSetAtRunTime(obj, c) || c.draGpus !== undefined) {
    return false;
  }
  if (obj.kind === 'InferenceService' && (view.get(pod.spec, 'workerSpec') !== undefined || !view.list(view.get(pod.spec, 'containers')).includes(c.node))) {
    return false;
  }
  return !podClaimsDevices(view, pod);
}

/** Where the command words of a container come from: the `command` or `args` item holding the word at `index`. */
function itemOfWord(view: YamlView, container: Node, index: number): Node | undefined {
  let k = 0;
  for (const key of ['command', 'args']) {
    for (const item of view.list(view.get(container, key))) {
      k += view.str(item)?.match(/\S+/g)?.length ?? 0;
      if (k > index) {
        return item;
      }
    }
  }
  return undefined;
}

/**
 * The container's server and the GPUs it gets, when they do not match (serverGpuMismatch): read once per container for
 * MLK425 and MLK428, which report the two directions.
 */
const mismatchOf = byCluster((view: YamlView, container: PodContainer, cluster: ClusterProfile): { limit: { count: number; entry: ResourceEntry }; mismatch: ServerGpuMismatch } | undefined => {
  const { c } = container;
  const limit = wholeGpuLimit(cluster, view, c.node);
  if (limit === undefined) {
    return undefined;
  }
  // Remembered per container (MLK405 and MLK415 ask too); most GPU containers run no server and stop here.
  const server = containerTensorParallelServer(view, c.node);
  if (server === undefined || !judgedContainer(container)) {
    return undefined;
  }
  const entrypointKept = view.get(c.node, 'command') === undefined;
  const envHidden = view.get(c.node, 'envFrom') !== undefined;
  const mismatch = serverGpuMismatch(imageRepository(view.text(c.node, 'image') ?? ''), commandWords(view, c.node), entrypointKept, envEntries(view, c.node), envHidden, limit.count, server);
  return mismatch === undefined ? undefined : { limit, mismatch };
});

/**
 * The findings for app containers whose vLLM, SGLang, TGI or LMDeploy server uses another number of GPUs than its
 * whole-GPU limit: those that need more (`shortfall`: MLK428) or those that leave some idle (MLK425). One reading for
 * both rules, so their exemptions stay the same; each finding stands at the first parallel size written, else the limit.
 */
export function serverGpuFindings(ctx: KubernetesContext, shortfall: boolean): RuleFinding[] {
  const obj = ctx.object;
  if (obj === undefined || ctx.patch === true || !judgedObject(obj)) {
    return [];
  }
  const out: RuleFinding[] = [];
  for (const container of containers(ctx, appContainers)) {
    const view = obj.view;
    const { c } = container;
    const read = mismatchOf(view, container, ctx.cluster);
    if (read === undefined || needsMoreGpus(read.mismatch) !== shortfall) {
      continue;
    }
    const { limit, mismatch } = read;
    const words = commandWords(view, c.node);
    const item = mismatch.at?.word !== undefined ? itemOfWord(view, c.node, mismatch.at.word) : undefined;
    const flagWord = mismatch.at?.word !== undefined ? (words[mismatch.at.word] as string).split('=')[0] as string : '';
    const range = (item !== undefined ? wordRange(view.file, item, flagWord) : undefined) ?? view.pairValueRange(limit.entry.pair) ?? c.anchor;
    const message = shortfall ? serverGpuShortfallMessage : serverIdleGpusMessage;
    out.push(finding(range, message(mismatch, containerLabel(c), `its ${limit.entry.name} limit`)));
  }
  return out;
}

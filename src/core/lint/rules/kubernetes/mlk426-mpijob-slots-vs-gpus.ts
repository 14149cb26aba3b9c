import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { ResourceEntry } from '../../kubernetes/gpu';
import { commandWords, isAcceleratorResource, podClaimsDevices, resourceEntries } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding } from './helpers';
import { rankPlacement } from './mpi-launch';
import { positiveIntegerLiteral, wholeGpuResources } from './whole-gpus';

/** The MPI operator's (v2beta1) and the training operator's (v1) MPIJob: both write `slots=<slotsPerWorker>`, 1 when unset. */
function isMpiJob(obj: KubeObject): boolean {
  return obj.kind === 'MPIJob' && apiGroupOf(obj.apiVersion) === 'kubeflow.org' && /\/(?:v2beta1|v1)$/.test(obj.apiVersion ?? '');
}

/** The whole GPUs the worker's one GPU container asks for, as a literal; undefined for any other way of getting GPUs. */
function workerGpus(view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): { count: number; entry: ResourceEntry } | undefined {
  if (podClaimsDevices(view, pod) || pod.containers.some((c) => c.draGpus !== undefined)) {
    return undefined;
  }
  let found: { count: number; entry: ResourceEntry } | undefined;
  for (const c of pod.containers) {
    for (const entry of resourceEntries(view, c.node, 'limits')) {
      if (!isAcceleratorResource(entry.name, cluster) && !entry.name.startsWith('nvidia.com/') && !entry.name.startsWith('amd.com/')) {
        continue;
      }
      const count = wholeGpuResources.has(entry.name) && c.kind === 'containers' ? positiveIntegerLiteral(view, entry.value) : undefined;
      if (count === undefined || found !== undefined) {
        return undefined;
      }
      const request = resourceEntries(view, c.node, 'requests').find((e) => e.name === entry.name);
      if (request !== undefined && positiveIntegerLiteral(view, request.value) !== count) {
        return undefined;
      }
      found = { count, entry };
    }
  }
  return found;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK426',
    name: 'mpijob-slots-vs-gpus',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "An MPIJob's slotsPerWorker (ranks per worker) differs from the whole GPUs each worker requests: GPUs sit idle, or ranks share a GPU.",
  },
  check(ctx) {
    const obj = ctx.object;
    if (obj === undefined || ctx.patch === true || !isMpiJob(obj)) {
      return [];
    }
    const view = obj.view;
    const worker = obj.podSpecs.find((p) => p.role === 'Worker');
    const launcher = obj.podSpecs.find((p) => p.role === 'Launcher');
    const gpus = worker !== undefined ? workerGpus(view, worker, ctx.cluster) : undefined;
    const launcherContainer = launcher?.containers.find((c) => c.kind === 'containers');
    if (gpus === undefined || launcher === undefined || launcherContainer === undefined || view.bool(view.get(obj.root, 'spec'), 'runLauncherAsWorker') === true) {
      return [];
    }
    // A launcher with GPUs is a host of the hostfile too: its ranks count in `-np`.
    if (launcher.containers.some((c) => resourceEntries(view, c.node, 'limits').some((e) => isAcceleratorResource(e.name, ctx.cluster)))) {
      return [];
    }
    const slotsNode = view.at(obj.root, ['spec', 'slotsPerWorker']);
    const slots = slotsNode === undefined ? 1 : positiveIntegerLiteral(view, slotsNode);
    const placement = rankPlacement(commandWords(view, launcherContainer.node));
    if (slots === undefined || slots === gpus.count || placement === undefined) {
      return [];
    }
    if (placement.by === 'count') {
      const workers = positiveIntegerLiteral(view, view.at(obj.root, ['spec', 'mpiReplicaSpecs', 'Worker', 'replicas']));
      // `-np` matching the GPUs is read as meant; any other count than the slots' is not read here.
      if (workers === undefined || placement.ranks !== slots * workers) {
        return [];
      }
    }
    const setting = slotsNode === undefined ? "slotsPerWorker is unset (the MPI operator's default is 1 slot per worker)" : `slotsPerWorker is ${slots}`;
    const each = `each Worker requests ${gpus.count} ${gpus.entry.name}`;
    const outcome =
      slots < gpus.count
        ? `the launcher starts ${plural(slots, 'rank')} on each worker and ${gpus.count - slots} of its ${plural(gpus.count, 'GPU')} sit idle`
        : `the launcher starts ${plural(slots, 'rank')} on each worker's ${plural(gpus.count, 'GPU')}, and ranks sharing a GPU fail in NCCL ("Duplicate GPU detected") or compete for its memory`;
    const range = (slotsNode !== undefined ? view.range(slotsNode) : undefined) ?? view.pairValueRange(gpus.entry.pair) ?? launcher.anchor;
    const out: RuleFinding[] = [finding(range, `${setting} but ${each}: ${outcome}; set slotsPerWorker to ${gpus.count}, one rank per GPU.`)];
    return out;
  },
};

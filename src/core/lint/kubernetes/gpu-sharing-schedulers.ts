import type { Node, YAMLMap } from 'yaml';
import type { YamlView } from '../yaml/access';
import { derivation } from '../yaml/access';
import type { ContainerRef, PodSpecRef } from './model';
import { parseQuantity } from './quantity';

/** The prefix of Koordinator's DeviceShare resources. */
export const koordinatorPrefix = 'koordinator.sh/';

/**
 * Koordinator's DeviceShare resources (apis/extension): `gpu.shared` counts the GPUs a pod shares; `gpu-core` and
 * `gpu-memory-ratio` are percentages of one card (above 100, whole cards in hundreds); `gpu-memory` is bytes of a
 * card's memory; `gpu`, the older API, is a percentage its webhook turns into `gpu-core` and `gpu-memory-ratio`.
 */
export const koordinatorGpuResources: ReadonlySet<string> = new Set([
  'koordinator.sh/gpu',
  'koordinator.sh/gpu.shared',
  'koordinator.sh/gpu-core',
  'koordinator.sh/gpu-memory',
  'koordinator.sh/gpu-memory-ratio',
]);

const koordinatorPercentages = new Set(['koordinator.sh/gpu', 'koordinator.sh/gpu-core', 'koordinator.sh/gpu-memory-ratio']);

/** What a container's Koordinator resources ask for: the `gpu.shared` count, the largest percentage, any GPU memory. */
interface KoordinatorShare {
  shared?: number;
  percent: number;
  memory: boolean;
}

function koordinatorShare(view: YamlView, entries: readonly { name: string; value: unknown }[]): KoordinatorShare {
  const share: KoordinatorShare = { percent: 0, memory: false };
  for (const { name, value } of entries) {
    if (!name.startsWith(koordinatorPrefix) || !koordinatorGpuResources.has(name)) {
      continue;
    }
    const q = parseQuantity(view.scalar(value)?.value);
    if (q === undefined) {
      continue;
    }
    if (name === 'koordinator.sh/gpu.shared') {
      share.shared = q;
    } else if (koordinatorPercentages.has(name)) {
      share.percent = Math.max(share.percent, q);
    } else {
      share.memory ||= q > 0;
    }
  }
  return share;
}

/** The cards a percentage spans: whole hundreds are that many cards, a part of one card is one (Koordinator's webhook sets `gpu.shared` so). */
function cardsOf(percent: number): number {
  return percent % 100 === 0 ? percent / 100 : 1;
}

/** The GPUs a container's Koordinator DeviceShare resources (these entries of one section) take a share of; 0 when none. */
export function koordinatorGpus(view: YamlView, entries: readonly { name: string; value: unknown }[]): number {
  const share = koordinatorShare(view, entries);
  if (share.shared !== undefined) {
    return Math.max(0, share.shared);
  }
  return share.percent > 0 ? cardsOf(share.percent) : share.memory ? 1 : 0;
}

/**
 * The container's Koordinator resources take all of each card in one dimension (`gpu-core: 100`, `gpu-memory-ratio:
 * 200` for two cards): no other pod, its own surge pod included, fits on those cards.
 */
export function koordinatorReservesWholeCards(view: YamlView, entries: readonly { name: string; value: unknown }[]): boolean {
  const share = koordinatorShare(view, entries);
  const cards = share.shared !== undefined && share.shared > 0 ? share.shared : cardsOf(share.percent);
  return share.percent > 0 && share.percent / cards >= 100;
}

/** KAI Scheduler's GPU-sharing annotations: a fraction of one GPU's memory, or MiB of it. */
const kaiShareAnnotations = ['gpu-fraction', 'gpu-memory'];

/** A bare Pod's metadata sits beside its spec at the document root; a template's is on the PodSpecRef. */
export function podMetadata(view: YamlView, pod: PodSpecRef): YAMLMap | undefined {
  if (pod.templateMetadata !== undefined) {
    return pod.templateMetadata;
  }
  return pod.path.length === 1 && pod.path[0] === 'spec' && pod.assembled === undefined ? view.map(view.get(view.document.doc.contents, 'metadata')) : undefined;
}

/** The label KubeRay's KAI Scheduler plugin copies from a Ray object to its pods (QueueLabelName in kai_scheduler.go). */
const kaiQueueLabel = 'kai.scheduler/queue';

/**
 * The ray.io object whose head or worker group template holds the pod spec: a RayCluster (`spec.<group>`), a RayJob
 * (`spec.rayClusterSpec.<group>`) or a RayService (`spec.rayClusterConfig.<group>`); undefined for any other pod.
 */
function rayObjectOf(view: YamlView, pod: PodSpecRef): Node | undefined {
  const path = pod.path;
  const n = path.length;
  if (n < 4 || path[n - 1] !== 'spec' || path[n - 2] !== 'template') {
    return undefined;
  }
  const group = path[n - 3] === 'headGroupSpec' ? n - 3 : path[n - 4] === 'workerGroupSpecs' ? n - 4 : undefined;
  if (group === undefined) {
    return undefined;
  }
  const above = path[group - 1];
  const rootPath = above === 'spec' ? path.slice(0, group - 1) : (above === 'rayClusterSpec' || above === 'rayClusterConfig') && path[group - 2] === 'spec' ? path.slice(0, group - 2) : undefined;
  if (rootPath === undefined) {
    return undefined;
  }
  const root = view.at(view.document.doc.contents, rootPath);
  return view.text(root, 'apiVersion')?.startsWith('ray.io/') === true ? root : undefined;
}

/**
 * The scheduler that places the pod: its `schedulerName`, else KubeRay's. A KubeRay operator installed with
 * `batchScheduler.name: kai-scheduler` sets kai-scheduler on the pods of every Ray object (AddMetadataToPod in its KAI
 * plugin), and a Ray object meant for it carries the KAI queue label, which the plugin copies to the pods.
 */
function schedulerOf(view: YamlView, pod: PodSpecRef): string | undefined {
  const named = view.text(pod.spec, 'schedulerName');
  if (named !== undefined) {
    return named;
  }
  const ray = rayObjectOf(view, pod);
  return ray !== undefined && view.get(view.get(view.get(ray, 'metadata'), 'labels'), kaiQueueLabel) !== undefined ? 'kai-scheduler' : undefined;
}

/** The annotation of the pod's that asks KAI Scheduler for a GPU share (`gpu-fraction`, `gpu-memory`); undefined when none does or another scheduler places the pod. */
export function kaiShareAnnotation(view: YamlView, pod: PodSpecRef): string | undefined {
  return view.derive(shareAnnotationOfPod, pod);
}

/** kaiShareAnnotation, read once per pod: the GPU checks ask of every container. */
const shareAnnotationOfPod = derivation((view, pod: PodSpecRef): string | undefined => {
  if (schedulerOf(view, pod) !== 'kai-scheduler') {
    return undefined;
  }
  const annotations = view.get(podMetadata(view, pod), 'annotations');
  return kaiShareAnnotations.find((key) => {
    const value = parseQuantity(view.str(view.get(annotations, key)));
    return value !== undefined && value > 0;
  });
});

/**
 * The pod asks KAI Scheduler for a share of a GPU (docs/gpu-sharing): its `gpu-fraction` or `gpu-memory` annotation
 * (a template's annotations are its pods'), with `schedulerName: kai-scheduler`, which alone reads it. The share goes
 * to the first container (or the one `gpu-fraction-container-name` names), with no GPU in its resources.
 */
export function kaiSharesGpu(view: YamlView, pod: PodSpecRef): boolean {
  return kaiShareAnnotation(view, pod) !== undefined;
}

/**
 * The container KAI Scheduler gives the pod's GPU share to (GetFractionContainerRef in KAI's source): the init or app
 * container `gpu-fraction-container-name` names, else the first app container. Undefined when the pod asks for no share.
 */
export function kaiShareContainer(view: YamlView, pod: PodSpecRef): ContainerRef | undefined {
  if (!kaiSharesGpu(view, pod)) {
    return undefined;
  }
  const named = view.str(view.get(view.get(podMetadata(view, pod), 'annotations'), 'gpu-fraction-container-name'));
  if (named !== undefined) {
    return pod.containers.find((c) => c.name === named && c.kind !== 'ephemeralContainers');
  }
  return pod.containers.find((c) => c.kind === 'containers');
}

/** The GPUs a KAI share spans: `gpu-fraction-num-devices` of them (the fraction of each), else one. */
function kaiShareDevices(view: YamlView, pod: PodSpecRef): number {
  const devices = Number(view.str(view.get(view.get(podMetadata(view, pod), 'annotations'), 'gpu-fraction-num-devices')));
  return Number.isInteger(devices) && devices > 1 ? devices : 1;
}

/** The GPUs the container gets a KAI Scheduler share of (kaiShareContainer); 0 for any other container. */
export function kaiSharedGpus(view: YamlView, pod: PodSpecRef, container: ContainerRef): number {
  return kaiShareContainer(view, pod) === container ? kaiShareDevices(view, pod) : 0;
}

/**
 * The pod's KAI share leaves room on its cards for another pod, its own surge pod included: a `gpu-fraction` (KAI's
 * admission takes only values below 1) or an amount of GPU memory.
 */
export function kaiShareLeavesRoom(view: YamlView, pod: PodSpecRef): boolean {
  const annotation = kaiShareAnnotation(view, pod);
  if (annotation !== 'gpu-fraction') {
    return annotation === 'gpu-memory';
  }
  const fraction = parseQuantity(view.str(view.get(view.get(podMetadata(view, pod), 'annotations'), annotation)));
  return fraction !== undefined && fraction < 1;
}

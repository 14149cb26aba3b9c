import { YamlView } from '../yaml/access';
import type { YamlFile } from '../yaml/parse';
import { ownQueueName, queueLabel, queuedByOwnLabel } from './kueue-queue-label';
import type { KubeObject } from './model';
import { apiGroupOf } from './operator-pods';

/**
 * Kueue's queueing objects as far as the tolerations it adds go: a workload labelled `kueue.x-k8s.io/queue-name`
 * is admitted through a LocalQueue to its ClusterQueue, and its pods get the tolerations of the ResourceFlavor
 * they are assigned.
 */
export interface KueueObjects {
  /** ResourceFlavor name → the taint keys its tolerations cover (`*` for a key-less `operator: Exists`). */
  flavors: ReadonlyMap<string, readonly string[]>;
  /** ClusterQueue name → the names of the flavors of its resource groups. */
  clusterQueues: ReadonlyMap<string, readonly string[]>;
  /** `namespace/name` of a LocalQueue (namespace '' when unset) → its ClusterQueue. */
  localQueues: ReadonlyMap<string, string>;
  /**
   * Flavors that send pods to a tainted GPU pool: `nodeLabels` select the nodes, a NoSchedule toleration (any key,
   * `sku=gpu` on AKS) passes their taint, and a ClusterQueue gives GPU quota through them.
   */
  gpuPools?: ReadonlySet<string>;
}

/** GPU resources a ClusterQueue's resource group may cover (the device plugins' names and their MIG and shared forms). */
const gpuResource = /^(?:nvidia\.com|amd\.com)\/(?:gpu|mig-)/;

/** A ResourceFlavor selects nodes and tolerates a NoSchedule taint of them (an untainted effect tolerates every effect). */
function selectsTaintedPool(view: YamlView, spec: unknown): boolean {
  const labels = view.map(view.get(spec, 'nodeLabels'));
  const tolerates = view.list(view.get(spec, 'tolerations')).some((t) => view.text(t, 'key') !== undefined && (view.text(t, 'effect') ?? 'NoSchedule') === 'NoSchedule');
  return labels !== undefined && labels.items.length > 0 && tolerates;
}

/** Whether a text may hold Kueue's flavors or queues (a cheap test before parsing). */
export function mayDeclareKueueObjects(text: string): boolean {
  return text.includes('kueue.x-k8s.io') && /kind:\s*["']?(?:ResourceFlavor|ClusterQueue|LocalQueue)\b/.test(text);
}

/** Whether a text may hold a workload that a Kueue queue admits. */
export function mayUseKueueQueue(text: string): boolean {
  return text.includes(queueLabel);
}

/** The ResourceFlavors, ClusterQueues and LocalQueues of a file; undefined when it has none. */
export function kueueObjects(file: YamlFile): KueueObjects | undefined {
  const flavors = new Map<string, string[]>();
  const clusterQueues = new Map<string, string[]>();
  const localQueues = new Map<string, string>();
  const pools = new Set<string>();
  const gpuQuota = new Set<string>();
  for (const document of file.documents) {
    if (document.skipped !== undefined) {
      continue;
    }
    const view = new YamlView(file, document);
    const root = view.root;
    if (apiGroupOf(view.text(root, 'apiVersion')) !== 'kueue.x-k8s.io') {
      continue;
    }
    const metadata = view.get(root, 'metadata');
    const name = view.text(metadata, 'name');
    const spec = view.get(root, 'spec');
    if (name === undefined) {
      continue;
    }
    switch (view.text(root, 'kind')) {
      case 'ResourceFlavor':
        flavors.set(
          name,
          view.list(view.get(spec, 'tolerations')).map((t) => view.text(t, 'key') ?? (view.text(t, 'operator') === 'Exists' ? '*' : '')),
        );
        if (selectsTaintedPool(view, spec)) {
          pools.add(name);
        }
        break;
      case 'ClusterQueue':
        clusterQueues.set(
          name,
          view.list(view.get(spec, 'resourceGroups')).flatMap((g) => view.list(view.get(g, 'flavors')).flatMap((f) => view.text(f, 'name') ?? [])),
        );
        for (const group of view.list(view.get(spec, 'resourceGroups'))) {
          if (view.list(view.get(group, 'coveredResources')).some((r) => gpuResource.test(view.str(r) ?? ''))) {
            view.list(view.get(group, 'flavors')).forEach((f) => gpuQuota.add(view.text(f, 'name') ?? ''));
          }
        }
        break;
      case 'LocalQueue': {
        const clusterQueue = view.text(spec, 'clusterQueue');
        if (clusterQueue !== undefined) {
          localQueues.set(`${view.text(metadata, 'namespace') ?? ''}/${name}`, clusterQueue);
        }
        break;
      }
    }
  }
  const gpuPools = new Set([...pools].filter((f) => gpuQuota.has(f)));
  return flavors.size > 0 || clusterQueues.size > 0 || localQueues.size > 0 ? { flavors, clusterQueues, localQueues, ...(gpuPools.size > 0 ? { gpuPools } : {}) } : undefined;
}

/** Several files' Kueue objects as one (the first of a name wins). */
export function mergeKueueObjects(all: readonly (KueueObjects | undefined)[]): KueueObjects | undefined {
  const present = all.filter((k): k is KueueObjects => k !== undefined);
  if (present.length <= 1) {
    return present[0];
  }
  const merge = <V>(pick: (k: KueueObjects) => ReadonlyMap<string, V>): Map<string, V> => {
    const out = new Map<string, V>();
    present.forEach((k) => pick(k).forEach((v, key) => out.has(key) || out.set(key, v)));
    return out;
  };
  const gpuPools = new Set(present.flatMap((k) => [...(k.gpuPools ?? [])]));
  return { flavors: merge((k) => k.flavors), clusterQueues: merge((k) => k.clusterQueues), localQueues: merge((k) => k.localQueues), ...(gpuPools.size > 0 ? { gpuPools } : {}) };
}

/**
 * The queue a workload is submitted to: `kueue.x-k8s.io/queue-name` on the object, or on a pod template where Kueue
 * queues the pods themselves (not for a job it queues by the job's own label).
 */
function queueOf(obj: KubeObject): string | undefined {
  const view = obj.view;
  const own = ownQueueName(obj);
  if (own !== undefined || queuedByOwnLabel(obj)) {
    return own;
  }
  return obj.podSpecs.map((p) => view.text(view.get(p.templateMetadata, 'labels'), queueLabel)).find((q) => q !== undefined);
}

/**
 * The flavors Kueue may assign the object's pods: those of the ClusterQueue behind its LocalQueue; when that chain is
 * not in sight, every ResourceFlavor in sight. Undefined when the object is not queued or no flavor is known.
 */
function admittingFlavors(obj: KubeObject, kueue: KueueObjects | undefined): readonly string[] | undefined {
  const queue = kueue ? queueOf(obj) : undefined;
  if (!kueue || queue === undefined) {
    return undefined;
  }
  const clusterQueue = kueue.localQueues.get(`${obj.namespace ?? ''}/${queue}`) ?? kueue.localQueues.get(`/${queue}`);
  const chain = clusterQueue === undefined ? undefined : kueue.clusterQueues.get(clusterQueue)?.filter((f) => kueue.flavors.has(f));
  const flavors = chain !== undefined && chain.length > 0 ? chain : [...kueue.flavors.keys()];
  return flavors.length > 0 ? flavors : undefined;
}

/** Whether Kueue gives the object's pods a toleration for `key`: every flavor it may assign them tolerates it. */
export function kueueTolerates(obj: KubeObject, kueue: KueueObjects | undefined, key: string): boolean {
  const flavors = admittingFlavors(obj, kueue);
  return flavors !== undefined && flavors.every((f) => kueue?.flavors.get(f)?.some((k) => k === key || k === '*') === true);
}

/** Whether every flavor Kueue may assign the object's pods sends them to a tainted GPU pool with its toleration (gpuPools). */
export function kueueAdmitsToGpuPool(obj: KubeObject, kueue: KueueObjects | undefined): boolean {
  const flavors = admittingFlavors(obj, kueue);
  return flavors !== undefined && flavors.every((f) => kueue?.gpuPools?.has(f) === true);
}

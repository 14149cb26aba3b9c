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
        break;
      case 'ClusterQueue':
        clusterQueues.set(
          name,
          view.list(view.get(spec, 'resourceGroups')).flatMap((g) => view.list(view.get(g, 'flavors')).flatMap((f) => view.text(f, 'name') ?? [])),
        );
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
  return flavors.size > 0 || clusterQueues.size > 0 || localQueues.size > 0 ? { flavors, clusterQueues, localQueues } : undefined;
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
  return { flavors: merge((k) => k.flavors), clusterQueues: merge((k) => k.clusterQueues), localQueues: merge((k) => k.localQueues) };
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
 * Whether Kueue gives the object's pods a toleration for `key`: the flavors of the ClusterQueue behind its LocalQueue
 * all tolerate it; when that chain is not in sight, every ResourceFlavor in sight does (and there is one).
 */
export function kueueTolerates(obj: KubeObject, kueue: KueueObjects | undefined, key: string): boolean {
  const queue = kueue ? queueOf(obj) : undefined;
  if (!kueue || queue === undefined) {
    return false;
  }
  const clusterQueue = kueue.localQueues.get(`${obj.namespace ?? ''}/${queue}`) ?? kueue.localQueues.get(`/${queue}`);
  const chain = clusterQueue === undefined ? undefined : kueue.clusterQueues.get(clusterQueue)?.filter((f) => kueue.flavors.has(f));
  const flavors = chain !== undefined && chain.length > 0 ? chain : [...kueue.flavors.keys()];
  return flavors.length > 0 && flavors.every((f) => kueue.flavors.get(f)?.some((k) => k === key || k === '*') === true);
}

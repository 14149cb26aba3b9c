import { nameOf, type Container, type Node, type Pod } from './objects';
import { parseQuantity } from './quantity';

export const gpuResource = 'nvidia.com/gpu';
export const gpuProductLabel = 'nvidia.com/gpu.product';

/** For extended resources the request equals the limit; a request alone also counts. */
function containerGpus(c: Container, resource: string): number {
  const r = c.resources;
  return parseQuantity(r?.requests?.[resource] ?? r?.limits?.[resource]) ?? 0;
}

/** The scheduler's effective request: max(sum over containers, largest init container). */
export function podGpuRequest(pod: Pod, resource = gpuResource): number {
  const spec = pod.spec;
  if (!spec) {
    return 0;
  }
  const sum = spec.containers.reduce((n, c) => n + containerGpus(c, resource), 0);
  const init = (spec.initContainers ?? []).reduce((n, c) => Math.max(n, containerGpus(c, resource)), 0);
  return Math.max(sum, init);
}

/** Succeeded and Failed pods hold no resources on their node. */
export function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export interface NodeGpus {
  node: string;
  capacity: number;
  allocatable: number;
  requested: number;
  free: number;
  product?: string;
}

/** GPU arithmetic of one node: allocatable vs the requests of the non-terminated pods bound to it. */
export function nodeGpus(node: Node, pods: Iterable<Pod>, resource = gpuResource): NodeGpus {
  const name = nameOf(node);
  const allocatable = parseQuantity(node.status?.allocatable?.[resource]) ?? 0;
  const capacity = parseQuantity(node.status?.capacity?.[resource]) ?? allocatable;
  let requested = 0;
  for (const p of pods) {
    if (p.spec?.nodeName === name && !isTerminated(p)) {
      requested += podGpuRequest(p, resource);
    }
  }
  const product = node.metadata?.labels?.[gpuProductLabel];
  return { node: name, capacity, allocatable, requested, free: Math.max(0, allocatable - requested), ...(product ? { product } : {}) };
}

/** GPU usage of every node, computed in one pass over the pods (10,000 pods × 100 nodes stays linear). */
export function clusterGpus(nodes: readonly Node[], pods: Iterable<Pod>, resource = gpuResource): NodeGpus[] {
  const byNode = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n && !isTerminated(p)) {
      const g = podGpuRequest(p, resource);
      if (g > 0) {
        byNode.set(n, (byNode.get(n) ?? 0) + g);
      }
    }
  }
  return nodes.map((node) => {
    const base = nodeGpus(node, [], resource);
    const requested = byNode.get(base.node) ?? 0;
    return { ...base, requested, free: Math.max(0, base.allocatable - requested) };
  });
}

export function gpuUsageText(g: NodeGpus): string | undefined {
  if (g.allocatable === 0 && g.requested === 0) {
    return undefined;
  }
  return `${g.requested} of ${g.allocatable} GPU${g.allocatable === 1 ? '' : 's'} in use`;
}

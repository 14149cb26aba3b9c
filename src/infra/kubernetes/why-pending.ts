import { explainPending, type PendingExplanation } from '../../core/kubernetes/why-pending';
import type { ClusterClient } from './cluster-client';

/** Gathers the pod, its events, the nodes, every pod and the namespace's PVCs, and explains. */
export async function whyPending(client: Pick<ClusterClient, 'readPod' | 'podEvents' | 'listNodes' | 'listPods' | 'listPvcs'>, namespace: string, name: string): Promise<PendingExplanation> {
  const [pod, events, nodes, pods, pvcs] = await Promise.all([
    client.readPod(namespace, name),
    client.podEvents(namespace, name),
    client.listNodes(),
    client.listPods(),
    client.listPvcs(namespace),
  ]);
  if (!pod) {
    return { pod: name, summary: `Pod ${namespace}/${name} no longer exists.`, reasons: [] };
  }
  return explainPending({ pod, events, nodes, pods, pvcs });
}

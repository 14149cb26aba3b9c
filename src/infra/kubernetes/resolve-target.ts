import type { Pod } from '../../core/kubernetes/objects';
import type { ForwardTarget } from '../../core/kubernetes/port-forward';
import { isPodReady, pickReadyPod, selectorQuery } from '../../core/kubernetes/selectors';
import type { ClusterClient } from './cluster-client';

export interface ResolvedTarget {
  pod: string;
  port: number;
}

/** The named or numeric port a Service's port maps to on one of its pods. */
function servicePort(targetPort: number | string | undefined, fallback: number, pod: Pod): number | undefined {
  if (targetPort === undefined) {
    return fallback;
  }
  if (typeof targetPort === 'number' || /^\d+$/.test(targetPort)) {
    return Number(targetPort);
  }
  for (const c of pod.spec?.containers ?? []) {
    const p = c.ports?.find((x) => x.name === targetPort);
    if (p) {
      return p.containerPort;
    }
  }
  return undefined;
}

/**
 * A ready pod behind a target, and the pod port to use; undefined while none is ready (the caller
 * retries). Throws when the target itself is gone or malformed (deleted Deployment, no selector).
 */
export async function resolveTarget(client: Pick<ClusterClient, 'readPod' | 'readWorkload' | 'readService' | 'listPods'>, target: ForwardTarget, port: number): Promise<ResolvedTarget | undefined> {
  const { namespace, name } = target;
  switch (target.kind) {
    case 'pod': {
      const pod = await client.readPod(namespace, name);
      return pod && isPodReady(pod) ? { pod: name, port } : undefined;
    }
    case 'Deployment':
    case 'StatefulSet': {
      const w = await client.readWorkload(target.kind, namespace, name);
      if (!w) {
        throw new Error(`${target.kind} ${namespace}/${name} no longer exists`);
      }
      const selector = selectorQuery(w.spec?.selector);
      if (!selector) {
        throw new Error(`${target.kind} ${namespace}/${name} has no selector`);
      }
      const pod = pickReadyPod(await client.listPods(namespace, selector));
      return pod?.metadata?.name ? { pod: pod.metadata.name, port } : undefined;
    }
    case 'Service': {
      const svc = await client.readService(namespace, name);
      if (!svc) {
        throw new Error(`Service ${namespace}/${name} no longer exists`);
      }
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) {
        throw new Error(`Service ${namespace}/${name} has no selector, so it has no pods to forward to`);
      }
      const pod = pickReadyPod(await client.listPods(namespace, selectorQuery({ matchLabels: sel })));
      if (!pod?.metadata?.name) {
        return undefined;
      }
      const sp = svc.spec?.ports?.find((p) => p.port === port);
      const podPort = servicePort(sp?.targetPort, port, pod);
      if (podPort === undefined) {
        throw new Error(`Service ${namespace}/${name} port ${port} maps to a named port no container declares`);
      }
      return { pod: pod.metadata.name, port: podPort };
    }
  }
}

import type { Node } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';

/** The effective securityContext value the kubelet uses: the container's, else the pod's (§1.5). */
export function effective(view: YamlView, pod: PodSpecRef, c: ContainerRef, key: string): { node: Node; level: 'container' | 'pod' } | undefined {
  const own = view.get(view.get(c.node, 'securityContext'), key);
  if (own !== undefined) {
    return { node: own, level: 'container' };
  }
  const podLevel = view.get(view.get(pod.spec, 'securityContext'), key);
  return podLevel !== undefined ? { node: podLevel, level: 'pod' } : undefined;
}

export function effectiveValue(view: YamlView, pod: PodSpecRef, c: ContainerRef, key: string): unknown {
  const own = view.get(view.get(c.node, 'securityContext'), key);
  const node = own !== undefined ? own : view.get(view.get(pod.spec, 'securityContext'), key);
  return node !== undefined ? view.scalar(node)?.value : undefined;
}

/** The container-level securityContext value (fields that exist only there). */
export function containerValue(view: YamlView, c: ContainerRef, key: string): unknown {
  return view.scalar(view.get(view.get(c.node, 'securityContext'), key))?.value;
}

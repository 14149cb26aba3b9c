import type { Node } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';

/** The container's own securityContext, looked up once per container (the security rules each read fields of it). */
const securityContextOf = derivation((view, container: Node): Node | undefined => view.get(container, 'securityContext'));

function containerSecurityContext(view: YamlView, c: ContainerRef): Node | undefined {
  return view.derive(securityContextOf, c.node);
}

/** The effective securityContext value the kubelet uses: the container's, else the pod's (§1.5). */
export function effective(view: YamlView, pod: PodSpecRef, c: ContainerRef, key: string): { node: Node; level: 'container' | 'pod' } | undefined {
  const own = view.get(containerSecurityContext(view, c), key);
  if (own !== undefined) {
    return { node: own, level: 'container' };
  }
  const podLevel = view.get(view.get(pod.spec, 'securityContext'), key);
  return podLevel !== undefined ? { node: podLevel, level: 'pod' } : undefined;
}

/** The effective value (see effective), else the one the pod's operator sets (PodSpecRef.securityDefaults). */
export function effectiveValue(view: YamlView, pod: PodSpecRef, c: ContainerRef, key: string): unknown {
  const own = view.get(containerSecurityContext(view, c), key);
  const node = own !== undefined ? own : view.get(view.get(pod.spec, 'securityContext'), key);
  return node !== undefined ? view.scalar(node)?.value : pod.securityDefaults?.[key];
}

/** The container-level securityContext value (fields that exist only there). */
export function containerValue(view: YamlView, c: ContainerRef, key: string): unknown {
  return view.scalar(view.get(containerSecurityContext(view, c), key))?.value;
}

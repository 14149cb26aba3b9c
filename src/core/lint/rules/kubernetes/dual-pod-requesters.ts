import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import { podMetadata } from '../../kubernetes/gpu-sharing-schedulers';
import type { YamlView } from '../../yaml/access';

/** The annotation that makes a pod a server-requesting pod of llm-d's dual pods (ServerPatchAnnotationName in llm-d-fast-model-actuation's pkg/api). */
const serverPatchAnnotation = 'dual-pod.llm-d.ai/server-patch';

/**
 * The requester of a server-requesting pod (llm-d fast model actuation's dual pods): the `inference-server` container of
 * a pod whose `dual-pod.llm-d.ai/server-patch` annotation describes the server pod. The dual-pods controller runs the
 * inference server in that other pod, on the GPUs the scheduler assigns here; the requester only holds them and
 * reports which they are.
 */
export function isDualPodRequester(view: YamlView, pod: PodSpecRef, c: ContainerRef): boolean {
  return c.name === 'inference-server' && c.kind === 'containers' && view.get(view.get(podMetadata(view, pod), 'annotations'), serverPatchAnnotation) !== undefined;
}

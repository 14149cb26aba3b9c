import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';

/**
 * Where a vLLM production stack VLLMRuntime's pod takes its cpu and memory from, as the object spells it
 * (`deploymentConfig.resources`, under the role in a topology); undefined for any other object. A flat `cpu` or
 * `memory` there is both the request and the limit; `requests` and `limits` beside it override either.
 */
export function vllmRuntimeResourcesField(obj: KubeObject, pod: PodSpecRef): string | undefined {
  if (obj.kind !== 'VLLMRuntime' || apiGroupOf(obj.apiVersion) !== 'production-stack.vllm.ai') {
    return undefined;
  }
  // The pod's path is the role's `deploymentConfig`, under `spec`.
  return [...pod.path.slice(1), 'resources'].join('.');
}

import { objectsInNamespace } from './kube';
import type { WorkspaceModel } from './model';
import { apiGroupOf } from '../kubernetes/operator-pods';

/**
 * An operator's custom resource in the namespace may make an object of this name: the name starts with the resource's
 * own (KServe's LLMInferenceService makes `<name>-inference-pool` and `<name>-epp-service`, llm-d's ModelService
 * `<name>-inference-pool`). Kubernetes' own groups (`apps`, `*.k8s.io`, `*.x-k8s.io`) make nothing so named.
 */
export function customResourceMayMake(ws: WorkspaceModel, namespace: string, name: string): boolean {
  return objectsInNamespace(ws, namespace).some((e) => {
    const group = apiGroupOf(e.obj.apiVersion);
    const owner = e.obj.name;
    return group.includes('.') && !group.endsWith('k8s.io') && owner !== undefined && name.startsWith(`${owner}-`);
  });
}

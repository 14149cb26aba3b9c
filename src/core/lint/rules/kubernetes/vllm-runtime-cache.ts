import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';

/**
 * MLK419's message for a vLLM production stack VLLMRuntime, in the object's own fields; undefined for any other object.
 * The operator mounts no volume but `storageConfig`'s PersistentVolumeClaim (at its `mountPath`, default /data) and sets
 * no HF_HOME, so the cache is on the claim only where `vllmConfig.env` or `--download-dir` sends it there.
 */
export function vllmRuntimeCacheMessage(obj: KubeObject, pod: PodSpecRef, where: string, downloadDir: string | undefined): string | undefined {
  if (obj.kind !== 'VLLMRuntime' || apiGroupOf(obj.apiVersion) !== 'production-stack.vllm.ai') {
    return undefined;
  }
  const view = obj.view;
  // The pod is written from `deploymentConfig`, a sibling of the role's `storageConfig`.
  const storage = view.get(view.at(obj.root, pod.path.slice(0, -1)), 'storageConfig');
  const subject = `VLLMRuntime "${obj.name ?? ''}"${pod.role !== undefined && pod.role !== 'vllm' ? ` (${pod.role})` : ''}`;
  if (view.bool(storage, 'enabled') !== true) {
    return `${subject} enables no storageConfig, so the operator mounts no volume and vLLM downloads the model into ${where} on the container's disk at every restart; set storageConfig.enabled: true and point HF_HOME in vllmConfig.env into its mountPath (default /data).`;
  }
  const mountPath = view.text(storage, 'mountPath') ?? '/data';
  const setting = downloadDir !== undefined ? '--download-dir in vllmConfig.extraArgs' : 'HF_HOME in vllmConfig.env';
  return `${subject} mounts its storageConfig volume at ${mountPath}, but vLLM downloads the model into ${where}, off that volume, at every restart; point ${setting} into ${mountPath} (for example ${mountPath.replace(/\/+$/, '')}/huggingface).`;
}

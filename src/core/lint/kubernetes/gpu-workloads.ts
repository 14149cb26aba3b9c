import type { YamlFile } from '../yaml/parse';
import { documentObject } from './document-object';
import { objectRequestsAccelerator } from './gpu';
import { hpaTargetKey } from './hpa-targets';
import { objectDocuments } from './list-items';
import type { ClusterProfile } from './settings';

/** The vendor parts every built-in accelerator resource name has (isAcceleratorResource). */
const acceleratorHints = ['nvidia.com/', 'amd.com/gpu', 'gpu.intel.com/', 'google.com/tpu', 'aws.amazon.com/neuron', 'habana.ai/gaudi', 'volcano.sh/vgpu', 'aliyun.com/gpu'];

/** Whether a manifest text may request an accelerator (a cheap test before parsing it for GPU workloads). */
export function mayRequestAccelerator(text: string, cluster: ClusterProfile): boolean {
  return acceleratorHints.some((hint) => text.includes(hint)) || cluster.acceleratorResources.some((name) => text.includes(name));
}

/**
 * The key that stands for an object of this kind and name in the namespace it names, whatever that is: an HPA
 * without a namespace beside it takes that one when both are applied together (`kubectl apply -n`). Namespace
 * names cannot hold `*`.
 */
function anyNamespaceKey(kind: string, name: string): string {
  return hpaTargetKey('*', kind, name);
}

/**
 * Whether a key (gpuWorkloadKeysOf) names the same object wherever it is read: one with a namespace of its own.
 * The others hold only for the HPAs applied together with the object (its folder, its kustomize builds).
 */
export function isKeyForAnywhere(key: string): boolean {
  return !key.startsWith('\0') && !key.startsWith('*\0');
}

/**
 * The keys (hpaTargetKey) of a file's objects that request accelerators, in their namespace or `namespace` when a
 * kustomization moves the file's objects there, and for one with a namespace its anyNamespaceKey too; `names`
 * (when given) limits them to objects of those names (the ones some HPA scales). A file that names no
 * accelerator is not walked.
 */
export function gpuWorkloadKeysOf(file: YamlFile, cluster: ClusterProfile, namespace?: string, names?: ReadonlySet<string>): string[] {
  if (!mayRequestAccelerator(file.text, cluster)) {
    return [];
  }
  const out: string[] = [];
  for (const document of objectDocuments(file)) {
    const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
    if (obj?.kind === undefined || obj.name === undefined || obj.podSpecs.length === 0 || (names !== undefined && !names.has(obj.name))) {
      continue;
    }
    if (objectRequestsAccelerator(obj, cluster)) {
      const key = hpaTargetKey(namespace ?? obj.namespace, obj.kind, obj.name);
      out.push(key);
      if (!key.startsWith('\0')) {
        out.push(anyNamespaceKey(obj.kind, obj.name));
      }
    }
  }
  return out;
}

/**
 * Whether `keys` (gpuWorkloadKeysOf; the ones without a namespace only from the files applied with the HPA's) hold
 * the object an HPA in `namespace` scales. A side that names no namespace takes the one it is applied to, so it
 * matches the other's whatever that is.
 */
export function isGpuWorkload(keys: ReadonlySet<string>, namespace: string | undefined, kind: string, name: string): boolean {
  if (keys.has(hpaTargetKey(undefined, kind, name))) {
    return true;
  }
  return namespace !== undefined && namespace !== '' ? keys.has(hpaTargetKey(namespace, kind, name)) : keys.has(anyNamespaceKey(kind, name));
}

import { imageRepository } from '../../kubernetes/gpu';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { memoByString } from '../../string-memo';

/**
 * Repositories of the GPU vendors' node-infrastructure images, as their own manifests and operators name them, behind
 * any registry or mirror prefix. NVIDIA: the device plugin (GPU feature discovery ships in that image now, in its own
 * before), the DCGM host engine and exporter, the MIG manager, the container toolkit, the driver, its
 * manager and the GPU Operator's validator. AMD: the ROCm device plugin and node labeller (`labeller-*` tags of the
 * plugin's repository, or its own). Intel: the GPU plugin and its init container. AKS: its GPU driver installers
 * (`mcr.microsoft.com/aks/aks-gpu`, and per driver `aks-gpu-cuda`, `aks-gpu-grid`…), which enter the host to install it.
 */
const gpuNodeAgentRepositories: readonly string[] = [
  'nvidia/k8s-device-plugin', 'nvidia/gpu-feature-discovery', 'nvidia/k8s/dcgm-exporter', 'nvidia/dcgm-exporter', 'nvidia/cloud-native/dcgm',
  'nvidia/cloud-native/k8s-mig-manager', 'nvidia/k8s/container-toolkit', 'nvidia/container-toolkit', 'nvidia/driver', 'nvidia/cloud-native/k8s-driver-manager',
  'nvidia/cloud-native/gpu-operator-validator',
  'rocm/k8s-device-plugin', 'rocm/k8s-node-labeller',
  'intel/intel-gpu-plugin', 'intel/intel-gpu-initcontainer',
  'aks/aks-gpu', 'aks/aks-gpu-cuda', 'aks/aks-gpu-cuda-lts', 'aks/aks-gpu-grid', 'aks/aks-gpu-grid-v20',
];

const gpuNodeAgentImage = memoByString((image: string): boolean => {
  const repository = imageRepository(image).toLowerCase();
  return gpuNodeAgentRepositories.some((known) => repository === known || repository.endsWith(`/${known}`));
});

function runsGpuNodeAgentImage(obj: KubeObject, c: ContainerRef): boolean {
  const image = obj.view.str(obj.view.get(c.node, 'image'));
  return image !== undefined && gpuNodeAgentImage(image);
}

/**
 * A DaemonSet pod whose app containers all run a GPU vendor's node-infrastructure image: it needs the host (privileged
 * mode to read PCI configuration space, /sys, the host's processes) whatever namespace its static manifest lands in.
 */
function isGpuNodeAgentPod(obj: KubeObject, pod: PodSpecRef): boolean {
  if (obj.workload !== 'daemon') {
    return false;
  }
  const apps = pod.containers.filter((c) => c.kind === 'containers');
  return apps.length > 0 && apps.every((c) => runsGpuNodeAgentImage(obj, c));
}

/** The object is a node agent in one of the cluster profile's exempt namespaces (kube-system, the GPU Operator's). */
export function inExemptNamespace(ctx: KubernetesContext, obj: KubeObject): boolean {
  return ctx.cluster.exemptNamespaces.includes(obj.namespace ?? '');
}

/** Pod-level host access (hostPID, hostNetwork, hostPath) a GPU node agent needs by design: the namespace or the images say so. */
export function hostAccessExempt(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef): boolean {
  return inExemptNamespace(ctx, obj) || isGpuNodeAgentPod(obj, pod);
}

/** A container that may run privileged: a GPU node-agent image in a GPU node-agent DaemonSet (another image there still may not). */
export function privilegedNodeAgentContainer(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  return runsGpuNodeAgentImage(obj, c) && isGpuNodeAgentPod(obj, pod);
}

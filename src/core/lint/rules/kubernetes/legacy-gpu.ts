import { podRequestsAccelerator, runsMlCommand } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import { envEntries, volumes } from './helpers';

/**
 * hostPaths that reach GPU devices or the driver directly (MLK418 reports them; MLK112 leaves them).
 * Under WSL2 the GPU is the paravirtual `/dev/dxg` device, and its CUDA and NVML libraries live in `/usr/lib/wsl`.
 * Intel and AMD GPUs are the DRM render nodes under `/dev/dri`, and AMD's compute interface is `/dev/kfd`.
 * The GPU Operator's `/run/nvidia/validations` (readiness marker files) and `/run/nvidia/toolkit` (the toolkit's PID
 * file) hold no device or driver file. GKE installs the driver in `/home/kubernetes/bin/nvidia` (isGkeDriverDir).
 */
export function isGpuHostPath(path: string): boolean {
  return /^\/dev\/(?:nvidia|dxg$|dri(?:\/|$)|kfd$)/.test(path) || /^\/usr\/(?:local\/nvidia|lib\/wsl)(?:\/|$)/.test(path) || /\/lib(?:64)?(?:\/x86_64-linux-gnu|\/aarch64-linux-gnu)?\/lib(?:nvidia|cuda)[^/]*$/.test(path) || /^\/run\/nvidia(?:$|\/(?!(?:validations|toolkit)(?:\/|$)))/.test(path) || isGkeDriverDir(path);
}

/**
 * GKE's NVIDIA driver folder on its nodes, which GKE's device plugin mounts at /usr/local/nvidia in every container that
 * requests nvidia.com/gpu. Google's GPUDirect recipes (TCPX, TCPXO, RDMA) mount it again for their network
 * daemons and NCCL plugins.
 */
export function isGkeDriverDir(path: string): boolean {
  return /^\/home\/kubernetes\/bin\/nvidia(?:\/|$)/.test(path);
}

/** The pod mounts a GPU device or driver path through a hostPath volume (isGpuHostPath). */
function mountsGpuHostPath(view: YamlView, pod: PodSpecRef): boolean {
  return volumes(view, pod).some((v) => isGpuHostPath(view.str(view.at(v.node, ['hostPath', 'path'])) ?? ''));
}

/** A pod that reaches GPUs past the device plugin, as MLK418 reports: a GPU device or driver hostPath, or a privileged container of a GPU pod. */
export function reachesGpuDirectly(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  const privileged = pod.containers.some((c) => view.scalar(view.at(c.node, ['securityContext', 'privileged']))?.value === true);
  return mountsGpuHostPath(view, pod) || (privileged && gpuAccessPod(ctx, obj, pod));
}

/** NVIDIA_VISIBLE_DEVICES set to a value that hands the container no GPU (`void`, `none` or empty). */
export function hidesAllGpus(value: string | undefined): boolean {
  return value !== undefined && /^(?:none|void|)$/.test(value);
}

/** A pod that uses GPUs: it requests an accelerator, mounts GPU devices or driver files, runs an ML command or sets NVIDIA_VISIBLE_DEVICES to some GPUs. */
export function gpuAccessPod(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  if (podRequestsAccelerator(view, pod, ctx.cluster)) {
    return true;
  }
  if (mountsGpuHostPath(view, pod)) {
    return true;
  }
  return pod.containers.some((c) => runsMlCommand(view, c.node) || envEntries(view, c.node).some((e) => e.name === 'NVIDIA_VISIBLE_DEVICES' && !hidesAllGpus(e.value)));
}

/**
 * A DaemonSet pod that requests no accelerator: a node agent of the GPU stack (driver, container toolkit, exporter,
 * feature discovery) reaches every GPU of its node by design, where a workload should request its GPUs instead.
 */
export function isDaemonRequestingNoAccelerator(obj: KubeObject, pod: PodSpecRef, requested: readonly string[]): boolean {
  return obj.workload === 'daemon' && requested.length === 0 && pod.containers.every((c) => (c.draGpus ?? 0) === 0);
}

/**
 * The device plugin a hostPath GPU path is requested from instead (what MLK418 advises). `/dev/dri` is Intel's or
 * AMD's: AMD's when the pod also mounts `/dev/kfd`, AMD's compute interface (`amd` set by the caller).
 */
export function gpuRequestFor(path: string, amd = false): string {
  if (/^\/dev\/kfd$/.test(path)) {
    return 'amd.com/gpu';
  }
  if (/^\/dev\/dri(?:\/|$)/.test(path)) {
    return amd ? 'amd.com/gpu' : 'gpu.intel.com/i915 (Intel) or amd.com/gpu (AMD)';
  }
  return 'nvidia.com/gpu';
}

/** The pod mounts AMD's compute interface `/dev/kfd` through a hostPath: its `/dev/dri` render nodes are an AMD GPU's. For the reporting path. */
export function mountsAmdKfd(view: YamlView, pod: PodSpecRef): boolean {
  return volumes(view, pod).some((v) => view.str(view.at(v.node, ['hostPath', 'path'])) === '/dev/kfd');
}

/** The resource-name prefixes of the device plugins that hand a pod what a hostPath GPU path reaches. */
function devicePluginResourcePrefixes(path: string): string[] {
  if (/^\/dev\/kfd$/.test(path)) {
    return ['amd.com/gpu'];
  }
  return /^\/dev\/dri(?:\/|$)/.test(path) ? ['amd.com/gpu', 'gpu.intel.com/'] : ['nvidia.com/'];
}

/** The accelerator resource, among those the pod requests, whose device plugin already hands it what the hostPath reaches. */
export function requestedResourceFor(path: string, requested: readonly string[]): string | undefined {
  const prefixes = devicePluginResourcePrefixes(path);
  return requested.find((name) => prefixes.some((prefix) => name.startsWith(prefix)));
}

/**
 * A device plugin's pod: it mounts the kubelet's device-plugins folder to register there. It reaches the devices it
 * advertises through hostPaths by design.
 */
export function isDevicePluginPod(obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  return volumes(view, pod).some((v) => /^\/var\/lib\/kubelet(?:\/device-plugins)?\/?$/.test(view.str(view.at(v.node, ['hostPath', 'path'])) ?? ''));
}

import { podRequestsAccelerator, runsMlCommand } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { envEntries, volumes } from './helpers';

/**
 * hostPaths that reach GPU devices or the driver directly (MLK418 reports them; MLK112 leaves them).
 * Under WSL2 the GPU is the paravirtual `/dev/dxg` device, and its CUDA and NVML libraries live in `/usr/lib/wsl`.
 * Intel and AMD GPUs are the DRM render nodes under `/dev/dri`, and AMD's compute interface is `/dev/kfd`.
 */
export function isGpuHostPath(path: string): boolean {
  return /^\/dev\/(?:nvidia|dxg$|dri(?:\/|$)|kfd$)/.test(path) || /^\/usr\/(?:local\/nvidia|lib\/wsl)(?:\/|$)/.test(path) || /\/lib(?:64)?(?:\/x86_64-linux-gnu|\/aarch64-linux-gnu)?\/lib(?:nvidia|cuda)[^/]*$/.test(path) || /^\/run\/nvidia(?:\/|$)/.test(path);
}

/** A pod that uses GPUs: it requests an accelerator, mounts GPU devices or driver files, runs an ML command or sets NVIDIA_VISIBLE_DEVICES. */
export function gpuAccessPod(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  if (podRequestsAccelerator(view, pod, ctx.cluster)) {
    return true;
  }
  if (volumes(view, pod).some((v) => isGpuHostPath(view.str(view.at(v.node, ['hostPath', 'path'])) ?? ''))) {
    return true;
  }
  return pod.containers.some((c) => runsMlCommand(view, c.node) || envEntries(view, c.node).some((e) => e.name === 'NVIDIA_VISIBLE_DEVICES'));
}

/** The device plugin a hostPath GPU path is requested from instead (what MLK418 advises). */
export function gpuRequestFor(path: string): string {
  if (/^\/dev\/kfd$/.test(path)) {
    return 'amd.com/gpu';
  }
  return /^\/dev\/dri(?:\/|$)/.test(path) ? 'gpu.intel.com/i915 (Intel) or amd.com/gpu (AMD)' : 'nvidia.com/gpu';
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

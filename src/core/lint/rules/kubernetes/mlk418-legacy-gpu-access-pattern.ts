import type { Node } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import type { RuleFinding } from '../../types';
import { acceleratorNoun, isAcceleratorResource, resourceEntries } from '../../kubernetes/gpu';
import { containerLabel, finding, volumes } from './helpers';
import { gpuAccessPod, gpuRequestFor, isDaemonRequestingNoAccelerator, isDevicePluginPod, isGkeDriverDir, isGpuHostPath, mountsAmdKfd, requestedResourceFor } from './legacy-gpu';

const nodeAgentAdvice = 'if this DaemonSet is part of the node\'s GPU stack (driver, container toolkit, exporter, feature discovery), list its namespace in cluster.exemptNamespaces of .mlc.yaml';

/** The pod has a hostPath volume (only those can expose GPU devices or driver files). */
function mountsHostPath(view: YamlView, pod: PodSpecRef): boolean {
  return volumes(view, pod).some((v) => view.get(v.node, 'hostPath') !== undefined);
}

/** The container's `securityContext.privileged` node when it is true. */
function privilegedNode(view: YamlView, c: ContainerRef): Node | undefined {
  const privileged = view.at(c.node, ['securityContext', 'privileged']);
  return view.scalar(privileged)?.value === true ? privileged : undefined;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK418',
    name: 'legacy-gpu-access-pattern',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    supersedes: ['MLK101', 'MLK112'],
    equivalents: {},
    description: 'A GPU pod runs privileged or mounts GPU devices or driver files through hostPath.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || ctx.cluster.exemptNamespaces.includes(obj.namespace ?? '')) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      if (!(mountsHostPath(view, pod) || pod.containers.some((c) => privilegedNode(view, c) !== undefined)) || isDevicePluginPod(obj, pod)) {
        continue;
      }
      let gpuPod: boolean | undefined;
      let requestedHere: string[] | undefined;
      const requested = (): string[] => (requestedHere ??= pod.containers.flatMap((c) => resourceEntries(view, c.node, 'limits').filter((e) => isAcceleratorResource(e.name, ctx.cluster)).map((e) => e.name)));
      for (const v of volumes(view, pod)) {
        const pathNode = view.at(v.node, ['hostPath', 'path']);
        const path = view.str(pathNode);
        const range = path !== undefined && isGpuHostPath(path) ? view.range(pathNode) : undefined;
        if (path !== undefined && range) {
          const already = requestedResourceFor(path, requested());
          if (already !== undefined && isGkeDriverDir(path)) {
            continue; // what the pod's request mounts on GKE anyway, for Google's GPUDirect recipes
          }
          const reach = path.startsWith('/dev/') ? ', while the hostPath reaches every GPU of the node' : '';
          // /dev/dri beside /dev/kfd is an AMD GPU's render node (looked up once a finding exists).
          const request = path.startsWith('/dev/dri') ? gpuRequestFor(path, mountsAmdKfd(view, pod)) : gpuRequestFor(path);
          if (isDaemonRequestingNoAccelerator(obj, pod, requested())) {
            out.push(finding(range, `The hostPath volume "${v.name}" exposes ${path} directly, outside device-plugin allocation; ${nodeAgentAdvice}, otherwise request ${request} in resources.limits instead.`));
            continue;
          }
          const advice = already !== undefined ? `remove it: the pod's ${already} request already gives it its devices and driver files${reach}` : `request ${request} in resources.limits instead`;
          out.push(finding(range, `The hostPath volume "${v.name}" exposes ${path} directly, bypassing device-plugin allocation and isolation; ${advice}.`));
        }
      }
      for (const c of pod.containers) {
        const privileged = privilegedNode(view, c);
        if (privileged === undefined) {
          continue;
        }
        gpuPod ??= gpuAccessPod(ctx, obj, pod);
        const range = gpuPod ? view.range(privileged) : undefined;
        if (!range) {
          continue;
        }
        const limited = resourceEntries(view, c.node, 'limits').filter((e) => isAcceleratorResource(e.name, ctx.cluster)).map((e) => e.name);
        if (limited.includes('google.com/tpu')) {
          out.push(finding(range, `${containerLabel(c)} requests google.com/tpu and runs privileged, which exposes every device of the node; GKE needs privileged TPU containers only before version 1.28, so drop privileged on 1.28 or later (its TPU request already gives it its chips).`));
          continue;
        }
        // A sidecar that requests no GPU beside containers that do (GKE's GPUDirect-TCPXO daemon, a NIC agent).
        const sidecar = (c.draGpus ?? 0) === 0 && limited.length === 0 && pod.containers.some((o) => o !== c && ((o.draGpus ?? 0) > 0 || resourceEntries(view, o.node, 'limits').some((e) => isAcceleratorResource(e.name, ctx.cluster))));
        if (sidecar) {
          out.push(finding(range, `${containerLabel(c)} runs privileged in a GPU pod, which exposes every GPU of the node to it, outside the device plugin's allocation; drop privileged and add only the capabilities it needs (GPUDirect/RDMA network daemons: justify with a suppression and a reason).`));
          continue;
        }
        if (isDaemonRequestingNoAccelerator(obj, pod, requested())) {
          out.push(finding(range, `${containerLabel(c)} runs privileged in a DaemonSet that requests no GPU, which exposes every GPU of the node outside the device plugin; ${nodeAgentAdvice}, otherwise drop privileged and request GPUs through resources.limits.`));
          continue;
        }
        const advice = (c.draGpus ?? 0) > 0 ? 'drop privileged: its resource claim already gives it its GPUs' : limited.length > 0 ? `drop privileged: its ${limited[0] as string} request already gives it its devices` : 'drop privileged and request GPUs through resources.limits';
        // Gaudi and Neuron devices are no GPUs: say what the container holds (TPUs were answered above).
        const noun = limited.length > 0 && (c.draGpus ?? 0) === 0 && acceleratorNoun(view, [pod], ctx.cluster) !== 'GPU' ? 'accelerator' : 'GPU';
        out.push(finding(range, `${containerLabel(c)} is ${noun === 'GPU' ? 'a GPU' : 'an accelerator'} container running privileged, which exposes every ${noun === 'GPU' ? 'GPU' : 'device of the node'} and bypasses the device plugin; ${advice} (justify RDMA setups with a suppression and a reason).`));
      }
    }
    return out;
  },
};

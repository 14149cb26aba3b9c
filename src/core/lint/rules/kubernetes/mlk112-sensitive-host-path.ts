import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { PodSpecRef } from '../../kubernetes/model';
import type { YamlView } from '../../yaml/access';
import { finding, mounts, volumes } from './helpers';
import { isDevicePluginPod, isGpuHostPath } from './legacy-gpu';
import { hostAccessExempt } from './gpu-node-agents';
import { isInfinibandPath, rdmaResourceOf, rdmaResourcePatterns } from './rdma-pods';

/** The node's system directories: boot files, devices, configuration, programs and libraries (`/lib64` holds the dynamic loader), kernel interfaces. */
const sensitive = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/sbin', '/sys', '/usr'];

/** The node's time zone, shared so that container logs keep the node's clock (`/etc/localtime` is the common form). */
function isTimeZonePath(path: string): boolean {
  return path === '/etc/localtime' || path === '/etc/timezone' || path === '/usr/share/zoneinfo' || path.startsWith('/usr/share/zoneinfo/');
}

/** The node's OS identity, one world-readable file (Node Feature Discovery's system source reads it). */
function isOsReleasePath(path: string): boolean {
  return path === '/etc/os-release' || path === '/usr/lib/os-release';
}

/** Every container that mounts the volume mounts it read-only. */
function mountedReadOnly(view: YamlView, pod: PodSpecRef, volume: string): boolean {
  const uses = pod.containers.flatMap((c) => mounts(view, c.node).filter((m) => m.name === volume));
  return uses.every((m) => view.bool(m.node, 'readOnly') === true);
}

/** No container of the pod mounts the volume. */
function mountedByNone(view: YamlView, pod: PodSpecRef, volume: string): boolean {
  return !pod.containers.some((c) => mounts(view, c.node).some((m) => m.name === volume));
}

/** The node's InfiniBand devices: a device plugin hands out RDMA devices, which the pod's RDMA resource request (if any) already brings. */
function infinibandAdvice(path: string, rdmaResource: string | undefined): string {
  const what = `mounts the node's InfiniBand devices (${path}): every HCA of the node, outside any device plugin's allocation`;
  return rdmaResource !== undefined
    ? `${what}; its ${rdmaResource} request already brings the RDMA devices, so remove the hostPath`
    : `${what}; request the RDMA device through a device plugin (an rdma/… resource, e.g. from the RDMA shared device plugin) instead of the hostPath`;
}

/** What the volume does to the pod: a mounted one reaches into the node; one no container mounts is only declared. */
function exposure(view: YamlView, pod: PodSpecRef, volume: string, path: string, socket: boolean, rdmaResource: string | undefined): string {
  if (mountedByNone(view, pod, volume)) {
    return `declares ${path} from the node, though no container mounts it; remove it (Pod Security's baseline level rejects the pod for the volume alone)`;
  }
  if (isInfinibandPath(path)) {
    return infinibandAdvice(path, rdmaResource);
  }
  return `mounts ${path}${socket ? ', handing the container runtime API to the pod' : ' from the node'}; remove it or mount only the specific path needed (datasets on local disks are fine)`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK112',
    name: 'sensitive-host-path',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['sensitive-host-mounts', 'docker-sock'], polaris: ['hostPathSet'] },
    description: 'A hostPath volume mounts a sensitive node directory or a container runtime socket.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      let exempt: boolean | undefined;
      for (const v of volumes(obj.view, pod)) {
        const node = obj.view.at(v.node, ['hostPath', 'path']);
        const raw = obj.view.str(node);
        const range = obj.view.range(node);
        // Node agents (device plugins, GPU feature discovery, DCGM, node tuning) need the host, as for MLK101.
        if (raw === undefined || !range || (exempt ??= hostAccessExempt(ctx, obj, pod))) {
          continue;
        }
        const path = raw.replace(/\/+$/, '') || '/';
        if (isGpuHostPath(path)) {
          continue; // GPU device and driver paths: MLK418
        }
        if ((isTimeZonePath(path) || isOsReleasePath(path)) && mountedReadOnly(obj.view, pod, v.name)) {
          continue;
        }
        // Node Feature Discovery's hook folder, read-only: the narrowest path to the hooks it runs. A GPU device plugin
        // lists the node's GPUs in /sys/class/drm (Intel's), read-only.
        if ((path === '/etc/kubernetes/node-feature-discovery/source.d' || (path === '/sys/class/drm' && isDevicePluginPod(obj, pod))) && mountedReadOnly(obj.view, pod, v.name)) {
          continue;
        }
        // Node Feature Discovery's local hook, where feature agents (NVIDIA's GPU feature discovery) write node labels: already the narrowest path.
        // GPU feature discovery's other mount: the node's model name, a world-readable one-line file.
        if (path === '/etc/kubernetes/node-feature-discovery/features.d' || path === '/sys/class/dmi/id/product_name') {
          continue;
        }
        const socket = /(?:^|\/)(?:docker|containerd|crio|cri-dockerd)\.sock$/.test(path);
        if (path === '/dev/shm') {
          // The usual work-around for the 64 MB default /dev/shm (NCCL tests, DataLoader workers), with a better form.
          out.push(finding(range, `The hostPath volume "${v.name}" mounts the node's /dev/shm, shared with every pod and process on the node and limited by nothing; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm instead.`));
          continue;
        }
        if (path === '/' || socket || sensitive.some((s) => path === s || path.startsWith(`${s}/`))) {
          const rdmaResource = isInfinibandPath(path) ? rdmaResourceOf(obj.view, pod, rdmaResourcePatterns(ctx)) : undefined;
          out.push(finding(range, `The hostPath volume "${v.name}" ${exposure(obj.view, pod, v.name, path, socket, rdmaResource)}.`));
        }
      }
    }
    return out;
  },
};

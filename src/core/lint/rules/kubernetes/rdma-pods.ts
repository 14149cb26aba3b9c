import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlView } from '../../yaml/access';
import { mounts, resourceNames, volumes } from './helpers';

/** Device-plugin resources of RDMA and InfiniBand devices (MLK108's `rdmaResources` option replaces the list). */
const defaultRdmaResources = ['rdma/*', 'nvidia.com/rdma*', 'mellanox.com/*', 'nvidia.com/hostdev', 'openshift.io/*'];

function matches(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** The resource names that are RDMA devices: MLK108's `rdmaResources` option, else the defaults. */
export function rdmaResourcePatterns(ctx: KubernetesContext): readonly string[] {
  const option = ctx.settings.ruleOptions.MLK108?.rdmaResources;
  return Array.isArray(option) ? option.filter((x): x is string => typeof x === 'string') : defaultRdmaResources;
}

/** The first RDMA device resource a container of the pod asks for. */
export function rdmaResourceOf(view: YamlView, pod: PodSpecRef, patterns: readonly string[]): string | undefined {
  return resourceNames(view, pod).find((n) => patterns.some((p) => matches(n, p)));
}

/** The node's InfiniBand/RoCE device files (`uverbs*`, `rdma_cm`), or one of them. */
export function isInfinibandPath(path: string): boolean {
  const p = path.replace(/\/+$/, '');
  return p === '/dev/infiniband' || p.startsWith('/dev/infiniband/');
}

/** A container of the pod mounts the node's InfiniBand devices from a hostPath volume (RDMA without a device plugin). */
export function mountsInfinibandDevices(view: YamlView, pod: PodSpecRef): boolean {
  return volumes(view, pod).some((v) => {
    const path = view.str(view.at(v.node, ['hostPath', 'path']));
    return path !== undefined && isInfinibandPath(path) && pod.containers.some((c) => mounts(view, c.node).some((m) => m.name === v.name));
  });
}

/**
 * OME's pod webhook adds the RDMA devices (/dev/infiniband, IPC_LOCK, the NCCL settings of `rdma.ome.io/profile`) to a
 * pod annotated `rdma.ome.io/auto-inject: "true"`. An OME pod spec carries its pod's annotations; a multi-node
 * component's leader and worker pods also take their component's.
 */
export function omeInjectsRdma(obj: KubeObject, pod: PodSpecRef): boolean {
  if (apiGroupOf(obj.apiVersion) !== 'ome.io' || pod.assembled !== undefined) {
    return false;
  }
  const view = obj.view;
  const last = pod.path[pod.path.length - 1];
  const owners = [pod.spec, ...(last === 'leader' || last === 'worker' || last === 'workers' ? [view.at(obj.root, pod.path.slice(0, -1))] : [])];
  return owners.some((o) => view.str(view.get(view.get(o, 'annotations'), 'rdma.ome.io/auto-inject')) === 'true');
}

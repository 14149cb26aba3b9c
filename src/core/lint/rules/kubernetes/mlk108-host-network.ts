import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { CollectiveLibrary } from '../../kubernetes/gpu';
import { collectiveLibrary } from '../../kubernetes/gpu';
import { finding, resourceNames } from './helpers';
import { hostAccessExempt } from './gpu-node-agents';
import { mountsInfinibandDevices, omeInjectsRdma, rdmaResourceOf, rdmaResourcePatterns } from './rdma-pods';

/** The pod that would need the host network, named by its accelerators' collective library (NCCL when it asks for none). */
function rdmaPod(library: CollectiveLibrary | undefined): string {
  return library === 'NCCL' || library === 'RCCL' || library === 'oneCCL' || library === 'HCCL' ? `an RDMA/${library} pod` : 'a pod running collectives over RDMA';
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK108',
    name: 'host-network',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['host-network'], polaris: ['hostNetworkSet'] },
    description: 'The pod sets hostNetwork: true (silent for RDMA/InfiniBand and TPU pods).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    const rdma = rdmaResourcePatterns(ctx);
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      const node = obj.view.get(pod.spec, 'hostNetwork');
      const range = obj.view.range(node);
      if (obj.view.scalar(node)?.value !== true || !range) {
        continue;
      }
      // Node agents (device plugins, DCGM, node tuning) need the host, as for MLK101. Multi-node NCCL over RDMA uses
      // host networking on purpose (trap T26), as do multi-host TPU slices for their data-center network traffic
      // (GKE's Multislice JobSets). RDMA without a device plugin mounts the node's InfiniBand devices by hostPath (MLK112
      // reports that), or has OME's webhook add them.
      const view = obj.view;
      if (hostAccessExempt(ctx, obj, pod) || resourceNames(view, pod).includes('google.com/tpu') || rdmaResourceOf(view, pod, rdma) !== undefined || mountsInfinibandDevices(view, pod) || omeInjectsRdma(obj, pod)) {
        continue;
      }
      out.push(finding(range, `hostNetwork: true puts the pod on the node network, bypassing NetworkPolicies and exposing its ports on the node; remove it unless this is ${rdmaPod(collectiveLibrary(obj.view, [pod], ctx.cluster))} (request the RDMA device resource).`));
    }
    return out;
  },
};

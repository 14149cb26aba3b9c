import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { CollectiveLibrary } from '../../kubernetes/gpu';
import { collectiveLibrary } from '../../kubernetes/gpu';
import { finding, resourceNames } from './helpers';
import { hostAccessExempt } from './gpu-node-agents';

const defaultRdma = ['rdma/*', 'nvidia.com/rdma*', 'mellanox.com/*', 'nvidia.com/hostdev', 'openshift.io/*'];

function matches(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

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
    const option = ctx.settings.ruleOptions.MLK108?.rdmaResources;
    const rdma = Array.isArray(option) ? option.filter((x): x is string => typeof x === 'string') : defaultRdma;
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
      // (GKE's Multislice JobSets).
      if (hostAccessExempt(ctx, obj, pod) || resourceNames(obj.view, pod).some((n) => n === 'google.com/tpu' || rdma.some((p) => matches(n, p)))) {
        continue;
      }
      out.push(finding(range, `hostNetwork: true puts the pod on the node network, bypassing NetworkPolicies and exposing its ports on the node; remove it unless this is ${rdmaPod(collectiveLibrary(obj.view, [pod], ctx.cluster))} (request the RDMA device resource).`));
    }
    return out;
  },
};

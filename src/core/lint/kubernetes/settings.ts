/** The `.mlc.yaml` `cluster:` profile (§9.4); unset keys take the documented defaults. */
export interface ClusterProfile {
  gpuTaintKey: string;
  extendedResourceToleration: boolean;
  driverFloor?: string;
  modelLoadBudgetSeconds: number;
  gpuNodeAutoscaling: boolean;
  gpuRuntimeClass?: string;
  kueue: boolean;
  gpuProducts: string[];
  acceleratorResources: string[];
  exemptNamespaces: string[];
}

/**
 * Namespaces of node agents: kube-system, NVIDIA's GPU Operator's (`gpu-operator-resources` held its operands before v1.9), its
 * device plugin chart's, and AMD's GPU Operator's (`kube-amd-gpu`, where its documentation installs it). GPU node-agent
 * DaemonSets in any other namespace are known by their images (rules/kubernetes/gpu-node-agents.ts).
 */
export const defaultExemptNamespaces = ['kube-system', 'gpu-operator', 'gpu-operator-resources', 'nvidia-gpu-operator', 'nvidia-device-plugin', 'kube-amd-gpu'];

export function defaultClusterProfile(): ClusterProfile {
  return {
    gpuTaintKey: 'nvidia.com/gpu',
    extendedResourceToleration: false,
    modelLoadBudgetSeconds: 300,
    gpuNodeAutoscaling: false,
    kueue: false,
    gpuProducts: [],
    acceleratorResources: [],
    exemptNamespaces: [...defaultExemptNamespaces],
  };
}

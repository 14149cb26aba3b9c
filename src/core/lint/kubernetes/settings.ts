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

export const defaultExemptNamespaces = ['kube-system', 'gpu-operator', 'nvidia-gpu-operator', 'nvidia-device-plugin'];

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

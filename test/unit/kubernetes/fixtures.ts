import type { KubeEvent, Node, Pod } from '../../../src/core/kubernetes/objects';

export const gpuTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
export const gpuToleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

export function gpuNode(name: string, gpus = 8): Node {
  return {
    metadata: { name, labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'mlc.test/pool': 'gpu' } },
    spec: { taints: [gpuTaint] },
    status: {
      capacity: { 'nvidia.com/gpu': String(gpus), cpu: '64' },
      allocatable: { 'nvidia.com/gpu': String(gpus), cpu: '64' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

export function cpuNode(name: string): Node {
  return { metadata: { name, labels: { 'mlc.test/pool': 'cpu' } }, spec: {}, status: { allocatable: { cpu: '16' }, conditions: [{ type: 'Ready', status: 'True' }] } };
}

export function pod(name: string, opts: { gpus?: number; node?: string; phase?: string; ready?: boolean; init?: number; tolerate?: boolean; restarts?: number } = {}): Pod {
  const limits = opts.gpus ? { 'nvidia.com/gpu': String(opts.gpus) } : undefined;
  return {
    metadata: { name, namespace: 'ml', uid: `uid-${name}`, creationTimestamp: '2026-11-28T10:00:00Z' },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      containers: [{ name: 'main', image: 'trainer:1', ...(limits ? { resources: { limits } } : {}) }],
      ...(opts.init ? { initContainers: [{ name: 'init', resources: { requests: { 'nvidia.com/gpu': String(opts.init) } } }] } : {}),
      ...(opts.tolerate ? { tolerations: [gpuToleration] } : {}),
    },
    status: {
      phase: opts.phase ?? (opts.node ? 'Running' : 'Pending'),
      conditions: [{ type: 'Ready', status: opts.ready === false || !opts.node ? 'False' : 'True' }],
      containerStatuses: [{ name: 'main', ready: opts.ready ?? !!opts.node, restartCount: opts.restarts ?? 0 }],
    },
  };
}

export function failedScheduling(podName: string, message: string): KubeEvent {
  return { type: 'Warning', reason: 'FailedScheduling', message, involvedObject: { kind: 'Pod', name: podName }, lastTimestamp: '2026-11-28T10:00:05Z' };
}

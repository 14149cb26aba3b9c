import { hpaTarget, objectsOfKind } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { objectRequestsAccelerator } from '../../kubernetes/gpu';

export const rule: CrossRule = {
  meta: {
    id: 'MLX402',
    name: 'hpa-cpu-only-on-gpu-workload',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'An HPA that targets a GPU workload uses only cpu or memory Resource metrics.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const hpa of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const target = hpaTarget(ws, hpa);
      if (!target || !objectRequestsAccelerator(target.obj, ws.config.cluster)) {
        continue;
      }
      const view = hpa.obj.view;
      const metrics = view.items(view.at(hpa.obj.root, ['spec', 'metrics']));
      const resourceOnly = metrics.every((m) => view.text(m, 'type') === 'Resource' && ['cpu', 'memory'].includes(view.text(view.get(m, 'resource'), 'name') ?? ''));
      const range = view.rangeOfKey(hpa.obj.root, ['spec', 'metrics']) ?? view.rangeOfKey(hpa.obj.root, ['spec', 'targetCPUUtilizationPercentage']) ?? view.rangeOfKey(hpa.obj.root, ['spec', 'scaleTargetRef']);
      if (!resourceOnly || !range) {
        continue;
      }
      out.push({
        path: hpa.path,
        range,
        object: hpa.obj,
        message: `HPA ${hpa.obj.name ?? ''} scales GPU workload ${target.obj.name ?? ''} on cpu/memory only; CPU can fall while the GPU queue grows. Scale on Pods or External metrics such as DCGM_FI_DEV_GPU_UTIL or vllm:num_requests_waiting.`,
        related: { file: target.path, range: target.obj.anchor, message: 'the GPU workload' },
      });
    }
    return out;
  },
};

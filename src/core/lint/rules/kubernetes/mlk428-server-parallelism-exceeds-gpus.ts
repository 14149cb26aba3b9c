import type { KubernetesRule } from '../../kubernetes/rule';
import { serverGpuFindings } from './server-gpu-mismatches';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK428',
    name: 'server-parallelism-exceeds-gpus',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "A vLLM, SGLang, TGI or LMDeploy container's parallel sizes need more GPUs than its limit gives, so the server fails at start-up.",
  },
  check(ctx) {
    return serverGpuFindings(ctx, true);
  },
};

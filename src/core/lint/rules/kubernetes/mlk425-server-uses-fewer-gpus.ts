import type { KubernetesRule } from '../../kubernetes/rule';
import { serverGpuFindings } from './server-gpu-mismatches';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK425',
    name: 'server-uses-fewer-gpus',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "A vLLM, SGLang, TGI or LMDeploy container's parallel sizes use fewer GPUs than its limit gives: the rest sit idle while still allocated.",
  },
  check(ctx) {
    return serverGpuFindings(ctx, false);
  },
};

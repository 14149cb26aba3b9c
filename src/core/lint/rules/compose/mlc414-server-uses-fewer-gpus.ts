import type { ComposeRule } from '../../compose/rule';
import { serverGpuFindings } from './server-gpu-mismatches';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC414',
    name: 'server-uses-fewer-gpus',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "A vLLM, SGLang, TGI or LMDeploy service's parallel sizes use fewer GPUs than it reserves: the rest sit idle while still allocated.",
  },
  check(ctx) {
    return serverGpuFindings(ctx, false);
  },
};

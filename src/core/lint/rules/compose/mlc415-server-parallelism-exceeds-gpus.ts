import type { ComposeRule } from '../../compose/rule';
import { serverGpuFindings } from './server-gpu-mismatches';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC415',
    name: 'server-parallelism-exceeds-gpus',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "A vLLM, SGLang, TGI or LMDeploy service's parallel sizes need more GPUs than it reserves, so the server fails at start-up.",
  },
  check(ctx) {
    return serverGpuFindings(ctx, true);
  },
};

import { execForm, toolAdvice } from '../../dockerfile/healthcheck-alternatives';
import { healthcheckToolCall } from '../../dockerfile/healthcheck-tool';
import { checkedUrl } from '../../dockerfile/http-tool-check';
import { ancestry, chainInstructions } from '../../dockerfile/semantic';
import { stageWithoutTool } from '../../dockerfile/tool-providers';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD037',
    name: 'healthcheck-tool-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description:
      'The HEALTHCHECK runs curl or wget, but the image has none: its base is one known to ship without it (ollama/ollama, python and node `-slim`, Alpine for curl, debian, ubuntu, distroless) and nothing in the Dockerfile installs it, so the container is always unhealthy.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const stage = model.finalStage;
    if (!stage || model.nonPosixShell || ancestry(stage).some((s) => s.nonPosixShell)) {
      return out;
    }
    // The HEALTHCHECK the built image keeps: the last one of the stage and the stages it is based on.
    const instr = chainInstructions(stage).filter((i) => i.keyword === 'HEALTHCHECK').pop();
    const call = instr ? healthcheckToolCall(instr) : undefined;
    const missing = call ? stageWithoutTool(stage, call.tool) : undefined;
    if (!call || !missing) {
      return out;
    }
    const advice = toolAdvice(missing.image, call.tool, checkedUrl(call), 'in the Dockerfile', (argv) => `HEALTHCHECK CMD ${execForm(argv)}`);
    const message = `HEALTHCHECK runs ${call.tool}, which this image does not have (it is built FROM ${missing.base} and nothing after that FROM installs it), so the check always fails: Docker marks the container unhealthy, and a Compose service waiting for it with condition: service_healthy would never start; ${advice}.`;
    out.push(finding(call.range, message));
    return out;
  },
};

import { addedCheck, healthcheckCmd } from '../../dockerfile/added-check';
import { chainInstructions } from '../../dockerfile/semantic';
import { stageWithoutTool } from '../../dockerfile/tool-providers';
import type { DockerfileRule } from '../../rule';
import type { Fix } from '../../types';
import { firstExposedPort } from './exposed-port';
import { finding, fromAnchor, insertLinesAfter } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD513',
    name: 'healthcheck-missing',
    family: 'style',
    severity: 'info',
    enabledByDefault: false,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3057'] },
    description: 'The final stage has no HEALTHCHECK, so Compose service_healthy cannot tell when it is ready.',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) {
      return [];
    }
    const chain = chainInstructions(final);
    if (chain.some((i) => i.keyword === 'HEALTHCHECK')) {
      return [];
    }
    const port = firstExposedPort(chain);
    const lacking = stageWithoutTool(final, 'curl');
    const check = addedCheck(lacking?.image, port !== undefined ? `http://localhost:${port}/health` : undefined);
    const command = healthcheckCmd(check);
    const last = final.instructions[final.instructions.length - 1] ?? final.from;
    const title = check ? `Add a HEALTHCHECK template that checks with ${check.uses}` : 'Add a HEALTHCHECK template';
    const fix: Fix = { title, edits: [insertLinesAfter(last, model.parsed.lines, `HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ${command}`)] };
    const note = lacking ? `the image, built FROM ${lacking.base}, has no curl; ` : '';
    return [finding(fromAnchor(final), `The final stage has no HEALTHCHECK, so Compose service_healthy cannot tell when it is ready; add HEALTHCHECK CMD ${command} (${note}Kubernetes uses probes instead).`, fix)];
  },
};

import { chainInstructions } from '../../dockerfile/semantic';
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
    const probe = port !== undefined ? `curl -fsS http://localhost:${port}/health || exit 1` : '<command that exits 0 when healthy> || exit 1';
    const last = final.instructions[final.instructions.length - 1] ?? final.from;
    const fix: Fix = { title: 'Add a HEALTHCHECK template', edits: [insertLinesAfter(last, model.parsed.lines, `HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ${probe}`)] };
    return [finding(fromAnchor(final), `The final stage has no HEALTHCHECK, so Compose service_healthy cannot tell when it is ready; add HEALTHCHECK CMD ${probe} (Kubernetes uses probes instead).`, fix)];
  },
};

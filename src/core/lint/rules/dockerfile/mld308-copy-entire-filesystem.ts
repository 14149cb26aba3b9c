import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD308',
    name: 'copy-entire-filesystem',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3067'] },
    description: 'COPY --from=<stage> / copies the whole filesystem of another stage.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'COPY' || !instr.flags.some((f) => f.name === 'from')) {
        continue;
      }
      const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
      for (const src of sources) {
        if (/^\/+(?:\.)?$/.test(src.value)) {
          out.push(finding(src.range, 'COPY --from of / copies the other stage\'s entire filesystem (OS, caches, toolchains) into this one; copy only the directories you need, e.g. /opt/venv or /app.'));
        }
      }
    }
    return out;
  },
};

import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const forbidden = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD018',
    name: 'onbuild-forbidden-trigger',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3043'], dockerfileUtils: ['ONBUILD_CHAINING_DISALLOWED', 'ONBUILD_TRIGGER_DISALLOWED'] },
    description: 'ONBUILD ONBUILD, ONBUILD FROM or ONBUILD MAINTAINER.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      const trigger = instr.trigger;
      if (trigger && forbidden.has(trigger.keyword)) {
        out.push(finding(trigger.keywordRange, `ONBUILD cannot trigger ${trigger.keyword}; the build fails. Remove it or move the instruction out of ONBUILD.`));
      }
    }
    return out;
  },
};

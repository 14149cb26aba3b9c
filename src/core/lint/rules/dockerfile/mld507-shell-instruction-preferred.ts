import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { hasShortOption, posixRunCommandsNamed } from './posix-runs';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD507',
    name: 'shell-instruction-preferred',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL4005'] },
    description: 'RUN replaces /bin/sh with a link instead of using the SHELL instruction.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { nameWord, args } of posixRunCommandsNamed(model, ['ln'])) {
      if (!(hasShortOption(args, 's') || args.some((a) => a.value === '--symbolic'))) {
        continue;
      }
      const target = args.filter((a) => !a.value.startsWith('-')).pop();
      if (target && /^(?:\/usr)?\/bin\/sh$/.test(target.value)) {
        out.push(finding({ start: nameWord.range.start, end: target.range.end }, 'Relinking /bin/sh changes the shell for every later tool and script in the image; use SHELL ["/bin/bash", "-c"] to choose the shell for RUN.'));
      }
    }
    return out;
  },
};

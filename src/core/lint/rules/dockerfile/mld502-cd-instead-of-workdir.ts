import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD502',
    name: 'cd-instead-of-workdir',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3003'] },
    description: 'RUN changes directory with cd instead of WORKDIR.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord, command } of posixRunCommands(model)) {
      // `(cd dir && make)` confines the cd to a subshell on purpose: WORKDIR is not the alternative there.
      if (name === 'cd' && command.before !== '(') {
        out.push(finding(nameWord.range, 'cd in a RUN only lasts for that RUN and hides where later steps run; use WORKDIR <dir> (or pass the directory to the tool, e.g. make -C <dir>).'));
      }
    }
    return out;
  },
};

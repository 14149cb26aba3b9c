import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

const pointless = new Set(['ssh', 'vim', 'shutdown', 'service', 'ps', 'free', 'top', 'kill', 'mount', 'ifconfig']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD503',
    name: 'pointless-command',
    family: 'style',
    severity: 'hint',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3001'] },
    description: 'RUN executes an interactive or system command (ssh, vim, service, ps, kill, …) that has no lasting effect in a build step.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord } of posixRunCommands(model)) {
      if (pointless.has(name)) {
        out.push(finding(nameWord.range, `${name} in a build step does nothing lasting (no services or sessions survive the RUN); remove it, or move it to the container's command.`));
      }
    }
    return out;
  },
};

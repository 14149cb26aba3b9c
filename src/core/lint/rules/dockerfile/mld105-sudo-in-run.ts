import { runCommands } from '../../dockerfile/installs';
import { basename } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD105',
    name: 'sudo-in-run',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3004'] },
    description: 'RUN invokes sudo.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const { command } of runCommands(instr)) {
          const sudo = command.words.find((w, k) => basename(w.value) === 'sudo' && command.words.slice(0, k).every((p) => ['env', 'nohup', 'time', 'exec', 'command'].includes(basename(p.value)) || p.value.includes('=')));
          if (sudo) {
            out.push(finding(sudo.range, 'sudo in a build step is unpredictable (TTY, PAM, env reset) and keeps sudo in the image; switch USER root for the step and back to the unprivileged user afterwards.'));
          }
        }
      }
    }
    return out;
  },
};

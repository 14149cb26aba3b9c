import { runCommands } from '../../dockerfile/installs';
import type { ShellWord } from '../../dockerfile/shell';
import { basename } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const prefixes = new Set(['env', 'nohup', 'time', 'exec', 'command']);

/** The first `sudo` word reached through wrappers and assignments only (one pass over the words). */
function sudoWord(words: readonly ShellWord[]): ShellWord | undefined {
  for (const w of words) {
    if (basename(w.value) === 'sudo') {
      return w;
    }
    if (!prefixes.has(basename(w.value)) && !w.value.includes('=')) {
      return undefined;
    }
  }
  return undefined;
}

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
          const sudo = sudoWord(command.words);
          if (sudo) {
            out.push(finding(sudo.range, 'sudo in a build step is unpredictable (TTY, PAM, env reset) and keeps sudo in the image; switch USER root for the step and back to the unprivileged user afterwards.'));
          }
        }
      }
    }
    return out;
  },
};

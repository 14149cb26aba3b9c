import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import { basename } from '../../dockerfile/shell';
import { userAt } from '../../dockerfile/users';
import { baseImageUser } from '../../dockerfile/base-image-users';
import { rootImage } from '../../dockerfile/scope-values';
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

/** `sudo -u app …`, `sudo -g video …`, `sudo --user=app …`: the step runs as another user, not as root. */
function switchesUser(words: readonly ShellWord[], sudo: ShellWord): boolean {
  for (const w of words.slice(words.indexOf(sudo) + 1)) {
    if (!w.value.startsWith('-')) {
      return false;
    }
    if (/^-[A-Za-z]*[ug]|^--(?:user|group)(?:=|$)/.test(w.value)) {
      return true;
    }
  }
  return false;
}

const unpredictable = 'sudo in a build step is unpredictable (TTY, PAM, env reset)';

/**
 * What to do instead: drop sudo where the step already runs as root (no USER before it in the stage's ancestry and a
 * base not known to set one, or USER root), else switch USER for the step. An ONBUILD step runs in a later build, as
 * whatever user that build has then.
 */
function advice(model: DockerfileModel, stage: Stage, instr: Instruction, asOther: boolean): string {
  if (asOther) {
    return `${unpredictable} and keeps sudo in the image; set USER to that user for the step and back afterwards.`;
  }
  const user = instr.keyword === 'RUN' ? userAt(model, stage, instr) : null;
  if (user === undefined && baseImageUser(rootImage(model, stage)) === undefined) {
    return `${unpredictable} and keeps sudo in the image; no USER is set before this step, so unless the base image sets one it already runs as root: drop sudo.`;
  }
  if (user === 'root' || user === '0') {
    return `${unpredictable} and keeps sudo in the image; this step already runs as root (USER ${user}): drop sudo.`;
  }
  return `${unpredictable} and keeps sudo in the image; switch USER root for the step and back to the unprivileged user afterwards.`;
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
            out.push(finding(sudo.range, advice(model, stage, instr, switchesUser(command.words, sudo))));
          }
        }
      }
    }
    return out;
  },
};

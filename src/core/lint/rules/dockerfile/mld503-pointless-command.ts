import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { interactiveSu } from './mld503-interactive-su';
import { shellStateCommands, shellStateMessage, shellStateOnlyRun } from './mld503-shell-state-only';
import { byInstruction, posixRunCommands } from './posix-runs';

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
    description:
      'RUN executes an interactive or system command (ssh, vim, service, ps, kill, su without a command, …) that has no lasting effect in a build step, or only changes its own shell (export, set, alias, source).',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const commands = posixRunCommands(model);
    for (const c of commands) {
      if (pointless.has(c.name)) {
        out.push(finding(c.nameWord.range, `${c.name} in a build step does nothing lasting (no services or sessions survive the RUN); remove it, or move it to the container's command.`));
      } else if (interactiveSu(c)) {
        out.push(
          finding(
            c.nameWord.range,
            "su without a command opens a shell that reads no input in a build and exits at once, so the commands after it still run as the same user; use USER <name> to switch users for later instructions, or su <user> -c '<command>'.",
          ),
        );
      }
    }
    for (const instr of byInstruction(commands.filter((c) => shellStateCommands.has(c.name))).keys()) {
      const run = shellStateOnlyRun(instr);
      const word = run && (run.first.words[0] ?? run.first.assignments[0]);
      if (run && word) {
        out.push(finding(word.range, shellStateMessage(run)));
      }
    }
    return out;
  },
};

import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { baseRef, chainInstructions, runScripts } from '../../dockerfile/semantic';
import { basename, effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, indentOf, insertLinesBefore } from './helpers';

/** The stage's SHELL (at `instr`) sets pipefail in bash, zsh or ash. */
function shellHasPipefail(stage: Stage, instr: Instruction): boolean {
  let shell: string[] | undefined;
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    if (i.keyword === 'SHELL' && i.json) {
      shell = i.json.map((j) => j.value);
    }
  }
  if (!shell) {
    return false;
  }
  const name = basename(shell[0] ?? '');
  if (!['bash', 'zsh', 'ash'].includes(name)) {
    return false;
  }
  const opts = shell.slice(1);
  return opts.some((o, k) => o === 'pipefail' && /^-[a-z]*o$/.test(opts[k - 1] ?? ''));
}

function scriptSetsPipefail(instr: Instruction): boolean {
  const first = runScripts(instr).flatMap((s) => s.commands)[0];
  if (!first) {
    return false;
  }
  const eff = effectiveCommand(first);
  if (!eff || eff.name !== 'set') {
    return false;
  }
  const args = eff.args.map((a) => a.value);
  return args.some((a, k) => a === 'pipefail' && /^-[a-z]*o$/.test(args[k - 1] ?? ''));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD026',
    name: 'pipe-without-pipefail',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL4006'] },
    description: 'A RUN pipes commands without pipefail, so a failing command before the pipe passes the build.',
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
      const alpine = /(?:^|\/)alpine$/.test(baseRef(stage)?.ref.path ?? '');
      for (const instr of stage.instructions) {
        const piped = runScripts(instr)
          .flatMap((s) => s.commands)
          .find((c) => c.after === '|' || c.after === '|&');
        if (!piped || shellHasPipefail(stage, instr) || scriptSetsPipefail(instr)) {
          continue;
        }
        const first = piped.words[0];
        if (!first) {
          continue;
        }
        const shell = alpine ? 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]' : 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
        out.push(
          finding(
            { start: first.range.start, end: (piped.words[piped.words.length - 1] ?? first).range.end },
            `If ${first.value} fails, the pipe still succeeds and the build goes on; set ${shell} before this RUN (or start the script with set -o pipefail).`,
            { title: 'Insert a SHELL with pipefail', edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}${shell}`)] },
          ),
        );
      }
    }
    return out;
  },
};

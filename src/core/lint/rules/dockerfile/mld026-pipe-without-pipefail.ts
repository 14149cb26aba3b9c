import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { baseRef, chainInstructions, runScripts } from '../../dockerfile/semantic';
import type { ShellCommand } from '../../dockerfile/shell';
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
  const scripts = runScripts(instr);
  const first = scripts.flatMap((s) => s.commands)[0];
  if (!first) {
    return false;
  }
  const eff = effectiveCommand(first);
  // `set -o pipefail` first, or the shell that runs the heredoc started with it (`RUN bash -o pipefail -e <<EOF`).
  const heredocShell = scripts.length > 1 && eff !== undefined && ['bash', 'zsh', 'ash'].includes(basename(eff.name));
  if (!eff || (eff.name !== 'set' && !heredocShell)) {
    return false;
  }
  const args = eff.args.map((a) => a.value);
  return args.some((a, k) => a === 'pipefail' && /^-[a-z]*o$/.test(args[k - 1] ?? ''));
}

function isPipe(op: string | undefined): boolean {
  return op === '|' || op === '|&';
}

/** Producers that cannot fail (`echo deb … | tee`), so pipefail changes nothing for them. */
const cannotFail = new Set(['echo', 'printf', 'yes', 'true']);

/** Keywords that make a pipeline a condition or negate it: its failure never fails the build by itself. */
const conditionKeywords = new Set(['if', 'elif', 'while', 'until', '!']);

/**
 * The first command of each pipeline whose failure pipefail would catch: not a pipeline tested by
 * `if`/`while` or negated with `!` (torchserve's `if echo "$BASE_IMAGE" | grep -q cuda:`), and not one
 * whose producers are all commands that cannot fail.
 */
function failablePipeProducer(commands: readonly ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (let k = 0; k < commands.length; k++) {
    const head = commands[k] as ShellCommand;
    if (!isPipe(head.after) || isPipe(head.before)) {
      continue;
    }
    const producers: ShellCommand[] = [];
    for (let j = k; j < commands.length && isPipe((commands[j] as ShellCommand).after); j++) {
      producers.push(commands[j] as ShellCommand);
    }
    const condition = head.keywords?.some((w) => conditionKeywords.has(w)) ?? false;
    const failing = producers.find((p) => !cannotFail.has(effectiveCommand(p)?.name ?? ''));
    if (!condition && failing) {
      out.push(failing);
    }
  }
  return out;
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
        const piped = runScripts(instr).flatMap((s) => failablePipeProducer(s.commands))[0];
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

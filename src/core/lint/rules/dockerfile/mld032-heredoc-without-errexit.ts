import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective, envValue, readsScriptFromStdin, runScripts, shebangProgram } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript } from '../../dockerfile/shell';
import { effectiveCommand, splitShell } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding } from './helpers';
import { errexitOption } from '../../dockerfile/errexit-option';
import { firstIgnoredFailure } from './ignored-failures';
import type { StdinShell } from './heredoc-reader';
import { stdinShell } from './heredoc-reader';

/** BuildKit's reHeredoc over the whole command line: `<<EOF`, `<<-EOF`, `<< EOF` (blanks after `<<-` are not taken). */
const onlyMarker = /^\d*<<(?:-[^<\s]+|\s*[^<\s]+)$/;

/**
 * Who runs the body of a RUN with one heredoc, as BuildKit's dispatchRun does it: a body that starts with `#!` is a
 * program of its own (`RUN <<EOF` alone); else `RUN <<EOF` alone hands the body to the stage's SHELL (`/bin/sh -c` by
 * default), and `RUN bash -e <<EOF` has the shell it names read the body on stdin. None when no shell runs it.
 */
function bodyShell(run: Instruction, shell: Instruction | undefined): StdinShell | undefined {
  const shebang = shebangProgram(run);
  if (shebang) {
    return !readsScriptFromStdin([shebang.interpreter]) ? undefined : { runs: `its #! line runs ${shebang.interpreter} without -e`, errexit: errexitOption(shebang.options) === true };
  }
  const line = runScripts(run)[0];
  const reader = line?.commands[0];
  if (!reader) {
    // Only a command line that is the marker alone hands the body to the shell; `RUN <<EOF > log` gives it to no command.
    if (!onlyMarker.test(run.args.text.slice(run.argsStart).trim())) {
      return undefined;
    }
    const array = shell?.json?.map((j) => j.value);
    return array ? { runs: `SHELL [${array.map((a) => JSON.stringify(a)).join(', ')}] runs it without -e`, errexit: errexitOption(array.slice(1)) === true } : { runs: '/bin/sh runs it without -e', errexit: false };
  }
  return line.commands.length === 1 ? stdinShell(reader) : undefined;
}

/** The heredoc body as the shell that reads it runs it: a shell behind a wrapper (`sudo bash <<EOF`) is read here. */
function bodyScript(run: Instruction): ShellScript | undefined {
  const doc = run.heredocs[0];
  return doc?.terminated ? (runScripts(run)[1] ?? splitShell(doc.body)) : undefined;
}

function isHeredocRun(instr: Instruction): boolean {
  return instr.keyword === 'RUN' && !instr.json && instr.heredocs.length === 1;
}

/**
 * The SHELL in force for each heredoc RUN of the stage (inherited from its in-file ancestors), and for its ONBUILD RUN
 * heredocs the stage's last SHELL, which the image that builds FROM it runs its triggers with.
 */
function* runsWithShell(stage: Stage): Generator<{ run: Instruction; shell: Instruction | undefined }> {
  const chain = chainInstructions(stage);
  // The chain ends with the stage's own instructions.
  const ownFrom = chain.length - stage.instructions.length;
  const triggers: Instruction[] = [];
  let shell: Instruction | undefined;
  for (let k = 0; k < chain.length; k++) {
    const instr = chain[k] as Instruction;
    const own = k >= ownFrom;
    if (instr.keyword === 'SHELL' && instr.json) {
      shell = instr;
    } else if (own && isHeredocRun(instr)) {
      yield { run: instr, shell };
    } else if (own && instr.trigger && isHeredocRun(instr.trigger)) {
      triggers.push(instr.trigger);
    }
  }
  for (const run of triggers) {
    yield { run, shell };
  }
}

/** Inserts `set -e` on a line of its own before the body's first command, indented as that line. */
function setErrexitFix(script: ShellScript, first: ShellCommand, lines: readonly string[]): Fix | undefined {
  const word = first.assignments[0] ?? first.words[0];
  if (!word) {
    return undefined;
  }
  const line = script.text.posAt(word.start).line;
  const indent = /^[ \t]*/.exec(lines[line - 1] ?? '')?.[0] ?? '';
  const at = { line, column: 1 };
  return { title: 'Start the heredoc with set -e', edits: [{ range: { start: at, end: at }, newText: `${indent}set -e\n` }] };
}

/** Variables through which bash takes options from its environment: errexit may come from them. */
const inheritedOptionNames = ['SHELLOPTS', 'BASH_ENV'];

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD032',
    name: 'heredoc-without-errexit',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A RUN heredoc runs several commands in a shell without -e (set -e), so a failing command in the middle is ignored and only the last command decides whether the build goes on.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell || !model.parsed.instructions.some((i) => effective(i).heredocs.length > 0)) {
      return out;
    }
    for (const stage of model.stages) {
      if (stage.nonPosixShell || inheritedOptionNames.some((name) => envValue(stage, name) !== undefined)) {
        continue;
      }
      for (const { run, shell } of runsWithShell(stage)) {
        const runner = bodyShell(run, shell);
        const body = runner && !runner.errexit ? bodyScript(run) : undefined;
        const ignored = body && firstIgnoredFailure(body.commands);
        const first = ignored?.assignments[0] ?? ignored?.words[0];
        if (!body || !runner || !ignored || !first) {
          continue;
        }
        const last = ignored.words[ignored.words.length - 1] ?? first;
        const what = effectiveCommand(ignored)?.name ?? `the command substitution in ${first.raw.split('=')[0] ?? ''}=…`;
        out.push(
          finding(
            { start: first.range.start, end: last.range.end },
            `If ${what} fails, the rest of the heredoc still runs and only its last command decides whether the build fails: ${runner.runs}; start the heredoc with set -e (or set -eux).`,
            setErrexitFix(body, body.commands[0] as ShellCommand, model.parsed.lines),
          ),
        );
      }
    }
    return out;
  },
};

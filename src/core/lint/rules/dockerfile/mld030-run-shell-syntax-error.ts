import type { Instruction } from '../../dockerfile/model';
import { runsPosixScript } from '../../dockerfile/posix-shell-form';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import { shellSyntaxProblem } from '../../dockerfile/shell-syntax';
import { buildsWindowsImage } from '../../dockerfile/windows';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { explain } from './shell-syntax-message';
import { finding } from './helpers';

/** A script without any of these cannot hold an unclosed construct, a stray closer or an operator without its command. */
const mayBeMalformed = /['"`(){}]|\b(?:if|then|elif|else|fi|for|select|while|until|do|done|case|esac)\b|^\s*[;&|]|(?:&&|\|\||[;|])\s*(?:$|[;&|])/;
/** An exec-form array that is not valid JSON falls back to shell form: MLD002 and MLD021 report those. */
const brokenExecForm = /^\s*\[\s*["'][\s\S]*\]\s*$/;
/** A script for a Windows shell, on a base image whose name did not say it is a Windows one. */
const windowsCommand = /^\s*(?:powershell|pwsh|cmd)(?:\.exe)?(?:\s|$)/i;

/**
 * The RUN's text reaches a POSIX shell or bash. A file that sets `# escape=\`` is written for Windows, whose default
 * shell is cmd, unless a SHELL names a POSIX one.
 */
function runsInPosixShell(script: string, shell: Instruction | undefined, escape: string): boolean {
  return runsPosixScript(shell) && !windowsCommand.test(script) && (escape !== '`' || shell !== undefined);
}

/** The SHELL in force for each RUN of the stage, inherited from its in-file ancestors. */
function* runsWithShell(stage: Stage): Generator<{ run: Instruction; shell: Instruction | undefined }> {
  const own = new Set(stage.instructions);
  let shell: Instruction | undefined;
  for (const instr of chainInstructions(stage)) {
    const eff = effective(instr);
    if (eff.keyword === 'SHELL' && instr === eff) {
      shell = eff;
    } else if (eff.keyword === 'RUN' && own.has(instr)) {
      yield { run: eff, shell };
    }
  }
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD030',
    name: 'run-shell-syntax-error',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A shell-form RUN whose script does not parse: an if, loop, case, group or quote left open, a closing word with nothing to close, or an operator with no command after it.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    const { lines, comments } = model.parsed;
    for (const stage of model.stages) {
      let windows: boolean | undefined;
      for (const { run, shell } of runsWithShell(stage)) {
        if (run.json || run.heredocs.length > 0) {
          continue;
        }
        const script = run.args.text.slice(run.argsStart);
        if (!mayBeMalformed.test(script) || brokenExecForm.test(script) || !runsInPosixShell(script, shell, model.parsed.escape)) {
          continue;
        }
        const report = shellSyntaxProblem(script);
        if (report === undefined || report === 'unsure' || (windows ??= buildsWindowsImage(model, stage))) {
          continue;
        }
        const { message, fix } = explain(run, script, lines, comments, report);
        const p = report.problem;
        out.push(finding(run.args.range(run.argsStart + p.start, run.argsStart + p.end), message, fix));
      }
    }
    return out;
  },
};

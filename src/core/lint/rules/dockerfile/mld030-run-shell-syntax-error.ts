import type { Comment, Instruction } from '../../dockerfile/model';
import { runsPosixScript } from '../../dockerfile/posix-shell-form';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import type { ShellToken } from '../../dockerfile/shell-syntax-lexer';
import { shellSyntaxProblem } from '../../dockerfile/shell-syntax';
import type { EmbeddedScript } from '../../dockerfile/shell-syntax-embedded';
import { commandStrings, execFormScript, heredocScripts } from '../../dockerfile/shell-syntax-embedded';
import { buildsWindowsImage } from '../../dockerfile/windows';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import type { ScriptSource } from './shell-syntax-message';
import { explain } from './shell-syntax-message';
import { finding } from './helpers';

/**
 * A script without any of these cannot hold an unclosed construct, a stray closer or an operator without its command:
 * a quote, bracket or brace, or an operator with no command after it (one expression: their first characters are
 * rare), an operator first, or a compound command's word. Three expressions rather than one alternation tried at
 * every character.
 */
const quoteBracketOrLoneOperator = /['"`(){}]|(?:&&|\|\||[;|])\s*(?:$|[;&|])/;
const leadingOperator = /^\s*[;&|]/;
const compoundWord = /\b(?:if|then|elif|else|fi|for|select|while|until|do|done|case|esac)\b/;

function mayBeMalformed(script: string): boolean {
  return quoteBracketOrLoneOperator.test(script) || leadingOperator.test(script) || compoundWord.test(script);
}

/** An exec-form array that is not valid JSON falls back to shell form: MLD002 and MLD021 report those. */
const brokenExecForm = /^\s*\[\s*["'][\s\S]*\]\s*$/;
/** A script for a Windows shell, on a base image whose name did not say it is a Windows one. */
const windowsCommand = /^\s*(?:powershell|pwsh|cmd)(?:\.exe)?(?:\s|$)/i;
/** A script that may call sh, bash or dash with `-c`. */
const mayPassCommandString = /\b(?:ba|da|a)?sh\s+(?:\S+\s+){0,6}?-[A-Za-z]*c/;
/** An earlier `exit` or `exec` can end a multi-line script before the shell reads the line with the error. */
const mayEndEarly = /(?:^|[\s;&|({`])(?:exit|exec)(?:$|[\s;&|)}`])/;

interface Context {
  lines: readonly string[];
  comments: readonly Comment[];
}

/**
 * The RUN's text reaches a POSIX shell or bash. A file that sets `# escape=\`` is written for Windows, whose default
 * shell is cmd, unless a SHELL names a POSIX one.
 */
function runsInPosixShell(script: string, shell: Instruction | undefined, escape: string): boolean {
  return runsPosixScript(shell) && !windowsCommand.test(script) && (escape !== '`' || shell !== undefined);
}

/** The SHELL in force for each RUN of the stage, inherited from its in-file ancestors. */
function runsWithShell(stage: Stage): { run: Instruction; shell: Instruction | undefined }[] {
  const chain = chainInstructions(stage);
  // The chain ends with the stage's own instructions.
  const ownFrom = chain.length - stage.instructions.length;
  const out: { run: Instruction; shell: Instruction | undefined }[] = [];
  let shell: Instruction | undefined;
  for (let k = 0; k < chain.length; k++) {
    const instr = chain[k] as Instruction;
    const eff = effective(instr);
    if (eff.keyword === 'SHELL' && instr === eff) {
      shell = eff;
    } else if (eff.keyword === 'RUN' && k >= ownFrom) {
      out.push({ run: eff, shell });
    }
  }
  return out;
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
    description: 'A RUN whose shell script (its shell form, a heredoc body a shell runs, or a quoted sh -c / bash -c script) does not parse: an if, loop, case, group or quote left open, a closing word with nothing to close, or an operator with no command after it.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    const { lines, comments, escape } = model.parsed;
    const context: Context = { lines, comments };
    for (const stage of model.stages) {
      let windows: boolean | undefined;
      const onWindows = (): boolean => (windows ??= buildsWindowsImage(model, stage));
      for (const { run, shell } of runsWithShell(stage)) {
        const found = run.json ? checkExecForm(run, context) : run.heredocs.length > 0 ? checkHeredocs(run, shell, escape, context) : checkShellForm(run, shell, escape, context);
        if (found.length > 0 && !onWindows()) {
          out.push(...found);
        }
      }
    }
    return out;
  },
};

function checkShellForm(run: Instruction, shell: Instruction | undefined, escape: string, context: Context): RuleFinding[] {
  const script = run.args.text.slice(run.argsStart);
  if (!mayBeMalformed(script) || brokenExecForm.test(script) || !runsInPosixShell(script, shell, escape)) {
    return [];
  }
  const commands: ShellToken[][] | undefined = mayPassCommandString.test(script) ? [] : undefined;
  const report = shellSyntaxProblem(script, commands && ((words) => commands.push([...words])));
  if (report === 'unsure') {
    return [];
  }
  if (report !== undefined) {
    return [problemFinding({ script, source: run.args, at: (o) => run.argsStart + o }, report, context)];
  }
  const out: RuleFinding[] = [];
  for (const embedded of commands ? commandStrings(run, commands) : []) {
    out.push(...checkEmbedded(embedded, context));
  }
  return out;
}

function checkExecForm(run: Instruction, context: Context): RuleFinding[] {
  const embedded = execFormScript(run);
  return embedded ? checkEmbedded(embedded, context) : [];
}

function checkHeredocs(run: Instruction, shell: Instruction | undefined, escape: string, context: Context): RuleFinding[] {
  const commandLine = run.args.text.slice(run.argsStart);
  if (!runsInPosixShell(commandLine, shell, escape) || run.heredocs.some((doc) => !doc.terminated)) {
    return [];
  }
  // Loops rather than flatMap, which V8 runs far slower.
  const out: RuleFinding[] = [];
  for (const embedded of heredocScripts(run, context.lines, escape)) {
    if (runsInPosixShell(embedded.script, undefined, '\\')) {
      out.push(...checkEmbedded(embedded, context));
    }
  }
  return out;
}

function checkEmbedded(embedded: EmbeddedScript, context: Context): RuleFinding[] {
  const { script } = embedded;
  if (!mayBeMalformed(script)) {
    return [];
  }
  const report = shellSyntaxProblem(script);
  if (report === undefined || report === 'unsure' || (script.includes('\n') && mayEndEarly.test(script.slice(0, report.problem.start)))) {
    return [];
  }
  const failure = `${embedded.parser} exits with a syntax error, so ${embedded.endsRun ? 'the RUN' : 'that command'} fails`;
  const where: ScriptSource = embedded.heredoc
    ? { ...embedded, failure, name: 'the heredoc script', ownLines: true }
    : { ...embedded, failure, name: `the ${embedded.parser} script` };
  return [problemFinding(where, report, embedded.heredoc ? { ...context, comments: [] } : context)];
}

function problemFinding(where: ScriptSource, report: Exclude<ReturnType<typeof shellSyntaxProblem>, 'unsure' | undefined>, context: Context): RuleFinding {
  const { message, fix } = explain(where, context.lines, context.comments, report);
  const p = report.problem;
  return finding(where.source.range(where.at(p.start), where.at(Math.max(p.start, p.end - 1)) + 1), message, fix);
}

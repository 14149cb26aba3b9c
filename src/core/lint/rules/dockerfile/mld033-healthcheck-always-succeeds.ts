import { addedCheck, healthcheckCmd } from '../../dockerfile/added-check';
import { errexitOption } from '../../dockerfile/errexit-option';
import { shellScriptArgument, shownCommand, shownScript } from '../../dockerfile/exec-always-succeeds';
import { healthcheckScript } from '../../dockerfile/healthcheck-script';
import type { Instruction } from '../../dockerfile/model';
import type { AlwaysSucceeds } from '../../dockerfile/script-always-succeeds';
import { alwaysSucceeding, succeedingPrograms } from '../../dockerfile/script-always-succeeds';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript } from '../../dockerfile/shell';
import type { StatusBlindCall } from '../../dockerfile/status-blind-call';
import { statusBlindArgv, statusBlindFix, statusBlindReason, statusBlindScript } from '../../dockerfile/status-blind-call';
import { stageWithoutTool } from '../../dockerfile/tool-providers';
import { buildsWindowsImage } from '../../dockerfile/windows';
import { commandsInOrder } from '../../dockerfile/wrapped';
import type { DockerfileRule } from '../../rule';
import type { Fix, Range, RuleFinding, TextEdit } from '../../types';
import { firstExposedPort } from './exposed-port';
import { finding } from './helpers';

/** A HEALTHCHECK command that always succeeds: the script judged (the shell form's, or the one an exec form hands `sh -c`). */
interface Verdict extends AlwaysSucceeds {
  script: ShellScript;
  shown: string;
  /** The script's words stand where they are written, so an edit may replace some. */
  exact: boolean;
}

/**
 * Whether the image's shell (its last SHELL, `/bin/sh -c` by default) has errexit on: Docker runs a shell-form
 * HEALTHCHECK (`CMD-SHELL`) with the shell in the image's config.
 */
function shellErrexit(stage: Stage): boolean {
  const shell = chainInstructions(stage).filter((i) => i.keyword === 'SHELL' && i.json !== undefined).pop();
  const array = shell?.json?.map((j) => j.value);
  return array !== undefined && errexitOption(array.slice(1)) === true;
}

function judgeScript(script: ShellScript, errexit: boolean, exact: boolean): Verdict | undefined {
  const verdict = alwaysSucceeding(script.commands, errexit);
  return verdict && { ...verdict, script, shown: shownScript(script.text.text), exact };
}

/** The exec form (`CMD ["…"]`): a program that always succeeds, or a shell given a script that does. */
function judgeExec(script: ShellScript): Verdict | undefined {
  const argv = script.commands[0]?.words.map((w) => w.value) ?? [];
  const shell = shellScriptArgument(argv);
  if (!shell) {
    return succeedingPrograms.has(argv[0] ?? '') ? { checksNothing: true, script, shown: shownCommand(argv.join(' ')), exact: false } : undefined;
  }
  const inner = commandsInOrder([script]).find((c) => c.script !== script)?.script;
  return inner && inner.text.text === argv[shell.at] ? judgeScript(inner, shell.errexit, inner.wrapping?.forbidden !== undefined) : undefined;
}

function judge(instr: Instruction, stage: Stage): Verdict | undefined {
  const script = healthcheckScript(instr);
  if (!script) {
    return undefined;
  }
  return script.wrapping === undefined ? judgeScript(script, shellErrexit(stage), true) : judgeExec(script);
}

function span(first: ShellCommand | undefined, last: ShellCommand | undefined): Range | undefined {
  const start = first?.words[0]?.range.start;
  const end = last?.words[last.words.length - 1]?.range.end;
  return start && end ? { start, end } : undefined;
}

/** A check of the server at the first exposed port, with curl unless the image lacks it (as MLD513's template). */
function serverCheck(stage: Stage): string {
  const port = firstExposedPort(chainInstructions(stage)) ?? '<port>';
  const lacking = stageWithoutTool(stage, 'curl');
  const check = addedCheck(lacking?.image, `http://localhost:${port}/`);
  if (!lacking) {
    return `check the server itself (HEALTHCHECK CMD ${healthcheckCmd(check)})`;
  }
  const uses = check ? check.uses : 'a program the image has';
  return `check the server itself with ${uses}, as the image, built FROM ${lacking.base}, has no curl${check ? ` (HEALTHCHECK CMD ${healthcheckCmd(check)})` : ''}`;
}

function advice(v: Verdict, stage: Stage): string {
  if (v.fallback) {
    return `end the check with || exit 1 instead of || ${v.fallback.words.map((w) => w.value).join(' ')}`;
  }
  if (v.checksNothing) {
    return `${serverCheck(stage)}, or write HEALTHCHECK NONE if there is nothing to check`;
  }
  return 'make a failed check fail the command: end it with || exit 1, not with a command that always succeeds';
}

/** A HEALTHCHECK that passes on any HTTP answer (StatusBlindCall): where it is written, and the edit that adds curl's -f. */
interface BlindVerdict extends StatusBlindCall {
  range: Range;
  edit?: TextEdit;
}

/** A script whose status is a status-blind call's; `exact`: its words stand where they are written, so `-f` can go in place. */
function blindScript(script: ShellScript, exact: boolean): BlindVerdict | undefined {
  const found = statusBlindScript(script.commands);
  const range = span(script.commands[0], script.commands[script.commands.length - 1]);
  if (!found || !range) {
    return undefined;
  }
  const { program, ...call } = found;
  const at = program.range.end;
  return { ...call, range, ...(call.tool === 'curl' && exact ? { edit: { range: { start: at, end: at }, newText: ' -f' } } : {}) };
}

/** The exec form: curl or python run without a shell (`CMD ["curl", URL]`, where `-f` goes in as an item), or the script a shell is given. */
function blindExec(script: ShellScript): BlindVerdict | undefined {
  const command = script.commands[0];
  const words = command?.words ?? [];
  const argv = words.map((w) => w.value);
  const shell = shellScriptArgument(argv);
  if (!shell) {
    const call = statusBlindArgv(argv);
    const range = span(command, command);
    const at = words[0]?.range.end;
    return call && range ? { ...call, range, ...(call.tool === 'curl' && at ? { edit: { range: { start: at, end: at }, newText: ', "-f"' } } : {}) } : undefined;
  }
  const inner = commandsInOrder([script]).find((c) => c.script !== script)?.script;
  return inner && inner.text.text === argv[shell.at] ? blindScript(inner, inner.wrapping?.forbidden !== undefined) : undefined;
}

/**
 * The stage's HEALTHCHECK exits 0 on any HTTP answer (statusBlindArgv). A curl check in an image without curl is left
 * to MLD037, which says what to check with instead.
 */
function judgeBlind(instr: Instruction, stage: Stage): BlindVerdict | undefined {
  const script = healthcheckScript(instr);
  const blind = script && (script.wrapping === undefined ? blindScript(script, true) : blindExec(script));
  return blind && !(blind.tool === 'curl' && stageWithoutTool(stage, 'curl')) ? blind : undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD033',
    name: 'healthcheck-always-succeeds',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A HEALTHCHECK whose command always exits 0 (`curl -f … || exit 0`, `|| true`, `check; exit 0`, `CMD true`), or exits 0 on any HTTP answer (curl without -f, Python requests without raise_for_status()), so the container is reported healthy while its server is down or still loading.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      // Only a stage's last HEALTHCHECK takes effect (MLD016 reports the others).
      const instr = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK').pop();
      const judged = instr && !buildsWindowsImage(model, stage) ? instr : undefined;
      const verdict = judged && judge(judged, stage);
      const blind = judged && !verdict ? judgeBlind(judged, stage) : undefined;
      if (blind) {
        const message = `HEALTHCHECK ignores the HTTP status (${statusBlindReason(blind)}), so Docker marks the container healthy while its server is still loading or failing, misleading Compose's service_healthy, Swarm's rolling updates and autoheal; ${statusBlindFix(blind)}.`;
        out.push(finding(blind.range, message, blind.edit ? { title: 'Add -f (fail on HTTP errors)', edits: [blind.edit] } : undefined));
        continue;
      }
      const commands = verdict?.script.commands ?? [];
      const fallback = verdict?.exact ? verdict.fallback : undefined;
      const range = fallback ? span(fallback, fallback) : span(commands[0], commands[commands.length - 1]);
      if (!verdict || !range) {
        continue;
      }
      const fix: Fix | undefined = fallback ? { title: 'End the check with || exit 1', edits: [{ range, newText: 'exit 1' }] } : undefined;
      const message = `HEALTHCHECK always succeeds (${verdict.shown}), so Docker marks the container healthy while its server is down, misleading Compose's service_healthy, Swarm's rolling updates and autoheal; ${advice(verdict, stage)}.`;
      out.push(finding(range, message, fix));
    }
    return out;
  },
};

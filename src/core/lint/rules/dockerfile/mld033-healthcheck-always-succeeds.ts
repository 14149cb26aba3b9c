import { errexitOption } from '../../dockerfile/errexit-option';
import { shellScriptArgument, shownCommand, shownScript } from '../../dockerfile/exec-always-succeeds';
import { healthcheckScript } from '../../dockerfile/healthcheck-script';
import type { Instruction } from '../../dockerfile/model';
import type { AlwaysSucceeds } from '../../dockerfile/script-always-succeeds';
import { alwaysSucceeding, succeedingPrograms } from '../../dockerfile/script-always-succeeds';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript } from '../../dockerfile/shell';
import { buildsWindowsImage } from '../../dockerfile/windows';
import { commandsInOrder } from '../../dockerfile/wrapped';
import type { DockerfileRule } from '../../rule';
import type { Fix, Range, RuleFinding } from '../../types';
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

function advice(v: Verdict, stage: Stage): string {
  if (v.fallback) {
    return `end the check with || exit 1 instead of || ${v.fallback.words.map((w) => w.value).join(' ')}`;
  }
  if (v.checksNothing) {
    const port = firstExposedPort(chainInstructions(stage)) ?? '<port>';
    return `check the server itself (HEALTHCHECK CMD curl -fsS http://localhost:${port}/ || exit 1), or write HEALTHCHECK NONE if there is nothing to check`;
  }
  return 'make a failed check fail the command: end it with || exit 1, not with a command that always succeeds';
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
    description: 'A HEALTHCHECK whose command always exits 0 (`curl -f … || exit 0`, `|| true`, `check; exit 0`, `CMD true`), so the container is reported healthy while its server is down.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      // Only a stage's last HEALTHCHECK takes effect (MLD016 reports the others).
      const instr = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK').pop();
      const verdict = instr && !buildsWindowsImage(model, stage) ? judge(instr, stage) : undefined;
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

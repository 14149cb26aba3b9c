import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import { basename, splitShell } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding, indentOf, insertLinesBefore, replace } from './helpers';
import type { ShellKeptAsPid1 } from './shell-stays-pid1';
import { shellKeptAsPid1 } from './shell-stays-pid1';

/** JSON form for a plain command line (no shell syntax), else undefined. */
function asExecForm(instr: Instruction): string | undefined {
  const text = instr.args.text.slice(instr.argsStart).trim();
  if (text === '' || /[$`|&;<>*?(){}\\#~]/.test(text)) {
    return undefined;
  }
  const cmds = splitShell(instr.args.slice(instr.argsStart)).commands;
  if (cmds.length !== 1 || cmds[0]?.assignments.length !== 0) {
    return undefined;
  }
  return JSON.stringify((cmds[0]?.words ?? []).map((w) => w.value)).replace(/","/g, '", "');
}

/**
 * The shell ends by `exec`ing the program (`CMD exec gunicorn app:app`, `CMD cd /app && exec python serve.py`): the
 * program then replaces /bin/sh as the container's process and gets its signals itself. Not in a pipeline, a subshell
 * or a control structure, where `exec` replaces only a child shell.
 */
function execsItsProgram(instr: Instruction): boolean {
  const cmds = splitShell(instr.args.slice(instr.argsStart)).commands;
  const last = cmds[cmds.length - 1];
  if (!last || last.words[0]?.value !== 'exec' || last.words.length < 2 || last.before === '|' || last.before === '|&') {
    return false;
  }
  return cmds.every((c) => c.keywords === undefined && c.before !== '(' && c.before !== ')' && c.after !== '(' && c.after !== ')' && c.after !== '&');
}

/** The command line ends in a pipeline (`echo y | python serve.py`, `python serve.py | tee log`): no `exec` can make its program PID 1. */
function endsInPipeline(instr: Instruction): boolean {
  const cmds = splitShell(instr.args.slice(instr.argsStart)).commands;
  const before = cmds[cmds.length - 1]?.before;
  return before === '|' || before === '|&';
}

/** Where a pipeline's programs all get SIGTERM. */
const groupInit = 'an init that signals the whole process group (ENTRYPOINT ["tini", "-g", "--"], or docker run --init / Compose init: true with TINI_KILL_PROCESS_GROUP=1)';

/** How to get the program to stop gracefully. */
function advice(instr: Instruction, json: string | undefined): string {
  if (json) {
    return `use the JSON form ${instr.keyword} ${json}`;
  }
  if (endsInPipeline(instr)) {
    return `it ends in a pipeline, which keeps /bin/sh waiting as the container's process even with exec: run the program alone in the JSON form (its input from a file or an environment variable, its output left to docker logs), or keep the pipeline under ${groupInit}`;
  }
  return 'use the JSON form (wrap shell syntax as ["sh", "-c", "exec …"])';
}

/** A JSON array of strings at the start of `text` followed by more text (`["/entrypoint.sh"]  # comment`): the array's length, else undefined. */
function leadingJsonArray(text: string): number | undefined {
  if (!text.startsWith('[')) {
    return undefined;
  }
  let inString = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        i++;
      } else if (ch === '"') {
        inString = false;
      }
    } else if (ch === '"') {
      inString = true;
    } else if (ch === ']') {
      try {
        const value: unknown = JSON.parse(text.slice(0, i + 1));
        return Array.isArray(value) && value.every((v) => typeof v === 'string') && text.slice(i + 1).trim() !== '' ? i + 1 : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * A shell-form ENTRYPOINT ignores CMD, while the JSON form takes the stage's CMD as its arguments (Docker's
 * CMD/ENTRYPOINT interaction table), so converting it beside a CMD changes what the container runs.
 */
function takesCmdOnConversion(stage: Stage, instr: Instruction): boolean {
  return instr.keyword === 'ENTRYPOINT' && stage.instructions.some((i) => i.keyword === 'CMD');
}

const clipped = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Why the program of an exec-form shell script gets no SIGTERM, and how to hand it over. */
function keptShellMessage(instr: Instruction, kept: ShellKeptAsPid1): string {
  const shell = basename(kept.shell);
  if (kept.after === undefined) {
    return `${instr.keyword} hands ${kept.shell} a script that ends in a pipeline ("${clipped(kept.program)}"), which keeps ${shell} waiting as the container's process (PID 1); PID 1 ignores SIGTERM unless it handles it, so the program cannot stop gracefully: run the program alone as the script's last command with exec (its output left to docker logs), or keep the pipeline under ${groupInit}.`;
  }
  const how = kept.suggestion ? `: ${instr.keyword} ${kept.suggestion}` : '';
  return `${instr.keyword} hands ${kept.shell} a script that runs "${clipped(kept.after)}" after "${clipped(kept.program)}", so ${shell} stays the container's process (PID 1), and PID 1 ignores SIGTERM unless it handles it: ${kept.name} (and anything it starts) never gets the signal, and docker stop waits out its timeout and then kills it; run ${kept.name} in the foreground as the script's last command, started with exec${how}.`;
}

/** A CMD runs as the ENTRYPOINT's arguments when the stage has one: whatever that does with them decides who gets the signal. */
function runsOnItsOwn(stage: Stage, instr: Instruction): boolean {
  return instr.keyword === 'ENTRYPOINT' || !chainInstructions(stage).some((i) => i.keyword === 'ENTRYPOINT' && !(i.json && i.json.length === 0));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD501',
    name: 'cmd-shell-form',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
    description: 'CMD or ENTRYPOINT in shell form, or a JSON-form shell script whose program the shell cannot exec, so signals go to the shell instead of the program.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      let shellChanged = false;
      for (const instr of stage.instructions) {
        if (instr.keyword === 'SHELL') {
          shellChanged = true; // BuildKit semantics (trap T8)
          continue;
        }
        if (instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') {
          continue;
        }
        if (instr.json) {
          const kept = runsOnItsOwn(stage, instr) ? shellKeptAsPid1(instr) : undefined;
          if (kept) {
            out.push(finding(instr.keywordRange, keptShellMessage(instr, kept)));
          }
          continue;
        }
        if (shellChanged) {
          continue;
        }
        if (instr.args.text.slice(instr.argsStart).trim() === '' || execsItsProgram(instr)) {
          continue;
        }
        const text = instr.args.text.slice(instr.argsStart).trimEnd();
        const range = instr.args.range(instr.argsStart, instr.argsStart + text.length);
        // Dockerfiles have no end-of-line comments: text after a JSON array makes the whole line shell form.
        const arrayEnd = leadingJsonArray(text);
        if (arrayEnd !== undefined) {
          const trailer = text.slice(arrayEnd).trim();
          const comment = trailer.startsWith('#');
          out.push(
            finding(
              instr.keywordRange,
              `${instr.keyword} has ${comment ? 'a comment' : `"${trailer.length > 40 ? `${trailer.slice(0, 40)}…` : trailer}"`} after its JSON array, so Docker reads the whole line as shell form and /bin/sh runs it as a command; ${comment ? 'Dockerfiles have no end-of-line comments: move the comment to its own line above' : 'end the line with the array'}.`,
              comment ? { title: 'Move the comment to its own line', edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}${trailer}`), replace(range, text.slice(0, arrayEnd))] } : undefined,
            ),
          );
          continue;
        }
        const json = asExecForm(instr);
        const takesCmd = takesCmdOnConversion(stage, instr);
        const fix: Fix | undefined = json && !takesCmd ? { title: 'Convert to JSON (exec) form', edits: [replace(range, json)] } : undefined;
        out.push(
          finding(
            instr.keywordRange,
            `${instr.keyword} in shell form runs under /bin/sh, which does not pass SIGTERM on, so the process cannot stop gracefully; ${advice(instr, json)}${takesCmd ? ', and check this stage\'s CMD, which the JSON form passes to it as arguments (the shell form ignores it)' : ''}.`,
            fix,
          ),
        );
      }
    }
    return out;
  },
};

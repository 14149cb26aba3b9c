import type { Instruction } from '../../dockerfile/model';
import { splitShell } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding, replace } from './helpers';

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
    description: 'CMD or ENTRYPOINT in shell form, so signals go to /bin/sh instead of the program.',
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
        if ((instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') || instr.json || shellChanged) {
          continue;
        }
        if (instr.args.text.slice(instr.argsStart).trim() === '' || execsItsProgram(instr)) {
          continue;
        }
        const json = asExecForm(instr);
        const range = instr.args.range(instr.argsStart, instr.argsStart + instr.args.text.slice(instr.argsStart).trimEnd().length);
        const fix: Fix | undefined = json ? { title: 'Convert to JSON (exec) form', edits: [replace(range, json)] } : undefined;
        out.push(
          finding(
            instr.keywordRange,
            `${instr.keyword} in shell form runs under /bin/sh, which does not pass SIGTERM on, so the process cannot stop gracefully; use the JSON form${json ? ` ${instr.keyword} ${json}` : ' (wrap shell syntax as ["sh", "-c", "exec …"])'}.`,
            fix,
          ),
        );
      }
    }
    return out;
  },
};

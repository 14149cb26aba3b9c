import type { Instruction } from '../../dockerfile/model';
import { MappedText } from '../../dockerfile/mapped-text';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, envValue } from '../../dockerfile/semantic';
import { shellScriptIndex } from '../../dockerfile/exec-form';
import { basename, effectiveCommand, programIndex, splitShell } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Range } from '../../types';
import { finding, indentOf, insertLinesBefore } from './helpers';

interface Program {
  name: string;
  args: string[];
  range: Range;
  inlineUnbuffered: boolean;
}

function fromShellText(text: MappedText): Program | undefined {
  const script = splitShell(text);
  const cmd = script.commands[0];
  if (!cmd) {
    return undefined;
  }
  const eff = effectiveCommand(cmd);
  if (!eff) {
    return undefined;
  }
  const inline = [...cmd.assignments, ...cmd.words].some((w) => /^PYTHONUNBUFFERED=./.test(w.value));
  return { name: eff.name, args: eff.args.map((a) => a.value), range: eff.nameWord.range, inlineUnbuffered: inline };
}

/** The program the container starts, from the effective ENTRYPOINT (else CMD). */
function program(instr: Instruction): Program | undefined {
  if (instr.json) {
    const values = instr.json.map((j) => j.value);
    // A shell's script (`["sh", "-c", …]`, also behind `tini --` or `gosu app`) is read as shell text.
    const inner = instr.json[shellScriptIndex(values)];
    if (inner) {
      return fromShellText(MappedText.build([{ text: inner.value, line: inner.range.start.line, column: inner.range.start.column + 1 }]));
    }
    const at = programIndex(values.length, (k) => values[k] as string);
    const program = instr.json[at];
    return program ? { name: basename(program.value), args: values.slice(at + 1), range: program.range, inlineUnbuffered: false } : undefined;
  }
  return fromShellText(instr.args.slice(instr.argsStart));
}

/** `-u` among the interpreter's options (before the script, `-m` or `-c`). */
function pythonUnbufferedFlag(args: string[]): boolean {
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    if (/^-[bBdEhiIOqsSuvx]*u[bBdEhiIOqsSuvx]*$/.test(a)) {
      return true;
    }
    if (a === '-W' || a === '-X') {
      k++;
      continue;
    }
    if (!/^-[bBdEhiIOqsSvx]+$/.test(a)) {
      return false;
    }
  }
  return false;
}

function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  const all = chainInstructions(stage).filter((i) => i.keyword === keyword);
  return all[all.length - 1];
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD415',
    name: 'python-output-buffered',
    family: 'ml',
    severity: 'hint',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'The container starts Python without -u and without PYTHONUNBUFFERED.',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) {
      return [];
    }
    const entrypoint = lastOf(final, 'ENTRYPOINT');
    const cmd = lastOf(final, 'CMD');
    let instr = entrypoint ?? cmd;
    let prog = instr ? program(instr) : undefined;
    // An exec-form ENTRYPOINT of an init alone (`["tini", "--"]`) runs the CMD: that is the program.
    if (!prog && entrypoint?.json && cmd) {
      instr = cmd;
      prog = program(cmd);
    }
    if (!instr || !prog || prog.inlineUnbuffered) {
      return [];
    }
    const isPython = /^python[0-9.]*$/.test(prog.name);
    if (!isPython && prog.name !== 'torchrun' && prog.name !== 'accelerate') {
      return [];
    }
    if (isPython && pythonUnbufferedFlag(prog.args)) {
      return [];
    }
    const env = envValue(final, 'PYTHONUNBUFFERED');
    if (env !== undefined && env !== '') {
      return [];
    }
    return [
      finding(
        prog.range,
        `${prog.name} runs with buffered output, so docker logs / kubectl logs show it late or lose it on a crash; add ENV PYTHONUNBUFFERED=1${isPython ? ' (or run python -u)' : ''}.`,
        { title: 'Add ENV PYTHONUNBUFFERED=1', edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}ENV PYTHONUNBUFFERED=1`)] },
      ),
    ];
  },
};

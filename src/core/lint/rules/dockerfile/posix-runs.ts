import { runCommands } from '../../dockerfile/installs';
import { memoOn, memoSlot } from '../../dockerfile/memo';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';

/** One simple command of a shell-form RUN, with the command actually run (wrappers such as sudo removed). */
export interface RunCommand {
  stage: Stage;
  instr: Instruction;
  command: ShellCommand;
  script: ShellScript;
  name: string;
  nameWord: ShellWord;
  args: ShellWord[];
}

/*
 * Kept on the model, not in a WeakMap keyed by models: with such a WeakMap the young generation's
 * collections kept every model alive (and copied it twice) until a full collection.
 */
const runsSlot = memoSlot();

/**
 * Every simple command of every shell-form RUN (ONBUILD triggers included) in the given stages,
 * skipping stages and files where a non-POSIX shell switches the shell-aware rules off.
 * Computed once per model and shared by the rules (do not mutate the result).
 */
export function posixRunCommands(model: DockerfileModel, stages?: readonly Stage[]): readonly RunCommand[] {
  const all = memoOn(model, runsSlot, collect);
  if (stages === undefined) {
    return all;
  }
  const wanted = new Set(stages);
  return all.filter((c) => wanted.has(c.stage));
}

const byNameSlot = memoSlot();

/**
 * The commands of posixRunCommands(model) that run one of `names`, in their order there (do not mutate the result).
 * Most rules look for a program or two among hundreds of commands: this spares them reading all the others.
 */
export function posixRunCommandsNamed(model: DockerfileModel, names: Iterable<string>): readonly RunCommand[] {
  const byName = memoOn(model, byNameSlot, indexByName);
  const wanted = new Set(names);
  let found: RunCommand[] | undefined;
  for (const name of wanted) {
    const list = byName.get(name);
    if (list !== undefined) {
      if (found !== undefined) {
        // Commands of two or more of the names: read them in the file's order.
        return posixRunCommands(model).filter((c) => wanted.has(c.name));
      }
      found = list;
    }
  }
  return found ?? [];
}

function indexByName(model: DockerfileModel): Map<string, RunCommand[]> {
  const byName = new Map<string, RunCommand[]>();
  for (const c of posixRunCommands(model)) {
    const list = byName.get(c.name);
    if (list) {
      list.push(c);
    } else {
      byName.set(c.name, [c]);
    }
  }
  return byName;
}

function collect(model: DockerfileModel): RunCommand[] {
  const out: RunCommand[] = [];
  if (model.nonPosixShell) {
    return out;
  }
  for (const stage of model.stages) {
    if (stage.nonPosixShell) {
      continue;
    }
    for (const instr of stage.instructions) {
      for (const { command, script } of runCommands(instr)) {
        const eff = effectiveCommand(command);
        if (eff) {
          out.push({ stage, instr, command, script, name: eff.name, nameWord: eff.nameWord, args: eff.args });
        }
      }
    }
  }
  return out;
}

/** The first argument that is not an option (a subcommand such as `install`). */
export function subcommand(args: readonly ShellWord[]): ShellWord | undefined {
  return args.find((a) => !a.value.startsWith('-'));
}

/** `-abc` style short-option cluster containing `letter` (long options never match). */
export function hasShortOption(args: readonly ShellWord[], letter: string): boolean {
  return args.some((a) => /^-[A-Za-z0-9]+$/.test(a.value) && a.value.slice(1).includes(letter));
}

/** The end of the instruction's last non-blank text, for appending `&& cleanup` to a RUN. */
export function appendPoint(instr: Instruction, lines: readonly string[]): { line: number; column: number } {
  const line = instr.endLine;
  return { line, column: (lines[line - 1] ?? '').trimEnd().length + 1 };
}

/** Where to append `&& cleanup` after the command: inside the quotes of the script a shell runs it in (`bash -c "…"`), else at its RUN's end. */
export function appendPointAfter(c: RunCommand, lines: readonly string[]): { line: number; column: number } {
  const { text, wrapping } = c.script;
  return wrapping?.command === undefined ? appendPoint(c.instr, lines) : text.posAt(text.text.trimEnd().length);
}

/** The commands grouped by their RUN, in file order. */
export function byInstruction(commands: readonly RunCommand[]): Map<Instruction, RunCommand[]> {
  const out = new Map<Instruction, RunCommand[]>();
  for (const c of commands) {
    const list = out.get(c.instr);
    if (list) {
      list.push(c);
    } else {
      out.set(c.instr, [c]);
    }
  }
  return out;
}

/** Position of each instruction in its stage (for "comes before" questions in linear time). */
export function instructionIndex(stages: readonly Stage[]): Map<Instruction, number> {
  const out = new Map<Instruction, number>();
  for (const stage of stages) {
    stage.instructions.forEach((instr, k) => out.set(instr, k));
  }
  return out;
}

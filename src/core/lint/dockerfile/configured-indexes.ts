import type { PythonInstall } from './installs';
import { hasOption, runCommands } from './installs';
import type { Instruction } from './model';
import { memoOn, memoSlot } from './memo';
import { expandWith, valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import { chainInstructions, effective } from './semantic';
import type { ShellCommand, ShellWord } from './shell';
import { effectiveCommand } from './shell';

/** An index URL an install reads from outside its command line; undefined: set, to a value the linter cannot read. */
export type ConfiguredIndex = string | undefined;

interface IndexSettings {
  /** Variables naming the main index, which a main index on the command line replaces. */
  main: readonly string[];
  /** Variables adding indexes (space-separated lists). */
  extra: readonly string[];
  /** Command-line options that name the main index. */
  mainOptions: readonly string[];
}

const settings: Record<'pip' | 'uv', IndexSettings> = {
  pip: { main: ['PIP_INDEX_URL'], extra: ['PIP_EXTRA_INDEX_URL'], mainOptions: ['-i', '--index-url'] },
  uv: { main: ['UV_INDEX_URL', 'UV_DEFAULT_INDEX'], extra: ['UV_EXTRA_INDEX_URL', 'UV_INDEX'], mainOptions: ['-i', '--index-url', '--default-index'] },
};

/** The URLs of a list value: space-separated, uv's entries optionally named (`pytorch=https://…`). */
function urls(value: string): string[] {
  return value
    .split(/\s+/)
    .filter((v) => v !== '')
    .map((v) => v.replace(/^[A-Za-z0-9_-]+=(?=[a-z]+:)/, ''));
}

const pipConfigKeys = new Map<string, 'main' | 'extra'>([
  ['global.index-url', 'main'],
  ['install.index-url', 'main'],
  ['global.extra-index-url', 'extra'],
  ['install.extra-index-url', 'extra'],
]);

/** `pip config [--global|--user|--site] set global.index-url URL` (also `python -m pip`): the key's kind and value. */
function pipConfigSet(command: ShellCommand): { kind: 'main' | 'extra'; value: ConfiguredIndex } | undefined {
  const eff = effectiveCommand(command);
  // pip and python both start so: this runs for every command of every RUN.
  if (!eff?.name.startsWith('p')) {
    return undefined;
  }
  const args = eff.args;
  let from = 0;
  if (/^python[0-9.]*$/.test(eff.name) && args[0]?.value === '-m' && /^pip[0-9.]*$/.test(args[1]?.value ?? '')) {
    from = 2;
  } else if (!/^pip[0-9.]*$/.test(eff.name)) {
    return undefined;
  }
  // The first four words that are no options (`config set KEY VALUE`), read without copying a long install's words.
  const words: string[] = [];
  for (let k = from; k < args.length && words.length < 4; k++) {
    const word = (args[k] as ShellWord).value;
    if (!word.startsWith('-')) {
      words.push(word);
    }
  }
  const [config, set, key, value] = words;
  const kind = pipConfigKeys.get(key ?? '');
  if (config !== 'config' || set !== 'set' || kind === undefined || value === undefined) {
    return undefined;
  }
  return { kind, value: value.includes('$') ? undefined : value };
}

/** pip config settings written before `install` (by earlier RUNs of the stage's chain, or earlier in its own RUN). */
function pipConfigIndexes(stage: Stage, instr: Instruction, install: PythonInstall): { kind: 'main' | 'extra'; value: ConfiguredIndex }[] {
  const out: { kind: 'main' | 'extra'; value: ConfiguredIndex }[] = [];
  for (const i of chainInstructions(stage)) {
    // An ONBUILD trigger runs in images built from this one, not here.
    if (effective(i) === i) {
      const sets = pipConfigSets(i);
      // In the install's own RUN, the commands before it.
      const end = i === instr && sets.length > 0 ? commandIndex(i, install.command) : -1;
      for (const { at, set } of sets) {
        if (end >= 0 && at >= end) {
          return out;
        }
        out.push(set);
      }
      if (end >= 0) {
        return out;
      }
    }
    if (i === instr) {
      break;
    }
  }
  return out;
}

/** Where `command` is among the RUN's commands; -1 when it is none of them. */
function commandIndex(instr: Instruction, command: ShellCommand): number {
  const commands = runCommands(instr);
  for (let k = 0; k < commands.length; k++) {
    if ((commands[k] as { command: ShellCommand }).command === command) {
      return k;
    }
  }
  return -1;
}

const pipConfigSetsSlot = memoSlot();

/**
 * The `pip config set` commands of a RUN, each at its index among the RUN's commands: read once per RUN, as every pip
 * install after it asks for those of all the RUNs before it.
 */
function pipConfigSets(instr: Instruction): { at: number; set: { kind: 'main' | 'extra'; value: ConfiguredIndex } }[] {
  return memoOn(instr, pipConfigSetsSlot, collectPipConfigSets);
}

function collectPipConfigSets(instr: Instruction): { at: number; set: { kind: 'main' | 'extra'; value: ConfiguredIndex } }[] {
  const out: { at: number; set: { kind: 'main' | 'extra'; value: ConfiguredIndex } }[] = [];
  runCommands(instr).forEach(({ command }, at) => {
    const set = pipConfigSet(command);
    if (set) {
      out.push({ at, set });
    }
  });
  return out;
}

/**
 * Indexes a pip or uv install reads from its environment (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL; UV_INDEX_URL,
 * UV_DEFAULT_INDEX, UV_EXTRA_INDEX_URL, UV_INDEX; as ENV, ARG or an assignment before the command) and, for pip,
 * from `pip config set`. A main index on the command line replaces the configured one; extra indexes add up.
 */
export function configuredIndexes(model: DockerfileModel, stage: Stage, instr: Instruction, install: PythonInstall): ConfiguredIndex[] {
  if (install.tool === 'conda') {
    return [];
  }
  const { main, extra, mainOptions } = settings[install.tool];
  const values = valuesAt(model, stage, instr);
  const inline = new Map(install.command.assignments.map((a) => [a.value.slice(0, a.value.indexOf('=')), a.value.slice(a.value.indexOf('=') + 1)] as const));
  const read = (name: string): ConfiguredIndex[] => {
    if (inline.has(name)) {
      const value = expandWith(model, inline.get(name) ?? '', values);
      return value === undefined ? [undefined] : urls(value);
    }
    if (!values.has(name)) {
      return [];
    }
    const value = values.get(name);
    return value === undefined ? [undefined] : urls(value);
  };
  const mainOnCommandLine = hasOption(install, ...mainOptions);
  const out: ConfiguredIndex[] = [];
  for (const name of mainOnCommandLine ? extra : [...main, ...extra]) {
    out.push(...read(name));
  }
  if (install.tool === 'pip') {
    for (const set of pipConfigIndexes(stage, instr, install)) {
      if (set.kind === 'extra' || !mainOnCommandLine) {
        out.push(set.value);
      }
    }
  }
  return out;
}

import type { PythonInstall } from './installs';
import { hasOption, runCommands } from './installs';
import type { Instruction } from './model';
import { expandWith, valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import { chainInstructions, effective } from './semantic';
import type { ShellCommand } from './shell';
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
  if (!eff) {
    return undefined;
  }
  let args = eff.args.map((a) => a.value);
  if (/^python[0-9.]*$/.test(eff.name) && args[0] === '-m' && /^pip[0-9.]*$/.test(args[1] ?? '')) {
    args = args.slice(2);
  } else if (!/^pip[0-9.]*$/.test(eff.name)) {
    return undefined;
  }
  const words = args.filter((a) => !a.startsWith('-'));
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
    for (const { command } of effective(i) === i ? runCommands(i) : []) {
      if (i === instr && command === install.command) {
        return out;
      }
      const set = pipConfigSet(command);
      if (set) {
        out.push(set);
      }
    }
    if (i === instr) {
      break;
    }
  }
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

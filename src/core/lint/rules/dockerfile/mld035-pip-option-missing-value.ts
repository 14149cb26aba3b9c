import type { PythonInstall } from '../../dockerfile/installs';
import { pythonInstalls } from '../../dockerfile/installs';
import { basename } from '../../dockerfile/shell';
import type { ShellWord } from '../../dockerfile/shell';
import { valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { deadBranchSetting } from './build-arg-guard';
import { finding } from './helpers';

/** What the installer makes of an option's value: an editable project, a file to read, a conda channel or environment, or a value it checks (a choice, a number). */
type ValueKind = 'project' | 'requirements' | 'constraints' | 'channel' | 'environment' | 'checked';

/**
 * pip's options whose value cannot be another option without pip failing: optparse takes the next word whatever it is,
 * and pip then finds no such project or file, or rejects the value. Options whose value pip takes on trust (`--target`,
 * `--index-url`, `--find-links`) are left out: the install goes on, misdirected, and the build may pass.
 */
const pipFailures = new Map<string, ValueKind>([
  ['-e', 'project'], ['--editable', 'project'], ['-r', 'requirements'], ['--requirement', 'requirements'], ['-c', 'constraints'], ['--constraint', 'constraints'],
  ['--upgrade-strategy', 'checked'], ['--progress-bar', 'checked'], ['--exists-action', 'checked'], ['--root-user-action', 'checked'],
  ['--timeout', 'checked'], ['--retries', 'checked'], ['--python-version', 'checked'],
]);

/** uv's (clap gives an option no value when the next word is an option, and uv stops); only options uv pip install has. */
const uvFailures = new Map<string, ValueKind>([
  ['-e', 'project'], ['--editable', 'project'], ['-r', 'requirements'], ['--requirement', 'requirements'], ['-c', 'constraints'], ['--constraint', 'constraints'],
  ['--override', 'constraints'], ['--overrides', 'constraints'], ['-b', 'constraints'], ['--build-constraint', 'constraints'], ['--build-constraints', 'constraints'],
  ['--python-version', 'checked'], ['--resolution', 'checked'], ['--prerelease', 'checked'], ['--link-mode', 'checked'], ['--index-strategy', 'checked'], ['--keyring-provider', 'checked'],
]);

/** conda's (argparse stops with "expected one argument" when the next word is an option). */
const condaFailures = new Map<string, ValueKind>([
  ['-c', 'channel'], ['--channel', 'channel'], ['-n', 'environment'], ['--name', 'environment'], ['-p', 'environment'], ['--prefix', 'environment'], ['--file', 'requirements'],
]);

/**
 * micromamba's: its parser (CLI11, mamba 2's too) takes the next word whatever it is, so only a channel (no such
 * channel: the download fails) or a file (no such file) certainly fails; `create -n --yes` makes an environment of that name.
 */
const micromambaFailures = new Map<string, ValueKind>([['-c', 'channel'], ['--channel', 'channel'], ['-f', 'requirements'], ['--file', 'requirements']]);
/** mamba's, which fail in mamba 1 (conda's parser) and in mamba 2 (micromamba's); not `-f`, which conda's parser may read as --force. */
const mambaFailures = new Map<string, ValueKind>([['-c', 'channel'], ['--channel', 'channel'], ['--file', 'requirements']]);

/** An option word (`--pre`, `-U`), not `-`, `--` or a negative number. */
const optionRe = /^--?[A-Za-z]/;

function failuresOf(install: PythonInstall): ReadonlyMap<string, ValueKind> | undefined {
  if (install.tool === 'pip') {
    return pipFailures;
  }
  if (install.tool === 'uv') {
    return uvFailures;
  }
  const name = basename(install.toolWord.value);
  return name === 'conda' ? condaFailures : name === 'mamba' ? mambaFailures : name === 'micromamba' ? micromambaFailures : undefined;
}

/** The word after the option it took: what the option was most likely meant to take (`-e --pre ".[x]"`), when it is such a value. */
function meantValue(install: PythonInstall, taken: ShellWord, kind: ValueKind): ShellWord | undefined {
  const words = install.command.words;
  const next = words[words.indexOf(taken) + 1];
  if (next === undefined || !install.packages.includes(next)) {
    return undefined;
  }
  const v = next.value;
  const fits = kind === 'project' ? /^[.~/$]|^\w+\+|:\/\//.test(v) : (kind === 'requirements' || kind === 'constraints') && /\.(?:txt|in|ya?ml)$|\//.test(v);
  return fits ? next : undefined;
}

/** What the option's value names, for the advice (`put the project right after -e`). */
const valueNames: Record<ValueKind, string> = { project: 'the project', requirements: 'the file', constraints: 'the file', channel: 'the channel', environment: 'the environment', checked: 'its value' };

/** What the installer does with the option word it took as a value: it fails, and installs nothing. */
function outcome(install: PythonInstall, option: string, taken: string, kind: ValueKind): string {
  const tool = basename(install.toolWord.value);
  if (tool === 'mamba' || tool === 'micromamba') {
    return mambaOutcome(tool, option, taken, kind);
  }
  if (install.tool !== 'pip') {
    return `${option} needs a value, but the next word is the option ${taken}, so ${install.tool === 'uv' ? 'uv' : 'conda'} stops with an error and installs nothing`;
  }
  const reads = `${option} takes the next word as its value, so pip`;
  if (kind === 'project') {
    return `${reads} reads ${taken} as the project to install in editable mode and fails ("${taken} is not a valid editable requirement"), installing nothing`;
  }
  if (kind === 'checked') {
    return `${reads} reads ${taken} as that value, rejects it and installs nothing`;
  }
  return `${reads} looks for a ${kind} file named ${taken} and fails (no such file), installing nothing`;
}

/** What mamba or micromamba does with the option word a channel or file option took. */
function mambaOutcome(tool: string, option: string, taken: string, kind: ValueKind): string {
  const reads = kind === 'channel' ? `as the channel and finds no channel of that name` : `as the file to read and finds no such file`;
  if (tool === 'mamba') {
    // mamba 1 parses as conda does; mamba 2 is micromamba's parser.
    return `${option} needs a value, but the next word is the option ${taken}, so mamba installs nothing: mamba 1 stops with an error, and mamba 2 takes ${taken} ${reads}`;
  }
  return `${option} takes the next word as its value, so ${tool} takes ${taken} ${reads}, installing nothing`;
}

function advice(option: string, taken: string, kind: ValueKind, meant: ShellWord | undefined): string {
  const put = `put ${valueNames[kind]} right after ${option}`;
  return meant ? `${put} (${option} ${meant.raw} ${taken})` : put;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD035',
    name: 'pip-option-missing-value',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    // The package MLD203 would call unpinned is often the value the option lost (`-r --no-deps requirements.txt`).
    supersedes: ['MLD203'],
    equivalents: {},
    description: 'A pip, uv, conda, mamba or micromamba install option that needs a value (-e, -r, -c, …) is followed by another option, so the install fails.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          const failures = failuresOf(install);
          for (const { name, value, word } of install.options) {
            const kind = failures?.get(name);
            // Only a value in a word of its own: `--editable=--x` is written on purpose.
            if (kind === undefined || value === undefined || value.start === word.start || !optionRe.test(value.value)) {
              continue;
            }
            // As written: uv's `--requirements` is recorded under pip's name; a short option may sit in a cluster (`-qr`).
            const option = word.value.startsWith('--') ? word.value : name;
            const text = `${outcome(install, option, value.value, kind)}; ${advice(option, value.value, kind, meantValue(install, value, kind))}.`;
            const setting = deadBranchSetting(install.script, install.command, valuesAt(model, stage, instr));
            out.push(finding({ start: word.range.start, end: value.range.end }, setting !== undefined ? `When ${setting}, ${text}` : text));
          }
        }
      }
    }
    return out;
  },
};

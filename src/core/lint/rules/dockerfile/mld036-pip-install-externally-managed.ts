import { hasOption } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { errexitOption } from '../../dockerfile/errexit-option';
import { rootImage, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript } from '../../dockerfile/shell';
import { effectiveCommand, exportedBefore } from '../../dockerfile/shell';
import type { ImageRef } from '../../dockerfile/image-ref';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { deadBranchSetting } from './build-arg-guard';
import type { ExternallyManagedBase } from './externally-managed-bases';
import { externallyManagedBase } from './externally-managed-bases';
import { finding } from './helpers';
import type { SystemInstall } from './system-python-installs';
import { systemPythonInstalls } from './system-python-installs';

/** Values that switch a boolean environment setting off (pip's strtobool, uv's clap). */
const falsy = /^(?:0|false|no|off|n|f)?$/i;

/** An environment variable as the command sees it: its own assignment (`X=1 pip`, `env X=1 pip`), an earlier export, ENV or ARG. */
type Lookup = (name: string) => { set: boolean; value?: string };

function lookupFor(model: DockerfileModel, stage: Stage, instr: Instruction, command: ShellCommand, script: ShellScript): Lookup {
  const values = valuesAt(model, stage, instr);
  const eff = effectiveCommand(command);
  const inline = [...command.assignments, ...(eff ? command.words.slice(0, command.words.indexOf(eff.nameWord)) : [])];
  return (name) => {
    const own = [...inline].reverse().find((w) => w.value.startsWith(`${name}=`));
    const value = own ? own.value.slice(name.length + 1) : (exportedBefore(script, command, name) ?? values.get(name));
    return value !== undefined ? { set: true, value } : { set: values.has(name) };
  };
}

/** Set to anything but an off value (unknown values count as on). */
function on(lookup: Lookup, name: string): boolean {
  const v = lookup(name);
  return v.set && (v.value === undefined || !falsy.test(v.value.trim()));
}

/** pip reads any unambiguous prefix of a long option (`--break-system`). */
function pipBreaksSystem(option: string): boolean {
  return option.length >= 4 && '--break-system-packages'.startsWith(option);
}

/**
 * The install still checks the marker: pip skips it for --target, --prefix, --root, `--dry-run --report`, and another
 * interpreter (--python); both tools skip it when told to break system packages (option, environment, config file).
 */
function checksMarker(s: SystemInstall, lookup: Lookup): boolean {
  const { install } = s;
  const names = install.options.map((o) => o.name);
  if (hasOption(install, '--target', '-t', '--prefix', '--root') || (names.includes('--dry-run') && names.includes('--report'))) {
    return false;
  }
  if (install.tool === 'uv') {
    const system = hasOption(install, '--system') || on(lookup, 'UV_SYSTEM_PYTHON');
    return system && !hasOption(install, '--break-system-packages') && !on(lookup, 'UV_BREAK_SYSTEM_PACKAGES');
  }
  if (names.some(pipBreaksSystem) || hasOption(install, '--python') || on(lookup, 'PIP_BREAK_SYSTEM_PACKAGES')) {
    return false;
  }
  return !['PIP_CONFIG_FILE', 'PIP_TARGET', 'PIP_PREFIX', 'PIP_PYTHON', 'VIRTUAL_ENV'].some((n) => lookup(n).set);
}

/** A failure the script cannot go past: not tested (`if pip …`, `pip … || fallback`) nor piped. */
function tested(command: ShellCommand): boolean {
  const keywords = command.keywords ?? [];
  return command.after === '||' || command.after === '|' || command.after === '|&' || keywords.some((k) => k === 'if' || k === 'while' || k === 'until' || k === '!');
}

/** errexit as the RUN's shell starts: the SHELL in force before the RUN (`SHELL ["/bin/bash", "-e", "-c"]`). */
function shellErrexit(stage: Stage, instr: Instruction): boolean {
  const chain = chainInstructions(stage);
  const shell = chain.slice(0, chain.indexOf(instr)).filter((i) => i.keyword === 'SHELL' && i.json).pop();
  return shell?.json !== undefined && errexitOption(shell.json.slice(1).map((j) => j.value)) === true;
}

/** The script stops at the failure: errexit is on there (the SHELL, a `set -e` before it), or its and-or list ends the script. */
function stopsBuild(stage: Stage, instr: Instruction, script: ShellScript, command: ShellCommand): boolean {
  const commands = script.commands;
  let k = commands.indexOf(command);
  let errexit = shellErrexit(stage, instr);
  for (const earlier of commands.slice(0, Math.max(k, 0))) {
    const eff = effectiveCommand(earlier);
    const set = eff?.name === 'set' ? errexitOption(eff.args.map((a) => a.value)) : undefined;
    errexit = set ?? errexit;
  }
  while (errexit === false && k >= 0 && commands[k]?.after === '&&') {
    k++;
  }
  return errexit || (k >= 0 && commands[k]?.after === undefined);
}

function shownImage(ref: ImageRef): string {
  const name = ref.domain === 'docker.io' ? ref.path.replace(/^library\//, '') : `${ref.domain}/${ref.path}`;
  return ref.tag === undefined ? name : `${name}:${ref.tag}`;
}

function tool(s: SystemInstall): string {
  const words = s.install.command.words;
  const name = s.install.toolWord;
  const at = words.indexOf(name);
  return s.install.tool === 'uv' ? 'uv pip install --system' : `${words.slice(at, at + (name.value.startsWith('python') ? 3 : 1)).map((w) => w.value).join(' ')} install`;
}

function message(s: SystemInstall, base: ExternallyManagedBase, image: string, stops: boolean): string {
  const uv = s.install.tool === 'uv';
  const refused = uv ? 'uv refuses to modify it ("The interpreter at /usr is externally managed")' : 'pip refuses to install into it ("error: externally-managed-environment")';
  const user = !uv && hasOption(s.install, '--user') ? ', --user included' : '';
  const outcome = stops ? 'so the build fails' : 'and the RUN goes on past the error, so the image lacks these packages';
  const what = `${tool(s)} targets the system Python that ${s.apt.name} from apt (line ${s.apt.line}) installs on ${image} (${base.release}), which is marked EXTERNALLY-MANAGED (PEP 668): ${refused}${user}, ${outcome}`;
  const venv = uv ? 'create a virtual environment and install there (uv venv /opt/venv, then ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH)' : 'create a virtual environment and install there (python3 -m venv /opt/venv, then ENV PATH=/opt/venv/bin:$PATH)';
  const override = uv ? 'pass --break-system-packages (or ENV UV_BREAK_SYSTEM_PACKAGES=1)' : 'pass --break-system-packages (or ENV PIP_BREAK_SYSTEM_PACKAGES=1)';
  return `${what}. Fix: ${venv}; or, where replacing apt's Python packages in this image is acceptable, ${override}; or start from a python:3.x image.`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD036',
    name: 'pip-install-externally-managed',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description:
      "pip (or uv pip install --system) installs into the python3 apt installed on Ubuntu 23.04+, Debian 12+ or nvidia/cuda's Ubuntu 24.04 images, which PEP 668 marks as externally managed, so the install fails.",
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      const ref = stage.nonPosixShell ? undefined : rootImage(model, stage);
      const base = ref && externallyManagedBase(ref);
      if (!ref || !base) {
        continue;
      }
      for (const s of systemPythonInstalls(stage, base.python)) {
        const { command, script } = s.install;
        if (tested(command) || !checksMarker(s, lookupFor(model, stage, s.instr, command, script))) {
          continue;
        }
        const text = message(s, base, shownImage(ref), stopsBuild(stage, s.instr, script, command));
        const setting = deadBranchSetting(script, command, valuesAt(model, stage, s.instr));
        const range = { start: s.install.toolWord.range.start, end: command.words[command.words.length - 1]?.range.end ?? s.install.toolWord.range.end };
        out.push(finding(range, setting !== undefined ? `When ${setting}, ${text}` : text));
      }
    }
    return out;
  },
};

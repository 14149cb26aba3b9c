import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import { basename, effectiveCommand } from '../../dockerfile/shell';

/** What a command changes in its own shell only: lost when the RUN's shell exits. */
export type ShellState = 'variable' | 'option' | 'alias' | 'source' | 'conda';

/** Command names that can change only the RUN's own shell: a RUN is worth a closer look only when it runs one. */
export const shellStateCommands = new Set(['export', 'unset', 'set', 'shopt', 'alias', 'unalias', 'source', '.', 'conda', 'mamba', 'micromamba']);

/**
 * Files that only set up a shell's environment: a virtualenv's `activate`, shell profiles, `~/.cargo/env`,
 * conda's and nvm's shell hooks, Intel oneAPI's `setvars.sh`, `/etc/os-release`. Any other sourced script may
 * install or write files, so it is never judged.
 */
const environmentScriptRe =
  /^(?:activate|\.bashrc|bashrc|\.bash_profile|\.profile|profile|\.zshrc|\.env|env|env\.sh|setenv\.sh|setvars\.sh|vars\.sh|conda\.sh|mamba\.sh|nvm\.sh|os-release)$/;

function sourcesEnvironment(args: readonly ShellWord[]): boolean {
  const file = args[0]?.value;
  return file !== undefined && (environmentScriptRe.test(basename(file)) || /(?:^|\/)profile\.d\/[^/]+\.sh$/.test(file));
}

/** Arguments that are operands, not options (`export -p` and `alias` without operands only print). */
const operands = (args: readonly ShellWord[]): ShellWord[] => args.filter((a) => !a.value.startsWith('-'));

/** What the command changes in its shell only, or undefined when it may do anything else (or prints, as `export -p` does). */
function stateChanged(command: ShellCommand): ShellState | undefined {
  const eff = effectiveCommand(command);
  if (!eff) {
    // `PATH=/opt/tool/bin:$PATH` alone: a shell variable.
    return command.words.length === 0 && command.assignments.length > 0 ? 'variable' : undefined;
  }
  // `sudo export …`, `env X=1 set …`: a wrapper runs a program of that name, if any, not the builtin.
  if (eff.wrappers.length > 0 || command.assignments.length > 0) {
    return undefined;
  }
  const { name, args } = eff;
  switch (name) {
    case 'export':
    case 'unset':
      return operands(args).length > 0 ? 'variable' : undefined;
    case 'set':
    case 'shopt':
      return args.length > 0 && /^[-+]/.test(args[0]?.value ?? '') ? 'option' : undefined;
    case 'alias':
      return operands(args).some((a) => a.value.includes('=')) ? 'alias' : undefined;
    case 'unalias':
      return args.length > 0 ? 'alias' : undefined;
    case 'source':
    case '.':
      return sourcesEnvironment(args) ? 'source' : undefined;
    case 'conda':
    case 'mamba':
    case 'micromamba':
      return args[0]?.value === 'activate' || args[0]?.value === 'deactivate' ? 'conda' : undefined;
    default:
      return undefined;
  }
}

/** Commands that do nothing at all (`export X=1 || true`): they neither make a RUN useful nor count as a change. */
const noOps = new Set([':', 'true']);

/** A RUN whose commands change only its own shell: the first such command and what the RUN's commands change. */
export interface ShellStateOnlyRun {
  first: ShellCommand;
  states: ShellState[];
}

/**
 * The RUN's commands (those of every script it runs, less the commands that hand a script to a shell, `bash -c "…"`)
 * all change only the RUN's own shell: variables, options, aliases, a sourced environment, an activated conda env.
 * A `cd` is no such change here: MLD502 reports it.
 */
export function shellStateOnlyRun(instr: Instruction): ShellStateOnlyRun | undefined {
  const commands = runCommands(instr);
  const handsScript = new Set(commands.map((c) => c.script.wrapping?.command));
  let first: ShellCommand | undefined;
  const states: ShellState[] = [];
  for (const { command } of commands) {
    if (handsScript.has(command)) {
      continue;
    }
    const state = stateChanged(command);
    if (state === undefined) {
      const name = effectiveCommand(command)?.name;
      if (name !== undefined && noOps.has(name)) {
        continue;
      }
      return undefined;
    }
    first ??= command;
    if (!states.includes(state)) {
      states.push(state);
    }
  }
  return first ? { first, states } : undefined;
}

const advice: Record<ShellState, string> = {
  variable: 'set variables with ENV (ARG for values needed only while building)',
  option: 'put shell options in the RUN that needs them, or set them for every RUN with SHELL (e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"])',
  alias: 'use a symlink or a script on PATH instead of an alias',
  source: 'set what the script exports with ENV (for a virtualenv, ENV PATH=<venv>/bin:$PATH)',
  conda: "put the environment's bin directory first on PATH with ENV, or run commands with conda run -n <env>",
};

/** The finding's message: the first command, and what to do instead for each kind of change. */
export function shellStateMessage(run: ShellStateOnlyRun): string {
  const eff = effectiveCommand(run.first);
  const shown = eff ? [eff.nameWord, ...eff.args.slice(0, 2)].map((w) => w.value).join(' ') + (eff.args.length > 2 ? ' …' : '') : (run.first.assignments[0]?.value ?? '');
  return `This RUN only changes its own shell (${shown}), which exits when the RUN ends, so later instructions see none of it; ${run.states.map((s) => advice[s]).join('; ')}; or remove the RUN.`;
}

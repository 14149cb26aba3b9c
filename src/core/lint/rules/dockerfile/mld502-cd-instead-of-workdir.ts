import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { effective } from '../../dockerfile/semantic';
import type { ShellCommand } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { byInstruction, posixRunCommands } from './posix-runs';

/** cd operands WORKDIR cannot stand for: back out (`..`, `-`) or into a fresh temporary directory (`$(mktemp -d)`). */
const backOutRe = /^(?:-|\.\.(?:\/\.\.)*\/?)$/;
const mktempRe = /^(?:\$\(\s*mktemp\b[^)]*\)|`\s*mktemp\b[^`]*`)$/;
/** `NAME=$(mktemp -d)` (as an assignment, or a word of export/local/readonly). */
const mktempAssignRe = /^([A-Za-z_][A-Za-z0-9_]*)=(?:\$\(\s*mktemp\b[^)]*\)|`\s*mktemp\b[^`]*`)$/;
/** `$NAME` or `${NAME}`. */
const variableRe = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/**
 * `target` resolved against `cwd`: segments under a root, which is `''` for /, a variable such as `$HOME`, `<tmpN>` for
 * a temporary directory, or an opaque `<N>` for the directory the script starts in or one it cannot know (`cd -`).
 */
function resolve(cwd: readonly string[], target: string): string[] {
  const parts = target.split('/');
  const rooted = target.startsWith('/') || target.startsWith('$') || target.startsWith('~');
  const out = rooted ? [parts.shift() as string] : [...cwd];
  for (const p of parts) {
    if (p === '..') {
      if (out.length > 1) {
        out.pop();
      }
    } else if (p !== '' && p !== '.') {
      out.push(p);
    }
  }
  return out;
}

/** `rm -r` of `dir`, a folder above it, or everything in such a folder (`rm -rf build`, `rm -rf /tmp/*`). */
function removes(target: string, dir: string): boolean {
  const removed = target.replace(/\/\*$/, '').replace(/\/+$/, '');
  return (removed === dir && !target.endsWith('*')) || dir.startsWith(`${removed}/`);
}

/** `dir` is `root` or a folder in it (both resolved). */
function within(dir: readonly string[], root: readonly string[]): boolean {
  return root.length <= dir.length && root.every((part, k) => dir[k] === part);
}

/** The absolute targets of the RUN's `--mount` flags (`type=bind,from=deps,target=/tmp/install`), resolved. */
function mountTargets(instr: Instruction): string[][] {
  const out: string[][] = [];
  for (const flag of effective(instr).flags) {
    const target = flag.name === 'mount' ? /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(flag.value ?? '')?.[1] : undefined;
    if (target?.startsWith('/')) {
      out.push(resolve([], target));
    }
  }
  return out;
}

interface Cd {
  command: ShellCommand;
  /** The operand as written, and resolved against the directory the cd ran in. */
  written: string;
  resolved: string;
  removed: boolean;
}

/**
 * The first cd of the RUN that WORKDIR could replace. Not one that opens a subshell (`(cd dir && make)` confines it on
 * purpose), backs out (`cd ..`, or `cd /tmp` from `/tmp/build` before `rm -r /tmp/build`, as coreweave's nccl-tests
 * image does), enters a temporary directory, a directory this RUN mounts (`cd /tmp/install && dpkg -i *.deb` under
 * `--mount=type=bind,…,target=/tmp/install`) or a folder in one, nor one into a directory a later `rm -r` of the same
 * script deletes (NERSC's nccl-tests build: `git clone … && cd nccl-tests && make && cd .. && rm -rf nccl-tests`).
 */
function reportableCd(instr: Instruction): ShellCommand | undefined {
  let fresh = 0;
  const mounts = mountTargets(instr);
  for (const script of new Set(runCommands(instr).map((c) => c.script))) {
    const cds: Cd[] = [];
    // Variables holding a fresh temporary directory: docker-library/postgres's `tempDir="$(mktemp -d)"; cd "$tempDir"`.
    let temps: Set<string> | undefined;
    // The working directory of each open (sub)shell.
    const frames: string[][] = [[`<${fresh++}>`]];
    for (const command of script.commands) {
      if (command.before === '(') {
        frames.push([...(frames[frames.length - 1] as string[])]);
      }
      const cwd = frames[frames.length - 1] as string[];
      const eff = effectiveCommand(command);
      for (const w of command.assignments.length > 0 ? command.assignments : eff?.name === 'export' || eff?.name === 'local' || eff?.name === 'readonly' ? eff.args : []) {
        const name = w.value.includes('mktemp') ? mktempAssignRe.exec(w.value)?.[1] : undefined;
        if (name) {
          (temps ??= new Set()).add(name);
        }
      }
      const operands = eff?.args.filter((a) => a.value === '-' || !a.value.startsWith('-')).map((a) => a.value) ?? [];
      if (eff?.name === 'cd') {
        const target = operands[0] ?? '~';
        const variable = temps && variableRe.exec(target);
        const tempVar = variable ? temps?.has((variable[1] ?? variable[2]) as string) === true : false;
        const next = mktempRe.test(target) || tempVar ? [`<tmp${fresh++}>`] : target === '-' ? [`<${fresh++}>`] : resolve(cwd, target);
        // A folder inside a temporary directory, or a mount that lasts only for this RUN, has no fixed path for WORKDIR either.
        const temporary = next[0]?.startsWith('<tmp') || mounts.some((m) => within(next, m));
        // `cd /` out of a temporary directory leaves it before it is deleted (postgres: `cd "$tempDir"; …; cd /`).
        const backsOut = backOutRe.test(target) || (next.length < cwd.length && within(cwd, next)) || (target === '/' && cwd[0]?.startsWith('<tmp') === true);
        if (command.before !== '(' && !backsOut && !temporary) {
          cds.push({ command, written: target.replace(/\/+$/, ''), resolved: next.join('/'), removed: false });
        }
        frames[frames.length - 1] = next;
      } else if (eff?.name === 'rm' && eff.args.some((a) => /^-[a-zA-Z]*[rR]/.test(a.value) || a.value === '--recursive')) {
        for (const cd of cds) {
          cd.removed ||= operands.some((o) => removes(o, cd.written) || removes(resolve(cwd, o).join('/'), cd.resolved));
        }
      }
      if (command.after === ')' && frames.length > 1) {
        frames.pop();
      }
    }
    const first = cds.find((cd) => !cd.removed);
    if (first) {
      return first.command;
    }
  }
  return undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD502',
    name: 'cd-instead-of-workdir',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3003'] },
    description: 'RUN changes directory with cd instead of WORKDIR.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of byInstruction(posixRunCommands(model).filter((c) => c.name === 'cd')).keys()) {
      const cd = reportableCd(instr);
      const word = cd && effectiveCommand(cd)?.nameWord;
      if (word) {
        out.push(finding(word.range, 'cd in a RUN only lasts for that RUN and hides where later steps run; use WORKDIR <dir> (or pass the directory to the tool, e.g. make -C <dir>).'));
      }
    }
    return out;
  },
};

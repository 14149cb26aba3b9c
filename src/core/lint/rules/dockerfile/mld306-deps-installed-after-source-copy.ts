import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { basename } from '../../dockerfile/shell';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Fix, Range, RuleFinding } from '../../types';
import { finding, insertLinesBefore } from './helpers';
import type { RunCommand } from './posix-runs';
import { instructionIndex, posixRunCommands, subcommand } from './posix-runs';

interface DependencyInstall {
  range: Range;
  /** What the install reads, as written (`requirements.txt`); undefined when it is implied (`uv sync`). */
  manifests: string[];
  what: string;
}

function optionValue(args: readonly ShellWord[], names: readonly string[]): string[] {
  const out: string[] = [];
  args.forEach((a, k) => {
    const eq = a.value.indexOf('=');
    if (names.includes(a.value) && args[k + 1]) {
      out.push((args[k + 1] as ShellWord).value);
    } else if (eq > 0 && names.includes(a.value.slice(0, eq))) {
      out.push(a.value.slice(eq + 1));
    }
  });
  return out;
}

function dependencyInstall(c: RunCommand): DependencyInstall | undefined {
  const sub = subcommand(c.args);
  if (!sub) {
    return undefined;
  }
  const range = { start: c.nameWord.range.start, end: sub.range.end };
  const pipLike = /^pip[0-9.]*$/.test(c.name) || (c.name === 'uv' && sub.value === 'pip') || (/^python[0-9.]*$/.test(c.name) && c.args.some((a) => a.value === '-m'));
  if (pipLike) {
    const files = optionValue(c.args, ['-r', '--requirement']);
    return files.length > 0 && c.args.some((a) => a.value === 'install') ? { range, manifests: files, what: 'pip install -r' } : undefined;
  }
  if (c.name === 'uv' && sub.value === 'sync') {
    return { range, manifests: ['pyproject.toml'], what: 'uv sync' };
  }
  if (c.name === 'poetry' && sub.value === 'install') {
    return { range, manifests: ['pyproject.toml'], what: 'poetry install' };
  }
  if (['conda', 'mamba', 'micromamba'].includes(c.name) && sub.value === 'env' && c.args.some((a) => a.value === 'create')) {
    const files = optionValue(c.args, ['-f', '--file']);
    return files.length > 0 ? { range, manifests: files, what: `${c.name} env create -f` } : undefined;
  }
  return undefined;
}

/** `COPY . <dst>` (the whole context) from the build context, not from another stage. */
function isBroadCopy(instr: Instruction): boolean {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.some((f) => f.name === 'from')) {
    return false;
  }
  const sources = instr.json ? instr.json.slice(0, -1).map((j) => j.value) : instr.words.slice(0, -1).map((w) => w.value);
  return sources.some((s) => /^(?:\.\/?|\.\/\*|\*)$/.test(s));
}

function copiedNames(instr: Instruction): Set<string> {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') {
    return new Set();
  }
  return new Set(instr.words.slice(0, -1).map((w) => basename(w.value.replace(/\/+$/, ''))));
}

/** Simple case: copy the manifest file to the same relative path, then run the install, above the broad COPY. */
function moveFix(broad: Instruction, install: Instruction, between: readonly Instruction[], manifests: string[], lines: readonly string[]): Fix | undefined {
  if (runCommands(install).length !== 1 || between.some((i) => ['WORKDIR', 'USER', 'ENV', 'ARG', 'SHELL'].includes(i.keyword))) {
    return undefined;
  }
  const dest = broad.words[broad.words.length - 1]?.value;
  const relative = manifests.every((m) => !m.startsWith('/') && !m.includes('..') && !m.includes('$'));
  if ((dest !== '.' && dest !== './') || !relative || install.heredocs.length > 0 || install.trigger || broad.json) {
    return undefined;
  }
  const runText = lines.slice(install.startLine - 1, install.endLine).join('\n');
  const copies = manifests.map((m) => `COPY ${m} ${m}`).join('\n');
  const nextLine = install.endLine + 1;
  const deleteEnd = nextLine <= lines.length ? { line: nextLine, column: 1 } : { line: install.endLine, column: (lines[install.endLine - 1] ?? '').length + 1 };
  return {
    title: 'Copy the manifest and install before the source COPY',
    edits: [insertLinesBefore(broad, `${copies}\n${runText}\n`), { range: { start: { line: install.startLine, column: 1 }, end: deleteEnd }, newText: '' }],
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD306',
    name: 'deps-installed-after-source-copy',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A dependency install that reads a manifest runs after COPY of the whole source tree, so every code edit rebuilds the dependency layer.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const lines = model.parsed.lines;
    /** Per stage: the first broad COPY, and the file names copied before it. */
    const broadCopies = new Map<Stage, { at: number; copiedFirst: Set<string> }>();
    for (const stage of model.stages) {
      const at = stage.instructions.findIndex(isBroadCopy);
      if (at >= 0) {
        broadCopies.set(stage, { at, copiedFirst: new Set(stage.instructions.slice(0, at).flatMap((i) => [...copiedNames(i)])) });
      }
    }
    if (broadCopies.size === 0) {
      return out;
    }
    const index = instructionIndex(model.stages);
    for (const c of posixRunCommands(model)) {
      const broadCopy = broadCopies.get(c.stage);
      const position = index.get(c.instr) ?? -1;
      if (!broadCopy || broadCopy.at > position) {
        continue;
      }
      const dep = dependencyInstall(c);
      // Already split: the manifest was copied on its own before the broad COPY.
      if (!dep || dep.manifests.some((m) => broadCopy.copiedFirst.has(basename(m)))) {
        continue;
      }
      const broad = c.stage.instructions[broadCopy.at] as Instruction;
      const between = c.stage.instructions.slice(broadCopy.at + 1, position);
      const simple = dep.what.includes(' -r') || dep.what.includes(' -f') ? moveFix(broad, c.instr, between, dep.manifests, lines) : undefined;
      out.push(
        finding(
          dep.range,
          `${dep.what} runs after the COPY on line ${broad.startLine} brings in the whole source tree, so every code edit reinstalls the dependencies; COPY ${dep.manifests.join(' ')} first, install, then COPY the rest.`,
          simple,
        ),
      );
    }
    return out;
  },
};

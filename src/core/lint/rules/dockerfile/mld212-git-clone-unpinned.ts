import type { GitClone } from '../../dockerfile/git-commands';
import { addGitSource, checkedOutRef, floatingRef, gitClone, gitCommand, remoteRepository } from '../../dockerfile/git-commands';
import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { joinPath } from './workdir-at';

/** A clone not yet pinned, and the directory it made (relative to the stage's working directory where that is unknown). */
interface OpenClone {
  clone: GitClone;
  dir: string;
  instr: Instruction;
}

/** The working directory as the WORKDIRs so far set it: their path, or undefined where a variable or the base image's decides it. */
interface Workdir {
  known: string | undefined;
  /** How many WORKDIRs came before: names the unknown directory, which another WORKDIR changes. */
  count: number;
}

function afterWorkdir(wd: Workdir, instr: Instruction): Workdir {
  const value = instr.keyword === 'WORKDIR' ? instr.words[0]?.value : undefined;
  if (value === undefined) {
    return wd;
  }
  const known = value.includes('$') || (wd.known === undefined && !value.startsWith('/')) ? undefined : joinPath(wd.known ?? '/', value);
  return { known, count: wd.count + 1 };
}

/** The working directory where the stage's own instructions start, from the WORKDIRs of the stages it is built on. */
function stageWorkdir(stage: Stage): Workdir {
  let wd: Workdir = { known: undefined, count: 0 };
  for (const instr of chainInstructions(stage)) {
    if (instr === stage.instructions[0]) {
      break;
    }
    wd = afterWorkdir(wd, instr);
  }
  return wd;
}

/** The directory a RUN starts in: the WORKDIR path, or a stand-in that names the unknown one. */
const workdirPath = (wd: Workdir): string => wd.known ?? `/<workdir ${String(wd.count)}>`;

/** `cd DIR`, `pushd DIR`: the new directory; a stand-in where it is not read (`cd -`). */
function changeDir(cwd: string, args: readonly { value: string }[]): string {
  const target = args.find((a) => !a.value.startsWith('-') || a.value === '-')?.value ?? '~';
  if (target === '-') {
    return '/<previous directory>';
  }
  return target.startsWith('/') || target.startsWith('~') ? joinPath('/', target) : joinPath(cwd, target);
}

/**
 * The clones a checkout in `dir` pins: those it works in. Where its folder is not read (`--git-dir`, `cd -`, `~` or a variable
 * naming no clone's folder), every clone of the same RUN, which it most likely works in.
 */
function pinnedBy(open: readonly OpenClone[], dir: string | undefined, instr: Instruction): OpenClone[] {
  const inside = dir === undefined ? [] : open.filter((o) => dir === o.dir || dir.startsWith(`${o.dir}/`));
  const unread = dir === undefined || /[$`~]|<previous directory>/.test(dir);
  return inside.length > 0 || !unread ? inside : open.filter((o) => o.instr === instr);
}

/** Reads a RUN: its clones without a pinned ref join `open`, and the checkouts it makes take the clones they pin out. */
function readRun(workdir: string, instr: Instruction, open: OpenClone[]): void {
  let cwd = workdir;
  const frames: string[] = [];
  for (const { command } of runCommands(instr)) {
    if (command.before === '(') {
      frames.push(cwd);
    }
    const eff = effectiveCommand(command);
    if (eff?.name === 'cd' || eff?.name === 'pushd') {
      cwd = changeDir(cwd, eff.args);
    }
    const git = eff && gitCommand(eff);
    if (git) {
      const dir = git.dirs.reduce((d, c) => changeDir(d, [{ value: c }]), cwd);
      const clone = gitClone(git);
      if (clone && remoteRepository(clone.url.value) && (clone.ref === undefined || floatingRef(clone.ref))) {
        open.push({ clone, dir: changeDir(dir, [{ value: clone.dir }]), instr });
      }
      const ref = checkedOutRef(git);
      if (ref !== undefined && !floatingRef(ref)) {
        const pinned = pinnedBy(open, git.elsewhere ? undefined : dir, instr);
        open.splice(0, open.length, ...open.filter((o) => !pinned.includes(o)));
      }
    }
    if (command.after === ')') {
      cwd = frames.pop() ?? cwd;
    }
  }
}

function cloneMessage({ clone }: OpenClone): string {
  const url = clone.url.value;
  const what = clone.ref === undefined ? `git clone of ${url} builds whatever its default branch holds on the day of the build` : `git clone --branch ${clone.ref} of ${url} builds a branch, which moves with every push`;
  const pin = clone.shallow ? 'pin a tag (--branch <tag>; a shallow clone has no older commit to check out)' : `pin a tag (--branch <tag>) or check out a commit after the clone (git -C ${clone.dir} checkout <commit>)`;
  return `${what}; ${pin}, so that rebuilds get the same source.`;
}

/** ADD of a git repository at its default branch or a moving branch. */
function addFindings(instr: Instruction): RuleFinding[] {
  if (instr.flags.some((f) => f.name === 'checksum')) {
    return [];
  }
  const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
  const out: RuleFinding[] = [];
  for (const src of sources) {
    const git = addGitSource(src.value);
    if (!git || git.commit || (git.ref !== undefined && !floatingRef(git.ref))) {
      continue;
    }
    const what = git.ref === undefined ? 'whatever its default branch holds on the day of the build' : `the branch ${git.ref}, which moves with every push`;
    out.push(finding(src.range, `ADD of ${src.value} fetches ${what}; name a tag or commit after # (${src.value.replace(/#.*$/, '')}#<tag>), so that rebuilds get the same source.`));
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD212',
    name: 'git-clone-unpinned',
    family: 'reproducibility',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description:
      'A RUN clones a git repository at its default branch or a moving branch (main, master, dev…) and checks out no tag or commit afterwards, or an ADD fetches one without a tag or commit, so each build may get different source.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      const open: OpenClone[] = [];
      let wd = stageWorkdir(stage);
      for (const instr of stage.instructions) {
        if (instr.keyword === 'RUN' && !stage.nonPosixShell) {
          readRun(workdirPath(wd), instr, open);
        } else if (instr.keyword === 'ADD') {
          out.push(...addFindings(instr));
        }
        wd = afterWorkdir(wd, instr);
      }
      out.push(...open.map((o) => finding(o.clone.url.range, cloneMessage(o))));
    }
    return out;
  },
};

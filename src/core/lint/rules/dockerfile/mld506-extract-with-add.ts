import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { basename } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { instructionIndex, posixRunCommands } from './posix-runs';

/** Tar archives, which ADD extracts by itself (zip is not among them). */
export const tarArchiveRe = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/i;

/** Basenames of the local tar archives a COPY brings in. */
function copiedArchives(instr: Instruction): string[] {
  if (instr.keyword !== 'COPY' || instr.flags.some((f) => f.name === 'from') || instr.words.length < 2) {
    return [];
  }
  const sources = instr.json ? instr.json.slice(0, -1).map((j) => j.value) : instr.words.slice(0, -1).map((w) => w.value);
  return sources.filter((s) => tarArchiveRe.test(s) && !s.includes('*') && !s.includes('$')).map(basename);
}

function isTarExtract(name: string, args: readonly { value: string }[]): boolean {
  if (name !== 'tar') {
    return false;
  }
  const first = args[0]?.value ?? '';
  return args.some((a) => a.value === '--extract' || a.value === '--get' || /^-[A-Za-z]*x/.test(a.value)) || /^[A-Za-wyz]*x[A-Za-z]*$/.test(first);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD506',
    name: 'extract-with-add',
    family: 'style',
    severity: 'hint',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3010'] },
    description: 'A local tar archive is COPYed in and then extracted by RUN; ADD extracts it in one step without keeping the archive in a layer.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const extracts = posixRunCommands(model).filter((c) => isTarExtract(c.name, c.args));
    if (extracts.length === 0) {
      return out;
    }
    const index = instructionIndex(model.stages);
    /** Per stage: archive basename → position of the first COPY that brings it in. */
    const firstCopy = new Map<Stage, Map<string, number>>();
    for (const stage of model.stages) {
      const names = new Map<string, number>();
      stage.instructions.forEach((instr, k) => {
        for (const name of copiedArchives(instr)) {
          if (!names.has(name)) {
            names.set(name, k);
          }
        }
      });
      firstCopy.set(stage, names);
    }
    for (const c of extracts) {
      const at = index.get(c.instr) ?? -1;
      const copied = firstCopy.get(c.stage);
      const archive = c.args.find((a) => !a.value.startsWith('-') && (copied?.get(basename(a.value)) ?? Infinity) < at);
      if (archive) {
        out.push(finding({ start: c.nameWord.range.start, end: archive.range.end }, `${basename(archive.value)} was COPYed in and is extracted here, so the archive stays in an earlier layer; use ADD ${basename(archive.value)} <dir>/, which extracts it in one step.`));
      }
    }
    return out;
  },
};

import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding } from './helpers';
import type { RunCommand } from './posix-runs';
import { byInstruction, posixRunCommands, subcommand } from './posix-runs';

type Family = 'apt' | 'apk' | 'yum';

const families = new Map<string, Family>([['apt-get', 'apt'], ['apt', 'apt'], ['apk', 'apk'], ['yum', 'yum'], ['dnf', 'yum'], ['microdnf', 'yum']]);
const updates: Record<Family, ReadonlySet<string>> = { apt: new Set(['update']), apk: new Set(['update']), yum: new Set(['makecache']) };
const installs: Record<Family, ReadonlySet<string>> = { apt: new Set(['install', 'upgrade', 'dist-upgrade']), apk: new Set(['add', 'upgrade']), yum: new Set(['install', 'upgrade', 'update']) };

/** `apk add --no-cache` (or `--update`, `-U`) fetches fresh indexes itself: no earlier layer's index feeds it. */
function refreshesItself(family: Family, c: RunCommand): boolean {
  return family === 'apk' && c.args.some((w) => w.value === '--no-cache' || w.value === '--update' || w.value === '-U' || w.value === '--update-cache');
}

/** The package-manager steps of one RUN: the manager family and its subcommand. */
function steps(commands: readonly RunCommand[]): { family: Family; sub: string; c: RunCommand }[] {
  const out: { family: Family; sub: string; c: RunCommand }[] = [];
  for (const c of commands) {
    const family = families.get(c.name);
    const sub = subcommand(c.args)?.value;
    if (family && sub) {
      out.push({ family, sub, c });
    }
  }
  return out;
}

/** Deletes the update-only RUN and puts its command line in front of the install RUN. */
function mergeFix(update: Instruction, install: Instruction, lines: readonly string[]): Fix | undefined {
  if (update.heredocs.length > 0 || install.heredocs.length > 0 || update.trigger || install.trigger || update.flags.length > 0) {
    return undefined;
  }
  const script = update.args.text.slice(update.argsStart).replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
  const at = install.args.range(install.argsStart, install.argsStart + 1).start;
  const nextLine = update.endLine + 1;
  const deleteEnd = nextLine <= lines.length ? { line: nextLine, column: 1 } : { line: update.endLine, column: (lines[update.endLine - 1] ?? '').length + 1 };
  return {
    title: 'Merge into the install RUN',
    edits: [
      { range: { start: { line: update.startLine, column: 1 }, end: deleteEnd }, newText: '' },
      { range: { start: at, end: at }, newText: `${script} && ` },
    ],
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD207',
    name: 'apt-get-update-alone',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A RUN only refreshes the package index and a later RUN installs, so the cached index layer goes stale.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const lines = model.parsed.lines;
    const runs = byInstruction(posixRunCommands(model).filter((c) => families.has(c.name)));
    for (const stage of model.stages) {
      const list = stage.instructions.filter((i) => runs.has(i));
      // Walking backwards keeps the nearest later install RUN per manager family at hand.
      const nextInstall = new Map<Family, Instruction>();
      const found: RuleFinding[] = [];
      for (let k = list.length - 1; k >= 0; k--) {
        const instr = list[k] as Instruction;
        const own = steps(runs.get(instr) ?? []);
        const first = own[0];
        if (first && own.every((s) => s.family === first.family && updates[s.family].has(s.sub))) {
          const later = nextInstall.get(first.family);
          if (later) {
            const subWord = subcommand(first.c.args) ?? first.c.nameWord;
            found.push(
              finding(
                { start: first.c.nameWord.range.start, end: subWord.range.end },
                `${first.c.name} ${first.sub} runs alone here, and its cached layer keeps serving stale indexes to the install on line ${later.startLine}; run it in the same RUN as the install (${first.c.name} ${first.sub} && … install …).`,
                mergeFix(instr, later, lines),
              ),
            );
          }
        }
        // Per family, the RUN's first step decides: an install reads the indexes an earlier RUN left; an
        // update refreshes them first, so no earlier update-only layer feeds this or any later install
        // (mosaicml/composer: `apt-get update && apt-get upgrade -y` after an update-only EFA step).
        const seen = new Set<Family>();
        for (const s of own) {
          if (seen.has(s.family)) {
            continue;
          }
          if (installs[s.family].has(s.sub) && !refreshesItself(s.family, s.c)) {
            seen.add(s.family);
            nextInstall.set(s.family, instr);
          } else if (updates[s.family].has(s.sub) || installs[s.family].has(s.sub)) {
            seen.add(s.family);
            nextInstall.delete(s.family);
          }
        }
      }
      for (let k = found.length - 1; k >= 0; k--) {
        out.push(found[k] as RuleFinding);
      }
    }
    return out;
  },
};

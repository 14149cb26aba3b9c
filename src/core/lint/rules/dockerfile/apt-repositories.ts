import { runCommands } from '../../dockerfile/installs';
import type { MappedText } from '../../dockerfile/mapped-text';
import { memoOn, memoSlot } from '../../dockerfile/memo';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import type { EffectiveCommand } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import type { Position } from '../../types';

/** The host of each repository line: one-line `deb [options] URL …` and deb822 `URIs: URL`. */
const repositoryUrlRe = /(?:\bdeb(?:-src)?\s+(?:\[[^\]]*\]\s+)?|\bURIs:\s*)["']?[a-z][a-z0-9+.-]*:\/\/(?:[^\s"'/@]*@)?([^\s"'/:]+)/gi;
/** The distributions' own archives and their mirrors (`mirrors.aliyun.com`), which a sources.list may switch to. */
const distroHostRe = /(?:^|\.)(?:ubuntu\.com|debian\.org|aliyun\.com|tsinghua\.edu\.cn|ustc\.edu\.cn|sjtu\.edu\.cn|163\.com|huaweicloud\.com|tencent(?:yun)?\.com)$|^mirrors?\d*\./i;
/** `> /etc/apt/sources.list.d/x.list` or `| tee -a /etc/apt/sources.list.d/x.list`: a file whose lines the RUN may not show. */
const sourcesDirWriteRe = /(?:>>?|\btee\b(?:\s+(?:-a|--append))?)\s*["']?\/etc\/apt\/sources\.list\.d\//g;
const sourcesDirRe = /^\/etc\/apt\/sources\.list\.d(?:\/|$)/;
const sourceFileRe = /\.(?:list|sources)$/;
const fileCommands = new Set(['cp', 'mv', 'install', 'curl', 'wget']);
const addRepositoryCommands = new Set(['add-apt-repository', 'apt-add-repository']);

function thirdParty(host: string): boolean {
  return !host.includes('$') && !distroHostRe.test(host);
}

/** `add-apt-repository ppa:…` or a repository line of another host; not `universe` or another of the distribution's components. */
function addsByCommand(eff: EffectiveCommand): boolean {
  if (!addRepositoryCommands.has(eff.name) || eff.args.some((a) => a.value === '-r' || a.value === '--remove')) {
    return false;
  }
  return eff.args.some((a) => a.value.startsWith('ppa:') || [...`deb ${a.value}`.matchAll(repositoryUrlRe)].some((m) => thirdParty(m[1] ?? '')));
}

/** A file put into sources.list.d with cp, mv, install, `curl -o` or `wget -O` (not one removed from it). */
function copiesIntoSourcesDir(eff: EffectiveCommand): boolean {
  return fileCommands.has(eff.name) && eff.args.some((a) => sourcesDirRe.test(a.value) && (sourceFileRe.test(a.value) || a.value.endsWith('.d') || a.value.endsWith('/')));
}

function matchesAt(texts: readonly MappedText[], re: RegExp): { host: string; at: Position }[] {
  return texts.flatMap((t) => [...t.text.matchAll(re)].map((m) => ({ host: m[1] ?? '', at: t.posAt(m.index) })));
}

function earliest(spots: readonly Position[]): Position | undefined {
  return spots.reduce<Position | undefined>((first, p) => (first === undefined || p.line < first.line || (p.line === first.line && p.column < first.column) ? p : first), undefined);
}

/**
 * Where the RUN first adds an apt repository other than the distribution's: add-apt-repository, a repository line of
 * another host (label-studio's `echo "deb https://nginx.org/packages/mainline/debian/ …" >> /etc/apt/sources.list`), or,
 * where it shows no repository line, a file it writes into sources.list.d. A sources.list that names only the
 * distribution's mirrors does not count. Null when it adds none.
 */
function firstAddition(run: Instruction): Position | null {
  const commands: EffectiveCommand[] = [];
  const spots: Position[] = [];
  // Loops rather than flatMap and filter: this runs for every RUN of every stage's ancestry.
  for (const { command } of runCommands(run)) {
    const eff = effectiveCommand(command);
    if (eff !== undefined) {
      commands.push(eff);
      if (addsByCommand(eff)) {
        spots.push(eff.nameWord.range.start);
      }
    }
  }
  if (mentionsSourcesList(run)) {
    const texts = [run.args, ...run.heredocs.map((h) => h.body)];
    const shown = matchesAt(texts, repositoryUrlRe);
    if (shown.length > 0) {
      spots.push(...shown.filter((s) => thirdParty(s.host)).map((s) => s.at));
    } else {
      spots.push(...matchesAt(texts, sourcesDirWriteRe).map((s) => s.at), ...commands.filter(copiesIntoSourcesDir).map((c) => c.nameWord.range.start));
    }
  }
  return earliest(spots) ?? null;
}

function mentionsSourcesList(run: Instruction): boolean {
  if (run.args.text.includes('/etc/apt/sources.list')) {
    return true;
  }
  for (const h of run.heredocs) {
    if (h.body.text.includes('/etc/apt/sources.list')) {
      return true;
    }
  }
  return false;
}

/** `COPY nginx.list /etc/apt/sources.list.d/`: a repository file from the build context. */
function copiesSourceFile(instr: Instruction): boolean {
  const paths = instr.json ? instr.json.map((j) => j.value) : instr.words.map((w) => w.value);
  const dest = paths[paths.length - 1] ?? '';
  return paths.length > 1 && sourcesDirRe.test(dest) && (sourceFileRe.test(dest) || paths.slice(0, -1).some((p) => sourceFileRe.test(p)));
}

const additionSlot = memoSlot();

function addition(instr: Instruction): Position | null {
  const run = effective(instr);
  if (run.keyword === 'COPY' || run.keyword === 'ADD') {
    return copiesSourceFile(run) ? run.range.start : null;
  }
  return run.keyword === 'RUN' ? memoOn(run, additionSlot, firstAddition) : null;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

const lastAdditionsSlot = memoSlot();

/** For each instruction of the stage's ancestry, the last one before it that added an apt repository (one pass). */
function lastAdditionsBefore(stage: Stage): Map<Instruction, Instruction | undefined> {
  const before = new Map<Instruction, Instruction | undefined>();
  let last: Instruction | undefined;
  for (const i of chainInstructions(stage)) {
    before.set(i, last);
    if (addition(i) !== null) {
      last = i;
    }
  }
  return before;
}

/**
 * The instruction that last added an apt repository other than the distribution's before `at` (a package word of
 * `instr`): `instr` itself, where it adds one before that word, or an earlier one of the stage's ancestry.
 */
export function addedAptRepository(stage: Stage, instr: Instruction, at: Position): Instruction | undefined {
  const own = addition(instr);
  if (own !== null && before(own, at)) {
    return instr;
  }
  return memoOn(stage, lastAdditionsSlot, lastAdditionsBefore).get(instr);
}

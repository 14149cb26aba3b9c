import * as path from 'node:path';
import type { PatchFacts } from '../../core/lint/cross/kustomize-patches';
import { kustomizationPatchFacts, kustomizationPatchFiles, maxPatchFileChars, setsReplicas } from '../../core/lint/cross/kustomize-patches';
import type { Level, NameAffixes } from '../../core/lint/cross/kustomize-names';
import { Levels, isAffixed } from '../../core/lint/cross/kustomize-names';
import type { KustomizeBuildSpec, KustomizeTarget } from '../../core/lint/kubernetes/kustomize';
import { setsContainerImage } from '../../core/lint/kubernetes/kustomize-image-fields';
import { mapBounded } from '../fs/map-bounded';
import { readTextFile } from '../fs/read-text-file';

/** Most files read at once. */
const readsInFlight = 16;

/**
 * The entries looked for in a kustomization: which of them count, words a patch or replacements file holding one has,
 * and whether patches can be one (or only replacements and `replicas:` entries).
 */
interface SetterKind {
  keep: (p: PatchFacts) => boolean;
  words: readonly string[];
  patches: boolean;
}

/** Entries that set `spec.replicas`: `replicas:`, a replacement or a patch. */
const replicaSetter: SetterKind = { keep: setsReplicas, words: ['replicas', '/spec'], patches: true };

/** Replacements that write a container's image (a patch's image is not read: its facts hold none). */
const imageSetter: SetterKind = { keep: setsContainerImage, words: ['ontainers'], patches: false };

/** A patch or replacements file's text when it may hold a wanted entry: others are not parsed. */
async function textOf(file: string, readable: (file: string) => boolean, words: readonly string[]): Promise<string | undefined> {
  const read = readable(file) ? await readTextFile(file, maxPatchFileChars) : undefined;
  return read?.ok && words.some((w) => read.text.includes(w)) ? read.text : undefined;
}

/**
 * The entries of the kustomization in `dir` of a kind: its `replicas:`, its replacements (inline, or in files), its
 * patches (inline, or in files), read as the cross-file pass reads them. Only files `readable` allows are read, all at once.
 */
async function settersIn(dir: string, k: KustomizeBuildSpec, readable: (file: string) => boolean, kind: SetterKind): Promise<PatchFacts[]> {
  const spec = kind.patches ? k : { ...k, patches: [] };
  const rels = kustomizationPatchFiles(spec);
  const texts = await mapBounded(rels, readsInFlight, (rel) => textOf(path.resolve(dir, rel), readable, kind.words));
  const byRel = new Map(rels.map((rel, i) => [rel, texts[i]]));
  return kustomizationPatchFacts(spec, (rel) => byRel.get(rel)).filter(kind.keep);
}

/** The entries of the kustomization in `dir` that set `spec.replicas` (see settersIn). */
export function replicaSettersIn(dir: string, spec: KustomizeBuildSpec, readable: (file: string) => boolean): Promise<PatchFacts[]> {
  return settersIn(dir, spec, readable, replicaSetter);
}

/** The setters of a kind of many kustomizations, their files read a few at a time across all of them; those that set none are left out. */
async function settersOf(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, readable: (file: string) => boolean, kind: SetterKind): Promise<Map<string, PatchFacts[]>> {
  const dirs = [...specs].flatMap(([dir, k]) => (k ? [[dir, k] as const] : []));
  const found = await mapBounded(dirs, readsInFlight, ([dir, k]) => settersIn(dir, k, readable, kind));
  return new Map(dirs.flatMap(([dir], i) => ((found[i] as PatchFacts[]).length > 0 ? [[dir, found[i] as PatchFacts[]] as const] : [])));
}

/** The replica setters of many kustomizations (see setters). */
export function replicaSetters(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, readable: (file: string) => boolean): Promise<Map<string, PatchFacts[]>> {
  return settersOf(specs, readable, replicaSetter);
}

/** The replacements of many kustomizations that write container images (see setters). */
export function imageSetters(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, readable: (file: string) => boolean): Promise<Map<string, PatchFacts[]>> {
  return settersOf(specs, readable, imageSetter);
}

/** Most (folder, way) pairs walked: the walk is linear in them, this only bounds a hostile tree. */
const maxVisits = 100_000;
/** Most ways down to one folder walked (each overlay over a shared base is one; a diamond of renaming overlays multiplies them). */
const maxWaysPerFolder = 1000;

/** `name` without the prefix and suffix, when it has them. */
function unaffixed(name: string, affixes: NameAffixes): string | undefined {
  const { prefix, suffix } = affixes;
  return name.length > prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix) ? name.slice(prefix.length, name.length - suffix.length) : undefined;
}

/**
 * Per resource file, the objects the `setters` of the builds over it change (their `spec.replicas`, their images), by
 * the names the file gives them. Kustomize finds a `replicas:` entry's, a replacement's and a strategic-merge patch's object by any name it has
 * had by then (a base's `namePrefix` applied, or not), a patch `target:` by its original or current name; an entry
 * that runs after its kustomization's own prefix (all but patches) sees that one too. So each way down from an
 * overlay is walked with the prefixes and suffixes its levels add, and a setter's name is read back without them.
 */
export function objectsSetByBuilds(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, parents: ReadonlyMap<string, ReadonlySet<string>>, setters: ReadonlyMap<string, readonly PatchFacts[]>): Map<string, KustomizeTarget[]> {
  const found = new Map<string, Map<string, KustomizeTarget>>();
  if (setters.size === 0) {
    return new Map();
  }
  const levels = new Levels();
  const add = (file: string, t: KustomizeTarget): void => {
    const all = found.get(file) ?? new Map<string, KustomizeTarget>();
    all.set(JSON.stringify([t.kind, t.name]), t);
    found.set(file, all);
  };
  /** The targets the setters along a way name the objects listed at its innermost level by. */
  const targetsAt = (level: Level): KustomizeTarget[] => {
    const names = levels.names(level);
    const out: KustomizeTarget[] = [];
    for (let l: Level | undefined = level; l; l = l.outer) {
      for (const p of l.patches ? (setters.get(l.dir) ?? []) : []) {
        const kind = p.kind !== undefined ? { kind: p.kind } : {};
        out.push({ ...kind, ...(p.name !== undefined ? { name: p.name } : {}) });
        const all = (p.seesOwnAffixes === true ? names.afterDir : names.beforeDir).get(l.dir) ?? [];
        for (const affixes of p.selectsByName === true ? all.slice(-1) : all) {
          const own = p.name !== undefined ? unaffixed(p.name, affixes) : undefined;
          if (own !== undefined) {
            out.push({ ...kind, name: own });
          }
        }
      }
    }
    return out;
  };
  let visits = 0;
  const waysAt = new Map<string, Set<number>>();
  const visit = (dir: string, outer: Level | undefined, stack: Set<string>): void => {
    const k = specs.get(dir);
    const way = outer?.id ?? -1;
    const ways = waysAt.get(dir) ?? new Set<number>();
    if (!k || stack.has(dir) || ways.has(way) || ways.size >= maxWaysPerFolder || visits >= maxVisits) {
      return;
    }
    ways.add(way);
    waysAt.set(dir, ways);
    visits++;
    const affixes: NameAffixes = { prefix: k.namePrefix ?? '', suffix: k.nameSuffix ?? '' };
    const own = setters.has(dir);
    const level = isAffixed(affixes) || own ? levels.below(outer, dir, affixes, own) : outer;
    const targets = level && k.files.length > 0 ? targetsAt(level) : [];
    for (const rel of targets.length > 0 ? k.files : []) {
      const file = path.resolve(dir, rel);
      targets.forEach((t) => add(file, t));
    }
    stack.add(dir);
    k.folders.forEach((rel) => visit(path.resolve(dir, rel), level, stack));
    stack.delete(dir);
  };
  for (const [dir, k] of specs) {
    if (k && !parents.has(dir)) {
      visit(dir, undefined, new Set());
    }
  }
  return new Map([...found].map(([file, targets]) => [file, [...targets.values()]]));
}

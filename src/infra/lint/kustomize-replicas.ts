import * as path from 'node:path';
import type { KustomizationFile, PatchFacts } from '../../core/lint/cross/kustomize-patches';
import { kustomizationPatchFactsOf, setsReplicas } from '../../core/lint/cross/kustomize-patches';
import type { Level, NameAffixes } from '../../core/lint/cross/kustomize-names';
import { Levels, isAffixed } from '../../core/lint/cross/kustomize-names';
import type { KustomizeBuildSpec, KustomizeReplacedFields, KustomizeTarget } from '../../core/lint/kubernetes/kustomize';
import { setsContainerImage } from '../../core/lint/kubernetes/kustomize-image-fields';

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

/**
 * The entries of the kustomization in `dir` of a kind: its `replicas:`, its replacements (inline, or in files), its
 * patches (inline, or in files), read as the cross-file pass reads them. `files` holds the files read (see
 * readKustomizationFiles); only those with one of the kind's words are parsed.
 */
function settersIn(dir: string, k: KustomizeBuildSpec, files: ReadonlyMap<string, KustomizationFile>, kind: SetterKind): PatchFacts[] {
  const spec = kind.patches ? k : { ...k, patches: [] };
  const withWords = (rel: string): KustomizationFile | undefined => {
    const file = files.get(path.resolve(dir, rel));
    return file !== undefined && kind.words.some((w) => file.text.includes(w)) ? file : undefined;
  };
  return kustomizationPatchFactsOf(spec, withWords).filter(kind.keep);
}

/** The setters of a kind of many kustomizations; those that set none are left out. */
function settersOf(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, files: ReadonlyMap<string, KustomizationFile>, kind: SetterKind): Map<string, PatchFacts[]> {
  const out = new Map<string, PatchFacts[]>();
  for (const [dir, k] of specs) {
    const setters = k ? settersIn(dir, k, files, kind) : [];
    if (setters.length > 0) {
      out.set(dir, setters);
    }
  }
  return out;
}

/** The entries of many kustomizations that set `spec.replicas` (see settersIn). */
export function replicaSetters(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, files: ReadonlyMap<string, KustomizationFile>): Map<string, PatchFacts[]> {
  return settersOf(specs, files, replicaSetter);
}

/** The replacements of many kustomizations that write container images (see settersIn). */
export function imageSetters(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, files: ReadonlyMap<string, KustomizationFile>): Map<string, PatchFacts[]> {
  return settersOf(specs, files, imageSetter);
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
  const fields = fieldsSetByBuilds(specs, parents, setters);
  return new Map([...fields].map(([file, targets]) => [file, targets.map((t) => ({ ...(t.kind !== undefined ? { kind: t.kind } : {}), ...(t.name !== undefined ? { name: t.name } : {}) }))]));
}

/** objectsSetByBuilds, with the fields the setters write on each object (their `replaced` paths). */
export function fieldsSetByBuilds(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, parents: ReadonlyMap<string, ReadonlySet<string>>, setters: ReadonlyMap<string, readonly PatchFacts[]>): Map<string, KustomizeReplacedFields[]> {
  const found = new Map<string, Map<string, KustomizeReplacedFields>>();
  if (setters.size === 0) {
    return new Map();
  }
  const levels = new Levels();
  const add = (file: string, t: KustomizeReplacedFields): void => {
    const all = found.get(file) ?? new Map<string, KustomizeReplacedFields>();
    const key = JSON.stringify([t.kind, t.name]);
    all.set(key, { ...t, fieldPaths: [...new Set([...(all.get(key)?.fieldPaths ?? []), ...t.fieldPaths])] });
    found.set(file, all);
  };
  /** The targets the setters along a way name the objects listed at its innermost level by. */
  const targetsAt = (level: Level): KustomizeReplacedFields[] => {
    const names = levels.names(level);
    const out: KustomizeReplacedFields[] = [];
    for (let l: Level | undefined = level; l; l = l.outer) {
      for (const p of l.patches ? (setters.get(l.dir) ?? []) : []) {
        const kind = p.kind !== undefined ? { kind: p.kind } : {};
        out.push({ ...kind, ...(p.name !== undefined ? { name: p.name } : {}), fieldPaths: p.replaced });
        const all = (p.seesOwnAffixes === true ? names.afterDir : names.beforeDir).get(l.dir) ?? [];
        for (const affixes of p.selectsByName === true ? all.slice(-1) : all) {
          const own = p.name !== undefined ? unaffixed(p.name, affixes) : undefined;
          if (own !== undefined) {
            out.push({ ...kind, name: own, fieldPaths: p.replaced });
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

import type { KustomizeBuildSpec, KustomizeHelmChart } from '../kubernetes/kustomize';
import { kustomizationFileNames, kustomizeBuildSpec } from '../kubernetes/kustomize';
import type { Labels } from './kube';
import type { KustomizationFile, PatchFacts } from './kustomize-patches';
import { kustomizationFile, kustomizationPatchFactsOf } from './kustomize-patches';
import type { Level, LevelNames, NameAffixes } from './kustomize-names';
import { Levels, affixesKey, isAffixed } from './kustomize-names';
import { dirOf, joinPath } from './paths';
import type { WorkspaceFs } from './types';

export type { NameAffixes } from './kustomize-names';
export type { PatchFacts, PatchedPort } from './kustomize-patches';

/** One build (an overlay, or a base seen alone) that includes a resource file, and what it does to the file's objects. */
export interface FileBuild {
  /** The namespace it moves the objects to; undefined: they keep their own. */
  namespace?: string;
  /** Labels it adds to every object's metadata. */
  labels: Labels;
  /** Labels it adds to pod templates. */
  podLabels: Labels;
  /** Labels it writes into selectors (Service `spec.selector`, NetworkPolicy and PDB `matchLabels`). */
  selectorLabels: Labels;
  /** The patches of the kustomizations along the way (any may target an object of the file). */
  patches: readonly PatchFacts[];
  /** The name prefixes and suffixes the ways down to the file add, those of the inner levels alone too (the names it had before); empty: none. */
  names: readonly NameAffixes[];
  /** Per patch, the prefixes and suffixes the file's objects may carry when it is applied (besides none); absent: none. */
  patchNames: ReadonlyMap<PatchFacts, readonly NameAffixes[]>;
  /** Some way down to the file gives its objects no prefix or suffix: they keep their own names there. */
  keepsNames?: true;
  /** A build that includes it also builds on a remote base: objects applied with it are not in scope. */
  remote?: true;
}

/** What the kustomizations around the Kubernetes files in scope do to them, read from the workspace view. */
export interface KustomizeFacts {
  /** Workspace path of a resource file → the builds that include it. */
  builds: Map<string, FileBuild[]>;
  /** kind (ConfigMap, Secret) → namespace → names its generators make (as written, and with the builds' prefixes and suffixes). */
  generated: Map<string, Map<string, Set<string>>>;
  /** kind (ConfigMap, Secret) → namespace → the folders of the kustomizations whose generators make one there. */
  generatorDirs: Map<string, Map<string, Set<string>>>;
  /** The Helm charts kustomizations render (`helmCharts:`), by the namespace they render into; unset: none. */
  helmCharts?: Map<string, HelmChartNames[]>;
  /** The namespaces builds on a remote base put their objects in (their `namespace:`); unset: none. */
  remoteNamespaces?: Set<string>;
  /** Folder of a kustomization → the resource files and the kustomization folders it lists (workspace paths). */
  listed: Map<string, { files: string[]; folders: string[] }>;
  /** The folder of the kustomization each patch belongs to. */
  patchDirs: Map<PatchFacts, string>;
}

/** What a chart's rendered object names are made of: the release and chart names, and `fullnameOverride`/`nameOverride`. */
export type HelmChartNames = KustomizeHelmChart['names'];

/** How far above a file a kustomization is looked for (as the CLI's layout does). */
const maxLevelsUp = 4;
/** Most kustomizations read, and most (kustomization, context) visits: the walk stays bounded on any tree. */
const maxKustomizations = 1000;
const maxVisits = 20000;
/** Most ways with different name prefixes and suffixes walked per folder, and most such names kept per build. */
const maxWaysPerFolder = 16;
const maxNamesPerBuild = 32;
/** Most folders looked into for overlays beside the files. */
const maxListedFolders = 1000;
/** Folders never looked into for overlays (dependencies, environments, caches). */
const skippedFolders = new Set(['node_modules', '__pycache__', 'venv', 'site-packages']);
/** Names that are files, not folders, without asking the disk (a folder may have a dot: `clusters/prod.example.com`). */
const fileName = /^\.|\.(?:ya?ml|json|md|txt|py|sh|go|js|ts|toml|lock|cfg|ini|tpl|env|pem|gz|tar|zip)$/i;
const none: readonly PatchFacts[] = [];

function kustomizationAt(fs: WorkspaceFs, dir: string): KustomizeBuildSpec | undefined {
  const names = fs.list(dir);
  for (const name of kustomizationFileNames) {
    const text = names.includes(name) ? fs.read(dir === '' ? name : `${dir}/${name}`) : undefined;
    if (text !== undefined) {
      return kustomizeBuildSpec(text);
    }
  }
  return undefined;
}

/** A patch, and the names (besides their own) it may call the objects of a build by. */
interface PatchSeen {
  patch: PatchFacts;
  seen: readonly NameAffixes[];
}

/** The labels a build adds to its objects, by where they go. */
type AddedLabels = Pick<FileBuild, 'labels' | 'podLabels' | 'selectorLabels'>;
const addedLabelKeys = ['labels', 'podLabels', 'selectorLabels'] as const;

function labelsKey(labels: Labels): string {
  return [...labels].map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * Reads the kustomizations in the folders of `files` (and up to four folders above), and the bases
 * they build on, through `fs`; then walks each build from its top kustomization down, as
 * `kustomize build` would, to learn what it does to each resource file: the namespace it moves the
 * objects to (the outermost `namespace:` wins), the labels it adds (outer ones win), the patches
 * along the way, and the ConfigMaps and Secrets its generators make. Undefined when there is none.
 * `known` folders hold kustomizations found otherwise (the CLI's walk over the paths linted): they are
 * all read, beyond the caps, so that a big repository's overlays are not cut off halfway. `alreadyRead` gives, by
 * workspace path, patch and replacements files the caller read and parsed before (the CLI's layout): only what `fs`
 * would read there, since `fs` is not asked about them. Any other is read through `fs` once, however many name it.
 */
export function kustomizeFacts(files: Iterable<string>, fs: WorkspaceFs, known: readonly string[] = [], alreadyRead?: (path: string) => KustomizationFile | undefined): KustomizeFacts | undefined {
  const queue: string[] = [...new Set(known)];
  const queued = new Set<string>(queue);
  const knownCount = queue.length;
  const ancestors = new Set<string>();
  for (const file of files) {
    for (let dir = dirOf(file), k = 0; k <= maxLevelsUp && !ancestors.has(dir); k++) {
      ancestors.add(dir);
      if (dir === '') {
        break;
      }
      dir = dirOf(dir);
    }
  }
  // Overlays sit beside the bases, not above them (`base/` and `overlays/prod/`, `config/manager/` and
  // `config/default/`), and hold only a kustomization and patches, none of them in scope: look for
  // kustomizations up to two folders below each folder above the files too.
  let listed = 0;
  const consider = (dir: string, depth: number): void => {
    if (!queued.has(dir)) {
      queued.add(dir);
      queue.push(dir);
    }
    if (depth === 0) {
      return;
    }
    for (const name of fs.list(dir)) {
      if (listed >= maxListedFolders || fileName.test(name) || skippedFolders.has(name)) {
        continue;
      }
      const child = dir === '' ? name : `${dir}/${name}`;
      if (!ancestors.has(child) && fs.stat(child) === 'dir') {
        listed++;
        consider(child, depth - 1);
      }
    }
  };
  for (const dir of ancestors) {
    consider(dir, 2);
  }
  const read = new Map<string, KustomizeBuildSpec>();
  const referenced = new Set<string>();
  for (let i = 0; i < queue.length && (i < knownCount || read.size < knownCount + maxKustomizations); i++) {
    const dir = queue[i] as string;
    const k = kustomizationAt(fs, dir);
    if (!k) {
      continue;
    }
    read.set(dir, k);
    for (const rel of k.folders) {
      const base = joinPath(dir, rel);
      if (base === undefined) {
        continue;
      }
      referenced.add(base);
      if (!queued.has(base)) {
        queued.add(base);
        queue.push(base);
      }
    }
  }
  if (read.size === 0) {
    return undefined;
  }
  const patchDirs = new Map<PatchFacts, string>();
  const lists = new Map([...read].map(([dir, k]) => [dir, { files: resolved(dir, k.files), folders: resolved(dir, k.folders) }]));
  const facts: KustomizeFacts = { builds: new Map(), generated: new Map(), generatorDirs: new Map(), listed: lists, patchDirs };
  const patchesOf = new Map<string, PatchFacts[]>();
  const remoteBelow = remoteBuilds(read, lists);
  const patchFiles = new Map<string, KustomizationFile | undefined>();
  const patchFileAt = (path: string): KustomizationFile | undefined => {
    if (!patchFiles.has(path)) {
      const text = fs.stat(path) === 'file' ? fs.read(path) : undefined;
      patchFiles.set(path, text !== undefined ? kustomizationFile(text) : undefined);
    }
    return patchFiles.get(path);
  };
  const ownPatches = (dir: string, k: KustomizeBuildSpec): PatchFacts[] => {
    let list = patchesOf.get(dir);
    if (!list) {
      // joinPath refuses a path above the root, and the view reads regular files inside it only.
      list = kustomizationPatchFactsOf(k, (rel) => {
        const path = joinPath(dir, rel);
        return path === undefined ? undefined : (alreadyRead?.(path) ?? patchFileAt(path));
      });
      list.forEach((p) => patchDirs.set(p, dir));
      patchesOf.set(dir, list);
    }
    return list;
  };
  // One build per (file, namespace): what the ways down to the file add there, merged (the rules read the
  // union anyway), so a file reached by many ways costs no more per object than one reached by one.
  type Merged = { build: FileBuild; patchSet: Set<PatchFacts>; nameSet: Set<string>; patchNameSets: Map<PatchFacts, Set<string>> };
  const merged = new Map<string, Map<string, Merged>>();
  const addNames = (into: NameAffixes[], keys: Set<string>, names: readonly NameAffixes[]): void => {
    for (const n of names) {
      if (keys.size >= maxNamesPerBuild) {
        return;
      }
      const key = affixesKey(n);
      if (!keys.has(key)) {
        keys.add(key);
        into.push(n);
      }
    }
  };
  const mergeBuild = (file: string, namespace: string | undefined, added: AddedLabels, patches: readonly PatchFacts[], names: readonly NameAffixes[], patchSeen: readonly PatchSeen[], remote: boolean): void => {
    let byNs = merged.get(file);
    if (!byNs) {
      byNs = new Map();
      merged.set(file, byNs);
    }
    const key = namespace ?? '\0';
    let entry = byNs.get(key);
    if (!entry) {
      const build: FileBuild = { ...(namespace !== undefined ? { namespace } : {}), labels: new Map(), podLabels: new Map(), selectorLabels: new Map(), patches: [], names: [], patchNames: new Map() };
      entry = { build, patchSet: new Set(), nameSet: new Set(), patchNameSets: new Map() };
      byNs.set(key, entry);
    }
    for (const key of addedLabelKeys) {
      added[key].forEach((v, lk) => entry.build[key].set(lk, v));
    }
    addNames(entry.build.names as NameAffixes[], entry.nameSet, names);
    if (names.length === 0) {
      entry.build.keepsNames = true;
    }
    if (remote) {
      entry.build.remote = true;
    }
    for (const p of patches) {
      if (!entry.patchSet.has(p)) {
        entry.patchSet.add(p);
        (entry.build.patches as PatchFacts[]).push(p);
      }
    }
    for (const { patch, seen } of patchSeen) {
      const patchNames = entry.build.patchNames as Map<PatchFacts, NameAffixes[]>;
      let keys = entry.patchNameSets.get(patch);
      if (!keys) {
        keys = new Set();
        entry.patchNameSets.set(patch, keys);
        patchNames.set(patch, []);
      }
      addNames(patchNames.get(patch) as NameAffixes[], keys, seen);
    }
  };
  /**
   * The names each patch of a way may call the objects listed at its innermost level (only those with some):
   * every name they have had by then (kustomize's lookup by any id), or for a selector only the current one
   * (the last given; the original is the object's own).
   */
  const patchesSeeing = (patches: readonly PatchFacts[], names: LevelNames): PatchSeen[] =>
    patches.flatMap((patch) => {
      const all = (patch.seesOwnAffixes === true ? names.afterDir : names.beforeDir).get(patchDirs.get(patch) as string) ?? [];
      const seen = patch.selectsByName === true ? all.slice(-1) : all;
      return seen.length > 0 ? [{ patch, seen }] : [];
    });
  const addTo = (into: Map<string, Map<string, Set<string>>>, kind: string, namespace: string, value: string): void => {
    let byNs = into.get(kind);
    if (!byNs) {
      byNs = new Map();
      into.set(kind, byNs);
    }
    const values = byNs.get(namespace) ?? new Set<string>();
    values.add(value);
    byNs.set(namespace, values);
  };
  const levels = new Levels();
  // Name prefixes and suffixes stay out of the walked key, so that ways that differ only in them do not
  // multiply the walk (diamonds of overlays collapse); a way with other ones walks a build again for its
  // names alone, a few times per folder at most.
  const walked = new Map<string, Set<number>>();
  const renamingWays = new Map<string, Set<number>>();
  let visits = 0;
  let renamingVisits = 0;
  const visit = (dir: string, outer: Omit<FileBuild, 'names' | 'patchNames' | 'keepsNames'> & { chain: string; levels?: Level }, stack: Set<string>): void => {
    const k = read.get(dir);
    if (!k || stack.has(dir)) {
      return;
    }
    const key = `${dir}\0${outer.namespace ?? ''}\0${addedLabelKeys.map((l) => labelsKey(outer[l])).join('\0')}\0${outer.chain}${outer.remote === true ? '\0remote' : ''}`;
    const way = outer.levels?.id ?? -1;
    const ways = walked.get(key);
    const dirWays = renamingWays.get(dir) ?? new Set<number>();
    if (!ways) {
      if (visits >= maxVisits + 4 * knownCount) {
        return;
      }
      visits++;
      walked.set(key, new Set([way]));
    } else {
      if (ways.has(way) || (!dirWays.has(way) && dirWays.size >= maxWaysPerFolder) || renamingVisits >= maxVisits + 4 * knownCount) {
        return;
      }
      renamingVisits++;
      ways.add(way);
    }
    dirWays.add(way);
    renamingWays.set(dir, dirWays);
    const namespace = outer.namespace ?? k.namespace;
    // Outer kustomizations run their transformers last: their labels win.
    const added: AddedLabels = {
      labels: new Map([...Object.entries(k.labels), ...outer.labels]),
      podLabels: new Map([...Object.entries(k.podLabels), ...outer.podLabels]),
      selectorLabels: new Map([...Object.entries(k.selectorLabels), ...outer.selectorLabels]),
    };
    const own = ownPatches(dir, k);
    const patches = own.length === 0 ? outer.patches : [...outer.patches, ...own];
    // `\0` cannot occur in a path: the chains through `a` then `b` and through `a/b` stay apart.
    const chain = own.length === 0 ? outer.chain : `${outer.chain}\0${dir}`;
    const affixes: NameAffixes = { prefix: k.namePrefix ?? '', suffix: k.nameSuffix ?? '' };
    const level = isAffixed(affixes) || own.length > 0 ? levels.below(outer.levels, dir, affixes, own.length > 0) : outer.levels;
    const names = levels.names(level);
    const patchSeen = k.files.length > 0 ? patchesSeeing(patches, names) : [];
    for (const rel of k.files) {
      const file = joinPath(dir, rel);
      if (file !== undefined) {
        mergeBuild(file, namespace, added, patches, names.names, patchSeen, outer.remote === true);
      }
    }
    for (const chart of k.helmCharts) {
      const into = namespace ?? chart.namespace ?? 'default';
      facts.helmCharts ??= new Map();
      const list = facts.helmCharts.get(into) ?? [];
      list.push(chart.names);
      facts.helmCharts.set(into, list);
    }
    for (const g of k.generated) {
      const into = namespace ?? g.namespace ?? 'default';
      addTo(facts.generatorDirs, g.kind, into, dir);
      for (const n of [{ prefix: '', suffix: '' }, ...names.names]) {
        addTo(facts.generated, g.kind, into, `${n.prefix}${g.name}${n.suffix}`);
      }
    }
    if (outer.remote === true && namespace !== undefined) {
      (facts.remoteNamespaces ??= new Set()).add(namespace);
    }
    stack.add(dir);
    for (const rel of k.folders) {
      const base = joinPath(dir, rel);
      if (base !== undefined) {
        visit(base, { ...(namespace !== undefined ? { namespace } : {}), ...added, patches, chain, ...(level ? { levels: level } : {}), ...(outer.remote === true ? { remote: true } : {}) }, stack);
      }
    }
    stack.delete(dir);
  };
  for (const dir of read.keys()) {
    if (!referenced.has(dir)) {
      visit(dir, { labels: new Map(), podLabels: new Map(), selectorLabels: new Map(), patches: none, chain: '', ...(remoteBelow.has(dir) ? { remote: true } : {}) }, new Set());
    }
  }
  merged.forEach((byNs, file) => facts.builds.set(file, [...byNs.values()].map((e) => e.build)));
  return facts;
}

function resolved(dir: string, rels: readonly string[]): string[] {
  return rels.flatMap((rel) => joinPath(dir, rel) ?? []);
}

/** The kustomizations that build on a remote base, themselves or through the local ones they list. */
function remoteBuilds(read: ReadonlyMap<string, KustomizeBuildSpec>, listed: KustomizeFacts['listed']): Set<string> {
  const remote = new Set([...read].flatMap(([dir, k]) => (k.remote === true ? [dir] : [])));
  // Up from each remote one to the kustomizations that list it, each folder once.
  const parents = new Map<string, string[]>();
  listed.forEach(({ folders }, dir) =>
    folders.forEach((f) => {
      const list = parents.get(f);
      if (list) {
        list.push(dir);
      } else {
        parents.set(f, [dir]);
      }
    }),
  );
  const queue = [...remote];
  for (let i = 0; i < queue.length; i++) {
    for (const parent of parents.get(queue[i] as string) ?? []) {
      if (!remote.has(parent)) {
        remote.add(parent);
        queue.push(parent);
      }
    }
  }
  return remote;
}

/** Whether a patch of `build` targets an object of this kind and name (kustomize matches it by the name as written or one the bases gave; see `selectsByName`). */
export function patchTargets(patch: PatchFacts, build: FileBuild, kind: string | undefined, name: string | undefined): boolean {
  return (patch.kind === undefined || patch.kind === kind) && (patch.name === undefined || patch.name === name || affixedNames(build.patchNames.get(patch) ?? [], kind, name).includes(patch.name));
}

/** Kinds kustomize's prefix/suffix transformer leaves alone. */
const unaffixedKinds = new Set(['CustomResourceDefinition', 'Namespace', 'APIService']);

/** The names builds give an object besides its own (`namePrefix`, `nameSuffix`); [] when none. */
export function affixedNames(builds: readonly NameAffixes[], kind: string | undefined, name: string | undefined): string[] {
  if (name === undefined || unaffixedKinds.has(kind ?? '')) {
    return [];
  }
  const out = new Set(builds.map((b) => `${b.prefix}${name}${b.suffix}`));
  out.delete(name);
  return [...out];
}

import { isWithin } from '../fs/within';
import type { Dirent } from 'node:fs';
import { existsSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { KustomizeBuild, KustomizeBuildSpec, KustomizeImageRename, KustomizeReplacedFields, KustomizeTarget } from '../../core/lint/kubernetes/kustomize';
import { kustomizationFileNames, kustomizeBuildSpec, patchFilePaths } from '../../core/lint/kubernetes/kustomize';
import { mapBounded } from '../fs/map-bounded';
import { readTextFile } from '../fs/read-text-file';
import type { KustomizeImageReplacements } from '../../core/lint/kubernetes/kustomize-image-fields';
import { fieldsSetByBuilds, imageSetters, objectsSetByBuilds, replicaSetters } from './kustomize-replicas';
import { fieldSetters } from './kustomize-patched-fields';
import { kustomizationFilesKept, readKustomizationFiles } from './kustomization-files';
import type { KustomizationFile } from '../../core/lint/cross/kustomize-patches';

/** Most a kustomization file is read for (they are a few lines). */
const maxKustomizationBytes = 1024 * 1024;

/** How far above a file a kustomization may name it as a patch (`overlays/prod/patches/x.yaml`). */
const maxLevelsUp = 4;

/** Most kustomization files read at once. */
const readsInFlight = 16;

/** Most kustomizations read in one layout, bases included (a repository of overlays has tens). */
const maxKustomizations = 1000;

/** A file's folder and the folders above it, up to `maxLevelsUp` levels. */
export function foldersAbove(file: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(file), k = 0; k <= maxLevelsUp; k++) {
    out.push(dir);
    const up = path.dirname(dir);
    if (up === dir) {
      break;
    }
    dir = up;
  }
  return out;
}

/** What the kustomizations in some folders say about files: which are patches, and which namespaces others go to. */
export interface KustomizeLayout {
  /** Absolute paths of the patch files they name. */
  patches: Set<string>;
  /**
   * Absolute path of a resource file → the namespace each build that includes it puts its objects in:
   * the outermost `namespace:` along the way from a top kustomization (an overlay) down through the
   * bases to the file, or `undefined` where none sets one (the objects keep their own). Files that no
   * kustomization includes, or that only builds without a namespace include, are not listed.
   */
  namespaces: Map<string, readonly (string | undefined)[]>;
  /** Absolute paths of resource files some build writes labels into the selectors of (`commonLabels`, `includeSelectors`). */
  selectorsAdded: Set<string>;
  /** Absolute path of a resource file → the image names a build over it gives a tag or digest (`images:`). */
  retaggedImages: Map<string, ReadonlySet<string>>;
  /** Absolute path of a resource file → the renames that pin nothing of the builds over it (KustomizeBuildSpec.imageRenames). */
  imageRenames: Map<string, readonly KustomizeImageRename[]>;
  /** Absolute path of a resource file → the pins by newTag alone of the builds over it (KustomizeBuildSpec.imageRetags). */
  imageRetags: Map<string, readonly KustomizeImageRename[]>;
  /** Absolute path of a resource file → the objects whose `spec.replicas` a build over it sets (`replicas:`, a patch, a replacement). */
  replicasSet: Map<string, readonly KustomizeTarget[]>;
  /** Absolute path of a resource file → the objects whose container images a build over it replaces (`replacements:`). */
  imagesReplaced: Map<string, readonly KustomizeTarget[]>;
  /** Absolute path of a resource file → the objects a build over it patches, with the fields its patches write (KustomizeBuild.patchedFields). */
  patchedFields: Map<string, readonly KustomizeReplacedFields[]>;
  /** Absolute paths of the folders whose kustomization was read: the cross-file pass reads the same ones. */
  kustomizations: string[];
  /**
   * Absolute path of a resource file → the folders of the kustomizations that build it (applied together with
   * their other files): those that list it, and those that build on them (`resources: [../../base]`).
   */
  listedBy: Map<string, string[]>;
  /**
   * Absolute path of a patch or replacements file the kustomizations read name → the file, read once and parsed when
   * first asked (see readKustomizationFiles; up to kustomizationFilesKept): the cross-file pass takes it instead of reading it again.
   */
  patchAndReplacementFiles: ReadonlyMap<string, KustomizationFile>;
}

/** The namespace a file's objects go to when every build that includes it agrees on one; else undefined. */
export function soleNamespace(namespaces: readonly (string | undefined)[] | undefined): string | undefined {
  return namespaces?.length === 1 ? namespaces[0] : undefined;
}

async function readKustomization(dir: string): Promise<KustomizeBuildSpec | undefined> {
  for (const name of kustomizationFileNames) {
    const read = await readTextFile(path.join(dir, name), maxKustomizationBytes);
    if (read.ok) {
      return kustomizeBuildSpec(read.text);
    }
  }
  return undefined;
}

/** Most kustomizations a file's listedBy names (a base shared by a few overlays is built by a few). */
const maxBuildsPerFile = 64;

/** Most (folder, namespace) pairs walked in one layout: the walk is linear in them, this only bounds a hostile tree. */
const maxVisits = 100_000;

/** Whether `dir` lies inside `root` once links are resolved (a missing folder does not). */
function inside(root: string | undefined, dir: string): boolean {
  if (root === undefined) {
    return true;
  }
  try {
    return isWithin(path.relative(realpathSync(root), realpathSync(dir)));
  } catch {
    return false;
  }
}

/** A value per folder that flows down from the kustomizations building on it (memoized; a cycle adds nothing). */
function inherited<T>(own: (dir: string) => T, merge: (a: T, b: T) => T, parents: ReadonlyMap<string, ReadonlySet<string>>): (dir: string) => T {
  const memo = new Map<string, T>();
  const busy = new Set<string>();
  const at = (dir: string): T => {
    const known = memo.get(dir);
    if (known !== undefined) {
      return known;
    }
    let value = own(dir);
    if (!busy.has(dir)) {
      busy.add(dir);
      parents.get(dir)?.forEach((p) => (value = merge(value, at(p))));
      busy.delete(dir);
      memo.set(dir, value);
    }
    return value;
  };
  return at;
}

/** Per resource file, what the kustomizations that build it give (`own` of each, deduplicated by `key`); files given nothing are not listed. */
function fromBuildsAbove<T>(read: ReadonlyMap<string, KustomizeBuildSpec | undefined>, parents: ReadonlyMap<string, ReadonlySet<string>>, own: (dir: string) => readonly T[], key: (item: T) => string): Map<string, T[]> {
  const at = inherited((dir): ReadonlyMap<string, T> => new Map(own(dir).map((item) => [key(item), item])), (a, b) => (b.size === 0 ? a : new Map([...a, ...b])), parents);
  const found = new Map<string, Map<string, T>>();
  for (const [dir, k] of read) {
    const given = k && at(dir);
    if (!given || given.size === 0) {
      continue;
    }
    for (const rel of k.files) {
      const file = path.resolve(dir, rel);
      const all = found.get(file) ?? new Map<string, T>();
      given.forEach((item, id) => all.set(id, item));
      found.set(file, all);
    }
  }
  return new Map([...found].map(([file, items]) => [file, [...items.values()]]));
}

export interface KustomizeLayoutOptions {
  /** Read no kustomization outside this folder (the repository or workspace): `resources: [../../..]` stops there. */
  within?: string;
}

/**
 * What the kustomizations in `dirs` say (each folder's `kustomization.yaml`, `.yml` or `Kustomization`,
 * read once), following the folders they build on (`resources: [../../base]`) so that an overlay's
 * `namespace:`, selector labels, `images:`, replica counts and patched fields reach its bases' files. A
 * missing or unreadable kustomization says nothing. Linear in the kustomizations and the namespaces they set.
 */
export async function kustomizeLayout(dirs: Iterable<string>, options: KustomizeLayoutOptions = {}): Promise<KustomizeLayout> {
  const patches = new Set<string>();
  const read = new Map<string, KustomizeBuildSpec | undefined>();
  /** A folder → the kustomizations that build on it. */
  const parents = new Map<string, Set<string>>();
  const queue: string[] = [];
  const queued = new Set<string>();
  const follow = (dir: string, k: KustomizeBuildSpec): void => {
    for (const rel of k.folders) {
      const base = path.resolve(dir, rel);
      const set = parents.get(base) ?? new Set();
      set.add(dir);
      parents.set(base, set);
      if (!read.has(base) && !queued.has(base)) {
        queued.add(base);
        queue.push(base);
      }
    }
  };
  // The folders asked about are all read; only the bases found by following them count against the cap.
  const asked = [...new Set(dirs)].filter((dir) => inside(options.within, dir));
  const askedSpecs = await mapBounded(asked, readsInFlight, readKustomization);
  asked.forEach((dir, i) => read.set(dir, askedSpecs[i]));
  asked.forEach((dir, i) => {
    const k = askedSpecs[i];
    if (k) {
      patchFilePaths(k).forEach((rel) => patches.add(path.resolve(dir, rel)));
      follow(dir, k);
    }
  });
  // The bases, a round of them at a time (those the last round found), read together.
  let followed = 0;
  while (queue.length > 0 && followed < maxKustomizations) {
    const round = queue.splice(0, maxKustomizations - followed).filter((dir) => !read.has(dir));
    const specs = await mapBounded(round, readsInFlight, (dir) => (inside(options.within, dir) ? readKustomization(dir) : Promise.resolve(undefined)));
    for (const [i, dir] of round.entries()) {
      if (followed >= maxKustomizations) {
        break;
      }
      const k = specs[i];
      read.set(dir, k);
      if (k) {
        followed++;
        follow(dir, k);
      }
    }
  }

  // Namespaces depend on the way down (the outermost one wins): walk each (folder, namespace from above) once.
  const found = new Map<string, Set<string | undefined>>();
  const walked = new Set<string>();
  const visit = (dir: string, outer: string | undefined, stack: Set<string>): void => {
    const k = read.get(dir);
    const key = `${dir}\0${outer ?? ''}`;
    if (!k || stack.has(dir) || walked.has(key) || walked.size >= maxVisits) {
      return;
    }
    walked.add(key);
    const namespace = outer ?? k.namespace;
    for (const rel of k.files) {
      const file = path.resolve(dir, rel);
      const seen = found.get(file) ?? new Set();
      seen.add(namespace);
      found.set(file, seen);
    }
    stack.add(dir);
    k.folders.forEach((rel) => visit(path.resolve(dir, rel), namespace, stack));
    stack.delete(dir);
  };
  for (const [dir, k] of read) {
    if (k && !parents.has(dir)) {
      visit(dir, undefined, new Set());
    }
  }
  const namespaces = new Map<string, readonly (string | undefined)[]>();
  for (const [file, seen] of found) {
    if ([...seen].some((ns) => ns !== undefined)) {
      namespaces.set(file, [...seen]);
    }
  }

  // Selector labels, pinned or renamed images and replica counts reach a folder from any build above it: no path needed.
  const selectorsAt = inherited((dir) => read.get(dir)?.addsSelectors === true, (a, b) => a || b, parents);
  const selectorsAdded = new Set<string>();
  for (const [dir, k] of read) {
    if (k && selectorsAt(dir)) {
      k.files.forEach((rel) => selectorsAdded.add(path.resolve(dir, rel)));
    }
  }
  const retaggedImages = new Map([...fromBuildsAbove(read, parents, (dir) => read.get(dir)?.retaggedImages ?? [], (name) => name)].map(([file, names]) => [file, new Set(names)]));
  const renameKey = (r: KustomizeImageRename): string => JSON.stringify([r.name, r.newName, r.tag]);
  const imageRenames = fromBuildsAbove(read, parents, (dir) => read.get(dir)?.imageRenames ?? [], renameKey);
  const imageRetags = fromBuildsAbove(read, parents, (dir) => read.get(dir)?.imageRetags ?? [], renameKey);
  const readable = (file: string): boolean => inside(options.within, path.dirname(file));
  const filesRead = await readKustomizationFiles(read, readable);
  const replicasSet = objectsSetByBuilds(read, parents, replicaSetters(read, filesRead));
  const imagesReplaced = objectsSetByBuilds(read, parents, imageSetters(read, filesRead));
  const patchedFields = fieldsSetByBuilds(read, parents, fieldSetters(read, filesRead));
  const patchAndReplacementFiles = kustomizationFilesKept(filesRead);
  const kustomizations = [...read].flatMap(([dir, k]) => (k ? [dir] : []));
  // A base's files are applied with every overlay's that builds on it, through any number of bases.
  const buildsAt = inherited((dir): ReadonlySet<string> => new Set([dir]), (a, b) => (a.size >= maxBuildsPerFile ? a : new Set([...a, ...b])), parents);
  const listedBy = new Map<string, string[]>();
  for (const [dir, k] of read) {
    for (const rel of k?.files ?? []) {
      const file = path.resolve(dir, rel);
      listedBy.set(file, [...new Set([...(listedBy.get(file) ?? []), ...buildsAt(dir)])]);
    }
  }
  return { patches, namespaces, selectorsAdded, retaggedImages, imageRenames, imageRetags, replicasSet, imagesReplaced, patchedFields, kustomizations, listedBy, patchAndReplacementFiles };
}

/** What the builds over a resource file set on its objects; undefined when they set none of it. */
export function kustomizeBuildOf(layout: Pick<KustomizeLayout, 'selectorsAdded' | 'retaggedImages' | 'imageRenames' | 'replicasSet' | 'imagesReplaced' | 'patchedFields' | 'imageRetags'>, file: string): (KustomizeBuild & KustomizeImageReplacements) | undefined {
  const selectors = layout.selectorsAdded.has(file);
  const images = layout.retaggedImages.get(file);
  const renames = layout.imageRenames.get(file);
  const retags = layout.imageRetags.get(file);
  const replicas = layout.replicasSet.get(file);
  const imagesReplaced = layout.imagesReplaced.get(file);
  const patchedFields = layout.patchedFields.get(file);
  if (!selectors && !images && !renames && !replicas && !imagesReplaced && !patchedFields) {
    return undefined;
  }
  return { selectors, images: [...(images ?? [])], ...(renames ? { renames } : {}), ...(retags ? { retags } : {}), ...(replicas ? { replicas } : {}), ...(imagesReplaced ? { imagesReplaced } : {}), ...(patchedFields ? { patchedFields } : {}) };
}

/** Most folders looked into for kustomizations beside a file's folders. */
const maxNearbyFolders = 400;

/** Folders no kustomization lives in. */
const notKustomizationDir = (name: string): boolean => name.startsWith('.') || name === 'node_modules' || name === '__pycache__';

async function childDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e: Dirent) => e.isDirectory() && !notKustomizationDir(e.name))
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * A file's folders (see foldersAbove) and the folders up to two levels below them that hold a
 * kustomization, inside `within`: an overlay sits beside the base it builds on (`config/default` beside
 * `config/manager`, `overlays/prod` beside `base`). At most `maxNearbyFolders` folders are looked into.
 */
export async function kustomizationFoldersNear(files: string | readonly string[], within?: string): Promise<string[]> {
  const list = typeof files === 'string' ? [files] : files;
  const above = [...new Set(list.flatMap((f) => foldersAbove(f)))].filter((dir) => inside(within, dir));
  const out = new Set(above);
  // Many files (a pre-commit hook names each) share their folders: each is looked into once, within one budget.
  const budget = maxNearbyFolders * Math.min(Math.max(list.length, 1), 10);
  const looked = new Set<string>(above);
  const listed = new Map<string, Promise<string[]>>();
  const children = (dir: string): Promise<string[]> => {
    let p = listed.get(dir);
    if (!p) {
      p = childDirs(dir);
      listed.set(dir, p);
    }
    return p;
  };
  for (const dir of above) {
    for (const child of await children(dir)) {
      for (const candidate of [child, ...(looked.size < budget ? await children(child) : [])]) {
        if (looked.has(candidate) && candidate !== child) {
          continue;
        }
        looked.add(candidate);
        if (looked.size > budget) {
          return [...out];
        }
        if (kustomizationFileNames.some((name) => existsSync(path.join(candidate, name)))) {
          out.add(candidate);
        }
      }
    }
  }
  return [...out];
}

/** What the kustomizations near a file say about it (the editor's view of one open file). */
export interface FileKustomizeFacts extends KustomizeBuild, KustomizeImageReplacements {
  patch: boolean;
  /** The other manifest files the kustomizations that build this one apply with it (absolute, sorted). */
  buildsWith: string[];
}

export async function fileKustomizeFacts(file: string, within?: string): Promise<FileKustomizeFacts> {
  const layout = await kustomizeLayout(await kustomizationFoldersNear(file, within), within !== undefined ? { within } : {});
  const builds = new Set(layout.listedBy.get(file) ?? []);
  const buildsWith = [...layout.listedBy].flatMap(([other, dirs]) => (other !== file && dirs.some((d) => builds.has(d)) ? [other] : [])).sort();
  return { patch: layout.patches.has(file), ...(kustomizeBuildOf(layout, file) ?? { selectors: false, images: [] }), buildsWith };
}

/** The absolute paths of the patch files named by the kustomizations in `dirs`. */
export async function kustomizePatchFiles(dirs: Iterable<string>): Promise<Set<string>> {
  return (await kustomizeLayout(dirs)).patches;
}

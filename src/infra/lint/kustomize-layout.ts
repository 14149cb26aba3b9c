import type { Dirent } from 'node:fs';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { KustomizeBuildSpec } from '../../core/lint/kubernetes/kustomize';
import { kustomizationFileNames, kustomizeBuildSpec, kustomizePatchPaths } from '../../core/lint/kubernetes/kustomize';
import { readTextFile } from '../fs/read-text-file';

/** Most a kustomization file is read for (they are a few lines). */
const maxKustomizationBytes = 1024 * 1024;

/** How far above a file a kustomization may name it as a patch (`overlays/prod/patches/x.yaml`). */
const maxLevelsUp = 4;

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
}

/** The namespace a file's objects go to when every build that includes it agrees on one; else undefined. */
export function soleNamespace(namespaces: readonly (string | undefined)[] | undefined): string | undefined {
  return namespaces?.length === 1 ? namespaces[0] : undefined;
}

async function readKustomization(dir: string): Promise<{ text: string; resources: KustomizeBuildSpec } | undefined> {
  for (const name of kustomizationFileNames) {
    const read = await readTextFile(path.join(dir, name), maxKustomizationBytes);
    if (read.ok) {
      const resources = kustomizeBuildSpec(read.text);
      return resources ? { text: read.text, resources } : undefined;
    }
  }
  return undefined;
}

/** What a build hands down to the kustomizations it builds on. */
interface FromAbove {
  namespace: string | undefined;
  selectors: boolean;
  images: readonly string[];
}

/**
 * What the kustomizations in `dirs` say (each folder's `kustomization.yaml`, `.yml` or `Kustomization`,
 * read once), following the folders they build on (`resources: [../../base]`) so that an overlay's
 * `namespace:` reaches its bases' files. A missing or unreadable kustomization says nothing.
 */
export async function kustomizeLayout(dirs: Iterable<string>): Promise<KustomizeLayout> {
  const patches = new Set<string>();
  const read = new Map<string, KustomizeBuildSpec | undefined>();
  const referenced = new Set<string>();
  const queue = [...new Set(dirs)];
  const asked = new Set(queue);
  while (queue.length > 0 && read.size < maxKustomizations) {
    const dir = queue.shift() as string;
    const k = await readKustomization(dir);
    read.set(dir, k?.resources);
    if (!k) {
      continue;
    }
    if (asked.has(dir)) {
      kustomizePatchPaths(k.text).forEach((rel) => patches.add(path.resolve(dir, rel)));
    }
    for (const rel of k.resources.folders) {
      const base = path.resolve(dir, rel);
      referenced.add(base);
      if (!read.has(base) && !queue.includes(base)) {
        queue.push(base);
      }
    }
  }
  const found = new Map<string, Set<string | undefined>>();
  const selectorsAdded = new Set<string>();
  const retaggedImages = new Map<string, Set<string>>();
  /** (folder, what comes from above) pairs already walked: bases shared by many overlays are walked once per namespace. */
  const walked = new Set<string>();
  const visit = (dir: string, above: FromAbove, stack: Set<string>): void => {
    const k = read.get(dir);
    const key = `${dir}\0${above.namespace ?? ''}\0${above.selectors}\0${above.images.join(',')}`;
    if (!k || stack.has(dir) || walked.has(key)) {
      return;
    }
    walked.add(key);
    const here: FromAbove = {
      namespace: above.namespace ?? k.namespace,
      selectors: above.selectors || k.addsSelectors,
      images: k.retaggedImages.length > 0 ? [...new Set([...above.images, ...k.retaggedImages])] : above.images,
    };
    for (const rel of k.files) {
      const file = path.resolve(dir, rel);
      const seen = found.get(file) ?? new Set();
      seen.add(here.namespace);
      found.set(file, seen);
      if (here.selectors) {
        selectorsAdded.add(file);
      }
      if (here.images.length > 0) {
        const images = retaggedImages.get(file) ?? new Set();
        here.images.forEach((name) => images.add(name));
        retaggedImages.set(file, images);
      }
    }
    stack.add(dir);
    k.folders.forEach((rel) => visit(path.resolve(dir, rel), here, stack));
    stack.delete(dir);
  };
  for (const [dir, k] of read) {
    if (k && !referenced.has(dir)) {
      visit(dir, { namespace: undefined, selectors: false, images: [] }, new Set());
    }
  }
  const namespaces = new Map<string, readonly (string | undefined)[]>();
  for (const [file, seen] of found) {
    if ([...seen].some((ns) => ns !== undefined)) {
      namespaces.set(file, [...seen]);
    }
  }
  return { patches, namespaces, selectorsAdded, retaggedImages };
}

/** Most entries of one folder looked at for kustomizations beside a file's folders. */
const maxSiblingEntries = 200;

/**
 * A file's folders (see foldersAbove) and the folders just below them that hold a kustomization: an
 * overlay sits beside the base it builds on (`config/default` beside `config/manager`).
 */
export async function kustomizationFoldersNear(file: string): Promise<string[]> {
  const above = foldersAbove(file);
  const out = new Set(above);
  for (const dir of above) {
    let entries: Dirent[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).slice(0, maxSiblingEntries);
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && kustomizationFileNames.some((name) => existsSync(path.join(dir, e.name, name)))) {
        out.add(path.join(dir, e.name));
      }
    }
  }
  return [...out];
}

/** What the kustomizations near a file say about it (the editor's view of one open file). */
export interface FileKustomizeFacts {
  patch: boolean;
  selectors: boolean;
  images: string[];
}

export async function fileKustomizeFacts(file: string): Promise<FileKustomizeFacts> {
  const layout = await kustomizeLayout(await kustomizationFoldersNear(file));
  return { patch: layout.patches.has(file), selectors: layout.selectorsAdded.has(file), images: [...(layout.retaggedImages.get(file) ?? [])] };
}

/** The absolute paths of the patch files named by the kustomizations in `dirs`. */
export async function kustomizePatchFiles(dirs: Iterable<string>): Promise<Set<string>> {
  return (await kustomizeLayout(dirs)).patches;
}

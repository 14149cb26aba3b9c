import * as path from 'node:path';
import { kustomizationFileNames, kustomizeNamespace, kustomizePatchPaths } from '../../core/lint/kubernetes/kustomize';
import { readTextFile } from '../fs/read-text-file';

/** Most a kustomization file is read for (they are a few lines). */
const maxKustomizationBytes = 1024 * 1024;

/** How far above a file a kustomization may name it as a patch (`overlays/prod/patches/x.yaml`). */
const maxLevelsUp = 4;

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

/** What the kustomizations in some folders say about files: which are patches, and which namespace others go to. */
export interface KustomizeLayout {
  /** Absolute paths of the patch files they name. */
  patches: Set<string>;
  /** Absolute path of a resource file → the namespace its kustomization sets. */
  namespaces: Map<string, string>;
}

/**
 * What the kustomizations in `dirs` say (each folder's `kustomization.yaml`, `.yml` or `Kustomization`,
 * read once). A missing or unreadable one says nothing.
 */
export async function kustomizeLayout(dirs: Iterable<string>): Promise<KustomizeLayout> {
  const layout: KustomizeLayout = { patches: new Set(), namespaces: new Map() };
  for (const dir of new Set(dirs)) {
    for (const name of kustomizationFileNames) {
      const read = await readTextFile(path.join(dir, name), maxKustomizationBytes);
      if (read.ok) {
        for (const rel of kustomizePatchPaths(read.text)) {
          layout.patches.add(path.resolve(dir, rel));
        }
        const ns = kustomizeNamespace(read.text);
        for (const rel of ns?.resources ?? []) {
          layout.namespaces.set(path.resolve(dir, rel), (ns as { namespace: string }).namespace);
        }
        break;
      }
    }
  }
  return layout;
}

/** The absolute paths of the patch files named by the kustomizations in `dirs`. */
export async function kustomizePatchFiles(dirs: Iterable<string>): Promise<Set<string>> {
  return (await kustomizeLayout(dirs)).patches;
}

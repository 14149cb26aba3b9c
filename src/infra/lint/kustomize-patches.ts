import * as path from 'node:path';
import { kustomizationFileNames, kustomizePatchPaths } from '../../core/lint/kubernetes/kustomize';
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

/**
 * The absolute paths of the patch files named by the kustomizations in `dirs` (each folder's
 * `kustomization.yaml`, `.yml` or `Kustomization`, read once). A missing or unreadable one names none.
 */
export async function kustomizePatchFiles(dirs: Iterable<string>): Promise<Set<string>> {
  const patches = new Set<string>();
  for (const dir of new Set(dirs)) {
    for (const name of kustomizationFileNames) {
      const read = await readTextFile(path.join(dir, name), maxKustomizationBytes);
      if (read.ok) {
        for (const rel of kustomizePatchPaths(read.text)) {
          patches.add(path.resolve(dir, rel));
        }
        break;
      }
    }
  }
  return patches;
}

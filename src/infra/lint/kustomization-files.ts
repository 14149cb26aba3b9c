import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { KustomizationFile } from '../../core/lint/cross/kustomize-patches';
import { kustomizationFile, kustomizationPatchFiles, maxPatchFileChars } from '../../core/lint/cross/kustomize-patches';
import type { KustomizeBuildSpec } from '../../core/lint/kubernetes/kustomize';
import { isWithin } from '../fs/within';
import { mapBounded } from '../fs/map-bounded';
import { readTextFile } from '../fs/read-text-file';

/** Most files read at once. */
const readsInFlight = 16;

/**
 * The patch and replacements files the kustomizations in `specs` name (see kustomizationPatchFiles), by absolute path,
 * each read once however many name it and parsed when first asked: only those `readable` allows, regular text files
 * of at most maxPatchFileChars bytes. Those it could not read are left out.
 */
export async function readKustomizationFiles(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, readable: (file: string) => boolean): Promise<Map<string, KustomizationFile>> {
  const named = new Set<string>();
  for (const [dir, k] of specs) {
    for (const rel of k ? kustomizationPatchFiles(k) : []) {
      named.add(path.resolve(dir, rel));
    }
  }
  const files = [...named].filter(readable);
  const reads = await mapBounded(files, readsInFlight, (file) => readTextFile(file, maxPatchFileChars));
  const out = new Map<string, KustomizationFile>();
  reads.forEach((read, i) => {
    if (read.ok) {
      out.set(files[i] as string, kustomizationFile(read.text));
    }
  });
  return out;
}

/** Most characters of those files a run keeps for the cross-file pass (a repository's patches hold far fewer): it reads any others again. */
const maxKeptChars = 32 * 1024 * 1024;

/** The first of `files` that fit in maxKeptChars together. */
export function kustomizationFilesKept(files: ReadonlyMap<string, KustomizationFile>): Map<string, KustomizationFile> {
  const kept = new Map<string, KustomizationFile>();
  let budget = maxKeptChars;
  for (const [file, read] of files) {
    if (read.text.length <= budget) {
      budget -= read.text.length;
      kept.set(file, read);
    }
  }
  return kept;
}

/** Whether `file`'s real path lies inside the real folder `realRoot` (a link out of it does not). */
function realPathInside(realRoot: string, file: string): boolean {
  try {
    return isWithin(path.relative(realRoot, realpathSync.native(file)));
  } catch {
    return false;
  }
}

/**
 * The files of `files` (absolute paths) by their path in the workspace at `root`, for the cross-file pass: only those
 * the workspace view would read itself (their real path inside the root), so that it learns the same from them.
 */
export function kustomizationFilesUnder(root: string, files: ReadonlyMap<string, KustomizationFile>): (rel: string) => KustomizationFile | undefined {
  let realRoot: string | undefined;
  return (rel) => {
    const file = path.resolve(root, ...rel.split('/').filter((s) => s !== ''));
    const found = files.get(file);
    if (found === undefined) {
      return undefined;
    }
    try {
      realRoot ??= realpathSync.native(root);
    } catch {
      return undefined;
    }
    return realPathInside(realRoot, file) ? found : undefined;
  };
}

import * as path from 'node:path';
import type { KustomizeBuildSpec, KustomizeTarget } from '../../core/lint/kubernetes/kustomize';
import { patchReplicaTargets, replacementFileFields, replicasReplaced } from '../../core/lint/kubernetes/kustomize';
import { readTextFile } from '../fs/read-text-file';

/** Most a patch or replacements file is read for (they are a few lines). */
const maxFileBytes = 1024 * 1024;

/** Most patch and replacements files read per kustomization. */
const maxFilesPerKustomization = 100;

async function textOf(file: string, readable: (file: string) => boolean): Promise<string | undefined> {
  const read = readable(file) ? await readTextFile(file, maxFileBytes) : undefined;
  return read?.ok ? read.text : undefined;
}

/**
 * The objects whose `spec.replicas` the kustomization in `dir` sets: its `replicas:` entries, its replacements
 * (inline, or in files), its patches (inline, or in files). Only files `readable` allows are read.
 */
export async function replicasSetIn(dir: string, spec: KustomizeBuildSpec, readable: (file: string) => boolean): Promise<KustomizeTarget[]> {
  const patches = spec.patches.slice(0, maxFilesPerKustomization).map(async (ref) => {
    const text = ref.inline ?? (ref.path !== undefined ? await textOf(path.resolve(dir, ref.path), readable) : undefined);
    return text !== undefined ? patchReplicaTargets(ref, text) : [];
  });
  const replacements = spec.replacementPaths.slice(0, maxFilesPerKustomization).map(async (rel) => {
    const text = await textOf(path.resolve(dir, rel), readable);
    return text !== undefined ? replicasReplaced({ replacedFields: replacementFileFields(text) }) : [];
  });
  return [...replicasReplaced(spec), ...(await Promise.all([...patches, ...replacements])).flat()];
}

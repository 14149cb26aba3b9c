import * as path from 'node:path';
import type { KustomizationFile, PatchFacts } from '../../core/lint/cross/kustomize-patches';
import { kustomizationFile, kustomizationPatchFactsOf, maxFilesPerKustomization } from '../../core/lint/cross/kustomize-patches';
import type { KustomizeBuildSpec, KustomizePatchRef } from '../../core/lint/kubernetes/kustomize';
import { patchSetsPodTolerations } from '../../core/lint/kubernetes/kustomize';

/** The word every patch that sets tolerations holds: patch files without it are not parsed. */
const tolerationsWord = 'tolerations';

/**
 * The facts of a patch's documents that set pod tolerations, named as kustomizationPatchFactsOf names a patch's
 * object (its `target:`, else the document's own kind and name): it is handed only those documents.
 */
function tolerationPatchFacts(ref: KustomizePatchRef, file: KustomizationFile): PatchFacts[] {
  const documents = file.patchDocuments().filter(patchSetsPodTolerations);
  if (documents.length === 0) {
    return [];
  }
  const setting: KustomizationFile = { text: file.text, patchDocuments: () => documents, replacements: () => [] };
  const asFile: KustomizePatchRef = { ...ref, inline: undefined, path: ref.path ?? 'inline' };
  return kustomizationPatchFactsOf({ patches: [asFile], replacementPaths: [], replacedFields: [] }, () => setting);
}

/**
 * The patches of the kustomization in `dir` that set a pod template's tolerations (inline, or in the files read, see
 * readKustomizationFiles). A file that could not be read sets none.
 */
function tolerationSettersIn(dir: string, k: KustomizeBuildSpec, files: ReadonlyMap<string, KustomizationFile>): PatchFacts[] {
  return k.patches.slice(0, maxFilesPerKustomization).flatMap((ref) => {
    const file = ref.inline !== undefined ? kustomizationFile(ref.inline) : ref.path !== undefined ? files.get(path.resolve(dir, ref.path)) : undefined;
    return file !== undefined && file.text.includes(tolerationsWord) ? tolerationPatchFacts(ref, file) : [];
  });
}

/** The patches of many kustomizations that set pod tolerations (see tolerationSettersIn); those that set none are left out. */
export function tolerationSetters(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, files: ReadonlyMap<string, KustomizationFile>): Map<string, PatchFacts[]> {
  const out = new Map<string, PatchFacts[]>();
  for (const [dir, k] of specs) {
    const setters = k ? tolerationSettersIn(dir, k, files) : [];
    if (setters.length > 0) {
      out.set(dir, setters);
    }
  }
  return out;
}

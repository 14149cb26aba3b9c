import * as path from 'node:path';
import type { KustomizationFile, PatchFacts } from '../../core/lint/cross/kustomize-patches';
import { kustomizationFile, kustomizationPatchFactsOf, maxFilesPerKustomization, maxPatchFileChars } from '../../core/lint/cross/kustomize-patches';
import type { KustomizeBuildSpec, KustomizePatchRef } from '../../core/lint/kubernetes/kustomize';
import { patchWrittenPaths } from '../../core/lint/kubernetes/kustomize-patched-fields';

/**
 * The facts of one patch document that writes fields, named as kustomizationPatchFactsOf names a patch's object (its
 * `target:`, else the document's own kind and name), with the fields it writes as their `replaced` paths.
 */
function documentFacts(ref: KustomizePatchRef, file: KustomizationFile, document: unknown): PatchFacts[] {
  const paths = patchWrittenPaths(document);
  if (paths.length === 0) {
    return [];
  }
  const one: KustomizationFile = { text: file.text, patchDocuments: () => [document], replacements: () => [] };
  const asFile: KustomizePatchRef = { ...ref, inline: undefined, path: ref.path ?? 'inline' };
  return kustomizationPatchFactsOf({ patches: [asFile], replacementPaths: [], replacedFields: [] }, () => one).map((p) => ({ ...p, replaced: paths }));
}

/** The patches of the kustomization in `dir` that write fields (inline, or in the files read, see readKustomizationFiles). A file that could not be read writes none. */
function fieldSettersIn(dir: string, k: KustomizeBuildSpec, files: ReadonlyMap<string, KustomizationFile>): PatchFacts[] {
  return k.patches.slice(0, maxFilesPerKustomization).flatMap((ref) => {
    const file = ref.inline !== undefined ? kustomizationFile(ref.inline) : ref.path !== undefined ? files.get(path.resolve(dir, ref.path)) : undefined;
    return file !== undefined && file.text.length <= maxPatchFileChars ? file.patchDocuments().flatMap((document) => documentFacts(ref, file, document)) : [];
  });
}

/** The patches of many kustomizations that write fields (see fieldSettersIn); those that write none are left out. */
export function fieldSetters(specs: ReadonlyMap<string, KustomizeBuildSpec | undefined>, files: ReadonlyMap<string, KustomizationFile>): Map<string, PatchFacts[]> {
  const out = new Map<string, PatchFacts[]>();
  for (const [dir, k] of specs) {
    const setters = k ? fieldSettersIn(dir, k, files) : [];
    if (setters.length > 0) {
      out.set(dir, setters);
    }
  }
  return out;
}

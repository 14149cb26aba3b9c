import { builtTogether } from './kustomize-built-together';
import type { WorkspaceModel } from './model';
import { dirOf } from './paths';

/**
 * Whether two manifests are applied as one set: the same file, files a kustomization builds together, or (kustomize
 * building neither) files of one folder. Stricter than manifestsAppliedTogether, which also pairs a folder with the
 * folders below it: an examples tree keeps a guide's manifests below the quickstart's, each applied on its own.
 */
export function appliedAsOneSet(ws: WorkspaceModel, a: string, b: string): boolean {
  if (a === b) {
    return true;
  }
  const facts = ws.kustomize;
  const builtA = facts?.builds.has(a) === true;
  const builtB = facts?.builds.has(b) === true;
  if (facts && builtA && builtB) {
    return builtTogether(facts, a, b);
  }
  return !builtA && !builtB && dirOf(a) === dirOf(b);
}

import { builtTogether } from './kustomize-built-together';
import type { WorkspaceModel } from './model';
import { dirOf } from './paths';

function inside(dir: string, outer: string): boolean {
  return dir === outer || outer === '' || dir.startsWith(`${outer}/`);
}

/**
 * Whether two manifests are applied together: the same file, files a kustomization builds together, or (kustomize
 * building neither) one in the other's folder or below it. Files of unrelated folders of a monorepo are not.
 */
export function manifestsAppliedTogether(ws: WorkspaceModel, a: string, b: string): boolean {
  return appliedWith(ws, a, b, (dirA, dirB) => inside(dirA, dirB) || inside(dirB, dirA));
}

/**
 * Whether two manifests are applied as one set: the same file, files a kustomization builds together, or (kustomize
 * building neither) files of one folder. Stricter than manifestsAppliedTogether, which also pairs a folder with the
 * folders below it: an examples tree keeps a guide's manifests below the quickstart's, each applied on its own.
 */
export function appliedAsOneSet(ws: WorkspaceModel, a: string, b: string): boolean {
  return appliedWith(ws, a, b, (dirA, dirB) => dirA === dirB);
}

/** The same file, files a kustomization builds together, or (kustomize building neither) folders `folders` pairs. */
function appliedWith(ws: WorkspaceModel, a: string, b: string, folders: (dirA: string, dirB: string) => boolean): boolean {
  if (a === b) {
    return true;
  }
  const facts = ws.kustomize;
  const builtA = facts?.builds.has(a) === true;
  const builtB = facts?.builds.has(b) === true;
  if (facts && builtA && builtB) {
    return builtTogether(facts, a, b);
  }
  return !builtA && !builtB && folders(dirOf(a), dirOf(b));
}

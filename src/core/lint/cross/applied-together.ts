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
  if (a === b) {
    return true;
  }
  const facts = ws.kustomize;
  const builtA = facts?.builds.has(a) === true;
  const builtB = facts?.builds.has(b) === true;
  if (facts && builtA && builtB) {
    return builtTogether(facts, a, b);
  }
  if (builtA !== builtB) {
    return false;
  }
  const [dirA, dirB] = [dirOf(a), dirOf(b)];
  return inside(dirA, dirB) || inside(dirB, dirA);
}

import { appliedAsOneSet, manifestsAppliedTogether } from './applied-together';
import { objectsOfKind } from './kube';
import type { ObjectEntry, WorkspaceModel } from './model';
import { dirOf } from './paths';

/**
 * Trap T22's evidence, scoped: the objects of a kind in the referrer's namespace that are applied with the referrer show
 * that the manifests hold the app's objects of that kind. Those of an unrelated folder of a monorepo linted whole say
 * nothing of this app. The objects are indexed by folder, so that a referrer is not paired with every manifest.
 */

/** The objects of one kind in one namespace, by where their manifests are. */
interface Candidates {
  /** Manifest a kustomization builds → its objects. */
  built: Map<string, ObjectEntry[]>;
  /** Folder → the objects of its manifests that no kustomization builds. */
  unbuiltByDir: Map<string, ObjectEntry[]>;
  /** The folders with such a manifest in them or below them. */
  unbuiltAtOrBelow: Set<string>;
}

interface Cache {
  candidates: Map<string, Candidates>;
  /** Answers for referrers a kustomization builds, which are paired with each built manifest. */
  builtAnswers: Map<string, readonly ObjectEntry[]>;
}

const caches = new WeakMap<WorkspaceModel, Cache>();

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function isBuilt(ws: WorkspaceModel, path: string): boolean {
  return ws.kustomize?.builds.has(path) === true;
}

function cacheOf(ws: WorkspaceModel): Cache {
  let cache = caches.get(ws);
  if (!cache) {
    cache = { candidates: new Map(), builtAnswers: new Map() };
    caches.set(ws, cache);
  }
  return cache;
}

function candidatesOf(ws: WorkspaceModel, kind: string, namespace: string): Candidates {
  const cache = cacheOf(ws);
  const key = `${kind}\0${namespace}`;
  let found = cache.candidates.get(key);
  if (!found) {
    found = { built: new Map(), unbuiltByDir: new Map(), unbuiltAtOrBelow: new Set() };
    for (const entry of objectsOfKind(ws, kind, namespace)) {
      if (isBuilt(ws, entry.path)) {
        push(found.built, entry.path, entry);
        continue;
      }
      const dir = dirOf(entry.path);
      push(found.unbuiltByDir, dir, entry);
      for (let d = dir; !found.unbuiltAtOrBelow.has(d); d = dirOf(d)) {
        found.unbuiltAtOrBelow.add(d);
      }
    }
    cache.candidates.set(key, found);
  }
  return found;
}

/** The objects of the built manifests that `appliedWith` pairs with the referrer's, asked once per referrer file. */
function builtAppliedWith(ws: WorkspaceModel, referrer: ObjectEntry, kind: string, scope: string, appliedWith: (ws: WorkspaceModel, a: string, b: string) => boolean): readonly ObjectEntry[] {
  const cache = cacheOf(ws);
  const key = `${scope}\0${kind}\0${referrer.namespace}\0${referrer.path}`;
  const known = cache.builtAnswers.get(key);
  if (known) {
    return known;
  }
  const answer: ObjectEntry[] = [];
  for (const [path, entries] of candidatesOf(ws, kind, referrer.namespace).built) {
    if (appliedWith(ws, referrer.path, path)) {
      answer.push(...entries);
    }
  }
  cache.builtAnswers.set(key, answer);
  return answer;
}

/** The objects of `kind` in the referrer's namespace applied as one set with it (see appliedAsOneSet), in file order. */
export function objectsAppliedAsOneSet(ws: WorkspaceModel, referrer: ObjectEntry, kind: string): readonly ObjectEntry[] {
  if (isBuilt(ws, referrer.path)) {
    return builtAppliedWith(ws, referrer, kind, 'one-set', appliedAsOneSet);
  }
  // Neither built: the manifests of the referrer's folder.
  return candidatesOf(ws, kind, referrer.namespace).unbuiltByDir.get(dirOf(referrer.path)) ?? [];
}

/** Whether an object of `kind` in the referrer's namespace is applied together with it (see manifestsAppliedTogether). */
export function kindAppliedTogether(ws: WorkspaceModel, referrer: ObjectEntry, kind: string): boolean {
  if (isBuilt(ws, referrer.path)) {
    return builtAppliedWith(ws, referrer, kind, 'together', manifestsAppliedTogether).length > 0;
  }
  // Neither built: a manifest in the referrer's folder or below it, or in a folder above it.
  const { unbuiltByDir, unbuiltAtOrBelow } = candidatesOf(ws, kind, referrer.namespace);
  const dir = dirOf(referrer.path);
  if (unbuiltAtOrBelow.has(dir)) {
    return true;
  }
  for (let d = dir; d !== ''; ) {
    d = dirOf(d);
    if (unbuiltByDir.has(d)) {
      return true;
    }
  }
  return false;
}

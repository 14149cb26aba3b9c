import { appliedAsOneSet, manifestsAppliedTogether } from './applied-together';
import type { LabelledPod } from './kube';
import { labelledPods, objectsOfKind } from './kube';
import type { ObjectEntry, WorkspaceModel } from './model';
import { dirOf } from './paths';

/**
 * Trap T22's evidence, scoped: the objects of a kind (or the labelled pods) in the referrer's namespace that are applied
 * with the referrer show that the manifests hold the app's objects of that kind. Those of an unrelated folder of a
 * monorepo linted whole say nothing of this app. The objects are indexed by folder, so that a referrer is not paired
 * with every manifest.
 */

/** The objects of one kind (or the labelled pods) in one namespace, by where their manifests are. */
interface Candidates<T> {
  /** Manifest a kustomization builds → its objects. */
  built: Map<string, T[]>;
  /** Folder → the objects of its manifests that no kustomization builds. */
  unbuiltByDir: Map<string, T[]>;
  /** The folders with such a manifest in them or below them. */
  unbuiltAtOrBelow: Set<string>;
}

/** Which candidates: their cache key, and how to list them and find their manifests. */
interface Source<T> {
  key: string;
  items: () => readonly T[];
  pathOf: (item: T) => string;
}

interface Cache {
  candidates: Map<string, Candidates<unknown>>;
  /** Answers for referrers a kustomization builds, which are paired with each built manifest. */
  builtAnswers: Map<string, readonly unknown[]>;
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

function candidatesOf<T>(ws: WorkspaceModel, source: Source<T>): Candidates<T> {
  const cache = cacheOf(ws);
  let found = cache.candidates.get(source.key) as Candidates<T> | undefined;
  if (!found) {
    found = { built: new Map(), unbuiltByDir: new Map(), unbuiltAtOrBelow: new Set() };
    for (const item of source.items()) {
      const path = source.pathOf(item);
      if (isBuilt(ws, path)) {
        push(found.built, path, item);
        continue;
      }
      const dir = dirOf(path);
      push(found.unbuiltByDir, dir, item);
      for (let d = dir; !found.unbuiltAtOrBelow.has(d); d = dirOf(d)) {
        found.unbuiltAtOrBelow.add(d);
      }
    }
    cache.candidates.set(source.key, found);
  }
  return found;
}

function kindSource(ws: WorkspaceModel, kind: string, namespace: string): Source<ObjectEntry> {
  return { key: `${kind}\0${namespace}`, items: () => objectsOfKind(ws, kind, namespace), pathOf: (e) => e.path };
}

/** The labelled pods of one namespace (kinds never start with a NUL, so the key is no kind's). */
function podSource(ws: WorkspaceModel, namespace: string): Source<LabelledPod> {
  return { key: `\0pods\0${namespace}`, items: () => labelledPods(ws, namespace), pathOf: (p) => p.entry.path };
}

/** The candidates of the built manifests that `appliedWith` pairs with the referrer's, asked once per referrer file. */
function builtAppliedWith<T>(ws: WorkspaceModel, referrer: ObjectEntry, source: Source<T>, scope: string, appliedWith: (ws: WorkspaceModel, a: string, b: string) => boolean): readonly T[] {
  const cache = cacheOf(ws);
  const key = `${scope}\0${source.key}\0${referrer.path}`;
  const known = cache.builtAnswers.get(key) as readonly T[] | undefined;
  if (known) {
    return known;
  }
  const answer: T[] = [];
  for (const [path, items] of candidatesOf(ws, source).built) {
    if (appliedWith(ws, referrer.path, path)) {
      answer.push(...items);
    }
  }
  cache.builtAnswers.set(key, answer);
  return answer;
}

/** The candidates applied as one set with the referrer (see appliedAsOneSet), in file order; the same list for one set. */
function appliedAsOneSetFrom<T>(ws: WorkspaceModel, referrer: ObjectEntry, source: Source<T>): readonly T[] {
  if (isBuilt(ws, referrer.path)) {
    return builtAppliedWith(ws, referrer, source, 'one-set', appliedAsOneSet);
  }
  // Neither built: the manifests of the referrer's folder.
  return candidatesOf(ws, source).unbuiltByDir.get(dirOf(referrer.path)) ?? [];
}

/** The objects of `kind` in the referrer's namespace applied as one set with it (see appliedAsOneSet), in file order. */
export function objectsAppliedAsOneSet(ws: WorkspaceModel, referrer: ObjectEntry, kind: string): readonly ObjectEntry[] {
  return appliedAsOneSetFrom(ws, referrer, kindSource(ws, kind, referrer.namespace));
}

/**
 * The labelled pods in the referrer's namespace applied as one set with it (see appliedAsOneSet), in file order. One
 * set's pods are one list, so that what is derived from the list (closestPod's label index) is derived once.
 */
export function podsAppliedAsOneSet(ws: WorkspaceModel, referrer: ObjectEntry): readonly LabelledPod[] {
  return appliedAsOneSetFrom(ws, referrer, podSource(ws, referrer.namespace));
}

/** Whether an object of `kind` in the referrer's namespace is applied together with it (see manifestsAppliedTogether). */
export function kindAppliedTogether(ws: WorkspaceModel, referrer: ObjectEntry, kind: string): boolean {
  const source = kindSource(ws, kind, referrer.namespace);
  if (isBuilt(ws, referrer.path)) {
    return builtAppliedWith(ws, referrer, source, 'together', manifestsAppliedTogether).length > 0;
  }
  // Neither built: a manifest in the referrer's folder or below it, or in a folder above it.
  const { unbuiltByDir, unbuiltAtOrBelow } = candidatesOf(ws, source);
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

import type { KustomizeFacts } from './kustomize';
import { patchTargets } from './kustomize';
import { buildsOver, filesBuiltBy } from './kustomize-built-together';
import { setsReplicas } from './kustomize-patches';
import type { ObjectEntry } from './model';

/**
 * The folders of the kustomizations whose `replicas:` entries, patches or replacements set `spec.replicas` of `target`
 * in a build that also applies `scaler` (the autoscaler that scales it): every apply of that build resets the scale.
 */
export function replicaSettersAppliedWith(facts: KustomizeFacts | undefined, target: ObjectEntry, scaler: ObjectEntry): string[] {
  const builds = facts?.builds.get(target.path);
  if (!facts || !builds) {
    return [];
  }
  const dirs = new Set<string>();
  for (const build of builds) {
    if ((build.namespace ?? target.obj.namespace ?? 'default') !== target.namespace) {
      continue;
    }
    for (const patch of build.patches) {
      const dir = facts.patchDirs.get(patch);
      if (dir !== undefined && setsReplicas(patch) && patchTargets(patch, build, target.obj.kind, target.obj.name)) {
        dirs.add(dir);
      }
    }
  }
  return [...dirs].filter((dir) => buildsOver(facts, dir).some((top) => filesBuiltBy(facts, top).has(scaler.path))).sort();
}

import * as path from 'node:path';
import { gpuWorkloadKeysOf, isKeyForAnywhere, mayRequestAccelerator } from '../core/lint/kubernetes/gpu-workloads';
import { hpaTargetsOf } from '../core/lint/kubernetes/hpa-targets';
import type { YamlFile } from '../core/lint/yaml/parse';
import type { LintJob } from './lint-file';
import { parsedOnce } from './parsed-once';

/**
 * An HPA in one file scales a Deployment in another (`deployment.yaml` beside `hpa.yaml`): the HPAs of every
 * file are read before the per-file pass, and each Kubernetes job learns what they scale. An HPA with a
 * namespace (its own or its kustomization's) counts everywhere; one without counts in its own folder and for the
 * files the same kustomization builds (an overlay and its bases), so that an unrelated `web` elsewhere in the
 * repository is not taken for it. The files read for it are kept parsed for the per-file pass.
 */
export function shareHpaTargets(slots: readonly { file: string; job?: LintJob }[], parsedYaml: Map<string, YamlFile>, listedBy: ReadonlyMap<string, readonly string[]>): void {
  const anywhere = new Set<string>();
  const byFolder = new Map<string, Set<string>>();
  // A file's folder, and the folders of the kustomizations that build it with their other files (listedBy).
  const scopesOf = (file: string): string[] => [path.dirname(file), ...(listedBy.get(file) ?? []).map((dir) => `${dir}\0kustomization`)];
  for (const s of slots) {
    if (s.job?.kind === 'kubernetes' && s.job.text.includes('HorizontalPodAutoscaler')) {
      const parsed = parsedOnce(parsedYaml, s.file, s.job.text);
      const fromKustomization = s.job.namespace !== undefined;
      for (const key of hpaTargetsOf(parsed, s.job.namespace)) {
        const unscoped = key.slice(key.indexOf('\0'));
        if (unscoped !== key) {
          anywhere.add(key);
        }
        // The builds that put the HPA in their namespace put there the objects they build without one too (a base
        // that overlays of several namespaces build keeps none of its own).
        for (const scope of scopesOf(s.file)) {
          if (unscoped === key || (fromKustomization && scope.endsWith('\0kustomization'))) {
            const scoped = byFolder.get(scope) ?? new Set<string>();
            byFolder.set(scope, scoped);
            scoped.add(unscoped);
          }
        }
      }
    }
  }
  if (anywhere.size === 0 && byFolder.size === 0) {
    return;
  }
  shareGpuWorkloads(slots, parsedYaml, scopesOf, [...anywhere, ...[...byFolder.values()].flatMap((keys) => [...keys])]);
  const keysFor = keysForScopes(anywhere, byFolder);
  for (const s of slots) {
    if (s.job?.kind !== 'kubernetes') {
      continue;
    }
    const targets = keysFor(scopesOf(s.file));
    if (targets.size > 0) {
      s.job.hpaTargets = targets;
    }
  }
}

/**
 * The reverse: an HPA in one file scales a GPU workload in another, and MLK310 leaves its minReplicas alone
 * (single-replica GPU serving is a cost choice). Only the files that name an accelerator and the name of an
 * HPA's target are parsed (and kept parsed for the per-file pass); each HPA file learns the GPU workloads
 * of its scopes, with a namespace everywhere, as shareHpaTargets shares HPA targets.
 */
function shareGpuWorkloads(slots: readonly { file: string; job?: LintJob }[], parsedYaml: Map<string, YamlFile>, scopesOf: (file: string) => string[], targets: readonly string[]): void {
  const names = new Set(targets.map((key) => key.slice(key.lastIndexOf('\0') + 1)));
  const anywhere = new Set<string>();
  const byScope = new Map<string, Set<string>>();
  for (const s of slots) {
    const job = s.job;
    if (job?.kind !== 'kubernetes' || !mayRequestAccelerator(job.text, job.config.cluster) || ![...names].some((name) => job.text.includes(name))) {
      continue;
    }
    for (const key of gpuWorkloadKeysOf(parsedOnce(parsedYaml, s.file, job.text), job.config.cluster, job.namespace, names)) {
      if (isKeyForAnywhere(key)) {
        anywhere.add(key);
        continue;
      }
      for (const scope of scopesOf(s.file)) {
        const scoped = byScope.get(scope) ?? new Set<string>();
        byScope.set(scope, scoped);
        scoped.add(key);
      }
    }
  }
  if (anywhere.size === 0 && byScope.size === 0) {
    return;
  }
  const keysFor = keysForScopes(anywhere, byScope);
  for (const s of slots) {
    if (s.job?.kind === 'kubernetes' && s.job.text.includes('HorizontalPodAutoscaler')) {
      const keys = keysFor(scopesOf(s.file));
      if (keys.size > 0) {
        s.job.gpuWorkloads = keys;
      }
    }
  }
}

/** The keys that hold everywhere plus those of the given scopes, one set per distinct list of scopes. */
function keysForScopes(anywhere: ReadonlySet<string>, byScope: ReadonlyMap<string, ReadonlySet<string>>): (scopes: readonly string[]) => ReadonlySet<string> {
  const forScopes = new Map<string, ReadonlySet<string>>();
  return (scopes) => {
    const scopesKey = scopes.join('\n');
    let keys = forScopes.get(scopesKey);
    if (!keys) {
      const local = scopes.flatMap((scope) => [...(byScope.get(scope) ?? [])]);
      keys = local.length > 0 ? new Set([...anywhere, ...local]) : anywhere;
      forScopes.set(scopesKey, keys);
    }
    return keys;
  };
}

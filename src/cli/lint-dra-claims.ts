import * as path from 'node:path';
import type { DraGpuClaims } from '../core/lint/kubernetes/dra';
import { addDraGpuClaims, draGpuClaims, mayDeclareDraClaims, mergeDraGpuClaims } from '../core/lint/kubernetes/dra';
import type { YamlFile } from '../core/lint/yaml/parse';
import type { LintJob } from './lint-file';
import { parsedOnce } from './parsed-once';

/**
 * A Deployment in one file claims GPUs through a ResourceClaimTemplate in another (`claims.yaml` beside
 * `deployment.yaml`): the GPU claim templates and claims of every file are read before the per-file pass, and
 * each Kubernetes job whose pods claim devices learns those of its folder and of the kustomizations that build it
 * (listedBy), so that a template of the same name elsewhere in the repository is not taken for its own. The
 * files read are kept parsed, and a file that gets claims has them before any of its objects is built.
 */
export function shareDraClaims(slots: readonly { file: string; job?: LintJob }[], parsedYaml: Map<string, YamlFile>, listedBy: ReadonlyMap<string, readonly string[]>): void {
  const scopesOf = (file: string): string[] => [path.dirname(file), ...(listedBy.get(file) ?? []).map((dir) => `${dir}\0kustomization`)];
  const byScope = new Map<string, DraGpuClaims[]>();
  for (const s of slots) {
    const job = s.job;
    if (job?.kind !== 'kubernetes' || !mayDeclareDraClaims(job.text)) {
      continue;
    }
    const claims = draGpuClaims(parsedOnce(parsedYaml, s.file, job.text));
    if (!claims) {
      continue;
    }
    for (const scope of scopesOf(s.file)) {
      const known = byScope.get(scope) ?? [];
      byScope.set(scope, known);
      known.push(claims);
    }
  }
  if (byScope.size === 0) {
    return;
  }
  for (const s of slots) {
    const job = s.job;
    if (job?.kind !== 'kubernetes' || !job.text.includes('resourceClaims')) {
      continue;
    }
    const found = scopesOf(s.file).flatMap((scope) => byScope.get(scope) ?? []);
    if (found.length > 0) {
      job.draClaims = mergeDraGpuClaims(found);
      // Parsed (and given its claims) now, before the HPA pass reads its objects.
      addDraGpuClaims(parsedOnce(parsedYaml, s.file, job.text), job.draClaims);
    }
  }
}

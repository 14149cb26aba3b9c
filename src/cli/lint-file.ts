import type { MlcConfig } from '../core/lint/config';
import { lintCompose } from '../core/lint/compose/lint';
import { lintDockerfile } from '../core/lint/engine';
import { lintManifest } from '../core/lint/kubernetes/lint';
import type { KueueObjects } from '../core/lint/kubernetes/kueue';
import type { KustomizeBuild } from '../core/lint/kubernetes/kustomize';
import type { DraGpuClaims } from '../core/lint/kubernetes/dra';
import type { ManifestSchemas } from '../core/lint/kubernetes/rule';
import type { Finding, InputProblem } from '../core/lint/types';
import type { YamlFile } from '../core/lint/yaml/parse';
import { fsBuildContext } from '../infra/lint/build-context';

/** One file of `mlc lint`, read and configured: all a thread needs to lint it (structured-cloneable). */
export interface LintJob {
  /** `kustomization`: a kustomization without apiVersion and kind, which only the cross-file rules read. */
  kind: 'dockerfile' | 'kubernetes' | 'compose' | 'kustomization';
  text: string;
  config: MlcConfig;
  /** `/`-separated path relative to the config root, for `ignore` entries. */
  path: string;
  noInlineIgnores: boolean;
  /** Compute quick fixes (`--fix`, `--diff`); a plain run skips building them. */
  fixes?: boolean;
  /** Dockerfiles: the build context folder (absolute). */
  contextDir?: string;
  /** Dockerfiles: named build contexts that bake or Compose files around them pass to their builds. */
  namedContexts?: string[];
  /** Dockerfiles: images that Compose files around them build and tag (a FROM of one is not pulled). */
  localImages?: string[];
  /** Dockerfiles: the stages Compose services build from them (undefined: the last), when one names a target. */
  targets?: (string | undefined)[];
  /** Kubernetes files: the Kubernetes minor MLK002 validates against; unset when MLK002 is off or the schemas are missing. */
  schemaVersion?: string;
  /** Kubernetes files: named as a patch by the kustomization in its folder or one above. */
  kustomizePatch?: boolean;
  /** Kubernetes files: the namespace their kustomization moves their objects to. */
  namespace?: string;
  /** Kubernetes files: what the kustomizations over them set on their objects (selectors, pinned and renamed images, replicas). */
  kustomizeBuild?: KustomizeBuild;
  /** Kubernetes files: the objects the HPAs of all the files linted scale (hpaTargetKey). */
  hpaTargets?: ReadonlySet<string>;
  /** Kubernetes files with HPAs: the GPU workloads of the files linted that HPAs scale (gpuWorkloadKeysOf). */
  gpuWorkloads?: ReadonlySet<string>;
  /** Kubernetes files whose pods claim devices: the GPU claim templates and claims of the files around them. */
  draClaims?: DraGpuClaims;
  /** Kueue's flavors and queues in the files of the run (see shareKueueObjects). */
  kueue?: KueueObjects;
  /** KServe ServingRuntimes in the files of the run that mount /dev/shm (see shareServingRuntimes). */
  shmRuntimes?: ReadonlySet<string>;
  /** Compose files: the text of the files their services extend, by the path written under `extends: {file: …}`. */
  composeExtends?: ReadonlyMap<string, string>;
  /** Compose main files: the text of the override file `docker compose` merges over them (`compose.override.yaml`). */
  composeOverride?: string;
  /** Compose variant files (`docker-compose.gpu.yml`): the text of the main file beside them they are run with. */
  composeBase?: string;
  /** Compose main files: the text of the variant files beside them, by name (see variantNamesFor), when they may matter. */
  composeVariants?: ReadonlyMap<string, string>;
  /** The services of the project whose `include:` names this Compose file (see includingProject). */
  composeProject?: string[];
  /** Compose files: the text of the project's `.env` beside them. */
  composeEnv?: string;
  /** Compose files: the text of the Dockerfiles their services build, by path relative to their folder (see builtDockerfileNames). */
  composeDockerfiles?: ReadonlyMap<string, string>;
  /** Compose files with `include:`: the volumes the included files declare, when every one was read (see includedVolumes). */
  composeIncludedVolumes?: string[];
}

export interface LintJobResult {
  findings: Finding[];
  problems: InputProblem[];
}

/**
 * Lints one file. `schemas` are the bundled ones at `job.schemaVersion` (the caller loads them once);
 * `parsed` is the text already parsed, when the caller needs the parse too.
 */
export function lintJob(job: LintJob, schemas: ManifestSchemas | undefined, parsed?: YamlFile): LintJobResult {
  if (job.kind === 'kustomization') {
    return { findings: [], problems: [] };
  }
  const options = { config: job.config, path: job.path, noInlineIgnores: job.noInlineIgnores, shareMessages: true };
  if (job.kind === 'compose') {
    return lintCompose(job.text, { ...options, ...(job.composeExtends ? { extendsFiles: job.composeExtends } : {}), ...(job.composeOverride !== undefined ? { overrideFile: job.composeOverride } : {}), ...(job.composeBase !== undefined ? { baseFile: job.composeBase } : {}), ...(job.composeVariants ? { variantFiles: job.composeVariants } : {}), ...(job.composeProject !== undefined ? { projectServices: job.composeProject } : {}), ...(job.composeEnv !== undefined ? { envFile: job.composeEnv } : {}), ...(job.composeDockerfiles ? { builtDockerfiles: job.composeDockerfiles } : {}), ...(job.composeIncludedVolumes ? { includedVolumes: job.composeIncludedVolumes } : {}) });
  }
  if (job.kind === 'kubernetes') {
    return lintManifest(job.text, { ...options, fixes: job.fixes === true, ...(parsed ? { parsed } : {}), ...(schemas ? { schemas } : {}), ...(job.kustomizePatch ? { kustomizePatch: true } : {}), ...(job.namespace !== undefined ? { namespace: job.namespace } : {}), ...(job.hpaTargets ? { hpaTargets: job.hpaTargets } : {}), ...(job.gpuWorkloads ? { gpuWorkloads: job.gpuWorkloads } : {}), ...(job.draClaims ? { draClaims: job.draClaims } : {}), ...(job.kueue ? { kueue: job.kueue } : {}), ...(job.shmRuntimes ? { shmRuntimes: job.shmRuntimes } : {}), ...(job.kustomizeBuild ? { kustomizeBuild: job.kustomizeBuild } : {}) });
  }
  return lintDockerfile(job.text, { ...options, fixes: job.fixes === true, ...(job.contextDir !== undefined ? { buildContext: fsBuildContext(job.contextDir) } : {}), ...(job.namedContexts ? { namedContexts: job.namedContexts } : {}), ...(job.localImages ? { localImages: job.localImages } : {}), ...(job.targets ? { targets: job.targets } : {}) });
}

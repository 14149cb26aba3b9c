import * as path from 'node:path';
import type { MlcConfig } from '../core/lint/config';
import { emptyConfig } from '../core/lint/config';
import { classifyYaml, isJsonFileName, isJsonManifest, isYamlFileName } from '../core/lint/yaml/classify';
import { readTextFile } from '../infra/fs/read-text-file';
import { isWithin } from '../infra/fs/within';
import { realPathOf } from '../infra/fs/real-path';
import type { KustomizeLayout } from '../infra/lint/kustomize-layout';
import { soleNamespace } from '../infra/lint/kustomize-layout';
import type { LoadedConfig } from '../infra/lint/load-config';
import type { LintJob } from './lint-file';

/** Most files one run reads for facts only (a base shared by a few overlays lists tens). */
const maxFactFiles = 300;

/** Most bytes those files may hold together (a kubebuilder `config/default` builds every CRD). */
const maxFactBytes = 32 * 1024 * 1024;

/** A manifest read only for what other files learn from it (the HPAs and GPU workloads it holds): never linted, never reported. */
export interface FactFile {
  file: string;
  job: LintJob;
  namespaces?: readonly (string | undefined)[];
}

export interface FactFileOptions {
  /** The Kubernetes files linted (absolute paths). */
  linted: readonly string[];
  /** Every file the run lints (absolute paths): none of them is read again. */
  discovered: ReadonlySet<string>;
  layout: KustomizeLayout;
  /** The repository (or the folder the paths share): nothing outside it is read, links followed. */
  scope: string;
  maxBytes: number;
  noInlineIgnores: boolean;
  configFor(dir: string): Promise<LoadedConfig | undefined>;
}

function isManifest(file: string, text: string): boolean {
  const name = path.basename(file);
  return isJsonFileName(name) ? isJsonManifest(text, true) : isYamlFileName(name) && classifyYaml(text, name) === 'kubernetes';
}


/**
 * The manifests the kustomizations over the linted files build together with them but that lie outside the paths
 * linted (`overlays/dev` lints its HPA; `../../base/deployment.yaml` holds the Deployment it scales): read so that
 * the rules that look across files (MLK306, MLK310, MLX) see what linting the whole repository sees. Bounded as
 * discovery bounds a walk: regular files inside `scope` once links are followed, at most `maxBytes` each, at most
 * `maxFactFiles` and `maxFactBytes` in all; patches are left out (their objects are the base's).
 */
export async function kustomizeFactFiles(options: FactFileOptions): Promise<FactFile[]> {
  const { layout, discovered } = options;
  const builds = new Set(options.linted.flatMap((file) => layout.listedBy.get(file) ?? []));
  if (builds.size === 0) {
    return [];
  }
  const wanted: string[] = [];
  for (const [file, dirs] of layout.listedBy) {
    if (!discovered.has(file) && !layout.patches.has(file) && dirs.some((dir) => builds.has(dir))) {
      wanted.push(file);
    }
  }
  if (wanted.length === 0) {
    return [];
  }
  wanted.sort();
  const boundary = (await realPathOf(options.scope)) ?? options.scope;
  const out: FactFile[] = [];
  // One at a time, in a fixed order: the byte budget then keeps the same files from run to run.
  let budget = maxFactBytes;
  for (const file of wanted.slice(0, maxFactFiles)) {
    const real = await realPathOf(file);
    if (real === undefined || discovered.has(real) || !isWithin(path.relative(boundary, real))) {
      continue;
    }
    const read = await readTextFile(real, Math.min(options.maxBytes, budget));
    if (!read.ok || !isManifest(file, read.text)) {
      continue;
    }
    budget -= read.text.length;
    const loaded = await options.configFor(path.dirname(file));
    if (loaded && !loaded.ok) {
      continue;
    }
    const config: MlcConfig = loaded?.config ?? emptyConfig();
    const namespaces = layout.namespaces.get(file);
    const namespace = soleNamespace(namespaces);
    const job: LintJob = { kind: 'kubernetes', text: read.text, config, path: '', noInlineIgnores: options.noInlineIgnores, ...(namespace !== undefined ? { namespace } : {}) };
    out.push({ file, job, ...(namespaces !== undefined ? { namespaces } : {}) });
  }
  return out;
}

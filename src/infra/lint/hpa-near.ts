import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { gpuWorkloadKeysOf, mayRequestAccelerator } from '../../core/lint/kubernetes/gpu-workloads';
import { hpaTargetsOf } from '../../core/lint/kubernetes/hpa-targets';
import type { ClusterProfile } from '../../core/lint/kubernetes/settings';
import { defaultClusterProfile } from '../../core/lint/kubernetes/settings';
import { isYamlFileName } from '../../core/lint/yaml/classify';
import { parseYaml } from '../../core/lint/yaml/parse';
import { readTextFile } from '../fs/read-text-file';

/** Most files of a folder read for HPAs, and the largest read. */
const maxFiles = 200;
const maxBytes = 1024 * 1024;

/** What each file read said, by path, while its size and modification time stay the same (an editor lints often). */
const seen = new Map<string, { stamp: string; targets: string[] }>();
const maxSeen = 2000;

async function targetsOfFile(file: string): Promise<string[]> {
  let stamp: string;
  try {
    const st = await stat(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return [];
  }
  const known = seen.get(file);
  if (known?.stamp === stamp) {
    return known.targets;
  }
  const read = await readTextFile(file, maxBytes);
  const targets = read.ok && read.text.includes('HorizontalPodAutoscaler') ? hpaTargetsOf(parseYaml(read.text)) : [];
  if (seen.size >= maxSeen) {
    seen.clear();
  }
  seen.set(file, { stamp, targets });
  return targets;
}

/** The YAML files of `dir` (at most maxFiles) but `except`; none for an unreadable folder. */
async function yamlFilesOf(dir: string, except: string | undefined): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter(isYamlFileName)
      .sort()
      .slice(0, maxFiles)
      .map((name) => path.join(dir, name))
      .filter((file) => file !== except);
  } catch {
    return [];
  }
}

/**
 * The YAML files of `dir` and `builtWith` (the files the kustomizations that build the linted one apply with it,
 * wherever they are; at most maxFiles of them), but `except`.
 */
export async function yamlFilesNear(dir: string, except: string | undefined, builtWith: readonly string[] = []): Promise<string[]> {
  return [...new Set([...(await yamlFilesOf(dir, except)), ...builtWith.slice(0, maxFiles).filter((f) => f !== except)])];
}

/**
 * The objects the HorizontalPodAutoscalers in the YAML files of `dir` and `builtWith` scale (hpaTargetKey), but
 * for `except` (the file being linted reads its own): `hpa.yaml` beside `deployment.yaml`, or applied with it by
 * the same kustomization. Unreadable files and folders say nothing.
 */
export async function hpaTargetsNear(dir: string, except?: string, builtWith: readonly string[] = []): Promise<Set<string>> {
  const targets = new Set<string>();
  for (const file of await yamlFilesNear(dir, except, builtWith)) {
    (await targetsOfFile(file)).forEach((t) => targets.add(t));
  }
  return targets;
}

/** What each file read for GPU workloads said, by path, while its size, modification time and the cluster's accelerator names stay the same. */
const seenGpu = new Map<string, { stamp: string; keys: string[] }>();

async function gpuWorkloadsOfFile(file: string, cluster: ClusterProfile): Promise<string[]> {
  let stamp: string;
  try {
    const st = await stat(file);
    stamp = `${st.size}:${st.mtimeMs}:${cluster.acceleratorResources.join(',')}`;
  } catch {
    return [];
  }
  const known = seenGpu.get(file);
  if (known?.stamp === stamp) {
    return known.keys;
  }
  const read = await readTextFile(file, maxBytes);
  const keys = read.ok && mayRequestAccelerator(read.text, cluster) ? gpuWorkloadKeysOf(parseYaml(read.text), cluster) : [];
  if (seenGpu.size >= maxSeen) {
    seenGpu.clear();
  }
  seenGpu.set(file, { stamp, keys });
  return keys;
}

/**
 * The objects in the other YAML files of `dir` and `builtWith` that request accelerators (gpuWorkloadKeysOf), for
 * the HPAs of `except` (MLK310): `deployment.yaml` beside `hpa.yaml`. Unreadable files and folders say nothing.
 */
export async function gpuWorkloadsNear(dir: string, except?: string, cluster: ClusterProfile = defaultClusterProfile(), builtWith: readonly string[] = []): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const file of await yamlFilesNear(dir, except, builtWith)) {
    (await gpuWorkloadsOfFile(file, cluster)).forEach((k) => keys.add(k));
  }
  return keys;
}

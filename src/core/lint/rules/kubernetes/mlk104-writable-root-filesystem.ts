import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import { appContainers, containerLabel, containers, envEntries, finding, mounts } from './helpers';
import { containerValue } from './security';
import { downloadDirOf } from './download-dir';
import { commandLine, kserveStorageUri, localModelPaths, runsTritonServer } from './model-source';
import { imageRepository, isGpuContainer, isNimRepository, isServingContainer, runsMlCommand } from '../../kubernetes/gpu';
import { isGpuExporter, isGpuSmokeTest, isMediaServer, isPausePlaceholder } from '../../single-process-servers';
import { isVectorDatabase } from './vector-databases';
import { memoByString } from '../../string-memo';

/** Variables that move a model cache: the Hugging Face ones and NIM's `NIM_CACHE_PATH`. */
const cacheVariables = new Set(['HF_HOME', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'NIM_CACHE_PATH']);

const trimmed = (path: string): string => (path.endsWith('/') ? path.replace(/\/+$/, '') : path);

/** Whether a volume is mounted at the path, or at a folder above it. */
function onVolume(mountPaths: readonly string[], path: string): boolean {
  return mountPaths.some((m) => m !== '' && path.startsWith(m) && (path.length === m.length || path[m.length] === '/'));
}

/** Images that download no model (see downloadsNoModel), decided once per image repository. */
const runsNoModelImage = memoByString((repo: string) => isPausePlaceholder(repo) || isGpuExporter(repo) || isGpuSmokeTest(repo) || isMediaServer(repo) || isVectorDatabase(repo));

/**
 * The container downloads no model into a cache: a pause placeholder, GPU exporter, smoke test, media server or vector
 * database; Triton, which serves a model repository; or a server whose model is a local path or KServe's storageUri
 * (fetched into /mnt/models by the storage initializer). Reporting path only.
 */
function downloadsNoModel(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  const view = obj.view;
  if (runsNoModelImage(imageRepository(view.text(c.node, 'image') ?? ''))) {
    return true;
  }
  if (runsTritonServer(obj, pod, c)) {
    return true;
  }
  return kserveStorageUri(obj, pod, c) !== undefined || localModelPaths(view, c.node, commandLine(view, c.node)).length > 0;
}

/** The container's TMPDIR and model caches: `--download-dir`, a cache variable, else NIM's or the Hugging Face default. */
function writablePlaces(view: YamlView, container: Node, nim: boolean): { tmp: string; caches: string[]; named: boolean } {
  let tmp = '/tmp';
  const caches: string[] = [];
  const downloadDir = downloadDirOf(view, container);
  if (downloadDir !== undefined) {
    caches.push(downloadDir);
  }
  for (const e of envEntries(view, container)) {
    if (e.name === 'TMPDIR' && e.value !== undefined) {
      tmp = trimmed(e.value);
    } else if (cacheVariables.has(e.name) && e.value?.startsWith('/')) {
      caches.push(trimmed(e.value));
    }
  }
  return { tmp, caches: caches.length > 0 ? caches : [nim ? '/opt/nim/.cache' : '/root/.cache/huggingface'], named: caches.length > 0 };
}

const genericAdvice = 'mount emptyDir volumes at the paths it writes (e.g. /tmp)';

/**
 * The writable paths to mount volumes at, leaving out those the container already mounts one at. The model cache is
 * named where a model is downloaded: an ML container, unless it downloads none and names no cache (`--download-dir`, HF_HOME…).
 */
function whereToMount(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, ml: boolean, nim: boolean): string {
  if (!ml) {
    return genericAdvice;
  }
  const view = obj.view;
  const container = c.node;
  const { tmp, caches, named } = writablePlaces(view, container, nim);
  if (!named && !nim && downloadsNoModel(obj, pod, c)) {
    return genericAdvice;
  }
  const mountPaths = mounts(view, container).map((m) => trimmed(m.mountPath ?? ''));
  const tmpMounted = onVolume(mountPaths, tmp);
  const cacheMounted = caches.some((cache) => onVolume(mountPaths, cache));
  if (tmpMounted && cacheMounted) {
    return `keep writes on its volumes (it already mounts ${tmp} and its model cache)`;
  }
  if (cacheMounted) {
    return `mount an emptyDir volume at ${tmp} (its model cache already has a volume)`;
  }
  const example = caches[0] as string;
  if (onVolume([tmp], example)) {
    return `mount an emptyDir volume at ${tmp} (its model cache, ${example}, is there too)`;
  }
  return tmpMounted ? `mount a volume at its model cache (e.g. ${example})` : `mount emptyDir volumes at ${tmp} and the model cache (e.g. ${example})`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK104',
    name: 'writable-root-filesystem',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['no-read-only-root-fs'], kubeScore: ['container-security-context-readonlyrootfilesystem'], polaris: ['notReadOnlyRootFilesystem'] },
    description: 'readOnlyRootFilesystem is not true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, appContainers)) {
      if (containerValue(obj.view, c, 'readOnlyRootFilesystem') === true) {
        continue;
      }
      // NVIDIA NIM keeps its model cache in /opt/nim/.cache (NIM_CACHE_PATH), not in the Hugging Face cache.
      const image = obj.view.text(c.node, 'image');
      const nim = image !== undefined && isNimRepository(imageRepository(image));
      // The model cache is worth naming only where models are loaded: a database, exporter or controller has none.
      const ml = nim || isServingContainer(obj, c, ctx.cluster) || isGpuContainer(obj.view, c, ctx.cluster) || runsMlCommand(obj.view, c.node);
      out.push(finding(c.anchor, `${containerLabel(c)} has a writable root filesystem; set readOnlyRootFilesystem: true and ${whereToMount(obj, pod, c, ml, nim)}.`));
    }
    return out;
  },
};

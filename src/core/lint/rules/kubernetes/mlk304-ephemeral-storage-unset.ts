import { commandWords, imageRepository, isGpuContainer, isGpuExporterImage, isServingContainer, runsMlCommand } from '../../kubernetes/gpu';
import { isLongRunningObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Node } from 'yaml';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, envEntries, finding, isMemoryEmptyDir, mounts, resourcesSetAtRunTime, volumes } from './helpers';
import { containerValue } from './security';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import { isGpuSmokeTest, isPausePlaceholder } from '../../single-process-servers';
import { onlyListsDevices, sleepsOnPlainOs } from './shm';
import { downloadDirOf } from './download-dir';
import { containerImageCache, kserveStorageUri, loadsModelFromMountedVolume, positionalModelIn, streamsFromObjectStore } from './model-source';
import { expandedCommandLine } from './env-references';
import { isDualPodRequester } from './dual-pod-requesters';

/** Default model caches: Hugging Face, Ollama, TGI (`/data`) and NVIDIA NIM (`/opt/nim/.cache`). */
const modelCaches = ['/root/.cache/huggingface', '/root/.cache', '/root/.ollama', '/data', '/opt/nim/.cache'];

/** Variables that move a model cache: the Hugging Face ones, NIM's `NIM_CACHE_PATH` and Ollama's `OLLAMA_MODELS`. */
const cacheVariables = new Set(['HF_HOME', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'NIM_CACHE_PATH', 'OLLAMA_MODELS']);

/**
 * A volume is mounted at a model cache (a default one, where a variable moves it, the image's own such as LocalAI's
 * models directory, or the command's `--download-dir`): downloads land there, not in the container's writable layer
 * (see MLK419).
 */
function cacheOnVolume(view: YamlView, container: Node): boolean {
  const containerMounts = mounts(view, container);
  if (containerMounts.length === 0) {
    return false;
  }
  const movedCaches = envEntries(view, container).flatMap((e) => (cacheVariables.has(e.name) && e.value !== undefined ? [e.value.replace(/\/+$/, '')] : []));
  const downloadDir = downloadDirOf(view, container);
  const imageCache = containerImageCache(view, container);
  const caches = downloadDir !== undefined ? [downloadDir] : [...modelCaches, ...movedCaches, ...(imageCache !== undefined ? [imageCache] : [])];
  return containerMounts.some((m) => {
    const p = (m.mountPath ?? '').replace(/\/+$/, '');
    return p !== '' && caches.some((cache) => cache === p || cache.startsWith(`${p}/`));
  });
}

/**
 * The container cannot write to the node's disk: a read-only root filesystem and no disk-backed emptyDir mounted
 * (memory-backed ones count against its memory limit), so only its logs remain, which the kubelet rotates.
 */
function writesNoDisk(view: YamlView, pod: PodSpecRef, c: ContainerRef): boolean {
  if (containerValue(view, c, 'readOnlyRootFilesystem') !== true) {
    return false;
  }
  const diskEmptyDirs = new Set(volumes(view, pod).filter((v) => view.get(v.node, 'emptyDir') !== undefined && !isMemoryEmptyDir(view, v.node)).map((v) => v.name));
  return !mounts(view, c.node).some((m) => diskEmptyDirs.has(m.name));
}

/** llama.cpp's short model flag (`llama-server -m /models/x.gguf`), which loadsModelFromMountedVolume's long flags leave out. */
const shortModelFlag = /^-m(?:=(\/.*))?$/;

/** The command loads its model with `-m` from a path on a mounted volume that is not an emptyDir (a PVC, hostPath, NFS…). */
function shortModelFlagOnVolume(view: YamlView, pod: PodSpecRef, container: Node): boolean {
  const words = commandWords(view, container);
  if (!words.some((w) => w.startsWith('-m'))) {
    return false;
  }
  const paths = words.flatMap((w, k) => {
    const m = shortModelFlag.exec(w);
    const path = m === null ? undefined : (m[1] ?? words[k + 1]);
    return path?.startsWith('/') === true ? [path] : [];
  });
  if (paths.length === 0) {
    return false;
  }
  const persistent = new Set(volumes(view, pod).filter((v) => view.get(v.node, 'emptyDir') === undefined).map((v) => v.name));
  return mounts(view, container).some((m) => {
    const mountPath = (m.mountPath ?? '').replace(/\/+$/, '');
    return mountPath !== '' && persistent.has(m.name) && paths.some((p) => p === mountPath || p.startsWith(`${mountPath}/`));
  });
}

const writes = 'what it writes to its filesystem (logs, caches, temporary files) can fill the node disk and get pods evicted';
const setStorage = 'set resources.requests/limits.ephemeral-storage';

/** The command loads its model without downloading it: from a persistent volume, or streamed from an object store. */
function downloadsNoModel(view: YamlView, pod: PodSpecRef, container: Node): boolean {
  const line = expandedCommandLine(view, container);
  return loadsModelFromMountedVolume(view, pod, container, line) || shortModelFlagOnVolume(view, pod, container) || streamsFromObjectStore(line, positionalModelIn(view, container, line));
}

/**
 * What fills the node disk, and the advice: the model KServe's storage initializer fetches from an object store or URL
 * into an emptyDir (a `pvc://` claim is mounted and an `oci://` modelcar is an image, so neither lands there); for another
 * ML container a model download, unless its command loads the model without one (downloadsNoModel); else what any
 * container writes.
 */
function diskRisk(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, ml: boolean): string {
  const storageUri = kserveStorageUri(obj, pod, c);
  if (storageUri !== undefined) {
    return /^(?:pvc|oci):\/\//.test(storageUri.trim())
      ? `${writes}; ${setStorage}`
      : `the model KServe's storage initializer downloads from storageUri into an emptyDir on the node disk can fill it and get pods evicted; ${setStorage} above the model's size`;
  }
  return ml && !downloadsNoModel(obj.view, pod, c.node) ? `a model download into its filesystem can fill the node disk and get pods evicted; ${setStorage}` : `${writes}; ${setStorage}`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK304',
    name: 'ephemeral-storage-unset',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['container-ephemeral-storage-request-and-limit'] },
    description: 'A long-running container has no ephemeral-storage request or limit.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.object || !isLongRunningObject(ctx.object)) {
      return out;
    }
    for (const { obj, pod, c } of containers(ctx, appContainers)) {
      if (resourcesSetAtRunTime(obj, c) || writesNoDisk(obj.view, pod, c)) {
        continue;
      }
      const view = obj.view;
      const resources = view.get(c.node, 'resources');
      const set = view.get(view.get(resources, 'requests'), 'ephemeral-storage') !== undefined || view.get(view.get(resources, 'limits'), 'ephemeral-storage') !== undefined;
      if (set) {
        continue;
      }
      const image = view.text(c.node, 'image');
      const repository = imageRepository(image ?? '');
      // The pause image writes nothing (a placeholder holding a GPU or a node).
      if (isPausePlaceholder(repository)) {
        continue;
      }
      if (!cacheOnVolume(view, c.node)) {
        // Exporters, GPU smoke checks (nvidia-smi, CUDA's vectorAdd sample) and dual-pod requesters download no model.
        const exporter = isGpuExporterImage(image) || onlyListsDevices(view, c.node) || sleepsOnPlainOs(view, c.node) || isGpuSmokeTest(repository) || isDualPodRequester(view, pod, c);
        const ml = !exporter && (isServingContainer(obj, c, ctx.cluster) || isGpuContainer(view, c, ctx.cluster, pod) || runsMlCommand(view, c.node));
        out.push(finding(c.anchor, `${containerLabel(c)} has no ephemeral-storage request or limit, so ${diskRisk(obj, pod, c, ml)}.`));
      }
    }
    return out;
  },
};

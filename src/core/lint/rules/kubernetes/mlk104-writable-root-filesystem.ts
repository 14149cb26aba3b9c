import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, envEntries, finding, mounts } from './helpers';
import { containerValue } from './security';
import { downloadDirOf } from './download-dir';
import { imageRepository, isGpuContainer, isNimRepository, isServingContainer, runsMlCommand } from '../../kubernetes/gpu';

/** Variables that move a model cache: the Hugging Face ones and NIM's `NIM_CACHE_PATH`. */
const cacheVariables = new Set(['HF_HOME', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'NIM_CACHE_PATH']);

const trimmed = (path: string): string => (path.endsWith('/') ? path.replace(/\/+$/, '') : path);

/** Whether a volume is mounted at the path, or at a folder above it. */
function onVolume(mountPaths: readonly string[], path: string): boolean {
  return mountPaths.some((m) => m !== '' && path.startsWith(m) && (path.length === m.length || path[m.length] === '/'));
}

/** The container's TMPDIR and model caches: `--download-dir`, a cache variable, else NIM's or the Hugging Face default. */
function writablePlaces(view: YamlView, container: Node, nim: boolean): { tmp: string; caches: string[] } {
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
  return { tmp, caches: caches.length > 0 ? caches : [nim ? '/opt/nim/.cache' : '/root/.cache/huggingface'] };
}

/** The writable paths to mount volumes at, leaving out those the container already mounts one at. */
function whereToMount(view: YamlView, container: Node, ml: boolean, nim: boolean): string {
  if (!ml) {
    return 'mount emptyDir volumes at the paths it writes (e.g. /tmp)';
  }
  const mountPaths = mounts(view, container).map((m) => trimmed(m.mountPath ?? ''));
  const { tmp, caches } = writablePlaces(view, container, nim);
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
    for (const { obj, c } of containers(ctx, appContainers)) {
      if (containerValue(obj.view, c, 'readOnlyRootFilesystem') === true) {
        continue;
      }
      // NVIDIA NIM keeps its model cache in /opt/nim/.cache (NIM_CACHE_PATH), not in the Hugging Face cache.
      const image = obj.view.text(c.node, 'image');
      const nim = image !== undefined && isNimRepository(imageRepository(image));
      // The model cache is worth naming only where models are loaded: a database, exporter or controller has none.
      const ml = nim || isServingContainer(obj, c, ctx.cluster) || isGpuContainer(obj.view, c, ctx.cluster) || runsMlCommand(obj.view, c.node);
      out.push(finding(c.anchor, `${containerLabel(c)} has a writable root filesystem; set readOnlyRootFilesystem: true and ${whereToMount(obj.view, c.node, ml, nim)}.`));
    }
    return out;
  },
};

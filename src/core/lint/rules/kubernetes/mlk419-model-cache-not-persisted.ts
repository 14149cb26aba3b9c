import { imageRepository, isServingImage } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Node } from 'yaml';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, envEntries, finding, mounts, volumes } from './helpers';

/** The image's own cache directory, when it is not the Hugging Face default. */
const imageCache: Record<string, string> = {
  'ollama/ollama': '/root/.ollama',
  'huggingface/text-generation-inference': '/data',
  'huggingface/text-embeddings-inference': '/data',
};

/** Where the Hugging Face libraries cache models by default. */
const defaultCaches = ['/root/.cache/huggingface', '/root/.cache'];

function imageCacheOf(repo: string): string | undefined {
  for (const k in imageCache) {
    if (repo === k || repo.endsWith(`/${k}`)) {
      return imageCache[k];
    }
  }
  return undefined;
}

/** The container's command and args joined by spaces (non-strings as empty words). */
function commandLine(view: YamlView, container: Node): string {
  const words: string[] = [];
  for (const key of ['command', 'args']) {
    for (const n of view.list(view.get(container, key))) {
      words.push(view.str(n) ?? '');
    }
  }
  return words.join(' ');
}

/** `--model org/name`, `--model-id org/name` or `vllm serve org/name`: a model pulled from a hub. */
function namesHubModel(args: string): boolean {
  return /(?:^|\s)--model(?:[-_]id)?(?:=|\s+)["']?[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/.test(args) || /(?:^|\s)(?:vllm\s+serve)\s+[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/.test(args);
}

/**
 * The model is an object-store URI (`vllm serve gs://…`, `--model s3://…`): vLLM streams the weights from the bucket
 * (Run:ai Model Streamer) instead of downloading them into the Hugging Face cache, so a volume there would hold nothing.
 */
function streamsFromObjectStore(args: string): boolean {
  return /(?:^|\s)(?:--model(?:[-_]id)?|serve)(?:=|\s+)["']?(?:s3|gs|az):\/\//.test(args);
}

/**
 * A local model location in the command line: the value of `--model`, `--model-id`, `--model-path` (vLLM, TGI,
 * SGLang), `--model-repository` / `--model-store` (Triton), or `vllm serve <path>`, when it is an absolute path.
 */
const localModelFlag = /(?:^|\s)(?:--model(?:-id|-path|-repository|-store)?|serve)(?:=|\s+)["']?(\/[^\s"']*)/g;

/**
 * The model is read from an absolute path on a persistent volume (PVC, hostPath, CSI, …), so nothing is downloaded
 * from a hub at start: `--model-repository=/data/…` on a GCS FUSE volume, or the vLLM image's positional model
 * `args: [/models/Qwen2.5-7B-Instruct]` (its entrypoint is `vllm serve`) on a PVC.
 */
function modelOnPersistentVolume(view: YamlView, container: Node, line: string, onVolume: (path: string) => boolean): boolean {
  for (const m of line.matchAll(localModelFlag)) {
    const path = m[1];
    if (path !== undefined && onVolume(path)) {
      return true;
    }
  }
  if (view.get(container, 'command') === undefined) {
    const first = view.str(view.list(view.get(container, 'args'))[0]);
    if (first !== undefined && first.startsWith('/') && onVolume(first)) {
      return true;
    }
  }
  return false;
}

/**
 * Where KServe puts the model its storage initializer (or modelcar) fetched from the InferenceService's
 * `storageUri`: the server reads it there instead of downloading it.
 */
const kserveModelDir = '/mnt/models';

function underKServeModelDir(path: string): boolean {
  return path === kserveModelDir || path.startsWith(`${kserveModelDir}/`);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK419',
    name: 'model-cache-not-persisted',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A serving container has no persistent volume at its model cache, so every restart downloads the model again.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    const kserve = obj !== undefined && apiGroupOf(obj.apiVersion) === 'serving.kserve.io';
    // A KServe runtime serves the model of the InferenceService that selects it (fetched into /mnt/models);
    // only a hub model named in the runtime's own arguments is the server's download.
    const runtime = kserve && (obj.kind === 'ServingRuntime' || obj.kind === 'ClusterServingRuntime');
    for (const { obj, pod, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const image = view.text(c.node, 'image');
      const line = commandLine(view, c.node);
      const hubModel = namesHubModel(line);
      if (((!isServingImage(image) || runtime) && !hubModel) || streamsFromObjectStore(line)) {
        continue;
      }
      const repo = image !== undefined ? imageRepository(image) : '';
      const known = imageCacheOf(repo);
      const hfHome = envEntries(view, c.node).find((e) => e.name === 'HF_HOME' || e.name === 'HUGGINGFACE_HUB_CACHE' || e.name === 'HF_HUB_CACHE')?.value;
      const caches = [...defaultCaches];
      if (known !== undefined) {
        caches.push(known);
      }
      if (hfHome !== undefined) {
        caches.push(hfHome.replace(/\/+$/, ''));
      }
      const podVolumes = volumes(view, pod);
      const persistent = (name: string): boolean => podVolumes.some((v) => v.name === name && view.get(v.node, 'emptyDir') === undefined);
      const covered = mounts(view, c.node).some((m) => {
        const p = (m.mountPath ?? '').replace(/\/+$/, '');
        return caches.some((cache) => cache === p || cache.startsWith(`${p}/`) || p.startsWith(`${cache}/`)) && persistent(m.name);
      });
      if (!covered && !hubModel) {
        const containerMounts = mounts(view, c.node);
        const onVolume = (path: string): boolean => {
          const p = path.replace(/\/+$/, '');
          if (kserve && underKServeModelDir(p)) {
            return true;
          }
          return containerMounts.some((m) => {
            const mp = (m.mountPath ?? '').replace(/\/+$/, '');
            return mp !== '' && (p === mp || p.startsWith(`${mp}/`)) && persistent(m.name);
          });
        };
        if (modelOnPersistentVolume(view, c.node, line, onVolume)) {
          continue;
        }
      }
      if (!covered) {
        const where = hfHome ?? known ?? '/root/.cache/huggingface';
        out.push(finding(c.anchor, `${containerLabel(c)} downloads its model into ${where} on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.`));
      }
    }
    return out;
  },
};

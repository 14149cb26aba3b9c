import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import { appContainers, containerLabel, containers, envEntries, finding, mounts } from './helpers';
import { containerValue } from './security';
import { downloadDirOf } from './download-dir';
import { commandLine, containerImageCache, kserveStorageUri, localModelPaths, runsTraining, runsTritonServer } from './model-source';
import { expandedCommandLine } from './env-references';
import { commandWords, containerStartsServer, imageRepository, isGpuContainer, isNimRepository, isServingContainer, runsMlCommand } from '../../kubernetes/gpu';
import { isGpuExporter, isGpuSmokeTest, isMediaServer, isPausePlaceholder } from '../../single-process-servers';
import { isVectorDatabase } from './vector-databases';
import { sshdOnlyCommand } from './ssh-daemon';
import { namesModelFlag, showsDataset, showsModelDownload } from './container-downloads';
import { memoByString } from '../../string-memo';
import { afterLastSlash } from '../../after-last-slash';

/** Variables that move a model cache: the Hugging Face ones, NIM's `NIM_CACHE_PATH` and Ollama's `OLLAMA_MODELS`. */
const cacheVariables = new Set(['HF_HOME', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'NIM_CACHE_PATH', 'OLLAMA_MODELS']);

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
function downloadsNoModel(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, repository: string): boolean {
  const view = obj.view;
  if (runsNoModelImage(repository)) {
    return true;
  }
  if (runsTritonServer(obj, pod, c)) {
    return true;
  }
  return kserveStorageUri(obj, pod, c) !== undefined || localModelPaths(view, c.node, expandedCommandLine(view, c.node)).length > 0;
}

/** The container's TMPDIR and model caches: `--download-dir`, a cache variable, else the image's own cache (NIM's, Ollama's, TGI's, LocalAI's) or the Hugging Face default. */
function writablePlaces(view: YamlView, container: Node): { tmp: string; caches: string[]; named: boolean } {
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
  const imageCache = caches.length > 0 ? undefined : containerImageCache(view, container);
  return { tmp, caches: caches.length > 0 ? caches : [imageCache ?? '/root/.cache/huggingface'], named: caches.length > 0 };
}

const genericAdvice = 'mount emptyDir volumes at the paths it writes (e.g. /tmp)';

/**
 * What an ML container writes beside /tmp: a model it downloads (servers, and others that name one), what a training
 * container downloads (a dataset, when it shows one), a notebook user's files, or what the processes an MPI launcher
 * starts over SSH write (a container that only runs sshd).
 */
type Writer = 'model' | 'training' | 'notebook' | 'ssh';

/** Jupyter's notebook images: docker-stacks' `*-notebook`, z2jh's sample single-user image, Kubeflow's notebook servers. */
const notebookImageRe = /(?:^|\/)jupyter\/[a-z0-9-]+-notebook$|(?:^|\/)k8s-singleuser-sample$|^kubeflownotebookswg\/|(?:^|\/)notebook-servers\//;

/** Programs that start a single-user notebook server (JupyterHub's, or docker-stacks' start scripts). */
const notebookPrograms = new Set(['jupyterhub-singleuser', 'start-singleuser.sh', 'start-notebook.sh']);

/** The pod's labels: the template's, else the object's own (a bare Pod). */
function podLabels(obj: KubeObject, pod: PodSpecRef): Node | undefined {
  const view = obj.view;
  return view.get(pod.templateMetadata ?? view.get(obj.root, 'metadata'), 'labels');
}

/**
 * The container is a Jupyter notebook server: a Kubeflow Notebook, a JupyterHub single-user pod (KubeSpawner labels
 * it `component: singleuser-server`), a notebook image or a notebook server's start command.
 */
function runsNotebook(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, repository: string): boolean {
  const view = obj.view;
  const labels = podLabels(obj, pod);
  if (obj.workload === 'interactive' || view.text(labels, 'component') === 'singleuser-server' || view.text(labels, 'app.kubernetes.io/component') === 'singleuser-server') {
    return true;
  }
  return notebookImageRe.test(repository) || commandWords(view, c.node).some((w) => notebookPrograms.has(afterLastSlash(w)));
}

/** A training container (runsTraining) that starts no model server and names no model to load. */
function trainsWithoutModel(obj: KubeObject, c: ContainerRef): boolean {
  const view = obj.view;
  return runsTraining(obj, c) && !namesModelFlag(commandLine(view, c.node)) && !containerStartsServer(view, c.node);
}

function writerOf(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, repository: string, serving: boolean): Writer {
  if (serving) {
    return 'model';
  }
  if (runsNotebook(obj, pod, c, repository)) {
    return 'notebook';
  }
  if (sshdOnlyCommand(obj.view, c.node)) {
    return 'ssh';
  }
  return trainsWithoutModel(obj, c) ? 'training' : 'model';
}

/** The notebook user's home: `HOME`, else jovyan's (docker-stacks, z2jh, Kubeflow), or root's for a server started with `--allow-root`. */
function notebookHome(view: YamlView, container: Node): string {
  const home = envEntries(view, container).find((e) => e.name === 'HOME')?.value;
  if (home?.startsWith('/')) {
    return trimmed(home);
  }
  return commandWords(view, container).includes('--allow-root') ? '/root' : '/home/jovyan';
}

/** A notebook keeps its user's work in the home directory: a persistent volume there, an emptyDir at /tmp. */
function notebookAdvice(mountPaths: readonly string[], tmp: string, home: string): string {
  const tmpMounted = onVolume(mountPaths, tmp);
  if (onVolume(mountPaths, home)) {
    return tmpMounted ? `keep writes on its volumes (it already mounts ${tmp} and its home directory)` : `mount an emptyDir volume at ${tmp} (its home directory already has a volume)`;
  }
  return tmpMounted ? `mount a persistent volume at its home directory (${home})` : `mount an emptyDir volume at ${tmp} and a persistent volume at its home directory (${home})`;
}

/** A training container's dataset lands in a directory its script chooses (`./data`, `~/.cache/huggingface/datasets`): named, not guessed. */
function datasetAdvice(mountPaths: readonly string[], tmp: string): string {
  const where = 'the directory it downloads its dataset to (its data or cache directory)';
  return onVolume(mountPaths, tmp) ? `mount a volume at ${where}` : `mount emptyDir volumes at ${tmp} and ${where}`;
}

/**
 * An SSH daemon's container runs what a launcher starts over SSH, whose writes its command does not show; the folders
 * its own command creates (`mkdir -p /var/run/sshd`) cannot be created on a read-only root filesystem.
 */
function sshAdvice(mountPaths: readonly string[], tmp: string, created: readonly string[]): string {
  const paths = [tmp, ...created.filter((dir) => dir !== tmp)].filter((dir) => !onVolume(mountPaths, dir));
  const where = 'the paths the processes launched over SSH write';
  return paths.length === 0 ? `mount volumes at ${where}` : `mount emptyDir volumes at ${paths.join(', ')} and ${where}`;
}

/** The advice for /tmp and a cache (`noun`: `model cache`, or `cache` for a training container's named one). */
function cacheAdvice(mountPaths: readonly string[], tmp: string, caches: readonly string[], noun: string): string {
  const tmpMounted = onVolume(mountPaths, tmp);
  const cacheMounted = caches.some((cache) => onVolume(mountPaths, cache));
  if (tmpMounted && cacheMounted) {
    return `keep writes on its volumes (it already mounts ${tmp} and its ${noun})`;
  }
  if (cacheMounted) {
    return `mount an emptyDir volume at ${tmp} (its ${noun} already has a volume)`;
  }
  const example = caches[0] as string;
  if (onVolume([tmp], example)) {
    return `mount an emptyDir volume at ${tmp} (its ${noun}, ${example}, is there too)`;
  }
  return tmpMounted ? `mount a volume at its ${noun} (e.g. ${example})` : `mount emptyDir volumes at ${tmp} and the ${noun} (e.g. ${example})`;
}

/**
 * The writable paths to mount volumes at, leaving out those the container already mounts one at (`writer`: what an ML
 * container writes; undefined for others). A cache it names (`--download-dir`, HF_HOME…) is named back; the model
 * cache only where the manifest shows a model download, the dataset directory only where it shows a dataset; a
 * notebook's home. Other containers are told of the paths they write.
 */
function whereToMount(obj: KubeObject, pod: PodSpecRef, c: ContainerRef, repository: string, writer: Writer | undefined, nim: boolean): string {
  if (writer === undefined) {
    return genericAdvice;
  }
  const view = obj.view;
  const container = c.node;
  const { tmp, caches, named } = writablePlaces(view, container);
  const mountPaths = mounts(view, container).map((m) => trimmed(m.mountPath ?? ''));
  if (writer === 'notebook') {
    return notebookAdvice(mountPaths, tmp, notebookHome(view, container));
  }
  if (writer === 'ssh') {
    return sshAdvice(mountPaths, tmp, sshdOnlyCommand(view, container)?.created ?? []);
  }
  if (named || nim) {
    return cacheAdvice(mountPaths, tmp, caches, writer === 'training' ? 'cache' : 'model cache');
  }
  if (downloadsNoModel(obj, pod, c, repository)) {
    return genericAdvice;
  }
  if (writer === 'training') {
    return showsDataset(obj, c, repository) ? datasetAdvice(mountPaths, tmp) : genericAdvice;
  }
  return showsModelDownload(obj, pod, c, repository) ? cacheAdvice(mountPaths, tmp, caches, 'model cache') : genericAdvice;
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
      // An NVIDIA NIM image serves a model and keeps it in /opt/nim/.cache (NIM_CACHE_PATH), whatever its command.
      const image = obj.view.text(c.node, 'image');
      const repository = imageRepository(image ?? '');
      const nim = image !== undefined && isNimRepository(repository);
      // The model cache is worth naming only where models are loaded: a database, exporter or controller has none.
      const serving = nim || isServingContainer(obj, c, ctx.cluster);
      const ml = serving || isGpuContainer(obj.view, c, ctx.cluster, pod) || runsMlCommand(obj.view, c.node);
      const writer = ml ? writerOf(obj, pod, c, repository, serving) : undefined;
      out.push(finding(c.anchor, `${containerLabel(c)} has a writable root filesystem; set readOnlyRootFilesystem: true and ${whereToMount(obj, pod, c, repository, writer, nim)}.`));
    }
    return out;
  },
};

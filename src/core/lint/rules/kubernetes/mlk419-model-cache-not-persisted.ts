import { commandWords, containerStartsServer, imageRepository, isGpuContainer, isNimRepository, isServingImage } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { RuleFinding } from '../../types';
import { derivation } from '../../yaml/access';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, envEntries, finding, mounts, volumes } from './helpers';
import { downloadDirOf } from './download-dir';
import { containerImageCache, dynamoUserCache, localModelPaths, modelOnPersistentVolume, ollamaCache, positionalModelIn, streamsFromObjectStore } from './model-source';
import { expandedCommandLine } from './env-references';
import { atHomeCache } from '../../kubernetes/dynamo-model-cache';
import { modelPathNamesHubModel, namesHubRepository } from './hub-model-path';
import { vllmRuntimeCacheMessage } from './vllm-runtime-cache';
import { leaderModelOfWorker } from './lws-leader-model';
import { withModelIdVariable } from './huggingface-routers';
import { runOnceJob } from './run-once-job';
import { rayServeHubModel, runsServeReplicas } from './ray-serve-models';
import { runsLoadGenerator } from './load-generators';
import { afterLastSlash } from '../../after-last-slash';

/** Where the Hugging Face libraries cache models by default. */
const defaultCaches = ['/root/.cache/huggingface', '/root/.cache'];

/** `--model org/name`, `--model-id org/name` or `vllm serve org/name`: a model pulled from a hub. */
function namesHubModel(args: string): boolean {
  return /(?:^|\s)--model(?:[-_]id)?(?:=|\s+)["']?[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/.test(args) || /(?:^|\s)(?:vllm\s+serve)\s+[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/.test(args);
}

/** A command word that namesHubModel, streamsFromObjectStore or runsVllmServer may match within. */
function mayNameModel(word: string): boolean {
  return word.includes('--model') || word.includes('serve') || word.startsWith('vllm.');
}

/** `vllm serve` or `python -m vllm.entrypoints…`: vLLM's server, whatever image it runs in. */
function runsVllmServer(words: readonly string[]): boolean {
  return words.some((w, k) => (afterLastSlash(w) === 'vllm' && words[k + 1] === 'serve') || (w === '-m' && (words[k + 1] ?? '').startsWith('vllm.entrypoints')));
}

/**
 * A model flag whose value is still a variable: a `$(NAME)` the kubelet cannot expand from the manifest (valueFrom,
 * envFrom) or a shell's `$NAME` / `${NAME}`. A positional model that starts with `$` is one too.
 */
const unresolvedModelReference = /(?:^|\s)--model(?:[-_]id)?(?:=|\s+)["']?\$/;

/**
 * Where KServe puts the model its storage initializer (or modelcar) fetched from the InferenceService's
 * `storageUri`: the server reads it there instead of downloading it.
 */
const kserveModelDir = '/mnt/models';

/** The path lies at or under the mount path. */
function underMount(path: string, mountPath: string | undefined): boolean {
  const mp = (mountPath ?? '').replace(/\/+$/, '');
  return mp !== '' && (path === mp || path.startsWith(`${mp}/`));
}

function underKServeModelDir(path: string): boolean {
  return path === kserveModelDir || path.startsWith(`${kserveModelDir}/`);
}

/** NIM's own tools (`list-model-profiles`, `download-to-cache`, …): a container running one serves nothing. */
const nimUtilities = new Set(['list-model-profiles', 'download-to-cache', 'create-model-store', 'nim_list_model_profiles', 'nim_download_to_cache', 'nim_create_model_store']);

function runsNimUtility(line: string): boolean {
  const program = line.trim().split(/\s+/)[0] ?? '';
  return nimUtilities.has(afterLastSlash(program));
}

/** A StatefulSet's volumeClaimTemplates: each replica mounts its own PersistentVolumeClaim under that name. */
const claimTemplateNames = derivation((view, obj: KubeObject): string[] => {
  if (obj.kind !== 'StatefulSet') {
    return [];
  }
  return view.list(view.get(view.get(obj.root, 'spec'), 'volumeClaimTemplates')).flatMap((t) => view.text(view.get(t, 'metadata'), 'name') ?? []);
});

/** The Ray images' user is `ray`: the Hugging Face libraries cache under its home. */
const rayCaches = ['/home/ray/.cache/huggingface', '/home/ray/.cache'];

/** The user the container runs as, when set: its securityContext's runAsUser, else the pod's. */
function runAsUser(view: YamlView, pod: PodSpecRef, c: ContainerRef): unknown {
  return view.scalar(view.get(view.get(c.node, 'securityContext'), 'runAsUser'))?.value ?? view.scalar(view.get(view.get(pod.spec, 'securityContext'), 'runAsUser'))?.value;
}

/**
 * A user other than root has another home (`/` when the image names no such user, as Ollama's does not), so the
 * caches under /root sit under it: a persistent volume at `<home>/.ollama` or `<home>/.cache/huggingface` holds them.
 */
function persistentInOtherHome(view: YamlView, pod: PodSpecRef, c: ContainerRef, caches: readonly string[], persistent: (name: string) => boolean): boolean {
  const user = runAsUser(view, pod, c);
  if (user === undefined || user === 0 || user === '0') {
    return false;
  }
  const inHome = caches.flatMap((cache) => (cache.startsWith('/root/') ? [cache.slice('/root'.length)] : []));
  return mounts(view, c.node).some((m) => {
    const p = (m.mountPath ?? '').replace(/\/+$/, '');
    return persistent(m.name) && inHome.some((suffix) => p.endsWith(suffix));
  });
}

/** Triton's model repository in a bucket (`--model-repository=gs://…`, `--model-store=s3://…`, `as://` on Azure). */
const tritonCloudRepository = /(?:^|\s)--model-(?:repository|store)(?:=|\s+)["']?((?:s3|gs|as):\/\/[^\s"']+)/;

/**
 * Where the model comes from when it is no hub download (for the message; called once a finding exists): Triton copies
 * a bucket repository into a temporary directory at every start, keeping no cache; a model path on an emptyDir is
 * lost with the pod. Undefined otherwise (the Hugging Face cache message stands).
 */
function modelElsewhere(view: YamlView, pod: PodSpecRef, c: ContainerRef, line: string, newPods: string): string | undefined {
  const bucket = tritonCloudRepository.exec(line)?.[1];
  if (bucket !== undefined) {
    return `copies its model repository from ${bucket} into a temporary directory at every start (Triton keeps no cache of it); copy the repository to a PersistentVolumeClaim (or a bucket-backed CSI volume) and point --model-repository at its mount path.`;
  }
  const podVolumes = volumes(view, pod);
  for (const path of localModelPaths(view, c.node, line)) {
    const mount = mounts(view, c.node).find((m) => {
      const mp = (m.mountPath ?? '').replace(/\/+$/, '');
      return mp !== '' && (path === mp || path.startsWith(`${mp}/`)) && podVolumes.some((v) => v.name === m.name && view.get(v.node, 'emptyDir') !== undefined);
    });
    if (mount) {
      return `serves its model from ${path} on the emptyDir "${mount.name}", which lasts only as long as the pod, so ${newPods} fetches it again; put the model on a PersistentVolumeClaim (or another persistent volume).`;
    }
  }
  return undefined;
}

/** How a DynamoGraphDeployment's service mounts a claim (the operator turns it into the pod's volume and mount). */
const dynamoMountAdvice = "list a PersistentVolumeClaim in spec.pvcs and mount it there from the service's volumeMounts (name and mountPoint).";

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
    const rayLlm = obj !== undefined ? rayServeHubModel(obj) : null;
    const dynamoGraph = obj?.kind === 'DynamoGraphDeployment' && apiGroupOf(obj.apiVersion) === 'nvidia.com';
    // v1beta1 has no spec.pvcs: a component mounts a claim in its pod template, as any pod does.
    const dynamoServices = dynamoGraph && obj.apiVersion === 'nvidia.com/v1alpha1';
    for (const { obj, pod, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const image = view.text(c.node, 'image');
      // A Ray Serve LLM replica runs on a GPU worker (the head schedules, and CPU workers run no engine).
      const rayReplica = rayLlm !== null && runsServeReplicas(pod) && isGpuContainer(view, c, ctx.cluster);
      // A LeaderWorkerSet's Ray worker loads the model its leader's vLLM names.
      const leader = leaderModelOfWorker(obj, pod.role, c.node);
      const servingImage = isServingImage(image) && !runtime;
      const words = commandWords(view, c.node);
      // A benchmark client's --model names the model of the server it calls.
      if (runsLoadGenerator(words)) {
        continue;
      }
      // A command without `--model`, `serve` or a vLLM module names no hub model and streams none: only serving images
      // can download then (a KServe runtime's too, by a model in its args).
      if (!rayReplica && !leader && !isServingImage(image) && !words.some(mayNameModel)) {
        continue;
      }
      const repo = image !== undefined ? imageRepository(image) : '';
      const line = withModelIdVariable(view, c, repo, expandedCommandLine(view, c.node));
      const positionalModel = positionalModelIn(view, c.node, line);
      // A positional model (vLLM's, LMDeploy's, SGLang's) is a local folder or a hub repository id, which the server downloads.
      const positionalHubModel = positionalModel !== undefined && namesHubRepository(view, c.node, positionalModel);
      const hubModel = rayReplica || leader !== undefined || namesHubModel(line) || modelPathNamesHubModel(view, c.node, line) || positionalHubModel;
      // vLLM's server started in an image of another name serves like the vLLM image, unless its model is a variable left
      // unresolved (a hub id, or a path on one of its volumes: the manifest cannot tell).
      const unresolvedModel = unresolvedModelReference.test(line) || (positionalModel?.startsWith('$') ?? false);
      const serving = servingImage || (!runtime && runsVllmServer(words) && !unresolvedModel);
      if ((!serving && !hubModel) || streamsFromObjectStore(line, positionalModel)) {
        continue;
      }
      // A command replaces the serving image's entry point: one that starts no server runs something else (LMCache's proxy on the vLLM image).
      if (!hubModel && view.get(c.node, 'command') !== undefined && !containerStartsServer(view, c.node)) {
        continue;
      }
      const nim = isNimRepository(repo);
      if (nim && runsNimUtility(line)) {
        continue;
      }
      const env = envEntries(view, c.node);
      const hfHome = env.find((e) => e.name === 'HF_HOME' || e.name === 'HUGGINGFACE_HUB_CACHE' || e.name === 'HF_HUB_CACHE')?.value;
      // The Dynamo user's cache is the Hugging Face default under its home: a variable moves it.
      const imageCache = containerImageCache(view, c.node);
      const known = imageCache === dynamoUserCache && hfHome !== undefined ? undefined : imageCache;
      const nimCachePath = nim ? env.find((e) => e.name === 'NIM_CACHE_PATH')?.value : undefined;
      // Ollama keeps its models where OLLAMA_MODELS points (kubeai's job that pulls a model into a volume).
      const ollamaModels = known === ollamaCache ? env.find((e) => e.name === 'OLLAMA_MODELS')?.value : undefined;
      const rayHome = rayReplica ? rayLlm?.hfHome : undefined;
      const caches = rayReplica ? [...defaultCaches, ...rayCaches] : [...defaultCaches];
      for (const cache of [known, hfHome, nimCachePath, rayHome, ollamaModels]) {
        if (cache !== undefined) {
          caches.push(cache.replace(/\/+$/, ''));
        }
      }
      // `--download-dir` sends the weights there, whatever the caches hold (only tokenizer and config files); a Ray
      // worker's engine takes the leader's.
      const downloadDir = downloadDirOf(view, c.node) ?? leader?.downloadDir;
      if (downloadDir !== undefined) {
        caches.splice(0, caches.length, downloadDir);
      }
      const podVolumes = volumes(view, pod);
      const persistent = (name: string): boolean => view.derive(claimTemplateNames, obj).includes(name) || podVolumes.some((v) => v.name === name && view.get(v.node, 'emptyDir') === undefined);
      // A Dynamo service's image of its own runs as a user with a home under /home: a claim at its cache holds the model.
      const homeCache = dynamoGraph && hfHome === undefined && downloadDir === undefined;
      const onCache = mounts(view, c.node).filter((m) => {
        const p = (m.mountPath ?? '').replace(/\/+$/, '');
        return caches.some((cache) => cache === p || cache.startsWith(`${p}/`) || p.startsWith(`${cache}/`)) || (homeCache && atHomeCache(p));
      });
      const covered = onCache.some((m) => persistent(m.name)) || persistentInOtherHome(view, pod, c, caches, persistent);
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
        // A model path on no volume at all is in the image (`tritonserver --model-repository=/models` with the
        // repository baked in): the server reads it there and downloads nothing.
        const paths = localModelPaths(view, c.node, line);
        if (paths.length > 0 && paths.every((p) => !containerMounts.some((m) => underMount(p, m.mountPath)))) {
          continue;
        }
        // NIM serves a model directory named by NIM_MODEL_NAME (the multi-LLM NIM) from where it is.
        const nimModel = nim ? env.find((e) => e.name === 'NIM_MODEL_NAME')?.value : undefined;
        if (nimModel !== undefined && nimModel.startsWith('/') && onVolume(nimModel)) {
          continue;
        }
      }
      // A Job that runs its one pod once downloads once: with no retry allowed, no other pod downloads again.
      const job = covered ? undefined : runOnceJob(obj, pod);
      if (!covered && job?.retries !== false) {
        const newPods = job !== undefined ? 'every retry of this Job (a new pod)' : 'every new pod (a rollout, a rescheduled or added replica)';
        const elsewhere = hubModel ? undefined : modelElsewhere(view, pod, c, line, newPods);
        if (elsewhere !== undefined) {
          out.push(finding(c.anchor, `${containerLabel(c)} ${elsewhere}`));
          continue;
        }
        const where = downloadDir ?? nimCachePath ?? ollamaModels ?? hfHome ?? rayHome ?? known ?? (rayReplica ? rayCaches[0] : undefined) ?? '/root/.cache/huggingface';
        const operatorMessage = vllmRuntimeCacheMessage(obj, pod, where, downloadDir);
        if (operatorMessage !== undefined) {
          out.push(finding(c.anchor, operatorMessage));
          continue;
        }
        // An emptyDir outlives container restarts but not the pod.
        const scratch = onCache.find((m) => podVolumes.some((v) => v.name === m.name && view.get(v.node, 'emptyDir') !== undefined));
        out.push(
          finding(
            c.anchor,
            scratch
              ? `${containerLabel(c)} downloads its model into the emptyDir "${scratch.name}" at ${scratch.mountPath ?? where}, which lasts only as long as the pod, so ${newPods} downloads it again; mount a PersistentVolumeClaim (or another persistent volume) there.`
              : `${containerLabel(c)} ${leader ? `loads its leader's model (${leader.model}) as a Ray worker and downloads it` : 'downloads its model'} into ${where} on every restart; ${dynamoServices ? dynamoMountAdvice : 'mount a PersistentVolumeClaim (or another persistent volume) there.'}`,
          ),
        );
      }
    }
    return out;
  },
};

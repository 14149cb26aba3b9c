import type { ComposeRule } from '../../compose/rule';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { isInterpolated, mergedGet, overrideDecides } from '../../compose/model';
import { composeReading, withProjectEnv } from '../../compose/image';
import { serviceBuiltImage } from '../../compose/built-dockerfiles';
import type { BuiltImage } from '../../dockerfile/built-image';
import { lmDeployOrSglangModel, positionalModel } from '../../server-commands';
import { parseShortVolume } from '../../compose/short-syntax';
import { isServingCommand } from '../../kubernetes/gpu';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { Fix } from '../../types';
import { namesImage } from '../../single-process-servers';
import { appendLines, commandWords, envNote, finding, insertKey, insertSeqItem, overrideNote, serviceNames, serviceRepository, services } from './helpers';

const hfCache = '/root/.cache/huggingface';
/** Where rhasspy's Wyoming Faster Whisper image keeps and downloads its models (its README: mount a volume at /data). */
const wyomingData = '/data';
/** Where each known serving image keeps downloaded models. */
const cacheByImage: [string, string][] = [
  ['vllm/vllm-openai', hfCache],
  ['huggingface/text-generation-inference', '/data'],
  ['nvidia/tritonserver', hfCache],
  ['ollama/ollama', '/root/.ollama'],
  ['xprobe/xinference', '/root/.xinference'],
  ['rhasspy/wyoming-whisper', wyomingData],
];

/** Variables that move a known image's cache (Ollama's OLLAMA_MODELS, Xinference's XINFERENCE_HOME). */
const cacheVariables: Record<string, string> = { 'ollama/ollama': 'OLLAMA_MODELS', 'xprobe/xinference': 'XINFERENCE_HOME' };

/** A value as Compose reads it (composeReading). */
type Read = (text: string) => string;

/** Read, adding the `.env` variables each value used to `used`. */
function reader(view: YamlView, used: Set<string>): Read {
  return (text) => {
    const read = composeReading(view, text);
    read.fromEnv.forEach((name) => used.add(name));
    return read.value;
  };
}

/** Where Kokoro-FastAPI's entrypoint downloads its model when DOWNLOAD_MODEL=true (`api/src/models/<version>` under /app). */
const kokoroModels = '/app/api/src/models';

/**
 * Kokoro-FastAPI told to download its model when the container starts (`DOWNLOAD_MODEL=true`): its image
 * (`remsky/kokoro-fastapi-gpu`) or a service built from the project (`kokoro` in its name, build path or image).
 */
function downloadsKokoroModel(view: YamlView, service: ComposeService, read: Read): boolean {
  const download = envValue(view, service, 'DOWNLOAD_MODEL', read);
  return download !== undefined && download.trim().toLowerCase() === 'true' && serviceNames(view, service).some((n) => namesImage(n, 'kokoro') || /(?:^|\/)kokoro-fastapi(?:-\w+)?$/.test(n));
}

/**
 * Where ahmetoner/whisper-asr-webservice downloads its Whisper models: ASR_MODEL_PATH, by default ~/.cache/whisper for
 * every engine (`onerahmet/openai-whisper-asr-webservice`, or a service built from the project). Older releases kept
 * faster-whisper's under ~/.cache/faster_whisper, which its own compose files mount too.
 */
const whisperAsrModels = '/root/.cache/whisper';
const olderFasterWhisperModels = '/root/.cache/faster_whisper';

function runsWhisperAsrWebservice(view: YamlView, service: ComposeService, repository: string): boolean {
  return namesImage(repository, 'whisper-asr-webservice') || (mergedGet(view, service, 'build') !== undefined && serviceNames(view, service).some((n) => namesImage(n, 'whisper-asr-webservice')));
}

/**
 * A service built from rhasspy/wyoming-addons' whisper folder (`wyoming-whisper` in its name or build path): its image
 * runs the same script as rhasspy/wyoming-whisper, which downloads the models to /data.
 */
function buildsWyomingWhisper(view: YamlView, service: ComposeService): boolean {
  return mergedGet(view, service, 'build') !== undefined && serviceNames(view, service).some((n) => namesImage(n, 'wyoming-whisper'));
}

/** The value of the service's environment variable `name`, as Compose interpolates it (`read`). */
function envValue(view: YamlView, service: ComposeService, name: string, read: Read): string | undefined {
  const env = mergedGet(view, service, 'environment');
  const direct = view.text(env, name);
  const item = direct ?? view.items(env).map((i) => view.str(i)).find((t) => t?.startsWith(`${name}=`))?.slice(name.length + 1);
  return item === undefined ? undefined : read(item);
}

/** The variables that place the Hugging Face cache, which the image a service builds may set (see containerVariables). */
const hubCacheVariables = ['HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'HF_HOME', 'XDG_CACHE_HOME', 'HOME', 'TRANSFORMERS_CACHE'];

/** A container's variables: its service's `environment:` (as Compose reads it), else the ENV of the image it builds. */
interface ContainerVariables {
  get(name: string): string | undefined;
  /** The names whose value came from the image's Dockerfile. */
  fromImage: Set<string>;
}

/** The container's variables; undefined when the image sets one of hubCacheVariables to a value not known here. */
function containerVariables(view: YamlView, service: ComposeService, read: Read, image: BuiltImage | undefined): ContainerVariables | undefined {
  const values = new Map<string, string | undefined>();
  const fromImage = new Set<string>();
  for (const name of hubCacheVariables) {
    const own = envValue(view, service, name, read);
    if (own !== undefined || !image?.env.has(name)) {
      values.set(name, own);
      continue;
    }
    const value = image.env.get(name);
    if (value === undefined) {
      return undefined;
    }
    values.set(name, value);
    fromImage.add(name);
  }
  return { get: (name) => values.get(name), fromImage };
}

/** Where the Hugging Face hub keeps downloads: `dir`, under its `hub/` when `home` (HF_HOME and its defaults), and the variable that placed it. */
interface HubCache {
  dir: string;
  home: boolean;
  by?: string;
}

/**
 * The hub cache by the most specific setting: a download-dir flag (`flagDir`), HF_HUB_CACHE, HF_HOME, the known image's
 * own (`imageCache`), then huggingface_hub's defaults: XDG_CACHE_HOME/huggingface, HOME/.cache/huggingface, /root's.
 */
function hubCache(vars: ContainerVariables, flagDir: string | undefined, imageCache: string | undefined): HubCache {
  if (flagDir) {
    return { dir: flagDir, home: false };
  }
  const store = ['HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE'].find((n) => vars.get(n));
  if (store !== undefined) {
    return { dir: vars.get(store) as string, home: false, by: store };
  }
  const hfHome = vars.get('HF_HOME');
  if (hfHome) {
    return { dir: hfHome, home: true, by: 'HF_HOME' };
  }
  if (imageCache !== undefined) {
    return { dir: imageCache, home: false };
  }
  const xdg = vars.get('XDG_CACHE_HOME');
  if (xdg) {
    return { dir: `${xdg.replace(trailingSlashesRe, '')}/huggingface`, home: true, by: 'XDG_CACHE_HOME' };
  }
  const home = vars.get('HOME');
  return home ? { dir: `${home.replace(trailingSlashesRe, '')}/.cache/huggingface`, home: true, by: 'HOME' } : { dir: hfCache, home: true };
}

/** OLLAMA_HOST values that bind the server itself (all interfaces, loopback), not another host to talk to. */
const ownHostRe = /^(?:0\.0\.0\.0|127\.\d+\.\d+\.\d+|localhost|\[.*\]|::1?)?$/i;

/**
 * An Ollama client: OLLAMA_HOST names another host (`http://ollama:11434`), so what it pulls (`ollama pull` in a
 * one-shot init service) goes into that server's store, not its own.
 */
function talksToOtherOllama(view: YamlView, service: ComposeService, read: Read): boolean {
  const host = envValue(view, service, 'OLLAMA_HOST', read);
  if (host === undefined || isInterpolated(host)) {
    return false;
  }
  const name = host.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/(?<!^\[[^\]]*)[:/].*$/, '');
  return !ownHostRe.test(name);
}

/**
 * Flags that move the model download directory: vLLM's `--download-dir`, TGI's `--huggingface-hub-cache`, the Wyoming
 * servers' `--data-dir` (where they look for and, without `--download-dir`, download models).
 */
const downloadDirFlags = ['--download-dir', '--huggingface-hub-cache', '--data-dir'];
const quotesRe = /^["']|["']$/g;
const trailingSlashesRe = /(?<=.)\/+$/;

/** The download directory a serving command names (`--download-dir /x` or `--download-dir=/x`), as written. */
function flagValue(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    for (const flag of downloadDirFlags) {
      const value = w === flag ? words[i + 1] : w.startsWith(`${flag}=`) ? w.slice(flag.length + 1) : undefined;
      const path = value?.replace(quotesRe, '');
      if (path) {
        return path;
      }
    }
  }
  return undefined;
}

/** Flags that name the model to serve: vLLM `--model`, TGI `--model-id`, SGLang `--model-path`, Triton `--model-repository`/`--model-store`. */
const modelFlags = ['--model', '--model-id', '--model-path', '--model-repository', '--model-store'];
const localPathRe = /^["']?(?:\/|\.{1,2}\/)/;

/**
 * The model is read from a path in the container (`--model /models/llama`, `vllm serve ./weights`,
 * `lmdeploy serve api_server /models/x`): a mounted or baked-in directory, so nothing is downloaded into a cache. A hub
 * name (`org/name`) does not count.
 */
function servesLocalModel(words: readonly string[], read: Read): boolean {
  const positional = positionalModel(words);
  if (positional !== undefined && localPathRe.test(read(positional))) {
    return true;
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const eq = w.indexOf('=');
    const flag = eq > 0 ? w.slice(0, eq) : w;
    if (modelFlags.includes(flag)) {
      const value = eq > 0 ? w.slice(eq + 1) : words[i + 1];
      if (value !== undefined && localPathRe.test(read(value))) {
        return true;
      }
    }
  }
  return false;
}

/**
 * NVIDIA's early-access NIM for LLMs (`nemollm_inference_ms --model NAME`) serves the TensorRT-LLM engines of a model
 * store at /model-store, which `model_repo_generator` builds from a local checkpoint or the project downloads from NGC
 * beforehand: the `--model` name is the store's entry, and nothing is downloaded into a cache when it starts.
 */
function servesModelStore(words: readonly string[]): boolean {
  return words.some((w) => w.slice(w.lastIndexOf('/') + 1) === 'nemollm_inference_ms');
}

/**
 * The command serves a model it downloads: vLLM's or TGI's server, Triton, a `--model` argument, or LMDeploy's or
 * SGLang's server on a model the file names (a model left to the container's `$MODEL` may be a mounted path).
 */
function servingCommand(words: readonly string[], read: Read): boolean {
  if (isServingCommand(words) || words.some((w) => w === '--model' || w.startsWith('--model='))) {
    return true;
  }
  const model = lmDeployOrSglangModel(words);
  const value = model === undefined ? '' : read(model);
  return value !== '' && !value.includes('$');
}

/** Container paths of the service's volumes (short `src:dst[:mode]`, interpolated before it is split as Compose does, and long `target:`). */
function mountTargets(view: YamlView, service: ComposeService, read: Read, used: Set<string>): string[] {
  return view.items(mergedGet(view, service, 'volumes')).map((v) => {
    const short = view.str(v);
    const env = short !== undefined ? withProjectEnv(view, short) : undefined;
    env?.fromEnv.forEach((name) => used.add(name));
    const target = env ? parseShortVolume(env.value)?.target : short !== undefined ? parseShortVolume(short)?.target : view.text(v, 'target');
    return target === undefined ? '' : env ? target : read(target);
  }).map((t) => t.replace(/\/+$/, ''));
}

/**
 * The service runs as a user other than root (`user: 1000:1000`, `${UID}:${GID}`, else the USER of the image it builds,
 * also one not known here), whose HOME is not /root: `/` for a user id the image does not name, else that user's home.
 * A cache default under /root/.cache is then under HOME instead.
 */
function runsAsOtherUser(view: YamlView, service: ComposeService, image: BuiltImage | undefined): 'service' | 'image' | undefined {
  const own = view.str(mergedGet(view, service, 'user'))?.trim();
  if (own !== undefined && own !== '') {
    return /^(?:root|0)(?::.*)?$/.test(own) ? undefined : 'service';
  }
  const user = image?.user;
  return user === null || (user !== undefined && user !== '' && !/^(?:root|0)$/.test(user)) ? 'image' : undefined;
}

/** A mount that holds a home's cache folder (`/.cache`, `/home/app/.cache/huggingface[/hub]`), so the Hugging Face hub under HOME. */
const homeCacheRe = /(?:^|\/)\.cache(?:\/huggingface(?:\/hub)?)?$/;

/**
 * The folder inside the cache that downloads go to when the cache is a home folder: Ollama's `models/` under ~/.ollama,
 * the Hugging Face `hub/` under HF_HOME (TGI's /data, a download-dir flag and HF_HUB_CACHE name the store itself).
 */
function downloadStore(cache: string, ollamaHome: boolean, hfHome: boolean): string | undefined {
  return ollamaHome ? `${cache}/models` : hfHome ? `${cache}/hub` : undefined;
}

/** Whether a mount at `target` keeps `cache`; an interpolated side is only known at `compose up`, so it counts. */
function holdsCache(target: string, cache: string): boolean {
  if (target === '') {
    return false;
  }
  return isInterpolated(target) || isInterpolated(cache) || cache === target || cache.startsWith(`${target}/`);
}

/** Mounts a named volume at the cache and declares it at the top level; undefined when that cannot be done in place. */
function addVolume(model: ComposeModel, service: ComposeService, cache: string): Fix | undefined {
  const view = model.view;
  const volume = `${service.name}-model-cache`;
  const top = view.get(model.root, 'volumes');
  // A mount added here is dropped where the override file resets or replaces the volumes.
  if (model.root.flow || view.pair(top, volume) !== undefined || view.pair(service.node, 'volumes')?.value === null || overrideDecides(view, service, 'volumes') !== undefined) {
    return undefined;
  }
  const own = view.get(service.node, 'volumes');
  const mount = own !== undefined ? insertSeqItem(view, own, `${volume}:${cache}`) : mergedGet(view, service, 'volumes') === undefined ? insertKey(view, service.node, `volumes:\n  - ${volume}:${cache}`) : undefined;
  const topMap = view.map(top);
  const declare = top === undefined && view.pair(model.root, 'volumes') === undefined ? appendLines(view, `volumes:\n  ${volume}: {}`) : topMap && topMap.items.length > 0 ? insertKey(view, topMap, `${volume}: {}`) : undefined;
  return mount && declare ? { title: `Mount a named volume at ${cache}`, edits: [mount, declare] } : undefined;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC409',
    name: 'model-cache-not-persisted',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A serving service (vLLM, TGI, Triton, Ollama, or a --model argument) has no volume at its model cache.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // A fragment's volumes may come from the part it is merged with.
      if (s.fragment) {
        continue;
      }
      const repo = serviceRepository(view, s);
      // The .env variables the judgement read, named in the finding.
      const used = new Set<string>();
      const read = reader(view, used);
      const kokoro = downloadsKokoroModel(view, s, read);
      const whisperAsr = !kokoro && runsWhisperAsrWebservice(view, s, repo);
      const known: [string, string] | undefined = kokoro
        ? [repo, kokoroModels]
        : whisperAsr
          ? [repo, whisperAsrModels]
          : (cacheByImage.find(([r]) => repo === r || repo.endsWith(`/${r}`)) ?? (buildsWyomingWhisper(view, s) ? [repo, wyomingData] : undefined));
      const words = commandWords(view, s);
      if ((!known && !servingCommand(words, read)) || servesLocalModel(words, read) || servesModelStore(words)) {
        continue;
      }
      const ollama = known?.[0] === 'ollama/ollama';
      if (ollama && talksToOtherOllama(view, s, read)) {
        continue;
      }
      // The most specific location wins: a download-dir flag, then the hub-cache variables, then HF_HOME (Ollama: OLLAMA_MODELS,
      // Xinference: XINFERENCE_HOME, Kokoro-FastAPI: its models folder, whisper-asr-webservice: ASR_MODEL_PATH).
      const ownVariable = whisperAsr ? 'ASR_MODEL_PATH' : known !== undefined ? cacheVariables[known[0]] : undefined;
      const ownCache = kokoro ? kokoroModels : known !== undefined && ownVariable !== undefined ? envValue(view, s, ownVariable, read) || known[1] : undefined;
      // A service built here runs with the ENV and USER of its Dockerfile, unless its own environment sets them.
      const image = serviceBuiltImage(ctx, s);
      const vars = containerVariables(view, s, read, image);
      if (vars === undefined) {
        continue;
      }
      const flag = flagValue(words);
      const hub = ownCache === undefined ? hubCache(vars, flag && read(flag), known?.[1] === hfCache ? undefined : known?.[1]) : undefined;
      const cache = (ownCache ?? hub?.dir ?? hfCache).replace(trailingSlashesRe, '');
      const ollamaHome = ollama && !envValue(view, s, 'OLLAMA_MODELS', read);
      const store = downloadStore(cache, ollamaHome, hub?.home === true);
      // Under another user the default cache is HOME's, wherever HOME is: a mount at a home's .cache keeps it.
      const otherUser = cache === hfCache ? runsAsOtherUser(view, s, image) : undefined;
      const underHome = otherUser !== undefined;
      const olderCache = whisperAsr && cache === whisperAsrModels ? olderFasterWhisperModels : undefined;
      // transformers still reads TRANSFORMERS_CACHE: a volume there is where the project means its models to be.
      const transformersCache = vars.get('TRANSFORMERS_CACHE')?.replace(trailingSlashesRe, '');
      if (mountTargets(view, s, read, used).some((t) => holdsCache(t, cache) || (store !== undefined && holdsCache(t, store)) || (underHome && homeCacheRe.test(t)) || t === olderCache || (transformersCache !== undefined && holdsCache(t, transformersCache)))) {
        continue;
      }
      const range = view.valueRange(s.node, 'image') ?? s.anchor;
      const fix = ctx.compose && !underHome ? addVolume(ctx.compose, s, cache) : undefined;
      const inOverride = overrideNote(view, s, 'volumes');
      const where = underHome ? `$HOME/.cache/huggingface, under the home of the user it runs as${otherUser === 'image' ? ' (USER in its Dockerfile)' : ''}` : `${cache}${hub?.by !== undefined && vars.fromImage.has(hub.by) ? `, from ${hub.by} in its Dockerfile` : ''}`;
      const mount = underHome ? 'that user\'s ~/.cache (/.cache for a user id the image does not name), or set HF_HOME to a mounted path' : cache;
      out.push(finding(range, `Serving service "${s.name}" keeps its model cache (${where})${envNote([...used])} inside the container, so every recreate downloads the model again; mount a named volume at ${mount}${inOverride ? ` (${inOverride})` : ''}.`, fix));
    }
    return out;
  },
};

/**
 * ML servers without authentication that a Compose port or a Kubernetes Service can publish to every interface: Ollama's
 * API, ComfyUI, Gradio and Streamlit web UIs, Fooocus, GPT-SoVITS, InvokeAI, LocalAI, and Khoj and Xinference with their logins off. Their default ports are also other servers', so a port counts only with a sign that the
 * container runs the server: its image, its command, or the server's own environment variables.
 */

import { afterLastSlash } from './after-last-slash';

/** What a container shows of the program it runs. */
export interface ContainerSigns {
  /** The image repository and, for a Compose service built here, its build context, Dockerfile and service name. */
  names: readonly string[];
  /** The entrypoint and command (or args), as words. */
  words: readonly string[];
  /** The container's environment variables, with the values known ('' when unknown). */
  env: ReadonlyMap<string, string>;
  /** The container also gets variables not read here (an env_file, a Kubernetes envFrom): they may set a login. */
  envHidden?: boolean;
}

/** Where an environment variable tells the server to listen: a port, the default port, or only the container's loopback. */
type EnvListen = number | 'default' | 'loopback' | undefined;

export interface UnauthenticatedServer {
  /** As a message names it: `Ollama's API`. */
  what: string;
  /** What its exposure allows, after `and`: `Ollama has no authentication, so anyone who reaches it can …`. */
  risk: string;
  defaultPort: number;
  /** The UIs it starts beside its own, by the ports no flag moves, as a message names them (GPT-SoVITS's tool UIs). */
  toolUis?: Readonly<Record<number, string>>;
  /** A whole word of an image repository or a build name that shows the server (`ollama/ollama`, `yanwk/comfyui-boot`). */
  image: RegExp;
  /** A Kubernetes Service's name, label or selector value that names the server: ending in its name (`ollama`, `open-webui-ollama`). */
  label: RegExp;
  /** Images that put a login in front of the server (ai-dock's ComfyUI images run it behind an authenticating Caddy). */
  guarded?: RegExp;
  /** Whether the server can be given a login (Gradio's auth, a wrapper's password): signs of one then leave it alone. */
  loginPossible: boolean;
  /** The server's own variables that turn its login on, besides the password and auth ones every server is read for. */
  loginVariables?: RegExp;
  /** The server's own variables that turn its login off, which the auth-variable reading must skip (XINFERENCE_AUTH_ADVANCED). */
  loginOffVariables?: RegExp;
  /** The server's own flags that give it a login, besides the password and auth ones (LocalAI's `--api-keys`). */
  loginFlags?: RegExp;
  /** Flags that set the port it listens on. */
  portFlags: readonly string[];
  /** Whether the signs show the mode it has no login in (Khoj's `--anonymous-mode`); absent when it has none in any mode. */
  unauthenticatedMode?(signs: ContainerSigns): boolean;
  /** The port a known image serves it on, where that is not its default port. */
  imagePort?(names: readonly string[]): number | undefined;
  /** The command starts the server. */
  started(words: readonly string[]): boolean;
  /** What the server's own environment variables say: where it listens, or undefined when they do not show it. */
  listenEnv(env: ReadonlyMap<string, string>): EnvListen;
  /**
   * The signs show it listening on every interface of its network namespace: by its own default, its image's, or an
   * explicit setting. Where they do not, it may listen on loopback alone (Ollama's own default is 127.0.0.1).
   */
  bindsEveryInterface(signs: ContainerSigns): boolean;
}

const basename = (word: string): string => afterLastSlash(word).replace(/^["']|["']$/g, '');

const loopbackRe = /^(?:127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i;
const everyInterfaceRe = /^(?:0\.0\.0\.0|\[::\]|::|)$/;

/** `[scheme://]host[:port][/path]` split into host and port. */
function hostAndPort(value: string): { host: string; port?: number } | undefined {
  const rest = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(rest);
  return m ? { host: m[1] ?? '', ...(m[2] !== undefined ? { port: Number(m[2]) } : {}) } : undefined;
}

/** The variable names a host on every interface (`0.0.0.0`, `0.0.0.0:11434`, `:8080`). */
function envBindsEveryInterface(env: ReadonlyMap<string, string>, name: string): boolean {
  const value = env.get(name)?.trim();
  const bind = value ? hostAndPort(value) : undefined;
  return bind !== undefined && everyInterfaceRe.test(bind.host);
}

/** A flag of `flags` gives every interface as the address (`--host 0.0.0.0`, `--listen=0.0.0.0`, ComfyUI's `--listen 0.0.0.0,::`). */
function flagBindsEveryInterface(words: readonly string[], flags: readonly string[]): boolean {
  return words.some((w, i) => {
    const flag = flags.find((f) => w === f || w.startsWith(`${f}=`));
    const value = flag === undefined ? undefined : w === flag ? words[i + 1] : w.slice(flag.length + 1);
    return value !== undefined && value !== '' && value.split(',').every((part) => /^(?:0\.0\.0\.0|::|\[::\])$/.test(part));
  });
}

/** `--listen` given no address, which ComfyUI, text-generation-webui and the Stable Diffusion web UI read as 0.0.0.0. */
function bareListenFlag(words: readonly string[]): boolean {
  return words.some((w, i) => w === '--listen' && (words[i + 1] === undefined || words[i + 1]?.startsWith('-')));
}

/**
 * OLLAMA_HOST, which `ollama serve` binds (127.0.0.1:11434 by default; the ollama/ollama image sets 0.0.0.0). A
 * value naming another host is a client's (`http://ollama:11434`), and an unknown one (passed on from the shell) says
 * nothing of this container either.
 */
function ollamaListen(env: ReadonlyMap<string, string>): EnvListen {
  const value = env.get('OLLAMA_HOST')?.trim();
  const bind = value ? hostAndPort(value) : undefined;
  if (!bind) {
    return undefined;
  }
  if (loopbackRe.test(bind.host)) {
    return 'loopback';
  }
  return everyInterfaceRe.test(bind.host) ? bind.port ?? 'default' : undefined;
}

/** GRADIO_SERVER_PORT and GRADIO_SERVER_NAME, read by every Gradio app's launch(). */
function gradioListen(env: ReadonlyMap<string, string>): EnvListen {
  const name = env.get('GRADIO_SERVER_NAME')?.trim();
  if (name !== undefined && loopbackRe.test(name)) {
    return 'loopback';
  }
  const port = env.get('GRADIO_SERVER_PORT')?.trim();
  if (port !== undefined && /^\d{1,5}$/.test(port)) {
    return Number(port);
  }
  return name !== undefined || port !== undefined ? 'default' : undefined;
}

/** INVOKEAI_HOST and INVOKEAI_PORT: InvokeAI reads each setting of its invokeai.yaml from an `INVOKEAI_` variable. */
function invokeAiListen(env: ReadonlyMap<string, string>): EnvListen {
  const host = env.get('INVOKEAI_HOST')?.trim();
  if (host !== undefined && loopbackRe.test(host)) {
    return 'loopback';
  }
  const port = env.get('INVOKEAI_PORT')?.trim();
  if (port !== undefined && /^\d{1,5}$/.test(port)) {
    return Number(port);
  }
  return host !== undefined || port !== undefined ? 'default' : undefined;
}

/** LOCALAI_ADDRESS (`:8080` by default, every interface). ADDRESS, its other name, is too common a name to show LocalAI. */
function localAiListen(env: ReadonlyMap<string, string>): EnvListen {
  const value = env.get('LOCALAI_ADDRESS')?.trim();
  const bind = value ? hostAndPort(value) : undefined;
  if (!bind) {
    return undefined;
  }
  return loopbackRe.test(bind.host) ? 'loopback' : bind.port ?? 'default';
}

/** LocalAI's images: localai/localai, and quay.io/go-skynet/local-ai, where its own Compose file takes it from. */
const localAiImageRe = /(?:^|\/)(?:localai\/localai|go-skynet\/local-ai)$/i;

const comfyUiRe = /(?:^|[/_.-])comfy[-_]?ui(?:$|[/_.-])/i;

/** For servers that a Kubernetes Service's name alone must not show: they have a login unless a setting turns it off. */
const noLabel = /(?!)/;

const enabledRe = /^(?:1|true|yes|on)$/i;
const disabledRe = /^(?:0|false|no|off)$/i;

/** Sygil's web UI, a Gradio app that runs a Streamlit UI instead when USE_STREAMLIT=1. */
const sygilRe = /(?:^|[/_.-])sygil(?:$|[/_.-])/i;
const sygilStreamlit = (signs: ContainerSigns): boolean => enabledRe.test(signs.env.get('USE_STREAMLIT')?.trim() ?? '') && signs.names.some((n) => sygilRe.test(n));

/** `streamlit run app.py`, also as `python -m streamlit run`. */
const startsStreamlit = (words: readonly string[]): boolean => words.some((w, i) => basename(w) === 'streamlit' && words[i + 1] === 'run');

/** STREAMLIT_SERVER_PORT and STREAMLIT_SERVER_ADDRESS, Streamlit's settings as variables (its address is every interface when unset). */
function streamlitListen(env: ReadonlyMap<string, string>): EnvListen {
  const address = env.get('STREAMLIT_SERVER_ADDRESS')?.trim();
  if (address !== undefined && loopbackRe.test(address)) {
    return 'loopback';
  }
  const port = env.get('STREAMLIT_SERVER_PORT')?.trim();
  if (port !== undefined && /^\d{1,5}$/.test(port)) {
    return Number(port);
  }
  return address !== undefined || port !== undefined ? 'default' : undefined;
}

const fooocusRe = /(?:^|[/_.-])fooocus(?:$|[/_.-])/i;

/**
 * Fooocus's images start `entry_with_update.py $CMDARGS`, and set CMDARGS to `--listen` (every interface): a CMDARGS of
 * the container's own replaces that default.
 */
function fooocusListens(signs: ContainerSigns): boolean {
  const args = signs.env.get('CMDARGS');
  if (args === undefined) {
    return signs.names.some((n) => fooocusRe.test(n));
  }
  const words = args.trim().split(/\s+/);
  return bareListenFlag(words) || flagBindsEveryInterface(words, ['--listen']);
}

/**
 * Gradio apps known to listen on 7860 without a login by default: LLaMA-Factory's LLaMA Board (`llamafactory-cli webui`,
 * whose launch() passes no auth), text-generation-webui and the Stable Diffusion web UI (`--gradio-auth` optional),
 * h2oGPT (`generate.py`: open unless `--auth` is given) and Sygil's web UI (`--share-password` optional).
 */
const gradioAppRe = /(?:^|[/_.-])(?:llamafactory|llama-factory|text-generation-webui|stable-diffusion-webui|automatic1111|gradio|h2ogpt|sygil)(?:$|[/_.-])/i;

/** GPT-SoVITS's images (breakstring/gpt-sovits, its first; xxxxrt666/gpt-sovits, the official one) and builds of its repository. */
const gptSovitsRe = /(?:^|[/_.-])gpt[-_]?sovits(?:$|[/_.-])/i;

/** The command runs only GPT-SoVITS's HTTP API (api.py or api_v2.py, on 9880), none of its web UIs. */
function gptSovitsApiOnly(words: readonly string[]): boolean {
  const text = words.join(' ');
  return /(?:^|[\s/])api(?:_v2)?\.py(?:$|\s)/.test(text) && !/webui/i.test(text);
}

export const unauthenticatedServers: readonly UnauthenticatedServer[] = [
  {
    what: "Ollama's API",
    risk: 'Ollama has no authentication, so anyone who reaches it can pull, delete and run models',
    defaultPort: 11434,
    image: /(?:^|\/)ollama$/i,
    label: /(?:^|[_.-])ollama$/i,
    loginPossible: false,
    portFlags: [],
    started: (words) => words.some((w, i) => basename(w) === 'ollama' && words[i + 1] === 'serve'),
    listenEnv: ollamaListen,
    // The ollama/ollama image sets OLLAMA_HOST=0.0.0.0:11434.
    bindsEveryInterface: (signs) => (signs.env.has('OLLAMA_HOST') ? envBindsEveryInterface(signs.env, 'OLLAMA_HOST') : signs.names.some((n) => /(?:^|\/)ollama\/ollama$/i.test(n))),
  },
  {
    what: 'ComfyUI',
    risk: 'ComfyUI has no authentication, so anyone who reaches it can queue workflows on its GPUs and upload files',
    defaultPort: 8188,
    image: comfyUiRe,
    label: /(?:^|[_.-])comfy-?ui$/i,
    guarded: /(?:^|\/)ai-dock\//i,
    loginPossible: true,
    portFlags: ['--port'],
    started: (words) => words.some((w, i) => (!w.startsWith('-') && comfyUiRe.test(w)) || (basename(w) === 'comfy' && words[i + 1] === 'launch')),
    listenEnv: () => undefined,
    bindsEveryInterface: (signs) => bareListenFlag(signs.words) || flagBindsEveryInterface(signs.words, ['--listen']),
  },
  {
    what: 'a Gradio web UI',
    risk: 'Gradio apps have no login unless their code passes auth to launch(), so anyone who reaches it can use the app and the GPUs behind it',
    defaultPort: 7860,
    image: gradioAppRe,
    label: /(?:^|[_.-])(?:llamafactory|llama-factory|text-generation-webui|stable-diffusion-webui|gradio|h2ogpt|sygil)$/i,
    loginPossible: true,
    portFlags: ['--port', '--listen-port', '--server-port', '--server_port'],
    unauthenticatedMode: (signs) => !sygilStreamlit(signs),
    started: (words) => words.some((w, i) => basename(w) === 'gradio' || (basename(w) === 'llamafactory-cli' && /^web(?:ui|chat)$/.test(words[i + 1] ?? ''))),
    listenEnv: gradioListen,
    bindsEveryInterface: (signs) =>
      envBindsEveryInterface(signs.env, 'GRADIO_SERVER_NAME') || bareListenFlag(signs.words) || flagBindsEveryInterface(signs.words, ['--listen', '--host', '--server-name', '--server_name']),
  },
  {
    what: 'a Streamlit web UI',
    risk: 'Streamlit apps have no login unless their code adds one, so anyone who reaches it can use the app and whatever it controls',
    defaultPort: 8501,
    image: sygilRe,
    label: /(?:^|[_.-])streamlit$/i,
    loginPossible: true,
    portFlags: ['--server.port'],
    unauthenticatedMode: (signs) => !signs.names.some((n) => sygilRe.test(n)) || sygilStreamlit(signs),
    // AbdBarho/stable-diffusion-webui-docker's Sygil image moves Streamlit from 8501 to 7860.
    imagePort: (names) => (names.some((n) => sygilRe.test(n)) ? 7860 : undefined),
    started: startsStreamlit,
    listenEnv: streamlitListen,
    bindsEveryInterface: (signs) => !signs.env.has('STREAMLIT_SERVER_ADDRESS') || envBindsEveryInterface(signs.env, 'STREAMLIT_SERVER_ADDRESS'),
  },
  {
    what: 'Fooocus',
    risk: 'Fooocus (a Gradio app) has no login unless an auth.json in its folder sets one, so anyone who reaches it can generate images on its GPUs',
    defaultPort: 7865,
    image: fooocusRe,
    label: /(?:^|[_.-])fooocus$/i,
    loginPossible: true,
    portFlags: ['--port'],
    started: (words) => words.some((w) => basename(w) === 'entry_with_update.py'),
    listenEnv: () => undefined,
    bindsEveryInterface: (signs) => fooocusListens(signs) || bareListenFlag(signs.words) || flagBindsEveryInterface(signs.words, ['--listen']),
  },
  {
    what: "GPT-SoVITS's main web UI",
    risk: 'GPT-SoVITS has no login on its Gradio UIs (the main one on 9874 starts the others on 9871-9873), so anyone who reaches them can clone voices, train models on its GPUs and edit its datasets',
    // config.py's webui_port_* ports; its api_port (9880) serves the HTTP API, which is no UI.
    defaultPort: 9874,
    toolUis: { 9871: "GPT-SoVITS's labelling UI", 9872: "GPT-SoVITS's inference UI", 9873: "GPT-SoVITS's vocal separation UI" },
    image: gptSovitsRe,
    label: /(?:^|[_.-])gpt-?sovits$/i,
    loginPossible: false,
    portFlags: [],
    unauthenticatedMode: (signs) => !gptSovitsApiOnly(signs.words),
    // Its images start webui.py, or a shell to start it from; nothing in a command alone shows it.
    started: () => false,
    listenEnv: () => undefined,
    // Each UI's launch() gives server_name="0.0.0.0".
    bindsEveryInterface: () => true,
  },
  {
    what: 'Khoj in anonymous mode',
    risk: "--anonymous-mode turns Khoj's login off, so anyone who reaches it can chat with its models and read the documents it indexed",
    defaultPort: 42110,
    image: /(?:^|\/)khoj-ai\/khoj(?:-cloud)?$/i,
    label: noLabel,
    // Its admin password guards only the admin panel, not the app.
    loginPossible: false,
    portFlags: ['--port'],
    unauthenticatedMode: (signs) => signs.words.includes('--anonymous-mode'),
    started: (words) => words.some((w) => basename(w) === 'khoj'),
    listenEnv: () => undefined,
    bindsEveryInterface: (signs) => flagBindsEveryInterface(signs.words, ['--host']),
  },
  {
    what: 'Xinference with authentication off',
    risk: 'XINFERENCE_AUTH_ADVANCED=false turns its login off, so anyone who reaches it can launch, stop and run models on its GPUs',
    defaultPort: 9997,
    image: /(?:^|\/)xprobe\/xinference$/i,
    label: noLabel,
    loginPossible: true,
    loginOffVariables: /^XINFERENCE_AUTH_ADVANCED$/,
    portFlags: ['--port', '-p'],
    // From 3.0 on its login is on unless XINFERENCE_AUTH_ADVANCED turns it off.
    unauthenticatedMode: (signs) => disabledRe.test(signs.env.get('XINFERENCE_AUTH_ADVANCED')?.trim() ?? ''),
    started: (words) => words.some((w) => /^xinference-(?:local|supervisor)$/.test(basename(w))),
    listenEnv: () => undefined,
    bindsEveryInterface: (signs) => flagBindsEveryInterface(signs.words, ['--host', '-H']),
  },
  {
    what: 'InvokeAI',
    risk: 'InvokeAI has no login unless its multi-user mode is on, so anyone who reaches it can generate on its GPUs, install models and see every image',
    defaultPort: 9090,
    image: /(?:^|[/_.-])invoke-?ai(?:$|[/_.-])/i,
    label: /(?:^|[_.-])invoke-?ai$/i,
    loginPossible: true,
    portFlags: ['--port'],
    started: (words) => words.some((w) => basename(w) === 'invokeai-web'),
    listenEnv: invokeAiListen,
    // InvokeAI's own image (ghcr.io/invoke-ai/invokeai) sets INVOKEAI_HOST=0.0.0.0.
    bindsEveryInterface: (signs) =>
      (signs.env.has('INVOKEAI_HOST') ? envBindsEveryInterface(signs.env, 'INVOKEAI_HOST') : signs.names.some((n) => /(?:^|\/)invoke-ai\/invokeai$/i.test(n))) ||
      flagBindsEveryInterface(signs.words, ['--host']),
  },
  {
    what: 'LocalAI',
    risk: 'LocalAI has no authentication unless an API key is set (LOCALAI_API_KEY), so anyone who reaches it can run models on its GPUs and install new ones from its galleries',
    defaultPort: 8080,
    image: localAiImageRe,
    label: /(?:^|[_.-])local-?ai$/i,
    loginPossible: true,
    loginVariables: /^(?:LOCALAI_)?API_KEY$/,
    loginFlags: /^--api-keys(?:=|$)/,
    portFlags: [],
    started: (words) => words.some((w, i) => basename(w) === 'local-ai' && words[i + 1] === 'run'),
    listenEnv: localAiListen,
    // Its bind address defaults to `:8080`.
    bindsEveryInterface: () => true,
  },
];

/** The port a flag sets (`--port 8190`, `--port=8190`); undefined when none is set. */
function flagPort(words: readonly string[], flags: readonly string[]): number | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    for (const flag of flags) {
      const value = w === flag ? words[i + 1] : w.startsWith(`${flag}=`) ? w.slice(flag.length + 1) : undefined;
      if (value !== undefined && /^\d{1,5}$/.test(value)) {
        return Number(value);
      }
    }
  }
  return undefined;
}

/** `--listen 127.0.0.1` (ComfyUI) or `--host localhost`: the server binds only the container's loopback. */
function listensOnLoopback(words: readonly string[]): boolean {
  return words.some((w, i) => (w === '--listen' || w === '--host') && loopbackRe.test(words[i + 1] ?? ''));
}

const loginFlagRe = /^--[\w-]*(?:auth|password)/i;
/** Also InvokeAI's INVOKEAI_MULTIUSER and LocalAI's LOCALAI_AUTH, which turn their logins on. */
const loginVariableRe = /PASSWORD|PASSWD|(?:^|_)AUTH|MULTIUSER/i;

/**
 * Signs the container may put a login in front of the server: an auth flag (`--gradio-auth`, in the command or in a
 * variable the image passes on such as CLI_ARGS), or a password or auth variable (WEB_PASSWORD, WEB_ENABLE_AUTH).
 */
function mayAuthenticate(server: UnauthenticatedServer, signs: ContainerSigns): boolean {
  if (!server.loginPossible) {
    return false;
  }
  if (signs.words.some((w) => loginFlagRe.test(w) || server.loginFlags?.test(w)) || (server.guarded && signs.names.some((n) => server.guarded?.test(n)))) {
    return true;
  }
  // Variables not read here may hold the server's own login variable (LocalAI's API_KEY in an env_file).
  if (signs.envHidden && server.loginVariables) {
    return true;
  }
  for (const [name, value] of signs.env) {
    if (server.loginOffVariables?.test(name)) {
      continue;
    }
    if (loginVariableRe.test(name) || server.loginVariables?.test(name) || /(?:^|\s)--[\w-]*(?:auth|password)/i.test(value)) {
      return true;
    }
  }
  return false;
}

/** The signs show the server (its image, command or own environment variables), whether or not it can be reached. */
export function showsServer(server: UnauthenticatedServer, signs: ContainerSigns): boolean {
  if (server.unauthenticatedMode && !server.unauthenticatedMode(signs)) {
    return false;
  }
  return server.listenEnv(signs.env) !== undefined || server.started(signs.words) || signs.names.some((n) => server.image.test(n));
}

/**
 * The port the server listens on in a container whose signs show it, reachable from outside the container and without
 * a sign of a login; undefined otherwise.
 */
export function listeningPort(server: UnauthenticatedServer, signs: ContainerSigns): number | undefined {
  const fromEnv = server.listenEnv(signs.env);
  if (fromEnv === 'loopback' || listensOnLoopback(signs.words) || !showsServer(server, signs) || mayAuthenticate(server, signs)) {
    return undefined;
  }
  return typeof fromEnv === 'number' ? fromEnv : flagPort(signs.words, server.portFlags) ?? server.imagePort?.(signs.names) ?? server.defaultPort;
}

/** The server, or one of the UIs it starts, on a port, as a message names it. */
export interface ListeningUi {
  port: number;
  what: string;
}

/** The server on listeningPort's port, then the UIs it starts; none where listeningPort is undefined. */
export function listeningUis(server: UnauthenticatedServer, signs: ContainerSigns): ListeningUi[] {
  const port = listeningPort(server, signs);
  if (port === undefined) {
    return [];
  }
  return [{ port, what: server.what }, ...Object.entries(server.toolUis ?? {}).map(([p, what]) => ({ port: Number(p), what }))];
}

/** Every port the server or the UIs it starts may listen on: its default port and its tool ports. */
export const serverPorts = (server: UnauthenticatedServer): number[] => [server.defaultPort, ...Object.keys(server.toolUis ?? {}).map(Number)];

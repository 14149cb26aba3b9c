import type { ComposeRule } from '../../compose/rule';
import type { Fix, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { defaultRepository, serviceImage } from '../../compose/image';
import { startsPythonScript, startsWebServer } from '../../compose/gpu-programs';
import type { PortEntry } from './helpers';
import { bindText, commandWords, finding, isLoopback, isMediaServer, portEntries, serviceRepository, services, sourceOf } from './helpers';
import type { ServedServer } from './unauthenticated-servers';
import { hostNetworkServers, servedServers } from './unauthenticated-servers';
import { hostNetworkRange } from './host-network';
import { quotedList } from '../../compose/shared-findings';

/**
 * Each UI's default port, its name, words of an image or command that show the service runs it, image
 * repositories known to serve something else on that port, and whether the port alone suggests the UI.
 */
interface UiPort {
  name: string;
  runs: RegExp;
  other?: RegExp;
  /** The port is taken for the UI when nothing shows what the service runs (false: only when the image or command shows the UI). */
  portAlone: boolean;
  /** What its exposure allows, after `and`. */
  risk: string;
}

const uiPorts: Record<number, UiPort> = {
  // SeaweedFS's filer (mlflow/mlflow's docker-compose/seaweedfs stack) and the OpenTelemetry Collector's own metrics listen on 8888 too,
  // and so does each OPEA GenAIExamples megaservice (opea/chatqna, opea/docsum…), the RAG pipeline's gateway.
  8888: {
    name: 'Jupyter',
    runs: /jupyter|notebook/i,
    other: /(?:^|\/)(?:seaweedfs|opentelemetry-collector(?:-contrib|-k8s)?)$|(?:^|\/)opea\/[^/]+$/,
    portAlone: true,
    risk: "such UIs run code for whoever gets in: Jupyter asks for the token it prints to the container's logs (or a password, if one is set), and for nothing when it is started with an empty token (--ServerApp.token='')",
  },
  8265: {
    name: 'the Ray dashboard',
    runs: /(?:^|[/_.\s-])ray(?:$|[/_.:\s-])/i,
    portAlone: true,
    risk: 'such UIs run code for whoever reaches them: the Ray dashboard takes jobs from anyone unless token authentication is on (RAY_AUTH_MODE=token)',
  },
  6006: { name: 'TensorBoard', runs: /tensorboard/i, portAlone: true, risk: 'such UIs have no login: anyone who reaches TensorBoard can read the runs it shows' },
  // Flask's default port and many model APIs' (and the Docker registry's): MLflow only when the image or command says so.
  5000: {
    name: 'MLflow',
    runs: /mlflow/i,
    portAlone: false,
    risk: "such UIs have no login: anyone who reaches MLflow's tracking server can read and change its runs, models and artifacts unless it is started with --app-name basic-auth",
  },
};

/**
 * The command starts another program than a UI: a Python script (`python3 webserver.py`, directly or as an `sh -c`
 * script's first command) or a web app server (`uvicorn app:app`). A UI's port alone then names no UI: a Riva demo's
 * client serves its own web page on 8888. (A notebook image or a `jupyter` word in the command still shows the UI.)
 */
function startsOtherProgram(words: readonly string[]): boolean {
  return startsPythonScript(words) || startsWebServer(words);
}

/**
 * The ML UI a port entry serves, and that port: by the container port, else (`byHost`) by the host port, which
 * shows the UI only with the image or command (`8888:8000` publishes a server listening on 8000).
 */
export function uiOf(container: [number, number] | undefined, host: [number, number] | undefined): (UiPort & { port: number; byHost: boolean }) | undefined {
  const c = container ? uiPorts[container[0]] : undefined;
  if (c && container) {
    return { ...c, port: container[0], byHost: false };
  }
  const h = host ? uiPorts[host[0]] : undefined;
  return h && host ? { ...h, port: host[0], byHost: true } : undefined;
}

/**
 * How a message names the UI a port entry publishes: by name when the image or command shows it, else by its default port
 * when the port alone suggests it; undefined for no UI, a known other server on its port (registry:2 on 5000: MLC102 still
 * reports the bind), or a host port or port shared with other servers that nothing shows to be the UI's. A media server's
 * port is its own: Tdarr serves its web UI on 8265.
 */
function uiShown(ui: ReturnType<typeof uiOf>, repositories: readonly string[], shows: string, words: readonly string[]): string | undefined {
  if (!ui || repositories.some((r) => ui.other?.test(r))) {
    return undefined;
  }
  if (ui.runs.test(shows)) {
    return ui.name;
  }
  return ui.byHost || !ui.portAlone || startsOtherProgram(words) || repositories.some(isMediaServer) ? undefined : `port ${ui.port}, the default port of ${ui.name},`;
}

/** The unauthenticated server a port entry publishes: one the service runs, listening on a container port of the entry. */
function serverOn(p: PortEntry, served: readonly ServedServer[]): ServedServer | undefined {
  const container = p.container;
  return container && served.find((s) => container[0] <= s.port && s.port <= container[1]);
}

/** Prefixes a short-syntax entry without a host IP with 127.0.0.1. */
function loopbackFix(view: YamlView, p: PortEntry): Fix | undefined {
  const raw = p.scalar ? sourceOf(view, p.scalar) : undefined;
  return p.short && p.hostIp === undefined && raw !== undefined ? { title: 'Bind to 127.0.0.1', edits: [{ range: p.range, newText: `"127.0.0.1:${/^["']/.test(raw) ? raw.slice(1, -1) : raw}"` }] } : undefined;
}

const entryKey = (p: { range: PortEntry['range'] }): string => `${p.range.start.line}:${p.range.start.column}`;

/**
 * A finding on a shared port entry also names the services that publish through it without a finding of their own
 * (AbdBarho's x-base_service ports serve Gradio for "auto" and ComfyUI or InvokeAI for the others): the bind is theirs too.
 */
function withSharers(f: RuleFinding, reported: ReadonlyMap<string, ReadonlySet<string>>, publishers: ReadonlyMap<string, readonly string[]>): RuleFinding {
  const key = entryKey(f);
  const others = [...new Set(publishers.get(key) ?? [])].filter((name) => !reported.get(key)?.has(name));
  if (others.length === 0) {
    return f;
  }
  return { ...f, message: f.message.replace(/; bind it to 127\.0\.0\.1/, () => `; the same entry publishes ${quotedList(others)} too; bind it to 127.0.0.1`) };
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC410',
    name: 'ml-ui-exposed',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    supersedes: ['MLC102'],
    equivalents: {},
    description: 'A Jupyter, Ray dashboard, TensorBoard or MLflow port, or an Ollama, ComfyUI, Gradio, Streamlit, Fooocus, GPT-SoVITS, InvokeAI or LocalAI server (Khoj and Xinference with their logins off), is published without a loopback host IP or runs on every interface of the host network.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    // A port entry shared through an anchor or merge key: the services publishing through it, and those reported there.
    const publishers = new Map<string, string[]>();
    const reported = new Map<string, Set<string>>();
    for (const s of services(ctx)) {
      const hostNetwork = hostNetworkRange(ctx.view, s);
      if (hostNetwork) {
        // No ports are published: the server listens on the host's own interfaces.
        for (const { server, port, what } of hostNetworkServers(ctx.view, s, commandWords(ctx.view, s))) {
          out.push(finding(hostNetwork, `Service "${s.name}" runs ${what} with network_mode: host, so it listens on port ${port} of every host interface, and ${server.risk}; bind it to 127.0.0.1, or drop host networking and publish "127.0.0.1:${port}:${port}".`));
        }
        continue;
      }
      let shows: string | undefined;
      let words: string[] | undefined;
      let served: ServedServer[] | undefined;
      const image = serviceImage(ctx.view, s);
      const repository = serviceRepository(ctx.view, s);
      const byDefault = defaultRepository(ctx.view, s);
      for (const p of portEntries(ctx.view, s)) {
        if (!p.host || isLoopback(p.hostIp)) {
          continue;
        }
        const key = entryKey(p);
        publishers.set(key, [...(publishers.get(key) ?? []), s.name]);
        words ??= commandWords(ctx.view, s);
        shows ??= [image ?? '', ...words].join(' ');
        const ui = uiOf(p.container, p.host);
        const what = uiShown(ui, [repository, byDefault], shows, words);
        const server = what === undefined ? serverOn(p, (served ??= servedServers(ctx.view, s, words))) : undefined;
        const risk = what !== undefined ? ui?.risk : server?.server.risk;
        if (risk !== undefined) {
          const f = finding(p.range, `Service "${s.name}" publishes ${what ?? server?.what ?? ''} on ${bindText(p)}, and ${risk}; bind it to 127.0.0.1 and use an SSH tunnel or an authenticating proxy.`, loopbackFix(ctx.view, p));
          out.push(f);
          reported.set(key, (reported.get(key) ?? new Set()).add(s.name));
        }
      }
    }
    return out.map((f) => withSharers(f, reported, publishers));
  },
};

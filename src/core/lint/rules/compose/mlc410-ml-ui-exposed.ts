import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import { defaultRepository, serviceImage } from '../../compose/image';
import { startsPythonScript, startsWebServer } from '../../compose/gpu-programs';
import { bindText, commandWords, finding, isLoopback, portEntries, serviceRepository, services, sourceOf } from './helpers';

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
}

const uiPorts: Record<number, UiPort> = {
  // SeaweedFS's filer (mlflow/mlflow's docker-compose/seaweedfs stack) and the OpenTelemetry Collector's own metrics listen on 8888 too,
  // and so does each OPEA GenAIExamples megaservice (opea/chatqna, opea/docsum…), the RAG pipeline's gateway.
  8888: { name: 'Jupyter', runs: /jupyter|notebook/i, other: /(?:^|\/)(?:seaweedfs|opentelemetry-collector(?:-contrib|-k8s)?)$|(?:^|\/)opea\/[^/]+$/, portAlone: true },
  8265: { name: 'the Ray dashboard', runs: /(?:^|[/_.\s-])ray(?:$|[/_.:\s-])/i, portAlone: true },
  6006: { name: 'TensorBoard', runs: /tensorboard/i, portAlone: true },
  // Flask's default port and many model APIs' (and the Docker registry's): MLflow only when the image or command says so.
  5000: { name: 'MLflow', runs: /mlflow/i, portAlone: false },
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
    description: 'A Jupyter, Ray dashboard, TensorBoard or MLflow port is published without a loopback host IP.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      let shows: string | undefined;
      let words: string[] | undefined;
      const image = serviceImage(ctx.view, s);
      const repository = serviceRepository(ctx.view, s);
      const byDefault = defaultRepository(ctx.view, s);
      for (const p of portEntries(ctx.view, s)) {
        const ui = uiOf(p.container, p.host);
        // A known other server on the UI's port (registry:2 on 5000) is no UI: MLC102 still reports the bind.
        if (!p.host || !ui || isLoopback(p.hostIp) || ui.other?.test(repository) || ui.other?.test(byDefault)) {
          continue;
        }
        const raw = p.scalar ? sourceOf(ctx.view, p.scalar) : undefined;
        const fix = p.short && p.hostIp === undefined && raw !== undefined ? { title: 'Bind to 127.0.0.1', edits: [{ range: p.range, newText: `"127.0.0.1:${/^["']/.test(raw) ? raw.slice(1, -1) : raw}"` }] } : undefined;
        // The port alone only suggests the UI: name it when the image or command shows it.
        words ??= commandWords(ctx.view, s);
        shows ??= [image ?? '', ...words].join(' ');
        const runsUi = ui.runs.test(shows);
        if (!runsUi && (ui.byHost || !ui.portAlone || startsOtherProgram(words))) {
          continue;
        }
        const what = runsUi ? ui.name : `port ${ui.port}, the default port of ${ui.name},`;
        out.push(finding(p.range, `Service "${s.name}" publishes ${what} on ${bindText(p)}, and such UIs often have no authentication; bind it to 127.0.0.1 and use an SSH tunnel or an authenticating proxy.`, fix));
      }
    }
    return out;
  },
};

import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import type { OpenJupyter } from './jupyter-behind';
import { jupyterBehind, openJupyters } from './jupyter-behind';
import { servesMlflow } from './mlflow-service';
import type { ServiceBackends } from './unauthenticated-servers';
import { mayLeadToServer, serverBehind, serviceBackends } from './unauthenticated-servers';

/** What exposing the UIs allows, after `and`. */
const uiRisk = 'such UIs often have no authentication or allow code execution';

const uiPorts: Record<number, string> = { 8888: 'Jupyter', 8265: 'the Ray dashboard and Jobs API', 6006: 'TensorBoard' };
const uiNames = /^(?:jupyter|notebook|dashboard|tensorboard|mlflow)$/;

/** MLflow's default port, which it shares with Flask and many other servers: it counts only where the Service shows MLflow. */
const mlflowPort = 5000;

/**
 * What of an ML UI a Service port shows, if anything: its number is a UI's default (other servers use 8888 too: SAX's
 * HTTP server), port 5000 of a Service that shows MLflow, or its name is a UI's. `mlflow` is asked only for port 5000.
 */
function uiOf(view: KubeObject['view'], p: unknown, mlflow: () => boolean): string | undefined {
  const port = view.scalar(view.get(p, 'port'))?.value;
  const target = view.scalar(view.get(p, 'targetPort'))?.value;
  const name = view.text(p, 'name') ?? '';
  for (const n of [port, target]) {
    const ui = typeof n === 'number' ? uiPorts[n] : undefined;
    if (ui !== undefined) {
      return `port ${String(n)}, the default port of ${ui},`;
    }
  }
  if ((port === mlflowPort || target === mlflowPort) && !uiNames.test(name) && mlflow()) {
    return `MLflow's port ${String(mlflowPort)}`;
  }
  return uiNames.test(name) ? `a port named "${name}"` : undefined;
}

/** The port and targetPort numbers of a Service port. */
function portNumbers(view: KubeObject['view'], p: unknown): number[] {
  return [view.get(p, 'port'), view.get(p, 'targetPort')].map((n) => view.scalar(n)?.value).filter((n): n is number => typeof n === 'number');
}

/** An unauthenticated server (Ollama, ComfyUI, a Gradio app, GPT-SoVITS, InvokeAI, LocalAI) a Service port leads to, as a message names it and its risk. */
function serverOf(view: KubeObject['view'], p: unknown, backends: () => ServiceBackends): ExposedUi | undefined {
  const ports = portNumbers(view, p);
  const behind = mayLeadToServer(ports) ? serverBehind(backends(), ports) : undefined;
  return behind && { ui: `${behind.what} (port ${String(behind.port)})`, risk: behind.server.risk };
}

interface ExposedUi {
  ui: string;
  risk: string;
  /** What to do, when more than the Service's own change: Jupyter's login to turn back on. */
  advice?: string;
}

/** Jupyter behind a Service port with its login off, as a message names it, its risk and the login to turn back on. */
function openJupyterOf(view: KubeObject['view'], p: unknown, open: () => readonly OpenJupyter[]): ExposedUi | undefined {
  const j = jupyterBehind(view, p, open());
  const who = j?.container !== undefined ? `container "${j.container}"` : 'its container';
  return (
    j && {
      ui: `Jupyter (port ${String(j.port)})`,
      risk: `${who} starts it with an empty token (${j.flag}) and no password, so anyone who reaches it can run code in the container`,
      advice: `drop ${j.flag} so that Jupyter asks for a token (or set a password), and use ClusterIP with a port-forward or restrict loadBalancerSourceRanges`,
    }
  );
}

/** The Service's ports that show an ML UI or an unauthenticated server, with what they show; empty unless it is a LoadBalancer or NodePort without source ranges. */
function exposedUis(ctx: KubernetesContext, obj: KubeObject): (ExposedUi & { port: unknown })[] {
  const view = obj.view;
  const spec = view.get(obj.root, 'spec');
  const type = view.text(spec, 'type');
  if ((type !== 'LoadBalancer' && type !== 'NodePort') || view.list(view.get(spec, 'loadBalancerSourceRanges')).length > 0) {
    return [];
  }
  let mlflow: boolean | undefined;
  const showsMlflow = (): boolean => (mlflow ??= servesMlflow(ctx, obj));
  let backends: ServiceBackends | undefined;
  const behind = (): ServiceBackends => (backends ??= serviceBackends(ctx, obj));
  let jupyters: OpenJupyter[] | undefined;
  const open = (): OpenJupyter[] => (jupyters ??= openJupyters(ctx, obj));
  const out: (ExposedUi & { port: unknown })[] = [];
  for (const port of view.list(view.get(spec, 'ports'))) {
    const ui = uiOf(view, port, showsMlflow);
    const exposed = openJupyterOf(view, port, open) ?? (ui !== undefined ? { ui, risk: uiRisk } : serverOf(view, port, behind));
    if (exposed !== undefined) {
      out.push({ port, ...exposed });
    }
  }
  return out;
}

/** A LoadBalancer/NodePort Service without source ranges that exposes an ML UI (MLK420 reports it, MLK124 stays silent). */
export function exposesMlUi(ctx: KubernetesContext, obj: KubeObject): boolean {
  return exposedUis(ctx, obj).length > 0;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK420',
    name: 'ml-ui-exposed',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A LoadBalancer or NodePort Service exposes an ML UI port (Jupyter, Ray dashboard, TensorBoard, MLflow) or an Ollama, ComfyUI, Gradio, Streamlit, Fooocus, GPT-SoVITS, InvokeAI or LocalAI server (Khoj and Xinference with their logins off).',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || obj.kind !== 'Service') {
      return [];
    }
    const uis = exposedUis(ctx, obj);
    if (uis.length === 0) {
      return [];
    }
    const view = obj.view;
    const spec = view.get(obj.root, 'spec');
    const type = view.text(spec, 'type') ?? '';
    const typeRange = view.valueRange(spec, 'type');
    const canFix = typeRange !== undefined && view.list(view.get(spec, 'ports')).every((p) => view.get(p, 'nodePort') === undefined);
    const out: RuleFinding[] = [];
    for (const { port, ui, risk, advice } of uis) {
      const range = view.valueRange(port, 'port') ?? view.lineRange(port);
      if (range) {
        out.push(finding(range, `This ${type} Service exposes ${ui} outside the cluster, and ${risk}; ${advice ?? 'use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else)'}.`, canFix && typeRange ? { title: 'Change the Service type to ClusterIP', edits: [{ range: typeRange, newText: 'ClusterIP' }] } : undefined));
      }
    }
    return out;
  },
};

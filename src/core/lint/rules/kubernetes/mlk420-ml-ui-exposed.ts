import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const uiPorts: Record<number, string> = { 8888: 'Jupyter', 8265: 'the Ray dashboard and Jobs API', 6006: 'TensorBoard', 5000: 'MLflow' };
const uiNames = /^(?:jupyter|notebook|dashboard|tensorboard|mlflow)$/;

/**
 * What of an ML UI a Service port shows, if anything: its number is a UI's default (other servers use 8888 and 5000
 * too: SAX's HTTP server, Flask), or its name is a UI's.
 */
function uiOf(view: KubeObject['view'], p: unknown): string | undefined {
  const port = view.scalar(view.get(p, 'port'))?.value;
  const target = view.scalar(view.get(p, 'targetPort'))?.value;
  const name = view.text(p, 'name') ?? '';
  for (const n of [port, target]) {
    const ui = typeof n === 'number' ? uiPorts[n] : undefined;
    if (ui !== undefined) {
      return `port ${String(n)}, the default port of ${ui},`;
    }
  }
  return uiNames.test(name) ? `a port named "${name}"` : undefined;
}

/** A LoadBalancer/NodePort Service without source ranges that exposes an ML UI (MLK420 reports it, MLK124 stays silent). */
export function exposesMlUi(obj: KubeObject): boolean {
  const view = obj.view;
  const spec = view.get(obj.root, 'spec');
  const type = view.text(spec, 'type');
  if ((type !== 'LoadBalancer' && type !== 'NodePort') || view.list(view.get(spec, 'loadBalancerSourceRanges')).length > 0) {
    return false;
  }
  return view.list(view.get(spec, 'ports')).some((p) => uiOf(view, p) !== undefined);
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
    description: 'A LoadBalancer or NodePort Service exposes an ML UI port (Jupyter, Ray dashboard, TensorBoard, MLflow).',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || obj.kind !== 'Service') {
      return [];
    }
    const view = obj.view;
    const spec = view.get(obj.root, 'spec');
    const type = view.text(spec, 'type');
    if ((type !== 'LoadBalancer' && type !== 'NodePort') || view.list(view.get(spec, 'loadBalancerSourceRanges')).length > 0) {
      return [];
    }
    const ports = view.list(view.get(spec, 'ports'));
    const typeRange = view.valueRange(spec, 'type');
    const canFix = typeRange !== undefined && ports.every((p) => view.get(p, 'nodePort') === undefined);
    const out: RuleFinding[] = [];
    for (const p of ports) {
      const ui = uiOf(view, p);
      if (ui === undefined) {
        continue;
      }
      const range = view.valueRange(p, 'port') ?? view.lineRange(p);
      if (range) {
        out.push(finding(range, `This ${type} Service exposes ${ui} outside the cluster, and such UIs often have no authentication or allow code execution; use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else).`, canFix && typeRange ? { title: 'Change the Service type to ClusterIP', edits: [{ range: typeRange, newText: 'ClusterIP' }] } : undefined));
      }
    }
    return out;
  },
};

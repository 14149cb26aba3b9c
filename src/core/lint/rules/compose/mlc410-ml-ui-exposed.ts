import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import { finding, isLoopback, portEntries, services, sourceOf } from './helpers';

const uiPorts: Record<number, string> = { 8888: 'Jupyter', 8265: 'the Ray dashboard', 6006: 'TensorBoard', 5000: 'MLflow' };

/** The ML UI a port entry serves, by container or host port. */
export function uiOf(container: [number, number] | undefined, host: [number, number] | undefined): string | undefined {
  return (container ? uiPorts[container[0]] : undefined) ?? (host ? uiPorts[host[0]] : undefined);
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
      for (const p of portEntries(ctx.view, s)) {
        const ui = uiOf(p.container, p.host);
        if (!p.host || !ui || isLoopback(p.hostIp)) {
          continue;
        }
        const raw = p.scalar ? sourceOf(ctx.view, p.scalar) : undefined;
        const fix = p.short && p.hostIp === undefined && raw !== undefined ? { title: 'Bind to 127.0.0.1', edits: [{ range: p.range, newText: `"127.0.0.1:${/^["']/.test(raw) ? raw.slice(1, -1) : raw}"` }] } : undefined;
        out.push(finding(p.range, `Service "${s.name}" publishes ${ui} on ${p.hostIp ?? 'every interface'}, and such UIs often have no authentication; bind it to 127.0.0.1 and use an SSH tunnel or an authenticating proxy.`, fix));
      }
    }
    return out;
  },
};

import type { Node } from 'yaml';
import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { fileMergedGet, mergedGet } from '../../compose/model';
import { composeValue } from '../../compose/image';
import type { Fix, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { deleteLines, finding, isLoopback, parseShortPort, services } from './helpers';
import { hostNetworkRange } from './host-network';

/** What a `ports:` entry asks for, as far as it is known: the container port, a host port other than it, a host IP. */
interface Asked {
  written: string;
  container?: string;
  movedTo?: string;
  hostIp?: string;
}

const rangeText = ([a, b]: [number, number]): string => (a === b ? String(a) : `${a}-${b}`);

function asked(view: YamlView, item: Node): Asked | undefined {
  const short = view.str(item);
  if (short !== undefined) {
    const p = parseShortPort(composeValue(view, short));
    const container = p?.container ? rangeText(p.container) : undefined;
    const host = p?.host && p.host[0] !== 0 ? rangeText(p.host) : undefined;
    return { written: short, ...(container ? { container } : {}), ...(host && host !== container ? { movedTo: host } : {}), ...(p?.hostIp ? { hostIp: p.hostIp } : {}) };
  }
  const target = view.text(item, 'target');
  if (target === undefined) {
    return undefined;
  }
  const container = composeValue(view, target);
  const published = view.text(item, 'published');
  const host = published !== undefined ? composeValue(view, published) : undefined;
  const hostIp = view.text(item, 'host_ip');
  return { written: `target: ${target}`, container, ...(host && host !== container ? { movedTo: host } : {}), ...(hostIp ? { hostIp: composeValue(view, hostIp) } : {}) };
}

/** What the entries meant that host networking undoes: a host IP that no longer limits the interfaces, a host port that no longer moves the port. */
function undone(entries: readonly Asked[]): string {
  const notes: string[] = [];
  const bound = entries.find((e) => e.hostIp !== undefined && e.hostIp !== '0.0.0.0' && e.hostIp !== '::');
  if (bound) {
    const where = isLoopback(bound.hostIp) ? 'the host\'s loopback' : bound.hostIp;
    notes.push(`"${bound.written}" does not keep it on ${where} (the program binds the host's interfaces itself, often all of them)`);
  }
  const moved = entries.find((e) => e.movedTo !== undefined && e.container !== undefined);
  if (moved) {
    notes.push(`"${moved.written}" does not move port ${moved.container} to ${moved.movedTo}`);
  }
  return notes.length > 0 ? `; ${notes.join(', and ')}` : '';
}

/** Deletes the service's own block `ports:` (its key on a line of its own), which Docker discards anyway. */
function removeFix(view: YamlView, s: ComposeService): Fix | undefined {
  const pair = s.node.flow ? undefined : view.pair(s.node, 'ports');
  const key = pair ? view.range(pair.key) : undefined;
  const value = pair ? view.range(pair.value) : undefined;
  const line = key ? view.file.lines[key.start.line - 1] ?? '' : '';
  if (!key || !value || line.slice(0, key.start.column - 1).trim() !== '') {
    return undefined;
  }
  const end = value.end.column === 1 && value.end.line > key.start.line ? value.end.line - 1 : value.end.line;
  return { title: 'Remove ports (Docker discards them under network_mode: host)', edits: [{ range: deleteLines(view, key.start.line, end), newText: '' }] };
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC014',
    name: 'ports-ignored-with-host-network',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A service with network_mode: host lists ports:, which Docker discards ("Published ports are discarded when using host network mode"): the program listens on the host\'s ports directly, on the interfaces it binds.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // Both written in this file (the override file may change either), and host networking still in force after it.
      const hostNetwork = hostNetworkRange(view, s);
      const ports = fileMergedGet(view, s, 'ports');
      const items = view.items(ports);
      if (!hostNetwork || items.length === 0 || fileMergedGet(view, s, 'network_mode') === undefined || mergedGet(view, s, 'ports') !== ports) {
        continue;
      }
      const entries = items.map((i) => asked(view, i)).filter((e): e is Asked => e !== undefined);
      const containerPorts = [...new Set(entries.map((e) => e.container).filter((c): c is string => c !== undefined && !c.includes('$')))];
      const listens = containerPorts.length > 0 ? ` (${containerPorts.join(', ')})` : '';
      const range = view.keyRange(s.node, 'ports') ?? hostNetwork;
      const message = `Service "${s.name}" uses network_mode: host, so Docker discards its published ports ("Published ports are discarded when using host network mode") and its program listens on the host's own ports directly${listens}${undone(entries)}; remove ports:, or drop network_mode: host if the ports should be published.`;
      out.push(finding(range, message, view.keyRange(s.node, 'ports') ? removeFix(view, s) : undefined));
    }
    return out;
  },
};

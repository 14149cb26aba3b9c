import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import type { PortEntry } from './helpers';
import { finding, portEntries, serviceRepository, services, sourceOf } from './helpers';
import { namesImage } from '../../single-process-servers';

const rangeText = ([a, b]: [number, number]): string => (a === b ? String(a) : `${a}-${b}`);

/** What the entry publishes, host side first: `host port 8500 (container port 8080)`, or `port 8000` when both match. */
function publishedText(p: PortEntry): string {
  const container = p.container ? rangeText(p.container) : undefined;
  if (p.hostText === undefined) {
    return `container port ${container ?? 'unknown'} on a random host port`;
  }
  if (container === undefined) {
    return `host port ${p.hostText}`;
  }
  return p.hostText === container ? `port ${container}` : `host port ${p.hostText} (container port ${container})`;
}

/** Reverse proxies and web servers, whole words of the image repository: the stack's front door. */
const frontDoors = ['nginx', 'caddy', 'traefik', 'haproxy', 'envoy', 'httpd'];

/** HTTP and HTTPS (container port 80 or 443) of a front door, which other machines reach by design. */
function servesTheWeb(repository: string, p: PortEntry): boolean {
  const port = p.container;
  return port !== undefined && port[0] === port[1] && (port[0] === 80 || port[0] === 443) && frontDoors.some((name) => namesImage(repository, name));
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC102',
    name: 'port-bound-to-all-interfaces',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { dclint: ['no-unbound-port-interfaces'] },
    description: 'A published port has no host IP, so it binds every network interface.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const repository = serviceRepository(ctx.view, s);
      for (const p of portEntries(ctx.view, s)) {
        if (!p.host || p.hostIp !== undefined || servesTheWeb(repository, p)) {
          continue;
        }
        const raw = p.scalar ? sourceOf(ctx.view, p.scalar) : undefined;
        const quoted = raw !== undefined && /^["']/.test(raw);
        const fix = p.short && p.scalar && raw !== undefined
          ? { title: 'Bind to 127.0.0.1', edits: [{ range: p.range, newText: `"127.0.0.1:${quoted ? raw.slice(1, -1) : raw}"` }] }
          : undefined;
        out.push(finding(p.range, `Service "${s.name}" publishes ${publishedText(p)} on every interface; bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.`, fix));
      }
    }
    return out;
  },
};

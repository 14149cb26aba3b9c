import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import type { PortEntry } from './helpers';
import type { ComposeService } from '../../compose/model';
import { isInterpolated, mergedGet } from '../../compose/model';
import { interpolateTraced, originNote } from '../../compose/interpolate';
import type { YamlView } from '../../yaml/access';
import { commandWords, everyInterfaceText, finding, portEntries, serviceNames, services, sourceOf } from './helpers';
import { everyInterfaceBind, hostNetworkRange } from './host-network';
import { namesImage } from '../../single-process-servers';

const rangeText = ([a, b]: [number, number]): string => (a === b ? String(a) : `${a}-${b}`);

const noEnv = new Map<string, string>();

/**
 * The host port as Compose publishes it, with where an interpolated one came from (`2881`, `the default of
 * OCEANBASE_PORT`); as written when unknown (`${ES_PORT}`). A `.env` value is shown already read, named in everyInterfaceText.
 */
function hostPort(p: PortEntry): { text: string; origin: string } | undefined {
  const written = p.hostText;
  if (written === undefined || !isInterpolated(written) || !p.host || p.host[0] === 0) {
    return written === undefined ? undefined : { text: written, origin: '' };
  }
  const read = interpolateTraced(written, noEnv);
  // originNote's words, without their parentheses.
  return read ? { text: read.value.trim(), origin: originNote(read).slice(1, -1) } : { text: written, origin: '' };
}

/**
 * What the entry publishes, host side first: `host port 8500 (container port 8080)`, or `port 8000` when both match;
 * `/udp` when not TCP; a host port from a default says so (`port 2881 (the default of OCEANBASE_PORT)`).
 */
function publishedText(p: PortEntry): string {
  const protocol = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
  const container = p.container ? `${rangeText(p.container)}${protocol}` : undefined;
  const host = hostPort(p);
  if (host === undefined) {
    return `container port ${container ?? 'unknown'} on a random host port`;
  }
  const { text, origin } = host;
  if (container === undefined) {
    return `host port ${text}${protocol}${origin && ` (${origin})`}`;
  }
  if (`${text}${protocol}` === container) {
    return `port ${container}${origin && ` (${origin})`}`;
  }
  return `host port ${text} (${origin && `${origin}; `}container port ${container})`;
}

/**
 * Reverse proxies, web servers and API gateways, whole words of the image repository: the stack's front door, with
 * the container ports it serves HTTP and HTTPS on (Kong's proxy listens on 8000 and 8443). Network DNS servers
 * (Pi-hole, AdGuard Home, CoreDNS, Unbound) answer the other machines on port 53 (and Pi-hole's DHCP on 67) the same way.
 */
const webPorts: readonly number[] = [80, 443];
const dnsPorts: readonly number[] = [53];
const frontDoors: readonly (readonly [string, readonly number[]])[] = [
  ['nginx', webPorts], ['caddy', webPorts], ['traefik', webPorts], ['haproxy', webPorts], ['envoy', webPorts], ['httpd', webPorts],
  ['kong', [8000, 8443]],
  ['pihole', [53, 67]], ['adguardhome', dnsPorts], ['coredns', dnsPorts], ['unbound', dnsPorts],
];

/**
 * A front door built here, named by its build context, Dockerfile or service (`proxy: build: ./proxy`, the nginx
 * and nginx-proxy images of awesome-compose's and Nextcloud's examples): `proxy` names it as well as the programs.
 */
const builtFrontDoors: readonly (readonly [string, readonly number[]])[] = [...frontDoors, ['proxy', webPorts], ['reverse-proxy', webPorts]];

const frontDoorPorts = new Set(frontDoors.flatMap(([, ports]) => ports));

/** A single port of a range, or undefined (`[0, 0]`: an ephemeral or unknown host port). */
const singlePort = (range: [number, number] | undefined): number | undefined => (range && range[0] === range[1] && range[0] !== 0 ? range[0] : undefined);

/**
 * HTTP and HTTPS of a front door (container port 80 or 443, a gateway's own), or DNS of a DNS server, which other machines
 * reach by design. The host port counts too: an unprivileged nginx listens on 8080 and is published on host port 80
 * (doccano's docker-compose.prod.yml: `80:8080`).
 */
function servesTheWeb(view: YamlView, service: ComposeService, p: PortEntry): boolean {
  if (p.container === undefined || p.container[0] !== p.container[1]) {
    return false;
  }
  // Only the entries a front door could serve reach the names (built services add their context, Dockerfile and name).
  const web = [p.container[0], singlePort(p.host)].filter((port): port is number => port !== undefined && frontDoorPorts.has(port));
  if (web.length === 0) {
    return false;
  }
  const names = serviceNames(view, service);
  const doors = mergedGet(view, service, 'build') !== undefined ? builtFrontDoors : frontDoors;
  return doors.some(([name, ports]) => web.some((port) => ports.includes(port)) && names.some((n) => namesImage(n, name)));
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
    description: 'A published port has no host IP, or a host-network service binds 0.0.0.0, so it listens on every network interface.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const hostNetwork = hostNetworkRange(ctx.view, s);
      const bind = hostNetwork ? everyInterfaceBind(commandWords(ctx.view, s)) : undefined;
      if (hostNetwork && bind) {
        const port = bind.port !== undefined ? ` port ${bind.port} of` : '';
        const publish = bind.port !== undefined ? `publish "127.0.0.1:${bind.port}:${bind.port}"` : 'publish its port on 127.0.0.1';
        out.push(finding(hostNetwork, `Service "${s.name}" uses network_mode: host and its command binds 0.0.0.0, so it listens on${port} every host interface; bind it to 127.0.0.1, or drop host networking and ${publish}, unless other machines must reach it.`));
      }
      for (const p of portEntries(ctx.view, s)) {
        if (!p.host || p.hostIp !== undefined || servesTheWeb(ctx.view, s, p)) {
          continue;
        }
        const raw = p.scalar ? sourceOf(ctx.view, p.scalar) : undefined;
        const quoted = raw !== undefined && /^["']/.test(raw);
        const fix = p.short && p.scalar && raw !== undefined
          ? { title: 'Bind to 127.0.0.1', edits: [{ range: p.range, newText: `"127.0.0.1:${quoted ? raw.slice(1, -1) : raw}"` }] }
          : undefined;
        out.push(finding(p.range, `Service "${s.name}" publishes ${publishedText(p)} on ${everyInterfaceText(p)}; bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.`, fix));
      }
    }
    return out;
  },
};

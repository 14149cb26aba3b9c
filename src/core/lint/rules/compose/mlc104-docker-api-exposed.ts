import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, mergedGet, mergedPair } from '../../compose/model';
import { composeReading, withProjectEnv } from '../../compose/image';
import type { Interpolated } from '../../compose/interpolate';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { parseShortVolume } from '../../compose/short-syntax';
import { envNote, finding, serviceRepository, services } from './helpers';
import { namesImage } from '../../single-process-servers';

const sockets = new Set(['/var/run/docker.sock', '/run/docker.sock']);

/**
 * The engine's socket is what the mount hands over: the usual paths, a rootless or Desktop engine's socket
 * (`$XDG_RUNTIME_DIR/docker.sock`, `~/.docker/desktop/docker.sock`), or a source read from a variable
 * (`${DOCKER_SOCKET_LOCATION}`, Supabase's vector) mounted where the engine's socket lives.
 */
function mountsSocket(source: string, target: string | undefined): boolean {
  const path = source.replace(/\/+$/, '');
  if (sockets.has(path) || path.endsWith('/docker.sock')) {
    return true;
  }
  return isInterpolated(path) && target !== undefined && sockets.has(target.replace(/\/+$/, ''));
}

interface Mount {
  source: Interpolated;
  target: string | undefined;
}

/**
 * A volume's source and target as Compose reads them (composeReading): short syntax is interpolated with the `.env`
 * before it is split, as Compose does; undefined without a source.
 */
function readMount(view: YamlView, item: unknown): Mount | undefined {
  const short = view.str(item);
  if (short === undefined) {
    const source = view.text(item, 'source');
    const target = view.text(item, 'target');
    return source === undefined ? undefined : { source: composeReading(view, source), target: target && composeReading(view, target).value };
  }
  const env = withProjectEnv(view, short);
  const parsed = parseShortVolume(env?.value ?? short);
  if (parsed?.source === undefined) {
    return undefined;
  }
  return env ? { source: { value: parsed.source, fromEnv: env.fromEnv }, target: parsed.target } : { source: composeReading(view, parsed.source), target: composeReading(view, parsed.target).value };
}

/**
 * Socket proxies (Tecnativa's docker-socket-proxy, LinuxServer's and wollomatic's socket-proxy), by a whole word of the
 * image repository: holding the socket is their job, and they pass on only the requests they are told to allow, which
 * is what this rule tells container watchers to use.
 */
const socketProxies = ['docker-socket-proxy', 'socket-proxy'];

/** Reverse proxies that only watch the engine for containers to route to, by a whole word of the image repository and their name. */
const containerWatchers: [string, string][] = [['traefik', 'Traefik'], ['nginx-proxy', 'nginx-proxy'], ['docker-gen', 'docker-gen']];

export const rule: ComposeRule = {
  meta: {
    id: 'MLC104',
    name: 'docker-api-exposed',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'The engine socket is bind-mounted, or use_api_socket: true hands the engine API to the container.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const repository = serviceRepository(view, s);
      if (socketProxies.some((word) => namesImage(repository, word))) {
        continue;
      }
      const watcher = containerWatchers.find(([word]) => namesImage(repository, word))?.[1];
      // A read-only mount (`:ro`) still hands over the whole API: the socket's file mode does not limit what is sent over it.
      const advice = watcher ? `${watcher} only reads which containers run, so point it at a socket proxy that allows just that (read-only container and event requests) instead of the socket` : 'remove the socket mount unless the service must manage containers';
      const message = (name: string, fromEnv: readonly string[] = []) => `Service "${name}" gets the container engine's API${envNote(fromEnv)}, which is root on the host; ${advice}.`;
      for (const item of view.items(mergedGet(view, s, 'volumes'))) {
        const mount = readMount(view, item);
        const r = view.lineRange(item);
        if (mount && r && mountsSocket(mount.source.value, mount.target)) {
          const at = view.str(item) !== undefined ? r : (view.valueRange(item, 'source') ?? r);
          out.push(finding(at, message(s.name, mount.source.fromEnv)));
        }
      }
      const api = mergedPair(view, s, 'use_api_socket');
      const r = api ? view.pairValueRange(api) : undefined;
      if (api && r && view.scalar(api.value)?.value === true) {
        out.push(finding(r, message(s.name)));
      }
    }
    return out;
  },
};

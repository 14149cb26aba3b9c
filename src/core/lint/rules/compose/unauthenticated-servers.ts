import type { ComposeService } from '../../compose/model';
import { mergedGet, mergedKeys } from '../../compose/model';
import type { ContainerSigns, UnauthenticatedServer } from '../../unauthenticated-servers';
import { listeningPort, unauthenticatedServers } from '../../unauthenticated-servers';
import type { YamlView } from '../../yaml/access';
import { knownValue, serviceNames } from './helpers';

/** The service's `environment` (map or list form), each value as Compose reads it; '' for one passed through or unknown. */
function environment(view: YamlView, service: ComposeService): Map<string, string> {
  const env = mergedGet(view, service, 'environment');
  const out = new Map<string, string>();
  if (view.seq(env)) {
    for (const item of view.items(env)) {
      const text = view.str(item) ?? '';
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      out.set(name.trim(), eq < 0 ? '' : knownValue(view, text.slice(eq + 1)) ?? '');
    }
    return out;
  }
  for (const name of mergedKeys(view, env)) {
    const value = view.str(mergedGet(view, env, name));
    out.set(name, value !== undefined ? knownValue(view, value) ?? '' : '');
  }
  return out;
}

export interface ServedServer {
  server: UnauthenticatedServer;
  /** The container port it listens on. */
  port: number;
}

/** The unauthenticated ML servers the service runs (unauthenticated-servers), with the container ports they listen on. */
export function servedServers(view: YamlView, service: ComposeService, words: readonly string[]): ServedServer[] {
  const signs: ContainerSigns = { names: serviceNames(view, service), words, env: environment(view, service) };
  const out: ServedServer[] = [];
  for (const server of unauthenticatedServers) {
    const port = listeningPort(server, signs);
    if (port !== undefined) {
      out.push({ server, port });
    }
  }
  return out;
}

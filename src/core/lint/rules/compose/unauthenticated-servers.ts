import type { ComposeService } from '../../compose/model';
import { mergedGet, mergedKeys, projectEnv } from '../../compose/model';
import type { ContainerSigns, UnauthenticatedServer } from '../../unauthenticated-servers';
import { listeningPort, listeningUis, unauthenticatedServers } from '../../unauthenticated-servers';
import type { YamlView } from '../../yaml/access';
import { knownValue, serviceNames } from './helpers';

/** The `env_file` paths (a string, or a list of strings and `{ path }` entries). */
function envFilePaths(view: YamlView, service: ComposeService): string[] {
  const envFile = mergedGet(view, service, 'env_file');
  const entries = view.seq(envFile) ? view.items(envFile) : envFile === undefined ? [] : [envFile];
  return entries.map((e) => view.str(e) ?? view.text(e, 'path') ?? '');
}

/**
 * The variables the service's env_file gives it, where that file is the project's `.env` and was read (a withheld
 * secret's value is ''); `hidden` when it names another file, or one not read.
 */
function envFileVariables(view: YamlView, service: ComposeService): { env: Map<string, string>; hidden: boolean } {
  const paths = envFilePaths(view, service);
  const dotEnv = projectEnv(view);
  const env = new Map<string, string>();
  if (paths.length === 0) {
    return { env, hidden: false };
  }
  if (!dotEnv || paths.some((p) => p !== '.env' && p !== './.env')) {
    return { env, hidden: true };
  }
  for (const [name, value] of dotEnv) {
    env.set(name, value ?? '');
  }
  return { env, hidden: false };
}

/** The service's `environment` (map or list form), each value as Compose reads it; '' for one passed through or unknown. */
function environment(view: YamlView, service: ComposeService, out: Map<string, string>): Map<string, string> {
  const env = mergedGet(view, service, 'environment');
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

function serviceSigns(view: YamlView, service: ComposeService, words: readonly string[]): ContainerSigns {
  const fromFile = envFileVariables(view, service);
  return { names: serviceNames(view, service), words, env: environment(view, service, fromFile.env), ...(fromFile.hidden ? { envHidden: true } : {}) };
}

export interface ServedServer {
  server: UnauthenticatedServer;
  /** The container port it listens on. */
  port: number;
  /** As a message names what listens there: the server, or a UI it starts (GPT-SoVITS's inference UI). */
  what: string;
}

/** The unauthenticated ML servers the service runs (unauthenticated-servers), with the container ports they listen on: one entry a port. */
export function servedServers(view: YamlView, service: ComposeService, words: readonly string[]): ServedServer[] {
  const signs = serviceSigns(view, service, words);
  return unauthenticatedServers.flatMap((server) => listeningUis(server, signs).map((ui) => ({ server, ...ui })));
}

/**
 * The unauthenticated ML servers a service in the host's network (`network_mode: host`) runs on every interface: by
 * their own or their image's default, or an explicit address (servers that default to loopback need one).
 */
export function hostNetworkServers(view: YamlView, service: ComposeService, words: readonly string[]): ServedServer[] {
  const signs = serviceSigns(view, service, words);
  const out: ServedServer[] = [];
  for (const server of unauthenticatedServers) {
    const port = server.bindsEveryInterface(signs) ? listeningPort(server, signs) : undefined;
    if (port !== undefined) {
      out.push({ server, port, what: server.what });
    }
  }
  return out;
}

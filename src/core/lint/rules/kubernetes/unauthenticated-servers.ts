import type { Node } from 'yaml';
import { commandWords, imageRepository } from '../../kubernetes/gpu';
import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { ContainerSigns, UnauthenticatedServer } from '../../unauthenticated-servers';
import { listeningUis, serverPorts, unauthenticatedServers } from '../../unauthenticated-servers';
import type { YamlView } from '../../yaml/access';
import { envEntries } from './helpers';
import { selectedContainers, serviceNameTexts } from './service-backends';

/** The container's signs; `envFrom` (a ConfigMap or Secret) gives it variables not read here. */
function containerSigns(view: YamlView, container: Node): ContainerSigns {
  const env = new Map(envEntries(view, container).map((e) => [e.name, e.value ?? ''] as const));
  const envHidden = view.list(view.get(container, 'envFrom')).length > 0;
  return { names: [imageRepository(view.text(container, 'image') ?? '')], words: commandWords(view, container), env, ...(envHidden ? { envHidden } : {}) };
}

/** What a Service shows of the servers behind it: the signs of the containers it selects in the same file, and its own names. */
export interface ServiceBackends {
  containers: readonly ContainerSigns[];
  names: readonly string[];
}

export function serviceBackends(ctx: KubernetesContext, service: KubeObject): ServiceBackends {
  return { containers: selectedContainers(ctx, service).map((c) => containerSigns(c.view, c.node)), names: serviceNameTexts(service.view, service) };
}

/** The servers' default ports and tool ports: a Service port leads to one only through one of them (its port or targetPort). */
const defaultPorts = new Set(unauthenticatedServers.flatMap(serverPorts));

/** The Service port (its port and targetPort numbers) may lead to an unauthenticated server: one of them is a server's default port. */
export function mayLeadToServer(ports: readonly number[]): boolean {
  return ports.some((p) => defaultPorts.has(p));
}

/**
 * The unauthenticated server a Service port (its port and targetPort numbers) leads to, and its port: one a selected
 * container runs, reachable, on that port. Without selected containers in the file, the Service's own name or labels
 * must name the server and the port be its default one; a selected container seen running something else, or the
 * server behind a login, leaves the port alone.
 */
export function serverBehind(backends: ServiceBackends, ports: readonly number[]): { server: UnauthenticatedServer; port: number; what: string } | undefined {
  for (const server of unauthenticatedServers) {
    if (backends.containers.length > 0) {
      for (const c of backends.containers) {
        const ui = listeningUis(server, c).find((u) => ports.includes(u.port));
        if (ui !== undefined) {
          return { server, ...ui };
        }
      }
    } else if (ports.includes(server.defaultPort) && backends.names.some((n) => server.label.test(n))) {
      return { server, port: server.defaultPort, what: server.what };
    }
  }
  return undefined;
}

import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { probeCanFail } from './probe-always-succeeds';

export type GateProbe = 'readinessProbe' | 'startupProbe';

const gateProbes: readonly GateProbe[] = ['readinessProbe', 'startupProbe'];
const portHandlers = ['httpGet', 'tcpSocket', 'grpc'];
/** SSH: a daemon the image or script may start before anything waits. */
const sshPort = 22;
/** An exec probe that asks a server over the network (`curl -f localhost:8000/health`, `nc -z`, grpc_health_probe). */
const networkCheckRe = /\b(?:curl|wget|nc|ncat|grpc_health_probe)\b|https?:\/\/|\/dev\/tcp\//;

/** The port a probe handler names: a number, or a named port the container declares; undefined when neither. */
function handlerPort(view: YamlView, container: Node, handler: Node): number | undefined {
  const value = view.scalar(view.get(handler, 'port'))?.value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    return Number(value);
  }
  const declared = view.list(view.get(container, 'ports')).find((p) => view.text(p, 'name') === value);
  const port = view.scalar(view.get(declared, 'containerPort'))?.value;
  return typeof port === 'number' ? port : undefined;
}

/** The probe asks the container's server: an HTTP, TCP or gRPC port other than `ignoredPorts` and SSH, or an exec that asks over the network. */
function asksServer(view: YamlView, container: Node, probe: Node, ignoredPorts: ReadonlySet<number>): boolean {
  for (const key of portHandlers) {
    const handler = view.get(probe, key);
    if (handler !== undefined) {
      const port = handlerPort(view, container, handler);
      return port === undefined || (port !== sshPort && !ignoredPorts.has(port));
    }
  }
  const command = view.list(view.get(view.get(probe, 'exec'), 'command'));
  return command.some((item) => networkCheckRe.test(view.str(item) ?? ''));
}

/**
 * The probe that keeps the container from being Ready until its program serves: a readinessProbe or startupProbe that
 * can fail and asks the server (see asksServer). Without one a container is Ready once it has started.
 */
export function readyOnlyWhenServing(view: YamlView, container: Node, ignoredPorts: ReadonlySet<number>): GateProbe | undefined {
  return gateProbes.find((key) => probeCanFail(view, container, key) && asksServer(view, container, view.get(container, key) as Node, ignoredPorts));
}

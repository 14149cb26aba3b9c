export interface PortMapping {
  /** 127.0.0.1 unless the user asked for another address. */
  hostIp: string;
  /** 0 lets the engine choose a free port. */
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export type PortSpecResult = { ok: true; mapping: PortMapping } | { ok: false; problem: string };

export const defaultHostIp = '127.0.0.1';

function port(text: string, allowZero: boolean): number | undefined {
  if (!/^\d{1,5}$/.test(text)) {
    return undefined;
  }
  const n = Number(text);
  return n <= 65535 && (allowZero || n > 0) ? n : undefined;
}

/**
 * Parses a port spec like the docker CLI's -p, but binds to 127.0.0.1 unless an address is given:
 * "8888", "8080:80", "0.0.0.0:8080:80", "[::1]:8080:80", "127.0.0.1::80", "5353:53/udp".
 */
export function parsePortSpec(spec: string): PortSpecResult {
  const text = spec.trim();
  let rest = text;
  let protocol: PortMapping['protocol'] = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const proto = rest.slice(slash + 1).toLowerCase();
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') {
      return { ok: false, problem: `"${spec}": unknown protocol "${proto}" (tcp, udp or sctp)` };
    }
    protocol = proto;
    rest = rest.slice(0, slash);
  }
  let hostIp = defaultHostIp;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1] ?? '';
    rest = v6[2] ?? '';
  }
  const parts = rest.split(':');
  let hostText: string;
  let containerText: string;
  if (parts.length === 1) {
    hostText = parts[0] ?? '';
    containerText = parts[0] ?? '';
  } else if (parts.length === 2) {
    [hostText = '', containerText = ''] = parts;
  } else if (parts.length === 3 && !v6) {
    hostIp = parts[0] ?? '';
    hostText = parts[1] ?? '';
    containerText = parts[2] ?? '';
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(hostIp)) {
      return { ok: false, problem: `"${spec}": "${hostIp}" is not an IPv4 address (write IPv6 addresses in brackets)` };
    }
  } else {
    return { ok: false, problem: `"${spec}" is not a port mapping (e.g. 8888, 8080:80 or 127.0.0.1:8080:80)` };
  }
  const containerPort = port(containerText, false);
  if (containerPort === undefined) {
    return { ok: false, problem: `"${spec}": "${containerText}" is not a container port (1-65535)` };
  }
  const hostPort = hostText === '' ? 0 : port(hostText, true);
  if (hostPort === undefined) {
    return { ok: false, problem: `"${spec}": "${hostText}" is not a host port (0-65535)` };
  }
  return { ok: true, mapping: { hostIp, hostPort, containerPort, protocol } };
}

export function formatPortMapping(m: PortMapping): string {
  const ip = m.hostIp.includes(':') ? `[${m.hostIp}]` : m.hostIp;
  return `${ip}:${m.hostPort === 0 ? '' : m.hostPort}:${m.containerPort}${m.protocol === 'tcp' ? '' : `/${m.protocol}`}`;
}

/** Exposed ports of an image's config ("8888/tcp": {}) as default mappings bound to 127.0.0.1. */
export function defaultMappingsForExposedPorts(exposed: Record<string, unknown> | null | undefined): PortMapping[] {
  const out: PortMapping[] = [];
  for (const key of Object.keys(exposed ?? {})) {
    const parsed = parsePortSpec(key);
    if (parsed.ok) {
      out.push(parsed.mapping);
    }
  }
  return out.sort((a, b) => a.containerPort - b.containerPort);
}

import type { EngineContainerSummary, EnginePort } from './engine-json';
import { gpuBadge, type GpuRequestSummary } from './gpu-request';
import { formatAge, shortId } from './format';

export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting';

export interface ContainerPortNode {
  kind: 'port';
  containerId: string;
  containerPort: number;
  protocol: string;
  hostIp?: string;
  hostPort?: number;
  /** Set for published TCP ports reachable from this machine, e.g. http://127.0.0.1:8888. */
  url?: string;
  label: string;
}

export interface ContainerNode {
  kind: 'container';
  id: string;
  shortId: string;
  name: string;
  image: string;
  state: string;
  running: boolean;
  statusText: string;
  health?: ContainerHealth;
  gpu?: GpuRequestSummary;
  /** One line for the tree: image, status, health, GPU badge. */
  description: string;
  created: number;
  ageText: string;
  ports: ContainerPortNode[];
  composeProject?: string;
}

export interface ContainerGroupNode {
  kind: 'group';
  /** A Compose project's containers are grouped by project, the others by state. */
  group: 'running' | 'stopped' | 'compose';
  label: string;
  /** "compose · 2/3 running" for projects; the count otherwise. */
  description: string;
  project?: string;
  containers: ContainerNode[];
}

export interface ContainerTreeOptions {
  nowMs: number;
  /** Host used in port links: 127.0.0.1 for local engines. */
  linkHost: string;
  /** GPU requests by container ID, from inspect answers (the list answer does not carry them). */
  gpuById?: ReadonlyMap<string, GpuRequestSummary | undefined>;
}

const runningStates = new Set(['running', 'paused', 'restarting']);

/** Health as the engine reports it inside the status text: "Up 3 minutes (healthy)". */
export function parseHealth(status: string): ContainerHealth | undefined {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!m) {
    return undefined;
  }
  return m[1] === 'health: starting' ? 'starting' : (m[1] as ContainerHealth);
}

const loopbackReachable = new Set(['', '0.0.0.0', '::', '127.0.0.1', '::1']);

/** Ports of one container: IPv4/IPv6 duplicates merged, published first, then by container port. */
export function containerPorts(containerId: string, ports: readonly EnginePort[] | null | undefined, linkHost: string): ContainerPortNode[] {
  const seen = new Set<string>();
  const nodes: ContainerPortNode[] = [];
  for (const p of ports ?? []) {
    const key = `${p.PrivatePort}/${p.Type}->${p.PublicPort ?? ''}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const hostIp = p.IP ?? '';
    const published = p.PublicPort !== undefined && p.PublicPort > 0;
    const reachable = published && p.Type === 'tcp' && loopbackReachable.has(hostIp);
    const url = reachable ? `http://${linkHost.includes(':') ? `[${linkHost}]` : linkHost}:${p.PublicPort}` : undefined;
    const bound = hostIp && hostIp !== '0.0.0.0' && hostIp !== '::' ? `${hostIp.includes(':') ? `[${hostIp}]` : hostIp}:` : '';
    nodes.push({
      kind: 'port',
      containerId,
      containerPort: p.PrivatePort,
      protocol: p.Type,
      ...(published ? { hostIp, hostPort: p.PublicPort } : {}),
      ...(url ? { url } : {}),
      label: published ? `${bound}${p.PublicPort} → ${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type} (not published)`,
    });
  }
  return nodes.sort((a, b) => Number(b.hostPort !== undefined) - Number(a.hostPort !== undefined) || a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
}

export function containerName(c: EngineContainerSummary): string {
  const name = (c.Names ?? [])[0];
  return name ? name.replace(/^\//, '') : shortId(c.Id);
}

export function toContainerNode(c: EngineContainerSummary, options: ContainerTreeOptions): ContainerNode {
  const health = parseHealth(c.Status);
  const gpu = options.gpuById?.get(c.Id);
  const running = runningStates.has(c.State);
  const compose = c.Labels?.['com.docker.compose.project'];
  return {
    kind: 'container',
    id: c.Id,
    shortId: shortId(c.Id),
    name: containerName(c),
    image: c.Image,
    state: c.State,
    running,
    statusText: c.Status,
    ...(health ? { health } : {}),
    ...(gpu ? { gpu } : {}),
    description: [c.Image, c.Status.replace(/\s*\((healthy|unhealthy|health: starting)\)/, ''), health, gpu ? gpuBadge(gpu) : undefined].filter(Boolean).join(' · '),
    created: c.Created,
    ageText: formatAge(c.Created, options.nowMs),
    ports: containerPorts(c.Id, c.Ports, options.linkHost),
    ...(compose ? { composeProject: compose } : {}),
  };
}

/**
 * Containers of a Compose project under one node per project (sorted, first), the others split
 * into Running and Stopped; each list sorted by name; empty groups are left out.
 */
export function buildContainerTree(containers: readonly EngineContainerSummary[], options: ContainerTreeOptions): ContainerGroupNode[] {
  const running: ContainerNode[] = [];
  const stopped: ContainerNode[] = [];
  const projects = new Map<string, ContainerNode[]>();
  for (const c of containers) {
    const node = toContainerNode(c, options);
    if (node.composeProject) {
      const list = projects.get(node.composeProject) ?? [];
      list.push(node);
      projects.set(node.composeProject, list);
    } else {
      (node.running ? running : stopped).push(node);
    }
  }
  const byName = (a: ContainerNode, b: ContainerNode) => a.name.localeCompare(b.name);
  const groups: ContainerGroupNode[] = [...projects.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((project) => {
      const list = (projects.get(project) ?? []).sort(byName);
      const up = list.filter((c) => c.running).length;
      return { kind: 'group', group: 'compose', label: project, description: `compose · ${up}/${list.length} running`, project, containers: list };
    });
  if (running.length > 0) {
    groups.push({ kind: 'group', group: 'running', label: 'Running', description: String(running.length), containers: running.sort(byName) });
  }
  if (stopped.length > 0) {
    groups.push({ kind: 'group', group: 'stopped', label: 'Stopped', description: String(stopped.length), containers: stopped.sort(byName) });
  }
  return groups;
}

/** The host to put in port links for an engine endpoint: loopback for local sockets, the engine's host otherwise. */
export function linkHostForEndpoint(host: string): string {
  try {
    const url = new URL(host);
    if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ssh:') {
      const name = url.hostname.replace(/^\[|\]$/g, '');
      return name === 'localhost' || name === '' ? '127.0.0.1' : name;
    }
  } catch {
    // Not a URL: fall back to loopback.
  }
  return '127.0.0.1';
}

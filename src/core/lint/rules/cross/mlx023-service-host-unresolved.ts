import { hostLabelRanges } from '../../cross/host-ranges';
import { objectsAppliedAsOneSet } from '../../cross/kind-applied-with';
import { appliedWithRemoteBase, hasKindIn, helmChartMayMake, kubeRayServiceOutOfScope, objectAppliedTogether, objectNamed, objectsOfKind, operatorMadeService, replacedField } from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { NamedHost } from '../../cross/named-hosts';
import { aliasedHost, mayNameHosts, namedHosts } from '../../cross/named-hosts';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { ServiceHost } from '../../cross/service-hosts';
import { clusterMadeService, nearServiceNames, serviceHostOf } from '../../cross/service-hosts';
import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { Fix } from '../../types';

/**
 * Whether the pod looks Service names up in the cluster DNS with the standard search path: not with dnsPolicy Default
 * or None, not with dnsConfig (its searches may add another namespace), not on the host network without
 * ClusterFirstWithHostNet (MLX021's case).
 */
function searchesClusterDns(entry: ObjectEntry, pod: PodSpecRef): boolean {
  const view = entry.obj.view;
  const policy = view.text(pod.spec, 'dnsPolicy');
  if (policy === 'Default' || policy === 'None' || view.get(pod.spec, 'dnsConfig') !== undefined) {
    return false;
  }
  return view.bool(pod.spec, 'hostNetwork') !== true || policy === 'ClusterFirstWithHostNet';
}

/** Names the pod resolves itself: its hostname (with its subdomain) and `hostAliases` (/etc/hosts). */
function podOwnName(entry: ObjectEntry, pod: PodSpecRef, host: string): boolean {
  const view = entry.obj.view;
  const hostname = view.text(pod.spec, 'hostname')?.toLowerCase();
  const subdomain = view.text(pod.spec, 'subdomain')?.toLowerCase();
  if (hostname !== undefined && (host === hostname || host === `${hostname}.${subdomain ?? ''}`)) {
    return true;
  }
  return aliasedHost(view, pod, host);
}

/** A Service of this name in any namespace in scope: a host naming it from elsewhere lacks a namespace, no typo. */
function serviceAnywhere(ws: WorkspaceModel, name: string): boolean {
  return objectsOfKind(ws, 'Service').some((s) => s.obj.name === name || s.aliases?.includes(name) === true);
}

/**
 * Whether the name resolves (or may) though its namespace has no Service of that name: one applied beside the pod
 * under another namespace, or one in another namespace (the host then lacks a namespace, no typo); a headless
 * Service's pod record (`pod.svc`); one the control plane, an operator or a Helm chart makes; a name the pod resolves
 * itself.
 */
function resolvesAnyway(ws: WorkspaceModel, entry: ObjectEntry, pod: PodSpecRef, host: string, target: ServiceHost, namespace: string): boolean {
  const name = target.service;
  return (
    (target.namespace === undefined && objectAppliedTogether(ws, entry, 'Service', name) !== undefined) ||
    (target.namespace !== undefined && objectNamed(ws, 'Service', entry.namespace, target.namespace, entry) !== undefined) ||
    clusterMadeService(namespace, name) ||
    podOwnName(entry, pod, host) ||
    operatorMadeService(ws, namespace, name) ||
    kubeRayServiceOutOfScope(ws, namespace, name) ||
    helmChartMayMake(ws, namespace, name) ||
    serviceAnywhere(ws, name)
  );
}

/** The names of a set of Services (their own and those kustomize gives them), per set. */
const setNames = new WeakMap<readonly ObjectEntry[], { names: string[]; near: Map<string, string[]> }>();

/** The Services of `services` whose names `name` most likely misspells (see nearServiceNames), asked once per set and name. */
function nearServices(services: readonly ObjectEntry[], name: string): string[] {
  let known = setNames.get(services);
  if (!known) {
    const names: string[] = [];
    for (const s of services) {
      names.push(...(s.obj.name !== undefined ? [s.obj.name] : []), ...(s.aliases ?? []));
    }
    known = { names, near: new Map() };
    setNames.set(services, known);
  }
  let near = known.near.get(name);
  if (!near) {
    near = nearServiceNames(name, known.names);
    known.near.set(name, near);
  }
  return near;
}

function serviceNamed(services: readonly ObjectEntry[], name: string): ObjectEntry | undefined {
  return services.find((s) => s.obj.name === name || s.aliases?.includes(name) === true);
}

/** One host a container dials that names no Service, beside the Services it likely misspells. */
interface Unresolved {
  named: NamedHost;
  container: string;
  target: ServiceHost;
  namespace: string;
  near: readonly string[];
  services: readonly ObjectEntry[];
}

function message({ named, container, target, namespace, near }: Unresolved): string {
  const [first = '', second] = near;
  const which = target.namespace === undefined ? `namespace ${namespace}` : `namespace ${namespace}, which it names,`;
  const missing = named.host === target.service ? 'of that name' : `"${target.service}"`;
  const guess = second === undefined ? `Service "${first}", whose name is nearly the same` : `Service "${first}" or "${second}", whose names are nearly the same`;
  return `container ${container} dials "${named.host}" (${named.where}), but ${which} has no Service ${missing} in scope, so the name will not resolve and the connection fails; use ${guess}, or add the Service it names.`;
}

function finding(entry: ObjectEntry, found: Unresolved): CrossFinding | undefined {
  const { named, target, near, services } = found;
  const view = entry.obj.view;
  const ranges = hostLabelRanges(entry.file, named.node, named.host, target.service.length);
  const range = ranges[0] ?? view.lineRange(named.node);
  if (!range) {
    return undefined;
  }
  const [guess] = near;
  const fix: Fix | undefined = near.length === 1 && guess !== undefined && ranges.length > 0 ? { title: `Use Service "${guess}"`, edits: ranges.map((r) => ({ range: r, newText: guess })) } : undefined;
  const svc = guess !== undefined ? serviceNamed(services, guess) : undefined;
  return {
    path: entry.path,
    range,
    object: entry.obj,
    message: message(found),
    ...(svc && svc.path !== entry.path ? { related: { file: svc.path, range: svc.obj.anchor, message: 'the Service the host likely means' } } : {}),
    ...(fix ? { fix } : {}),
  };
}

/** Whether a kustomize replacement writes the pod's containers: the host in the manifest may be a stand-in. */
function containersReplaced(entry: ObjectEntry, pod: PodSpecRef, c: ContainerRef): boolean {
  return entry.kustomized !== undefined && entry.kustomized.replaced.length > 0 && replacedField(entry, `${pod.path.join('.')}.${c.kind}`);
}

/** The hosts a pod's containers dial that name no Service in scope while a near-identical one is, each once per value. */
function unresolvedHosts(ws: WorkspaceModel, entry: ObjectEntry, pod: PodSpecRef, out: Unresolved[]): void {
  const view = entry.obj.view;
  let seen: Set<string> | undefined;
  let podChecked = false;
  for (const c of pod.containers) {
    if (c.kind === 'ephemeralContainers' || !mayNameHosts(view, c)) {
      continue;
    }
    for (const named of namedHosts(view, c)) {
      const target = serviceHostOf(named.host);
      const namespace = target?.namespace ?? entry.namespace;
      if (!target || !hasKindIn(ws, 'Service', namespace) || objectNamed(ws, 'Service', namespace, target.service, entry) !== undefined) {
        continue;
      }
      const services = objectsAppliedAsOneSet(ws, namespace === entry.namespace ? entry : { ...entry, namespace }, 'Service');
      const near = services.length > 0 ? nearServices(services, target.service) : [];
      const key = `${named.node.range?.[0] ?? ''}\0${named.host}`;
      if (near.length === 0 || seen?.has(key) === true || containersReplaced(entry, pod, c) || resolvesAnyway(ws, entry, pod, named.host, target, namespace)) {
        continue;
      }
      if (!podChecked && !searchesClusterDns(entry, pod)) {
        return;
      }
      podChecked = true;
      (seen ??= new Set()).add(key);
      out.push({ named, container: c.name ?? 'unnamed', target, namespace, near, services });
    }
  }
}

/**
 * A pod with the cluster's resolver finds a Service as `svc`, `svc.ns`, `svc.ns.svc` or `svc.ns.svc.cluster.local`
 * (Kubernetes, "DNS for Services and Pods"); any other name of that form resolves to nothing in the cluster. Reported
 * only where the scope holds the namespace's Services (trap T22) and one of them is a near miss of the name (a few
 * edits, or the same words after another release prefix): then the name is a misspelt Service, not an external host.
 */
export const rule: CrossRule = {
  meta: {
    id: 'MLX023',
    name: 'service-host-unresolved',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description:
      'A container dials a host (a URL or host:port in env or args, a host env value such as *_HOST or *_ADDR, a host flag) written as a Service name (svc, svc.ns, svc.ns.svc[.cluster.local]) that no Service in scope has, while a Service of a near-identical name is applied with it: the name does not resolve.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    if (objectsOfKind(ws, 'Service').length === 0) {
      return out;
    }
    for (const entry of ws.objects) {
      if (entry.obj.podSpecs.length === 0 || appliedWithRemoteBase(ws, entry)) {
        continue;
      }
      const found: Unresolved[] = [];
      for (const pod of entry.obj.podSpecs) {
        unresolvedHosts(ws, entry, pod, found);
      }
      for (const u of found) {
        const f = finding(entry, u);
        if (f) {
          out.push(f);
        }
      }
    }
    return out;
  },
};

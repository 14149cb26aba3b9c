import { clusterDnsName } from '../../cross/cluster-dns-names';
import { indexKind, replacedField } from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { NamedHost } from '../../cross/named-hosts';
import { aliasedHost, lwsLeaderAddress, namedHosts } from '../../cross/named-hosts';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { PodSpecRef } from '../../kubernetes/model';
import type { Fix } from '../../types';
import { insertAfterKey } from './insert-after-key';

/**
 * Kinds whose pods keep the pod spec's dnsPolicy as written. Operators that make pods of their own often set
 * ClusterFirstWithHostNet themselves when hostNetwork is on (the MPI operator, many others); LeaderWorkerSet does not.
 */
const builtInPodKinds: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

function isLeaderWorkerSet(entry: ObjectEntry): boolean {
  return entry.obj.kind === 'LeaderWorkerSet' && apiGroupOf(entry.obj.apiVersion) === 'leaderworkerset.x-k8s.io';
}

function podsAsWritten(entry: ObjectEntry): boolean {
  const kind = entry.obj.kind;
  return kind !== undefined && ((builtInPodKinds.has(kind) && indexKind(kind, entry.obj.apiVersion) === kind) || isLeaderWorkerSet(entry));
}

interface Evidence {
  named: NamedHost;
  container: string;
  why: string;
  service?: ObjectEntry;
}

/** The first name a container of the pod dials that only the cluster DNS resolves, and why it is one. */
function clusterNameDialled(ws: WorkspaceModel, entry: ObjectEntry, pod: PodSpecRef): Evidence | undefined {
  const view = entry.obj.view;
  for (const c of pod.containers) {
    if (c.kind === 'ephemeralContainers') {
      continue;
    }
    for (const named of namedHosts(view, c)) {
      const container = c.name ?? 'unnamed';
      if (named.host === lwsLeaderAddress) {
        if (isLeaderWorkerSet(entry)) {
          return { named, container, why: "the leader's address LeaderWorkerSet injects, a record of its headless Service" };
        }
        continue;
      }
      const name = aliasedHost(entry.obj.view, pod, named.host) ? undefined : clusterDnsName(ws, entry, named.host);
      const service = name?.service;
      if (name) {
        return { named, container, why: service ? `Service ${service.obj.name ?? ''} in namespace ${service.namespace}` : 'a Service name under .svc', ...(service ? { service } : {}) };
      }
    }
  }
  return undefined;
}

function fixOf(entry: ObjectEntry, pod: PodSpecRef, written: boolean): Fix | undefined {
  const view = entry.obj.view;
  const range = written ? view.valueRange(pod.spec, 'dnsPolicy') : undefined;
  const edit = range ? { range, newText: 'ClusterFirstWithHostNet' } : insertAfterKey(view, pod.spec, 'hostNetwork', 'dnsPolicy: ClusterFirstWithHostNet');
  return edit && { title: 'Set dnsPolicy: ClusterFirstWithHostNet', edits: [edit] };
}

/**
 * Kubernetes, "DNS for Services and Pods", Pod's DNS Policy: "For Pods running with hostNetwork, you should explicitly
 * set its DNS policy to ClusterFirstWithHostNet. Otherwise, Pods running with hostNetwork and ClusterFirst will fallback
 * to the behavior of the Default policy", under which "the Pod inherits the name resolution configuration from the node
 * that the Pods run on": the node's resolv.conf, which knows no Service names. Reported only where the pod dials a name
 * only the cluster DNS resolves, so node agents on the host network that name no Service stay silent.
 */
export const rule: CrossRule = {
  meta: {
    id: 'MLX021',
    name: 'host-network-cluster-dns',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description:
      'A hostNetwork pod without dnsPolicy: ClusterFirstWithHostNet (absent or ClusterFirst) dials a Service in scope, a name under .svc, or LeaderWorkerSet\'s leader address by name: it resolves through the node\'s resolv.conf, which knows no Service names.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const entry of ws.objects) {
      const view = entry.obj.view;
      for (const pod of entry.obj.podSpecs) {
        if (view.bool(pod.spec, 'hostNetwork') !== true || !podsAsWritten(entry)) {
          continue;
        }
        const policy = view.text(pod.spec, 'dnsPolicy');
        if ((policy !== undefined && policy !== 'ClusterFirst') || view.get(pod.spec, 'dnsConfig') !== undefined) {
          continue;
        }
        const range = view.valueRange(pod.spec, 'hostNetwork');
        const evidence = range && !replacedField(entry, [...pod.path, 'dnsPolicy'].join('.')) ? clusterNameDialled(ws, entry, pod) : undefined;
        if (!range || !evidence) {
          continue;
        }
        const { named, container, why, service: svc } = evidence;
        const state = policy === undefined ? 'hostNetwork: true without dnsPolicy: ClusterFirstWithHostNet' : 'hostNetwork: true with dnsPolicy: ClusterFirst, which falls back to the Default policy on the host network';
        const fix = fixOf(entry, pod, policy !== undefined);
        out.push({
          path: entry.path,
          range,
          object: entry.obj,
          message: `${state}: the pod resolves names through the node's resolv.conf, not the cluster DNS, so "${named.host}" (${why}), which container ${container} names in ${named.where}, does not resolve; set dnsPolicy: ClusterFirstWithHostNet.`,
          ...(svc && svc.path !== entry.path ? { related: { file: svc.path, range: svc.obj.anchor, message: 'the Service the pod dials by name' } } : {}),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return out;
  },
};

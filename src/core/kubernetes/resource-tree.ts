import { gpuUsageText, podGpuRequest, type NodeGpus } from './gpu';
import { nameOf, type Node, type Pod, type Workload } from './objects';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Job' | 'CronJob';
export const workloadKinds: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'Job', 'CronJob'];

export interface PodView {
  name: string;
  namespace: string;
  phase: string;
  ready: string;
  restarts: number;
  gpus: number;
  node?: string;
  description: string;
  /** mlc.pod.<state> */
  state: 'running' | 'pending' | 'succeeded' | 'failed' | 'unknown' | 'terminating';
  waitingReason?: string;
}

export function podView(pod: Pod): PodView {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers.length ?? statuses.length;
  const readyCount = statuses.filter((s) => s.ready).length;
  const restarts = statuses.reduce((n, s) => n + s.restartCount, 0);
  const waitingReason = statuses.map((s) => s.state?.waiting?.reason).find(Boolean);
  const phase = pod.status?.phase ?? 'Unknown';
  const terminating = !!pod.metadata?.deletionTimestamp;
  const gpus = podGpuRequest(pod);
  const node = pod.spec?.nodeName;
  const shownPhase = terminating ? 'Terminating' : waitingReason ?? phase;
  const parts = [shownPhase, `${readyCount}/${total} ready`];
  if (restarts > 0) {
    parts.push(`${restarts} restart${restarts === 1 ? '' : 's'}`);
  }
  if (gpus > 0) {
    parts.push(`GPU ×${gpus}`);
  }
  if (node) {
    parts.push(node);
  }
  const state = terminating ? 'terminating' : (({ Running: 'running', Pending: 'pending', Succeeded: 'succeeded', Failed: 'failed' } as const)[phase as 'Running'] ?? 'unknown');
  return {
    name: nameOf(pod),
    namespace: pod.metadata?.namespace ?? '',
    phase,
    ready: `${readyCount}/${total}`,
    restarts,
    gpus,
    ...(node ? { node } : {}),
    description: parts.join(' · '),
    state,
    ...(waitingReason ? { waitingReason } : {}),
  };
}

export function workloadDescription(kind: WorkloadKind, w: Workload): string {
  const s = w.status ?? {};
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return `${s.readyReplicas ?? 0}/${w.spec?.replicas ?? 0} ready`;
    case 'Job': {
      const active = typeof s.active === 'number' ? s.active : 0;
      const parts = [`${s.succeeded ?? 0}/${w.spec?.completions ?? 1} succeeded`];
      if (active) {
        parts.push(`${active} active`);
      }
      if (s.failed) {
        parts.push(`${s.failed} failed`);
      }
      return parts.join(' · ');
    }
    case 'CronJob': {
      const active = Array.isArray(s.active) ? s.active.length : 0;
      return [w.spec?.schedule ?? '', w.spec?.suspend ? 'suspended' : '', active ? `${active} active` : ''].filter(Boolean).join(' · ');
    }
  }
}

export interface NodeView {
  name: string;
  description: string;
  tooltip: string;
  ready: boolean;
  gpu: boolean;
}

/** `countingGpus`: the pods are still being listed, so GPU use is not known yet (only the allocatable GPUs). */
export function nodeView(node: Node, gpus: NodeGpus, countingGpus = false): NodeView {
  const ready = (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const usage = countingGpus ? (gpus.allocatable > 0 ? `${gpus.allocatable} GPU${gpus.allocatable === 1 ? '' : 's'}, counting use…` : undefined) : gpuUsageText(gpus);
  const parts = [ready ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) {
    parts.push('cordoned');
  }
  if (usage) {
    parts.push(usage);
  }
  if (gpus.product) {
    parts.push(gpus.product);
  }
  const tooltip = [
    nameOf(node),
    usage ? (countingGpus ? `GPUs: capacity ${gpus.capacity}, allocatable ${gpus.allocatable}; listing pods to count the requested ones` : `GPUs: capacity ${gpus.capacity}, allocatable ${gpus.allocatable}, requested ${gpus.requested}, free ${gpus.free}`) : 'No GPUs',
    gpus.product ? `Model: ${gpus.product}` : '',
    ...(node.spec?.taints ?? []).map((t) => `Taint: ${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
  ]
    .filter(Boolean)
    .join('\n');
  return { name: nameOf(node), description: parts.join(' · '), tooltip, ready, gpu: gpus.allocatable > 0 };
}

/** Pods owned by a workload: through a ReplicaSet for Deployments, a Job for CronJobs, directly otherwise. */
export function ownedPods(kind: WorkloadKind, workload: Workload, pods: readonly Pod[], owners: { replicaSets?: readonly Workload[]; jobs?: readonly Workload[] } = {}): Pod[] {
  const uid = workload.metadata?.uid;
  const ownedBy = (o: { metadata?: Workload['metadata'] }, ownerKind: string) =>
    (o.metadata?.ownerReferences ?? []).some((r) => r.kind === ownerKind && (uid ? r.uid === uid : r.name === nameOf(workload)));
  let parents: { uid?: string; kind: string }[];
  if (kind === 'Deployment') {
    parents = (owners.replicaSets ?? []).filter((rs) => ownedBy(rs, 'Deployment')).map((rs) => ({ uid: rs.metadata?.uid, kind: 'ReplicaSet' }));
  } else if (kind === 'CronJob') {
    parents = (owners.jobs ?? []).filter((j) => ownedBy(j, 'CronJob')).map((j) => ({ uid: j.metadata?.uid, kind: 'Job' }));
  } else {
    parents = [{ uid, kind }];
  }
  const uids = new Set(parents.map((p) => p.uid).filter((u): u is string => !!u));
  return pods
    .filter((p) => (p.metadata?.ownerReferences ?? []).some((r) => r.uid !== undefined && uids.has(r.uid)))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

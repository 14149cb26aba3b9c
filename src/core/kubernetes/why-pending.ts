import { clusterGpus, gpuResource, podGpuRequest } from './gpu';
import { nameOf, type KubeEvent, type Node, type PersistentVolumeClaim, type Pod } from './objects';
import { blockingTaints, taintText } from './taints';

export type PendingReasonKind = 'not-pending' | 'gpu' | 'taint' | 'node-selector' | 'unschedulable-node' | 'pvc' | 'image' | 'scheduler' | 'starting' | 'unknown';

export interface PendingReason {
  kind: PendingReasonKind;
  text: string;
}

export interface PendingExplanation {
  pod: string;
  /** One sentence for a notification. */
  summary: string;
  reasons: PendingReason[];
}

export interface PendingInput {
  pod: Pod;
  /** Events whose involvedObject is this pod, any order. */
  events: readonly KubeEvent[];
  nodes: readonly Node[];
  /** All pods in the cluster (for the GPU arithmetic); terminated ones are ignored. */
  pods: Iterable<Pod>;
  /** The PVCs of the pod's namespace; undefined when unknown. */
  pvcs?: readonly PersistentVolumeClaim[];
}

const imagePullReasons = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (names: string[]) => (names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`);

function eventTime(e: KubeEvent): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}

function latest(events: readonly KubeEvent[], reason: string): KubeEvent | undefined {
  return events.filter((e) => e.reason === reason).sort((a, b) => eventTime(b) - eventTime(a))[0];
}

function selectorMismatch(pod: Pod, node: Node): string[] {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(pod.spec?.nodeSelector ?? {})
    .filter(([k, v]) => labels[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
}

function imageReasons(pod: Pod, events: readonly KubeEvent[]): PendingReason[] {
  const out: PendingReason[] = [];
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const w = s.state?.waiting;
    if (w?.reason && imagePullReasons.has(w.reason)) {
      out.push({ kind: 'image', text: `Container ${s.name} cannot pull its image (${w.reason})${w.message ? `: ${w.message}` : ''}.` });
    }
  }
  if (out.length === 0) {
    const failed = events.filter((e) => e.reason === 'Failed' && /pull|image/i.test(e.message ?? '')).sort((a, b) => eventTime(b) - eventTime(a))[0];
    if (failed) {
      out.push({ kind: 'image', text: `Image pull failed: ${failed.message ?? ''}` });
    }
  }
  return out;
}

function pvcReasons(pod: Pod, pvcs: readonly PersistentVolumeClaim[] | undefined): PendingReason[] {
  if (!pvcs) {
    return [];
  }
  const out: PendingReason[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (!claim) {
      continue;
    }
    const pvc = pvcs.find((p) => nameOf(p) === claim);
    if (!pvc) {
      out.push({ kind: 'pvc', text: `PersistentVolumeClaim ${claim} (volume ${v.name}) does not exist.` });
    } else if (pvc.status?.phase !== 'Bound') {
      const sc = pvc.spec?.storageClassName;
      out.push({ kind: 'pvc', text: `PersistentVolumeClaim ${claim} is not bound (${pvc.status?.phase ?? 'Pending'})${sc ? `; check storage class ${sc}` : ''}.` });
    }
  }
  return out;
}

/** Why the scheduler cannot place the pod, from the cluster state: GPUs, taints, selectors, cordons. */
function schedulingReasons(input: PendingInput): PendingReason[] {
  const { pod, nodes } = input;
  const out: PendingReason[] = [];
  const wantGpus = podGpuRequest(pod);
  const gpus = clusterGpus(nodes, input.pods);
  const fitsGpu = new Set(gpus.filter((g) => g.free >= wantGpus).map((g) => g.node));
  if (wantGpus > 0 && fitsGpu.size === 0) {
    const withGpus = gpus.filter((g) => g.allocatable > 0).sort((a, b) => b.free - a.free || a.node.localeCompare(b.node));
    const detail = withGpus.length
      ? withGpus.map((g) => `${g.node} has ${g.free} free of ${g.allocatable}`).join('; ')
      : `no node has any ${gpuResource}`;
    out.push({ kind: 'gpu', text: `Insufficient ${gpuResource}: the pod asks for ${wantGpus}, but no node has that many free. ${detail}.` });
  }
  const byTaint = new Map<string, string[]>();
  const bySelector = new Map<string, string[]>();
  const cordoned: string[] = [];
  const tolerations = pod.spec?.tolerations;
  for (const n of nodes) {
    // Only explain the obstacles on nodes that would otherwise have room, so the answer stays focused.
    for (const t of blockingTaints(n.spec?.taints, tolerations)) {
      appendTo(byTaint, taintText(t), nameOf(n));
    }
    for (const s of selectorMismatch(pod, n)) {
      appendTo(bySelector, s, nameOf(n));
    }
    if (n.spec?.unschedulable) {
      cordoned.push(nameOf(n));
    }
  }
  for (const [taint, names] of byTaint) {
    out.push({ kind: 'taint', text: `${plural(names.length, 'node')} ${names.length === 1 ? 'has' : 'have'} the taint ${taint}, which the pod does not tolerate: ${list(names)}.` });
  }
  for (const [sel, names] of bySelector) {
    out.push({ kind: 'node-selector', text: `${plural(names.length, 'node')} ${names.length === 1 ? 'lacks' : 'lack'} the label ${sel} required by the pod's nodeSelector: ${list(names)}.` });
  }
  if (cordoned.length) {
    out.push({ kind: 'unschedulable-node', text: `${plural(cordoned.length, 'node')} ${cordoned.length === 1 ? 'is' : 'are'} cordoned: ${list(cordoned)}.` });
  }
  if (nodes.length === 0) {
    out.push({ kind: 'unknown', text: 'The cluster has no nodes.' });
  }
  return out;
}

/** "Why is this pod Pending?" in plain language, from the pod, its events and the cluster state. */
export function explainPending(input: PendingInput): PendingExplanation {
  const { pod, events } = input;
  const podName = nameOf(pod);
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase !== 'Pending') {
    return { pod: podName, summary: `Pod ${podName} is ${phase}, not Pending.`, reasons: [{ kind: 'not-pending', text: `Phase: ${phase}.` }] };
  }
  const reasons: PendingReason[] = [];
  const scheduled = !!pod.spec?.nodeName;
  reasons.push(...pvcReasons(pod, input.pvcs));
  if (scheduled) {
    reasons.push(...imageReasons(pod, events));
    if (!reasons.some((r) => r.kind === 'image')) {
      reasons.push({ kind: 'starting', text: `The pod is scheduled on ${pod.spec?.nodeName ?? ''} and its containers are starting.` });
    }
  } else {
    reasons.push(...schedulingReasons(input));
    const failed = latest(events, 'FailedScheduling');
    if (failed?.message) {
      reasons.push({ kind: 'scheduler', text: `The scheduler says: ${failed.message}` });
    }
    if (reasons.length === 0) {
      reasons.push({ kind: 'unknown', text: 'The pod has not been scheduled yet and nothing in the cluster state prevents it; the scheduler may not have tried yet.' });
    }
  }
  const first = reasons.find((r) => r.kind !== 'scheduler') ?? reasons[0];
  return { pod: podName, summary: `Pod ${podName} is Pending. ${first?.text ?? ''}`.trim(), reasons };
}

/** Adds `value` to the list under `key` (a cluster may have thousands of nodes with the same taint). */
function appendTo(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key);
  if (list) {
    list.push(value);
  } else {
    lists.set(key, [value]);
  }
}

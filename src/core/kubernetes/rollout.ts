// Rollout status as kubectl computes it (its status viewers), as pure functions of one object.

export type RolloutKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';
export const rolloutKinds: readonly RolloutKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

export interface RolloutObject {
  metadata?: { name?: string; generation?: number };
  spec?: {
    replicas?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: { type: string; status?: string; reason?: string; message?: string }[];
  };
}

export interface RolloutStatus {
  state: 'progressing' | 'done' | 'failed';
  message: string;
}

const progressing = (message: string): RolloutStatus => ({ state: 'progressing', message });

function specObserved(o: RolloutObject): boolean {
  const observed = o.status?.observedGeneration ?? 0;
  return observed > 0 && (o.metadata?.generation ?? 0) <= observed;
}

function deployment(o: RolloutObject, name: string): RolloutStatus {
  if (!specObserved(o)) {
    return progressing('Waiting for the deployment spec update to be observed…');
  }
  const s = o.status ?? {};
  const deadline = s.conditions?.find((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
  if (deadline) {
    return { state: 'failed', message: `Deployment ${name} exceeded its progress deadline${deadline.message ? `: ${deadline.message}` : ''}` };
  }
  const want = o.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < want) {
    return progressing(`${updated} of ${want} new replicas updated`);
  }
  if ((s.replicas ?? 0) > updated) {
    return progressing(`${(s.replicas ?? 0) - updated} old replicas pending termination`);
  }
  if ((s.availableReplicas ?? 0) < updated) {
    return progressing(`${s.availableReplicas ?? 0} of ${updated} updated replicas available`);
  }
  return { state: 'done', message: `Deployment ${name} successfully rolled out (${updated}/${want} available)` };
}

function statefulSet(o: RolloutObject, name: string): RolloutStatus {
  if (o.spec?.updateStrategy?.type === 'OnDelete') {
    return { state: 'failed', message: `StatefulSet ${name} uses the OnDelete update strategy: rollout status needs RollingUpdate` };
  }
  if (!specObserved(o)) {
    return progressing('Waiting for the statefulset spec update to be observed…');
  }
  const s = o.status ?? {};
  const want = o.spec?.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < want) {
    return progressing(`${s.readyReplicas ?? 0} of ${want} pods ready`);
  }
  const partition = o.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    return (s.updatedReplicas ?? 0) < want - partition
      ? progressing(`${s.updatedReplicas ?? 0} of ${want - partition} pods updated (partition ${partition})`)
      : { state: 'done', message: `StatefulSet ${name} partitioned rollout complete: ${s.updatedReplicas ?? 0} new pods` };
  }
  if (s.updateRevision !== s.currentRevision) {
    return progressing(`${s.updatedReplicas ?? 0} of ${want} pods at revision ${s.updateRevision ?? '?'}`);
  }
  return { state: 'done', message: `StatefulSet ${name} rolling update complete (${want} pods at revision ${s.currentRevision ?? '?'})` };
}

function daemonSet(o: RolloutObject, name: string): RolloutStatus {
  if (o.spec?.updateStrategy?.type === 'OnDelete') {
    return { state: 'failed', message: `DaemonSet ${name} uses the OnDelete update strategy: rollout status needs RollingUpdate` };
  }
  if (!specObserved(o)) {
    return progressing('Waiting for the daemon set spec update to be observed…');
  }
  const s = o.status ?? {};
  const want = s.desiredNumberScheduled ?? 0;
  if ((s.updatedNumberScheduled ?? 0) < want) {
    return progressing(`${s.updatedNumberScheduled ?? 0} of ${want} new pods updated`);
  }
  if ((s.numberAvailable ?? 0) < want) {
    return progressing(`${s.numberAvailable ?? 0} of ${want} updated pods available`);
  }
  return { state: 'done', message: `DaemonSet ${name} successfully rolled out (${want} pods)` };
}

export function rolloutStatus(kind: RolloutKind, o: RolloutObject): RolloutStatus {
  const name = o.metadata?.name ?? '?';
  return kind === 'Deployment' ? deployment(o, name) : kind === 'StatefulSet' ? statefulSet(o, name) : daemonSet(o, name);
}

/** The patch `kubectl rollout restart` sends: a new pod template annotation makes a new rollout. */
export function restartPatch(at: Date): { spec: { template: { metadata: { annotations: Record<string, string> } } } } {
  return { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at.toISOString() } } } } };
}

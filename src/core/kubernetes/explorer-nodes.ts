import type { OperatorKind, OperatorView } from './operator-workloads';
import type { PodRange } from './pod-ranges';
import type { NodeView, PodView, WorkloadKind } from './resource-tree';

/** The Clusters view's elements as plain data; features map them to TreeItems. */
export type ExplorerNode =
  | { kind: 'context'; id: string; context: string; active: boolean; description: string }
  | { kind: 'message'; id: string; label: string; description?: string; tooltip?: string; icon: 'warning' | 'info' | 'loading' }
  | { kind: 'group'; id: string; context: string; group: 'nodes' | 'namespaces' }
  | { kind: 'node'; id: string; context: string; view: NodeView }
  | { kind: 'namespace'; id: string; context: string; namespace: string; active: boolean }
  | { kind: 'workloads'; id: string; context: string; namespace: string; workloadKind: WorkloadKind; count?: number }
  | { kind: 'allPods'; id: string; context: string; namespace: string }
  | { kind: 'workload'; id: string; context: string; namespace: string; workloadKind: WorkloadKind; name: string; description: string; replicas?: number }
  | { kind: 'operatorWorkloads'; id: string; context: string; namespace: string; operatorKind: OperatorKind }
  | { kind: 'operatorWorkload'; id: string; context: string; namespace: string; operatorKind: OperatorKind; view: OperatorView }
  | { kind: 'podRange'; id: string; context: string; namespace: string; of: PodListOwner; range: PodRange }
  | { kind: 'pod'; id: string; context: string; namespace: string; view: PodView; containers: string[] };

/** The elements whose children are a list of pods. */
export type PodListOwner = Extract<ExplorerNode, { kind: 'allPods' | 'workload' | 'operatorWorkload' }>;

export const workloadPlural: Record<WorkloadKind, string> = { Deployment: 'Deployments', StatefulSet: 'StatefulSets', Job: 'Jobs', CronJob: 'CronJobs' };

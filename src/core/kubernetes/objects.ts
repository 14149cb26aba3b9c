// Minimal shapes of the Kubernetes objects core reads. Structurally compatible with
// @kubernetes/client-node's V1* types, so infra passes those straight in; core never imports it.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: Date | string;
  deletionTimestamp?: Date | string;
  ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
}

export interface ResourceRequirements {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

export interface Container {
  name: string;
  image?: string;
  resources?: ResourceRequirements;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: object;
    terminated?: { reason?: string; exitCode?: number };
  };
}

export interface Pod {
  metadata?: ObjectMeta;
  spec?: {
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    containers: Container[];
    initContainers?: Container[];
    tolerations?: Toleration[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface Node {
  metadata?: ObjectMeta;
  spec?: { taints?: Taint[]; unschedulable?: boolean };
  status?: { capacity?: Record<string, string>; allocatable?: Record<string, string>; conditions?: Condition[] };
}

export interface KubeEvent {
  metadata?: ObjectMeta;
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: Date | string;
  eventTime?: Date | string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface PersistentVolumeClaim {
  metadata?: ObjectMeta;
  status?: { phase?: string };
  spec?: { storageClassName?: string };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Deployment, StatefulSet, Job and CronJob share what the tree and the port-forward resolver need. */
export interface Workload {
  metadata?: ObjectMeta;
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    suspend?: boolean;
    schedule?: string;
    completions?: number;
    parallelism?: number;
    template?: { spec?: { containers?: Container[] } };
    jobTemplate?: { spec?: { template?: { spec?: { containers?: Container[] } } } };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    active?: number | { name?: string }[];
    succeeded?: number;
    failed?: number;
    lastScheduleTime?: Date | string;
  };
}

export interface Service {
  metadata?: ObjectMeta;
  spec?: { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: number | string }[] };
}

export const nameOf = (o: { metadata?: ObjectMeta }): string => o.metadata?.name ?? '';
export const namespaceOf = (o: { metadata?: ObjectMeta }): string => o.metadata?.namespace ?? '';

// The cluster operations features use, as an interface: the client-node implementation lives in the
// lazily loaded bundle (client.ts), so nothing here pulls @kubernetes/client-node into activation.
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { KubeEvent, Node, PersistentVolumeClaim, Pod, Service, Workload } from '../../core/kubernetes/objects';
import type { ResourceWatch } from './resource-watch';

export type WatchedKind = 'Node' | 'Namespace' | 'Pod' | 'Deployment' | 'StatefulSet' | 'Job' | 'CronJob' | 'ReplicaSet';
export type ScalableKind = 'Deployment' | 'StatefulSet';
export type DeletableKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'Job' | 'CronJob';

export interface KindObjects {
  Node: Node;
  Namespace: { metadata?: Node['metadata']; status?: { phase?: string } };
  Pod: Pod;
  Deployment: Workload;
  StatefulSet: Workload;
  Job: Workload;
  CronJob: Workload;
  ReplicaSet: Workload;
}

export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/** One open tunnel for one local connection; `closed` settles when either side ends. */
export interface Tunnel {
  closed: Promise<void>;
}

export interface ClusterClient {
  readonly context: string;
  readonly defaultNamespace: string;
  /** A live cache of one kind (cluster-wide when namespace is undefined), started on first use. */
  watch<K extends WatchedKind>(kind: K, namespace?: string): ResourceWatch<KindObjects[K]>;
  listNodes(): Promise<Node[]>;
  listPods(namespace?: string, labelSelector?: string): Promise<Pod[]>;
  readPod(namespace: string, name: string): Promise<Pod | undefined>;
  podEvents(namespace: string, name: string): Promise<KubeEvent[]>;
  listPvcs(namespace: string): Promise<PersistentVolumeClaim[]>;
  readWorkload(kind: 'Deployment' | 'StatefulSet', namespace: string, name: string): Promise<Workload | undefined>;
  readService(namespace: string, name: string): Promise<Service | undefined>;
  /** Streams a container's log into `out` until the signal aborts or the stream ends. */
  logs(namespace: string, pod: string, container: string, out: Writable, options: LogOptions, signal: AbortSignal): Promise<void>;
  scale(kind: ScalableKind, namespace: string, name: string, replicas: number): Promise<void>;
  delete(kind: DeletableKind, namespace: string, name: string): Promise<void>;
  /** Opens a websocket port-forward to one pod port through the API server and pipes `socket` through it. */
  tunnel(namespace: string, pod: string, port: number, socket: Socket): Promise<Tunnel>;
  /** Calls `onGone` once when the pod is deleted, starts terminating or stops being ready. */
  watchPodGone(namespace: string, pod: string, onGone: (why: string) => void): () => void;
  dispose(): void;
}

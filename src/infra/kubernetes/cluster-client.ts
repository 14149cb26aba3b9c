// The cluster operations features use, as an interface: the client-node implementation lives in the
// lazily loaded bundle (client.ts), so nothing here pulls @kubernetes/client-node into activation.
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { DescribeEvent } from '../../core/kubernetes/describe';
import type { KubeObject } from '../../core/kubernetes/manifests';
import type { OperatorKind, OperatorObject } from '../../core/kubernetes/operator-workloads';
import type { KubeEvent, Node, PersistentVolumeClaim, Pod, Service, Workload } from '../../core/kubernetes/objects';
import type { ResourceWatch } from './resource-watch';

export type WatchedKind = 'Node' | 'Namespace' | 'Pod' | 'Deployment' | 'StatefulSet' | 'Job' | 'CronJob' | 'ReplicaSet' | OperatorKind;
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
  PyTorchJob: OperatorObject;
  TFJob: OperatorObject;
  TrainJob: OperatorObject;
  InferenceService: OperatorObject;
  RayCluster: OperatorObject;
  RayJob: OperatorObject;
}

export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339; wins over sinceSeconds (resuming a stream after a reconnect). */
  sinceTime?: string;
  timestamps?: boolean;
}

/** One open tunnel for one local connection; `closed` settles when either side ends. */
export interface Tunnel {
  closed: Promise<void>;
  /** Carried as streams of the pod's one multiplexed session rather than a websocket of its own. */
  multiplexed?: boolean;
}

export interface TunnelOptions {
  /** false: one websocket per connection even where the API server tunnels SPDY. */
  multiplex?: boolean;
  /** What went wrong on the pod's side (its port refused, the session ended), for the forward's log. */
  log?: (message: string) => void;
}

/** Where a kind's objects live, from API discovery. */
export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

/** Names any object: the generic verbs work on every kind, CRDs included. */
export interface ObjectKey {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ExecIo {
  stdout: Writable;
  stderr: Writable | null;
  stdin: Readable | null;
  tty: boolean;
}

/** A running exec; `exited` settles with the command's exit code when the server reports it. */
export interface ExecSession {
  exited: Promise<{ code: number | undefined; message: string }>;
  close(): void;
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
  /** Streams a container's log into `out` until the signal aborts or the stream ends; errors carry the server's message. */
  logs(namespace: string, pod: string, container: string, out: Writable, options: LogOptions, signal: AbortSignal): Promise<void>;
  scale(kind: ScalableKind, namespace: string, name: string, replicas: number): Promise<void>;
  delete(kind: DeletableKind, namespace: string, name: string): Promise<void>;
  /** Joins `socket` to one pod port through the API server: a stream pair of the pod's SPDY session, else a websocket of its own. */
  tunnel(namespace: string, pod: string, port: number, socket: Socket, options?: TunnelOptions): Promise<Tunnel>;
  /** Calls `onGone` once when the pod is deleted, starts terminating or stops being ready. */
  watchPodGone(namespace: string, pod: string, onGone: (why: string) => void): () => void;
  /** Discovery (cached): undefined when the server does not serve the kind. */
  resourceOf(apiVersion: string, kind: string): Promise<ResourceInfo | undefined>;
  readObject(key: ObjectKey): Promise<KubeObject | undefined>;
  /** Server-side apply (field manager ml-containers, strict field validation); dryRun persists nothing. */
  applyObject(object: KubeObject, options: { dryRun: boolean }): Promise<KubeObject>;
  /** A JSON merge patch. */
  patchObject(key: ObjectKey, patch: object): Promise<KubeObject>;
  /** Calls `onObject` with every version of one object until stopped (undefined: deleted); re-watches after disconnects. */
  watchObject(key: ObjectKey, onObject: (o: KubeObject | undefined) => void, onError: (message: string) => void): () => void;
  /** The events whose involvedObject is this object. */
  objectEvents(key: ObjectKey): Promise<DescribeEvent[]>;
  /** Runs a command in a container through the exec websocket. */
  exec(namespace: string, pod: string, container: string, command: string[], io: ExecIo): Promise<ExecSession>;
  dispose(): void;
}

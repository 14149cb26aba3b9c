// The @kubernetes/client-node adapter. Built as its own bundle (dist/kubernetes-client.js) and loaded
// on first use through load-client.ts: activation never pays for client-node.
import * as k8s from '@kubernetes/client-node';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { ClientOptions } from '../../core/kubernetes/client-options';
import { operatorKinds, type OperatorKind } from '../../core/kubernetes/operator-workloads';
import { isPodReady } from '../../core/kubernetes/selectors';
import type { KubeObject } from '../../core/kubernetes/manifests';
import type { ClusterClient, DeletableKind, ExecIo, ExecSession, KindObjects, LogOptions, ObjectKey, ResourceInfo, ScalableKind, Tunnel, TunnelOptions, WatchedKind } from './cluster-client';
import { streamLog } from './log-request';
import { ApiError, rawRequest } from './raw-api';
import { PagedInformer, type ListPage, type PagedSource } from './paged-informer';
import { ResourceWatch } from './resource-watch';
import { ForwardSessions } from './port-forward-sessions';
import { openSpdySession } from './spdy-session';
import { tunnelConfig } from './tunnel-config';

export type { ClusterClient } from './cluster-client';
export { PortForwardManager, PortForward } from './port-forward-manager';

const apiVersions: Record<DeletableKind, string> = { Pod: 'v1', Deployment: 'apps/v1', StatefulSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1' };

/** A short, credential-free description of an API error for message nodes and logs. */
export function describeError(err: unknown): string {
  if (err instanceof k8s.ApiException) {
    const body = typeof err.body === 'string' ? err.body : JSON.stringify(err.body);
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // not JSON
    }
    return `HTTP ${err.code}: ${message.slice(0, 300)}`;
  }
  if (err instanceof ApiError) {
    return `HTTP ${err.status}: ${err.message.slice(0, 300)}`;
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/** The part of the ws WebSocket the tunnel uses (ws ships no types here). */
interface MinimalSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly CONNECTING: number;
  close(): void;
  once(event: 'close' | 'error', cb: () => void): void;
}

const operatorPaths = (nsPath: (group: string, plural: string) => string) =>
  Object.fromEntries(Object.entries(operatorKinds).map(([kind, k]) => [kind, nsPath(`/apis/${k.apiVersion}`, k.plural)])) as Record<OperatorKind, string>;

const notFound = (err: unknown) => (err instanceof k8s.ApiException && err.code === 404) || (err instanceof ApiError && err.status === 404);

export const fieldManager = 'ml-containers';

const groupPath = (apiVersion: string) => (apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (notFound(err)) {
      return undefined;
    }
    throw err;
  }
}

export function createClusterClient(options: ClientOptions): ClusterClient {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(options);
  return new Client(kc, options.currentContext, options.contexts[0]?.namespace ?? 'default');
}

class Client implements ClusterClient {
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly watches = new Map<string, ResourceWatch<unknown>>();
  private readonly closers = new Set<() => void>();
  private tunnels: k8s.KubeConfig | undefined;
  private forwardSessions: ForwardSessions | undefined;
  private readonly discovery = new Map<string, Promise<{ resources: { name: string; kind: string; namespaced: boolean }[] }>>();

  constructor(
    private readonly kc: k8s.KubeConfig,
    readonly context: string,
    readonly defaultNamespace: string,
  ) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
  }

  /**
   * Where an informer lists (page by page) and watches one kind. Pages are read as plain JSON:
   * client-node's typed deserializer costs seconds on 10,000 pods, and watch events are plain JSON too.
   */
  private source(kind: WatchedKind, ns: string | undefined): PagedSource<k8s.KubernetesObject> {
    const nsPath = (group: string, plural: string) => (ns ? `${group}/namespaces/${ns}/${plural}` : `${group}/${plural}`);
    const paths: Record<WatchedKind, string> = {
      Node: '/api/v1/nodes',
      Namespace: '/api/v1/namespaces',
      Pod: nsPath('/api/v1', 'pods'),
      Deployment: nsPath('/apis/apps/v1', 'deployments'),
      StatefulSet: nsPath('/apis/apps/v1', 'statefulsets'),
      ReplicaSet: nsPath('/apis/apps/v1', 'replicasets'),
      Job: nsPath('/apis/batch/v1', 'jobs'),
      CronJob: nsPath('/apis/batch/v1', 'cronjobs'),
      ...operatorPaths(nsPath),
    };
    const path = paths[kind];
    return {
      list: (limit, continueToken) =>
        rawRequest<ListPage<k8s.KubernetesObject>>(this.kc, { method: 'GET', path, query: { limit: String(limit), ...(continueToken ? { continue: continueToken } : {}) } }),
      watch: async (resourceVersion, onEvent, done) => {
        // A refused watch is an Error with statusCode: an ApiError says "HTTP 403: …" like a refused list.
        const ended = (err: unknown) => {
          const status = (err as { statusCode?: unknown } | null)?.statusCode;
          done(err instanceof Error && typeof status === 'number' ? new ApiError(status, err.message) : err);
        };
        const abort = await new k8s.Watch(this.kc).watch(path, { resourceVersion, allowWatchBookmarks: true }, onEvent, ended);
        return () => abort.abort();
      },
    };
  }

  watch<K extends WatchedKind>(kind: K, namespace?: string): ResourceWatch<KindObjects[K]> {
    const key = `${kind}/${namespace ?? '*'}`;
    let w = this.watches.get(key);
    if (!w) {
      w = new ResourceWatch<unknown>(new PagedInformer(this.source(kind, namespace)), describeError);
      this.watches.set(key, w);
      void w.start();
    }
    return w as ResourceWatch<KindObjects[K]>;
  }

  async listNodes() {
    return (await this.core.listNode()).items;
  }

  async listPods(namespace?: string, labelSelector?: string) {
    const r = namespace ? await this.core.listNamespacedPod({ namespace, labelSelector }) : await this.core.listPodForAllNamespaces({ labelSelector });
    return r.items;
  }

  readPod(namespace: string, name: string) {
    return orUndefined(this.core.readNamespacedPod({ namespace, name }));
  }

  async podEvents(namespace: string, name: string) {
    return (await this.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}` })).items;
  }

  async listPvcs(namespace: string) {
    return (await this.core.listNamespacedPersistentVolumeClaim({ namespace })).items;
  }

  readWorkload(kind: 'Deployment' | 'StatefulSet', namespace: string, name: string) {
    return orUndefined(kind === 'Deployment' ? this.apps.readNamespacedDeployment({ namespace, name }) : this.apps.readNamespacedStatefulSet({ namespace, name }));
  }

  readService(namespace: string, name: string) {
    return orUndefined(this.core.readNamespacedService({ namespace, name }));
  }

  logs(namespace: string, pod: string, container: string, out: Writable, options: LogOptions, signal: AbortSignal): Promise<void> {
    return streamLog(this.kc, namespace, pod, container, out, options, signal);
  }

  async scale(kind: ScalableKind, namespace: string, name: string, replicas: number): Promise<void> {
    if (kind === 'Deployment') {
      const s = await this.apps.readNamespacedDeploymentScale({ namespace, name });
      await this.apps.replaceNamespacedDeploymentScale({ namespace, name, body: { ...s, spec: { ...s.spec, replicas } } });
    } else {
      const s = await this.apps.readNamespacedStatefulSetScale({ namespace, name });
      await this.apps.replaceNamespacedStatefulSetScale({ namespace, name, body: { ...s, spec: { ...s.spec, replicas } } });
    }
  }

  async delete(kind: DeletableKind, namespace: string, name: string): Promise<void> {
    const api = k8s.KubernetesObjectApi.makeApiClient(this.kc);
    // Background propagation: a deleted Job or CronJob takes its pods with it, as kubectl does.
    await api.delete({ apiVersion: apiVersions[kind], kind, metadata: { name, namespace } }, undefined, undefined, undefined, undefined, 'Background');
  }

  tunnel(namespace: string, pod: string, port: number, socket: Socket, options: TunnelOptions = {}): Promise<Tunnel> {
    this.tunnels ??= tunnelConfig(this.kc);
    const kc = this.tunnels;
    this.forwardSessions ??= new ForwardSessions((ns, name) => openSpdySession(kc, ns, name));
    return this.forwardSessions.tunnel(namespace, pod, port, socket, options, () => this.websocketTunnel(namespace, pod, port, socket));
  }

  /** The legacy portforward.k8s.io websocket: one per connection. */
  private async websocketTunnel(namespace: string, pod: string, port: number, socket: Socket): Promise<Tunnel> {
    const errStream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        // The first frame of the error stream is only the port header (an empty chunk once stripped);
        // anything after it is the kubelet reporting a failed dial: end this connection.
        if (chunk.length > 0) {
          socket.destroy();
        }
        cb();
      },
    });
    this.tunnels ??= tunnelConfig(this.kc);
    const ws = (await new k8s.PortForward(this.tunnels).portForward(namespace, pod, [port], socket, errStream, socket)) as unknown as MinimalSocket;
    const closed = new Promise<void>((resolve) => {
      const end = () => {
        if (!socket.destroyed) {
          socket.end();
        }
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
          ws.close();
        }
        resolve();
      };
      ws.once('close', end);
      ws.once('error', end);
      socket.once('close', end);
    });
    return { closed };
  }

  watchPodGone(namespace: string, pod: string, onGone: (why: string) => void): () => void {
    let fired = false;
    let stopped = false;
    let abort: AbortController | undefined;
    const gone = (why: string) => {
      if (!fired && !stopped) {
        fired = true;
        stop();
        onGone(why);
      }
    };
    const stop = () => {
      stopped = true;
      abort?.abort();
      this.closers.delete(stop);
    };
    const start = async () => {
      try {
        abort = await new k8s.Watch(this.kc).watch(
          `/api/v1/namespaces/${namespace}/pods`,
          { fieldSelector: `metadata.name=${pod}` },
          (phase, obj: k8s.V1Pod) => {
            if (phase === 'DELETED') {
              gone('was deleted');
            } else if (obj.metadata?.deletionTimestamp) {
              gone('is terminating');
            } else if (!isPodReady(obj)) {
              gone('is no longer ready');
            }
          },
          () => {
            // The watch ended (server timeout or disconnect): check once, then watch again.
            if (!stopped) {
              void this.readPod(namespace, pod).then(
                (p) => (!p ? gone('was deleted') : !isPodReady(p) ? gone('is no longer ready') : void start()),
                () => void start(),
              );
            }
          },
        );
        if (stopped) {
          abort.abort();
        }
      } catch {
        if (!stopped) {
          setTimeout(() => void start(), 1000);
        }
      }
    };
    this.closers.add(stop);
    void start();
    return stop;
  }

  async resourceOf(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const find = async () => {
      let list = this.discovery.get(apiVersion);
      if (!list) {
        list = rawRequest<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(this.kc, { method: 'GET', path: groupPath(apiVersion) });
        this.discovery.set(apiVersion, list);
        list.catch(() => this.discovery.delete(apiVersion));
      }
      const r = (await orUndefined(list))?.resources.find((x) => x.kind === kind && !x.name.includes('/'));
      return r ? { plural: r.name, namespaced: r.namespaced } : undefined;
    };
    // A CRD applied a moment ago is not in the cached list yet: ask once more before giving up.
    const found = await find();
    if (found) {
      return found;
    }
    this.discovery.delete(apiVersion);
    return find();
  }

  private async objectPath(key: ObjectKey, withName = true): Promise<{ path: string; info: ResourceInfo }> {
    const info = await this.resourceOf(key.apiVersion, key.kind);
    if (!info) {
      throw new Error(`The server does not serve ${key.kind} in ${key.apiVersion} (is its CRD installed?)`);
    }
    if (info.namespaced && !key.namespace) {
      throw new Error(`${key.kind} ${key.name} needs a namespace`);
    }
    const ns = info.namespaced ? `/namespaces/${encodeURIComponent(key.namespace!)}` : '';
    return { path: `${groupPath(key.apiVersion)}${ns}/${info.plural}${withName ? `/${encodeURIComponent(key.name)}` : ''}`, info };
  }

  async readObject(key: ObjectKey): Promise<KubeObject | undefined> {
    const { path } = await this.objectPath(key);
    return orUndefined(rawRequest<KubeObject>(this.kc, { method: 'GET', path }));
  }

  async applyObject(object: KubeObject, options: { dryRun: boolean }): Promise<KubeObject> {
    const key = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) };
    const { path } = await this.objectPath(key);
    const query: Record<string, string> = { fieldManager, fieldValidation: 'Strict', force: 'false' };
    if (options.dryRun) {
      query.dryRun = 'All';
    }
    return rawRequest<KubeObject>(this.kc, { method: 'PATCH', path, query, body: JSON.stringify(object), contentType: 'application/apply-patch+yaml' });
  }

  async patchObject(key: ObjectKey, patch: object): Promise<KubeObject> {
    const { path } = await this.objectPath(key);
    return rawRequest<KubeObject>(this.kc, { method: 'PATCH', path, query: { fieldManager }, body: JSON.stringify(patch), contentType: 'application/merge-patch+json' });
  }

  watchObject(key: ObjectKey, onObject: (o: KubeObject | undefined) => void, onError: (message: string) => void): () => void {
    let stopped = false;
    let abort: AbortController | undefined;
    let retry: NodeJS.Timeout | undefined;
    const again = (ms: number) => {
      if (!stopped) {
        retry = setTimeout(() => void start(), ms);
      }
    };
    const start = async () => {
      try {
        const { path } = await this.objectPath(key, false);
        // The current version first (a watch from "now" would miss it), then every change after.
        const now = await this.readObject(key);
        if (stopped) {
          return;
        }
        onObject(now);
        abort = await new k8s.Watch(this.kc).watch(
          path,
          { fieldSelector: `metadata.name=${key.name}`, ...(typeof now?.metadata.resourceVersion === 'string' ? { resourceVersion: now.metadata.resourceVersion } : {}) },
          (phase, obj: KubeObject) => {
            if (!stopped) {
              onObject(phase === 'DELETED' ? undefined : obj);
            }
          },
          () => again(0),
        );
        if (stopped) {
          abort.abort();
        }
      } catch (err) {
        onError(describeError(err));
        again(1000);
      }
    };
    const stop = () => {
      stopped = true;
      clearTimeout(retry);
      abort?.abort();
      this.closers.delete(stop);
    };
    this.closers.add(stop);
    void start();
    return stop;
  }

  async objectEvents(key: ObjectKey): Promise<k8s.CoreV1Event[]> {
    const fieldSelector = `involvedObject.kind=${key.kind},involvedObject.name=${key.name}`;
    const r = key.namespace ? await this.core.listNamespacedEvent({ namespace: key.namespace, fieldSelector }) : await this.core.listEventForAllNamespaces({ fieldSelector });
    return r.items;
  }

  async exec(namespace: string, pod: string, container: string, command: string[], io: ExecIo): Promise<ExecSession> {
    let settle: (r: { code: number | undefined; message: string }) => void = () => undefined;
    const exited = new Promise<{ code: number | undefined; message: string }>((resolve) => (settle = resolve));
    const ws = (await new k8s.Exec(this.kc).exec(namespace, pod, container, command, io.stdout, io.stderr, io.stdin, io.tty, (status) => {
      const exitCause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
      // A kubelet reports the code as an ExitCode cause; some runtimes only say "exit status N".
      const fromMessage = /exit (?:status|code) (\d+)/.exec(status.message ?? '')?.[1];
      const code = status.status === 'Success' ? 0 : exitCause?.message !== undefined ? Number(exitCause.message) : fromMessage !== undefined ? Number(fromMessage) : undefined;
      settle({ code, message: status.message ?? status.status ?? '' });
    })) as unknown as MinimalSocket;
    ws.once('close', () => settle({ code: undefined, message: 'the connection closed' }));
    ws.once('error', () => settle({ code: undefined, message: 'the connection failed' }));
    return {
      exited,
      close: () => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
          ws.close();
        }
      },
    };
  }

  dispose(): void {
    for (const w of this.watches.values()) {
      w.dispose();
    }
    this.watches.clear();
    for (const c of [...this.closers]) {
      c();
    }
    this.forwardSessions?.dispose();
  }
}

import { workloadPlural, type ExplorerNode } from '../../core/kubernetes/explorer-nodes';
import { clusterGpus } from '../../core/kubernetes/gpu';
import { nameOf, type Pod } from '../../core/kubernetes/objects';
import { nodeView, ownedPods, podView, workloadDescription, workloadKinds, type WorkloadKind } from '../../core/kubernetes/resource-tree';
import type { ClusterClient } from './cluster-client';
import type { LoadedKubeconfigs } from './read-kubeconfigs';
import type { ResourceWatch } from './resource-watch';

export interface ExplorerDeps {
  loadConfig(): Promise<LoadedKubeconfigs>;
  openClient(loaded: LoadedKubeconfigs, context: string): Promise<ClusterClient>;
  /** The context the user chose in this editor; the kubeconfig's current-context otherwise. */
  activeContext(): string | undefined;
  log?: (message: string) => void;
}

const byName = <T extends { metadata?: { name?: string } }>(a: T, b: T) => nameOf(a).localeCompare(nameOf(b));

/**
 * The Clusters view as data: each expanded element starts the watches it needs (lazy per node) and
 * is refreshed incrementally when they change. Failures become message nodes; watches retry.
 */
export class ExplorerModel {
  private loaded: Promise<LoadedKubeconfigs> | undefined;
  private clients = new Map<string, Promise<ClusterClient>>();
  private subscriptions = new Map<string, () => void>();
  private listeners = new Set<(element: ExplorerNode | undefined) => void>();

  constructor(private readonly deps: ExplorerDeps) {}

  onDidChange(cb: (element: ExplorerNode | undefined) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private fire(element: ExplorerNode | undefined): void {
    for (const l of [...this.listeners]) {
      l(element);
    }
  }

  /** Forget everything (kubeconfig changed, context switched): closes every watch. */
  reset(): void {
    this.loaded = undefined;
    for (const off of this.subscriptions.values()) {
      off();
    }
    this.subscriptions.clear();
    const old = [...this.clients.values()];
    this.clients.clear();
    for (const c of old) {
      void c.then((x) => x.dispose(), () => undefined);
    }
    this.fire(undefined);
  }

  config(): Promise<LoadedKubeconfigs> {
    this.loaded ??= this.deps.loadConfig();
    return this.loaded;
  }

  client(context: string): Promise<ClusterClient> {
    let c = this.clients.get(context);
    if (!c) {
      c = this.config().then((l) => this.deps.openClient(l, context));
      c.catch(() => this.clients.delete(context));
      this.clients.set(context, c);
    }
    return c;
  }

  async activeContextName(): Promise<string | undefined> {
    const l = await this.config();
    const chosen = this.deps.activeContext();
    return chosen && l.merged.contexts.some((c) => c.name === chosen) ? chosen : l.merged.currentContext;
  }

  /** Refresh `element` whenever one of `watches` changes; one subscription per element id. */
  private follow(element: ExplorerNode, watches: ResourceWatch<unknown>[]): void {
    if (this.subscriptions.has(element.id)) {
      return;
    }
    const offs = watches.map((w) => w.onChange(() => this.fire(element)));
    this.subscriptions.set(element.id, () => offs.forEach((o) => o()));
  }

  /** Stop following an element (collapsed). */
  collapse(element: ExplorerNode): void {
    this.subscriptions.get(element.id)?.();
    this.subscriptions.delete(element.id);
  }

  private async synced(element: ExplorerNode, watches: ResourceWatch<unknown>[]): Promise<ExplorerNode | undefined> {
    this.follow(element, watches);
    await Promise.all(watches.map((w) => w.ready()));
    const bad = watches.map((w) => w.state).find((s) => s.kind === 'error');
    if (bad?.kind === 'error') {
      return {
        kind: 'message',
        id: `${element.id}/error`,
        label: 'Cannot reach the cluster',
        description: `retrying in ${Math.round(bad.retryInMs / 1000)} s`,
        tooltip: bad.message,
        icon: 'warning',
      };
    }
    return undefined;
  }

  async children(element?: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      return await this.childrenOf(element);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log?.(`Clusters view: ${message}`);
      return [{ kind: 'message', id: `${element?.id ?? 'root'}/failed`, label: element ? 'Cannot reach the cluster' : 'Cannot read the kubeconfig', description: message, tooltip: message, icon: 'warning' }];
    }
  }

  private async childrenOf(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!element) {
      return this.contexts();
    }
    const ctx = 'context' in element ? element.context : '';
    switch (element.kind) {
      case 'context':
        await this.client(ctx);
        return [
          { kind: 'group', id: `${ctx}/nodes`, context: ctx, group: 'nodes' },
          { kind: 'group', id: `${ctx}/namespaces`, context: ctx, group: 'namespaces' },
        ];
      case 'group':
        return element.group === 'nodes' ? this.nodes(element) : this.namespaces(element);
      case 'namespace':
        return [
          ...workloadKinds.map((k): ExplorerNode => ({ kind: 'workloads', id: `${element.id}/${k}`, context: ctx, namespace: element.namespace, workloadKind: k })),
          { kind: 'allPods', id: `${element.id}/pods`, context: ctx, namespace: element.namespace },
        ];
      case 'allPods':
        return this.allPods(element);
      case 'workloads':
        return this.workloads(element);
      case 'workload':
        return this.pods(element);
      default:
        return [];
    }
  }

  private async contexts(): Promise<ExplorerNode[]> {
    const l = await this.config();
    if (l.merged.contexts.length === 0) {
      const where = l.files.map((f) => f.path).join(', ');
      return [{ kind: 'message', id: 'no-contexts', label: 'No Kubernetes contexts', description: where, tooltip: `No contexts in ${where}`, icon: 'info' }];
    }
    const active = await this.activeContextName();
    const problems: ExplorerNode[] = l.files
      .filter((f) => f.problem)
      .map((f) => ({ kind: 'message', id: `file:${f.path}`, label: `Skipped ${f.path}`, description: f.problem, icon: 'warning' }));
    return [
      ...problems,
      ...l.merged.contexts.map((c): ExplorerNode => ({
        kind: 'context',
        id: c.name,
        context: c.name,
        active: c.name === active,
        description: [c.name === active ? 'active' : '', c.cluster, c.namespace ? `ns ${c.namespace}` : ''].filter(Boolean).join(' · '),
      })),
    ];
  }

  private async nodes(element: ExplorerNode & { kind: 'group' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const nodes = client.watch('Node');
    const pods = client.watch('Pod');
    // Nodes show as soon as they are listed; the GPU use follows when every pod is (a refresh).
    this.follow(element, [nodes, pods]);
    const failed = await this.synced(element, [nodes]);
    if (failed) {
      return [failed];
    }
    const list = nodes.items().sort(byName);
    const counting = pods.state.kind !== 'synced';
    const gpus = clusterGpus(list, counting ? [] : pods.items());
    return list.map((n, i) => ({ kind: 'node', id: `${element.id}/${nameOf(n)}`, context: element.context, view: nodeView(n, gpus[i]!, counting) }));
  }

  private async namespaces(element: ExplorerNode & { kind: 'group' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const w = client.watch('Namespace');
    const failed = await this.synced(element, [w]);
    if (failed) {
      return [failed];
    }
    return w
      .items()
      .sort(byName)
      .map((n) => ({ kind: 'namespace', id: `${element.context}/ns/${nameOf(n)}`, context: element.context, namespace: nameOf(n), active: nameOf(n) === client.defaultNamespace }));
  }

  private async workloads(element: ExplorerNode & { kind: 'workloads' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const w = client.watch<WorkloadKind>(element.workloadKind, element.namespace);
    const failed = await this.synced(element, [w]);
    if (failed) {
      return [failed];
    }
    const items = w.items().sort(byName);
    if (items.length === 0) {
      return [{ kind: 'message', id: `${element.id}/none`, label: `No ${workloadPlural[element.workloadKind]}`, icon: 'info' }];
    }
    return items.map((x) => ({
      kind: 'workload',
      id: `${element.id}/${nameOf(x)}`,
      context: element.context,
      namespace: element.namespace,
      workloadKind: element.workloadKind,
      name: nameOf(x),
      description: workloadDescription(element.workloadKind, x),
      ...(x.spec?.replicas !== undefined ? { replicas: x.spec.replicas } : {}),
    }));
  }

  private async pods(element: ExplorerNode & { kind: 'workload' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const kind = element.workloadKind;
    const owner = client.watch<WorkloadKind>(kind, element.namespace);
    const pods = client.watch('Pod', element.namespace);
    const extra = kind === 'Deployment' ? [client.watch('ReplicaSet', element.namespace)] : kind === 'CronJob' ? [client.watch('Job', element.namespace)] : [];
    const failed = await this.synced(element, [owner, pods, ...extra] as ResourceWatch<unknown>[]);
    if (failed) {
      return [failed];
    }
    const workload = owner.items().find((x) => nameOf(x) === element.name);
    if (!workload) {
      return [{ kind: 'message', id: `${element.id}/gone`, label: `${kind} ${element.name} no longer exists`, icon: 'info' }];
    }
    const owned = ownedPods(kind, workload, pods.items(), kind === 'Deployment' ? { replicaSets: extra[0]!.items() } : kind === 'CronJob' ? { jobs: extra[0]!.items() } : {});
    if (owned.length === 0) {
      return [{ kind: 'message', id: `${element.id}/none`, label: 'No pods', icon: 'info' }];
    }
    return owned.map((p) => this.podNode(element, p));
  }

  private async allPods(element: ExplorerNode & { kind: 'allPods' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const pods = client.watch('Pod', element.namespace);
    const failed = await this.synced(element, [pods]);
    if (failed) {
      return [failed];
    }
    const list = pods.items().sort(byName);
    if (list.length === 0) {
      return [{ kind: 'message', id: `${element.id}/none`, label: 'No pods', icon: 'info' }];
    }
    return list.map((p) => this.podNode(element, p));
  }

  private podNode(parent: ExplorerNode & { namespace: string; context: string }, p: Pod): ExplorerNode {
    return {
      kind: 'pod',
      id: `${parent.id}/${nameOf(p)}`,
      context: parent.context,
      namespace: parent.namespace,
      view: podView(p),
      containers: (p.spec?.containers ?? []).map((c) => c.name),
    };
  }

  dispose(): void {
    this.reset();
    this.listeners.clear();
  }
}

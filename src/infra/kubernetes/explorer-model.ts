import { workloadPlural, type ExplorerNode, type PodListOwner } from '../../core/kubernetes/explorer-nodes';
import { clusterGpus } from '../../core/kubernetes/gpu';
import { loadingNode } from '../../core/kubernetes/list-progress';
import { nameOf, type Pod } from '../../core/kubernetes/objects';
import { operatorKindOrder, operatorKinds, operatorPods, operatorView, type OperatorKind } from '../../core/kubernetes/operator-workloads';
import { inRange, podRanges } from '../../core/kubernetes/pod-ranges';
import { watchErrorNode } from '../../core/kubernetes/watch-error';
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

const operatorDiscoveryMs = 60_000;

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
  private operatorDiscovery = new Map<string, { at: number; kinds: Promise<OperatorKind[]> }>();

  constructor(
    private readonly deps: ExplorerDeps,
    private readonly now: () => number = Date.now,
  ) {}

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
    this.operatorDiscovery.clear();
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
      return watchErrorNode(element.id, bad.message, bad.retryInMs);
    }
    return undefined;
  }

  /** "Loading pods… 500 of ~10,000" while one of `watches` is still paging in its first list. */
  private loading(element: ExplorerNode, noun: string, watches: ResourceWatch<unknown>[]): ExplorerNode[] {
    const s = watches.map((w) => w.state).find((x) => x.kind === 'partial');
    return s?.kind === 'partial' ? [loadingNode(element.id, noun, s.listed, s.estimate)] : [];
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
          ...(await this.servedOperatorKinds(ctx)).map((k): ExplorerNode => ({ kind: 'operatorWorkloads', id: `${element.id}/${k}`, context: ctx, namespace: element.namespace, operatorKind: k })),
          { kind: 'allPods', id: `${element.id}/pods`, context: ctx, namespace: element.namespace },
        ];
      case 'workloads':
        return this.workloads(element);
      case 'operatorWorkloads':
        return this.operatorWorkloads(element);
      case 'allPods':
      case 'workload':
      case 'operatorWorkload':
        return this.podList(element);
      case 'podRange':
        return this.podRange(element);
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
    // Nodes show as soon as they are listed; the cluster-wide pod list (GPU use, a refresh later)
    // starts only then, so its pages never compete with the nodes' own list.
    await nodes.ready();
    const pods = client.watch('Pod');
    this.follow(element, [nodes, pods]);
    const failed = await this.synced(element, [nodes]);
    if (failed) {
      return [failed];
    }
    const list = nodes.items().sort(byName);
    const counting = pods.state.kind !== 'synced';
    const gpus = clusterGpus(list, counting ? [] : pods.items());
    return [
      ...this.loading(element, 'nodes', [nodes]),
      ...list.map((n, i): ExplorerNode => ({ kind: 'node', id: `${element.id}/${nameOf(n)}`, context: element.context, view: nodeView(n, gpus[i]!, counting) })),
    ];
  }

  private async namespaces(element: ExplorerNode & { kind: 'group' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const w = client.watch('Namespace');
    const failed = await this.synced(element, [w]);
    if (failed) {
      return [failed];
    }
    return [
      ...this.loading(element, 'namespaces', [w]),
      ...w
        .items()
        .sort(byName)
        .map((n): ExplorerNode => ({ kind: 'namespace', id: `${element.context}/ns/${nameOf(n)}`, context: element.context, namespace: nameOf(n), active: nameOf(n) === client.defaultNamespace })),
    ];
  }

  private async workloads(element: ExplorerNode & { kind: 'workloads' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const w = client.watch<WorkloadKind>(element.workloadKind, element.namespace);
    const failed = await this.synced(element, [w]);
    if (failed) {
      return [failed];
    }
    const items = w.items().sort(byName);
    const loading = this.loading(element, workloadPlural[element.workloadKind].toLowerCase(), [w]);
    if (items.length === 0) {
      return loading.length ? loading : [{ kind: 'message', id: `${element.id}/none`, label: `No ${workloadPlural[element.workloadKind]}`, icon: 'info' }];
    }
    return [...loading, ...items.map((x): ExplorerNode => ({
      kind: 'workload',
      id: `${element.id}/${nameOf(x)}`,
      context: element.context,
      namespace: element.namespace,
      workloadKind: element.workloadKind,
      name: nameOf(x),
      description: workloadDescription(element.workloadKind, x),
      ...(x.spec?.replicas !== undefined ? { replicas: x.spec.replicas } : {}),
    }))];
  }

  /** Which of the ML operators' kinds the cluster serves (API discovery), asked at most once a minute per context. */
  private servedOperatorKinds(context: string): Promise<OperatorKind[]> {
    const cached = this.operatorDiscovery.get(context);
    if (cached && this.now() - cached.at < operatorDiscoveryMs) {
      return cached.kinds;
    }
    const kinds = this.client(context).then(async (client) => {
      const served = await Promise.all(operatorKindOrder.map((k) => client.resourceOf(operatorKinds[k].apiVersion, k).catch(() => undefined)));
      return operatorKindOrder.filter((_, i) => served[i]);
    });
    // Discovery that fails (cluster unreachable) shows no operator groups; the next expansion asks again.
    const settled = kinds.catch(() => {
      this.operatorDiscovery.delete(context);
      return [];
    });
    this.operatorDiscovery.set(context, { at: this.now(), kinds: settled });
    return settled;
  }

  private async operatorWorkloads(element: ExplorerNode & { kind: 'operatorWorkloads' }): Promise<ExplorerNode[]> {
    const client = await this.client(element.context);
    const w = client.watch(element.operatorKind, element.namespace);
    const failed = await this.synced(element, [w]);
    if (failed) {
      return [failed];
    }
    const items = w.items().sort(byName);
    const { title } = operatorKinds[element.operatorKind];
    const loading = this.loading(element, title, [w]);
    if (items.length === 0) {
      return loading.length ? loading : [{ kind: 'message', id: `${element.id}/none`, label: `No ${title}`, icon: 'info' }];
    }
    return [
      ...loading,
      ...items.map((x): ExplorerNode => ({
        kind: 'operatorWorkload',
        id: `${element.id}/${nameOf(x)}`,
        context: element.context,
        namespace: element.namespace,
        operatorKind: element.operatorKind,
        view: operatorView(element.operatorKind, x),
      })),
    ];
  }

  /** The pods under a namespace's Pods, a workload or an operator's workload, sorted by name; or why there are none to show. */
  private async podsOf(owner: PodListOwner): Promise<{ pods: Pod[]; loading: ExplorerNode[]; expected: number } | { message: ExplorerNode }> {
    const client = await this.client(owner.context);
    const pods = client.watch('Pod', owner.namespace);
    const gone = (what: string): { message: ExplorerNode } => ({ message: { kind: 'message', id: `${owner.id}/gone`, label: `${what} no longer exists`, icon: 'info' } });
    if (owner.kind === 'allPods') {
      const failed = await this.synced(owner, [pods]);
      if (failed) {
        return { message: failed };
      }
      const list = pods.items().sort(byName);
      const s = pods.state;
      return { pods: list, loading: this.loading(owner, 'pods', [pods]), expected: s.kind === 'partial' ? (s.estimate ?? s.listed) : list.length };
    }
    if (owner.kind === 'operatorWorkload') {
      const w = client.watch(owner.operatorKind, owner.namespace);
      const failed = await this.synced(owner, [w, pods] as ResourceWatch<unknown>[]);
      if (failed) {
        return { message: failed };
      }
      const object = w.items().find((x) => nameOf(x) === owner.view.name);
      if (!object) {
        return gone(`${owner.operatorKind} ${owner.view.name}`);
      }
      const list = operatorPods(owner.operatorKind, object, pods.items());
      return { pods: list, loading: this.loading(owner, 'pods', [pods]), expected: list.length };
    }
    const kind = owner.workloadKind;
    const w = client.watch<WorkloadKind>(kind, owner.namespace);
    const extra = kind === 'Deployment' ? [client.watch('ReplicaSet', owner.namespace)] : kind === 'CronJob' ? [client.watch('Job', owner.namespace)] : [];
    const watches = [w, pods, ...extra] as ResourceWatch<unknown>[];
    const failed = await this.synced(owner, watches);
    if (failed) {
      return { message: failed };
    }
    const workload = w.items().find((x) => nameOf(x) === owner.name);
    if (!workload) {
      return gone(`${kind} ${owner.name}`);
    }
    const list = ownedPods(kind, workload, pods.items(), kind === 'Deployment' ? { replicaSets: extra[0]!.items() } : kind === 'CronJob' ? { jobs: extra[0]!.items() } : {});
    return { pods: list, loading: this.loading(owner, 'pods', watches), expected: list.length };
  }

  /** Up to a thousand pods flat; more in ranges of names (lazily expanded), so no refresh ships thousands of items. */
  private async podList(owner: PodListOwner): Promise<ExplorerNode[]> {
    const r = await this.podsOf(owner);
    if ('message' in r) {
      return [r.message];
    }
    const ranges = podRanges(r.pods.map(nameOf), r.expected);
    if (ranges) {
      return [
        ...r.loading,
        ...ranges.map((range): ExplorerNode => ({ kind: 'podRange', id: `${owner.id}/range-${range.index}`, context: owner.context, namespace: owner.namespace, of: owner, range })),
      ];
    }
    if (r.pods.length === 0) {
      return r.loading.length ? r.loading : [{ kind: 'message', id: `${owner.id}/none`, label: 'No pods', icon: 'info' }];
    }
    return [...r.loading, ...r.pods.map((p) => this.podNode(owner, p))];
  }

  private async podRange(element: ExplorerNode & { kind: 'podRange' }): Promise<ExplorerNode[]> {
    const r = await this.podsOf(element.of);
    if ('message' in r) {
      return [r.message];
    }
    return inRange(r.pods, element.range.index).map((p) => this.podNode(element, p));
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

import { clusterKinds, type ClusterCrds } from './cluster-crds';
import type { KindEntry, KubernetesBundle, Schema, SchemaSpace } from './types';

export const defaultKubernetesVersion = '1.34';

const operatorNames: Record<string, string> = {
  'kubeflow-training': 'Kubeflow Training Operator', 'kubeflow-trainer': 'Kubeflow Trainer', kserve: 'KServe', kuberay: 'KubeRay', kueue: 'Kueue', volcano: 'Volcano',
  lws: 'LeaderWorkerSet', jobset: 'JobSet', 'mpi-operator': 'Kubeflow MPI Operator',
};

/** The bundled schemas: every Kubernetes minor's kinds and the CRDs over one pool of definitions, plus Compose. */
export class SchemaStore {
  readonly space: SchemaSpace;
  readonly composeSpace: SchemaSpace | undefined;
  private readonly byVersion = new Map<string, KindEntry[]>();

  constructor(private readonly bundle: KubernetesBundle, readonly compose?: Schema & { $defs?: Record<string, Schema> }) {
    this.space = { definitions: bundle.definitions, label: 'Kubernetes' };
    this.composeSpace = compose ? { definitions: compose.$defs ?? {}, label: 'Compose specification' } : undefined;
    const crds = bundle.crds.flatMap((c) => c.kinds.map((k) => ({ ...k, origin: `${operatorNames[c.id] ?? c.id} ${c.version}` })));
    for (const v of bundle.kubernetes) {
      const from = v.from === 'api-server' ? 'API server' : 'k8s.io/kubernetes';
      this.byVersion.set(v.id, [...v.kinds.map((k) => ({ ...k, origin: `Kubernetes ${v.id} (${v.version}, ${from})`, builtIn: true as const })), ...crds]);
    }
    this.builtInGroups = new Set(['extensions', ...bundle.kubernetes.flatMap((v) => v.kinds.map((k) => apiGroup(k.apiVersion)))]);
  }

  /** The API groups of Kubernetes itself (any bundled minor, and the removed `extensions`); other groups are operators' CRDs. */
  private readonly builtInGroups: ReadonlySet<string>;

  /** Whether `apiVersion` belongs to a Kubernetes API group, whose kinds and versions the bundle knows in full. */
  isBuiltInGroup(apiVersion: string): boolean {
    return this.builtInGroups.has(apiGroup(apiVersion));
  }

  get versions(): string[] {
    return this.bundle.kubernetes.map((v) => v.id);
  }

  /** Kinds available for a Kubernetes minor (falls back to the default minor when unknown). */
  kinds(version: string): KindEntry[] {
    return this.byVersion.get(version) ?? this.byVersion.get(defaultKubernetesVersion) ?? [...this.byVersion.values()][0] ?? [];
  }

  /** The first kind entry of the minor with this apiVersion and kind. */
  find(version: string, apiVersion: string, kind: string): KindEntry | undefined {
    return kindIndex(this.kinds(version)).get(apiVersion)?.get(kind);
  }

  root(entry: KindEntry): Schema {
    return { $ref: entry.ref };
  }

  /**
   * This store plus the CRDs a cluster serves that we do not bundle (a bundled apiVersion/kind keeps
   * its bundled schema, whose provenance we know); hovers name the cluster context as their origin.
   */
  withClusterCrds(cluster: ClusterCrds, origin = `cluster ${cluster.context}`): SchemaStore {
    const bundled = new Set(this.versions.flatMap((v) => this.kinds(v)).map((k) => `${k.apiVersion}/${k.kind}`));
    const { kinds, definitions } = clusterKinds(cluster.crds);
    const added = kinds.filter((k) => !bundled.has(`${k.apiVersion}/${k.kind}`));
    const store = new SchemaStore({ ...this.bundle, definitions: { ...this.bundle.definitions, ...definitions } }, this.compose);
    for (const [version, list] of store.byVersion) {
      store.byVersion.set(version, [...list, ...added.map((k) => ({ ...k, origin, fromCluster: true as const }))]);
    }
    return store;
  }
}

/** The API group of an apiVersion: `apps` of `apps/v1`, `` (core) of `v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** apiVersion → kind → first entry, per kind list (a linter looks one up per document). */
const kindIndexes = new WeakMap<readonly KindEntry[], Map<string, Map<string, KindEntry>>>();

function kindIndex(list: readonly KindEntry[]): Map<string, Map<string, KindEntry>> {
  let index = kindIndexes.get(list);
  if (!index) {
    index = new Map();
    for (const entry of list) {
      let byKind = index.get(entry.apiVersion);
      if (!byKind) {
        byKind = new Map();
        index.set(entry.apiVersion, byKind);
      }
      if (!byKind.has(entry.kind)) {
        byKind.set(entry.kind, entry);
      }
    }
    kindIndexes.set(list, index);
  }
  return index;
}

import type { Node } from 'yaml';
import type { PodSpecRef } from '../kubernetes/model';
import { apiGroupOf } from '../kubernetes/operator-pods';
import type { YamlView } from '../yaml/access';
import { scalarText } from '../yaml/access';
import { appliedAsOneSet, manifestsAppliedTogether } from './applied-together';
import { closest } from './closest';
import { unrenamedReference } from './kustomize-unrenamed';
import type { PatchedPort } from './kustomize';
import type { ObjectEntry, WorkspaceModel } from './model';

export type Labels = Map<string, string>;

/** A pod template with labels the cross-file rules can match selectors against. */
export interface LabelledPod {
  entry: ObjectEntry;
  pod: PodSpecRef;
  labels: Labels;
}

export function labelsOf(view: YamlView, node: unknown): Labels {
  const out: Labels = new Map();
  const map = view.map(node);
  if (!map) {
    return out;
  }
  for (const pair of map.items) {
    const k = scalarText(view.resolve(pair.key));
    const v = k !== undefined ? view.str(pair.value) : undefined;
    if (k !== undefined && v !== undefined) {
      out.set(k, v);
    }
  }
  return out;
}

/** A two-level map: outer key → inner key → value. */
type Nested<V> = Map<string, Map<string, V>>;

/** Lookups over `ws.objects`, built once per workspace model so rules stay linear in the object count. */
interface KubeIndex {
  byKind: Map<string, ObjectEntry[]>;
  /** kind → namespace → objects. */
  byKindNamespace: Nested<ObjectEntry[]>;
  /** kind → namespace → name → the objects that go by it: by their own name, then by one a kustomization gives them, each in file order. */
  byKindNamespaceName: Map<string, Nested<ObjectEntry[]>>;
  byNamespace: Map<string, ObjectEntry[]>;
  byPath: Map<string, ObjectEntry[]>;
  pods?: LabelledPod[];
  podsByNamespace?: Map<string, LabelledPod[]>;
  /** namespace → label key → value → pods. */
  podsByLabel?: Map<string, Nested<LabelledPod[]>>;
}

const indexes = new WeakMap<WorkspaceModel, KubeIndex>();
const none: readonly never[] = [];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function inner<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let found = map.get(key);
  if (!found) {
    found = new Map();
    map.set(key, found);
  }
  return found;
}

/** Built-in kinds the cross-file rules look up, with the API groups that define them. */
const builtInKindGroups = new Map<string, readonly string[]>();
for (const [groups, kinds] of [
  [[''], ['Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'Pod']],
  [['apps', 'extensions'], ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']],
  [['batch'], ['Job', 'CronJob']],
  [['networking.k8s.io', 'extensions'], ['Ingress', 'NetworkPolicy']],
  [['autoscaling'], ['HorizontalPodAutoscaler']],
  [['policy'], ['PodDisruptionBudget']],
] as const) {
  kinds.forEach((kind) => builtInKindGroups.set(kind, groups));
}

/**
 * The kind an object is indexed (and looked up) by: its kind, or `Kind.group` for an operator's kind that shares a
 * built-in one's name (a Knative `Service`, a Volcano `Job`), so that lookups of the built-in never find it.
 */
export function indexKind(kind: string, apiVersion: string | undefined): string {
  const groups = builtInKindGroups.get(kind);
  const group = apiGroupOf(apiVersion);
  return groups === undefined || apiVersion === undefined || groups.includes(group) ? kind : `${kind}.${group}`;
}

function indexOf(ws: WorkspaceModel): KubeIndex {
  let index = indexes.get(ws);
  if (index) {
    return index;
  }
  index = { byKind: new Map(), byKindNamespace: new Map(), byKindNamespaceName: new Map(), byNamespace: new Map(), byPath: new Map() };
  for (const entry of ws.objects) {
    push(index.byNamespace, entry.namespace, entry);
    push(index.byPath, entry.path, entry);
    const kind = entry.obj.kind === undefined ? undefined : indexKind(entry.obj.kind, entry.obj.apiVersion);
    if (kind === undefined) {
      continue;
    }
    push(index.byKind, kind, entry);
    push(inner(index.byKindNamespace, kind), entry.namespace, entry);
    const name = entry.obj.name;
    if (name !== undefined) {
      push(inner(inner(index.byKindNamespaceName, kind), entry.namespace), name, entry);
    }
  }
  // Then the names `namePrefix`/`nameSuffix` give: a reference may be written either way (kustomize rewrites the first).
  for (const entry of ws.objects) {
    const kind = entry.obj.kind === undefined ? undefined : indexKind(entry.obj.kind, entry.obj.apiVersion);
    if (kind === undefined || entry.aliases === undefined) {
      continue;
    }
    const byName = inner(inner(index.byKindNamespaceName, kind), entry.namespace);
    entry.aliases.forEach((alias) => push(byName, alias, entry));
  }
  indexes.set(ws, index);
  return index;
}

function podIndex(ws: WorkspaceModel): Required<Pick<KubeIndex, 'pods' | 'podsByNamespace' | 'podsByLabel'>> {
  const index = indexOf(ws);
  if (!index.pods || !index.podsByNamespace || !index.podsByLabel) {
    const pods: LabelledPod[] = [];
    const podsByNamespace = new Map<string, LabelledPod[]>();
    const podsByLabel = new Map<string, Nested<LabelledPod[]>>();
    for (const entry of ws.objects) {
      const { obj } = entry;
      for (const pod of obj.podSpecs) {
        const metadata = obj.kind === 'Pod' ? obj.view.get(obj.root, 'metadata') : pod.templateMetadata;
        const labelsNode = obj.view.get(metadata, 'labels');
        const added = entry.kustomized?.podLabels;
        if (labelsNode === undefined && !added?.size) {
          continue;
        }
        const labels = labelsOf(obj.view, labelsNode);
        // A kustomization's labels (and its patches') are set over the manifest's.
        added?.forEach((v, k) => labels.set(k, v));
        const p: LabelledPod = { entry, pod, labels };
        pods.push(p);
        push(podsByNamespace, entry.namespace, p);
        const byKey = inner(podsByLabel, entry.namespace);
        p.labels.forEach((v, k) => push(inner(byKey, k), v, p));
      }
    }
    Object.assign(index, { pods, podsByNamespace, podsByLabel });
  }
  return index as Required<KubeIndex>;
}

/** Pod templates (and bare Pods) whose labels are written in the manifest. */
export function labelledPods(ws: WorkspaceModel, namespace?: string): readonly LabelledPod[] {
  const index = podIndex(ws);
  return namespace === undefined ? index.pods : (index.podsByNamespace.get(namespace) ?? none);
}

/** The labelled pods of a namespace that an equality selector selects (the same as filtering with mapSelects). */
export function podsSelectedBy(ws: WorkspaceModel, namespace: string, selector: Labels): readonly LabelledPod[] {
  if (selector.size === 0) {
    return labelledPods(ws, namespace);
  }
  const byKey = podIndex(ws).podsByLabel.get(namespace);
  let narrowest: readonly LabelledPod[] | undefined;
  selector.forEach((v, k) => {
    const candidates = byKey?.get(k)?.get(v) ?? none;
    if (narrowest === undefined || candidates.length < narrowest.length) {
      narrowest = candidates;
    }
  });
  return (narrowest ?? none).filter((p) => mapSelects(selector, p.labels));
}

/** The labelled pods of every namespace but `namespace` that an equality selector selects. */
export function podsSelectedElsewhere(ws: WorkspaceModel, namespace: string, selector: Labels): LabelledPod[] {
  const out: LabelledPod[] = [];
  for (const other of podIndex(ws).podsByLabel.keys()) {
    if (other !== namespace) {
      out.push(...podsSelectedBy(ws, other, selector));
    }
  }
  return out;
}

/**
 * The manifest names no namespace: `kubectl apply -f` puts it in the current one. A kustomization's `namespace:` may
 * have put its model entry elsewhere, but the file applied on its own lands with the other files that name none.
 */
export function namespaceUnwritten(entry: ObjectEntry): boolean {
  return entry.obj.view.at(entry.obj.root, ['metadata', 'namespace']) === undefined;
}

/** Equality selector (Service `spec.selector`): every pair present in the labels. */
export function mapSelects(selector: Labels, labels: Labels): boolean {
  for (const k of selector.keys()) {
    if (labels.get(k) !== selector.get(k)) {
      return false;
    }
  }
  return true;
}

interface CompiledSelector {
  matchLabels: Labels;
  expressions: { key?: string; operator?: string; values: (string | undefined)[] }[];
}

/** Selectors are matched against every pod of a namespace: read each selector node once. */
const compiledSelectors = new WeakMap<object, CompiledSelector>();

function compiledSelector(view: YamlView, selector: Node | undefined): CompiledSelector {
  const cached = selector !== undefined ? compiledSelectors.get(selector) : undefined;
  if (cached) {
    return cached;
  }
  const compiled: CompiledSelector = {
    matchLabels: labelsOf(view, view.get(selector, 'matchLabels')),
    expressions: view.items(view.get(selector, 'matchExpressions')).map((expr) => {
      const key = view.text(expr, 'key');
      const operator = view.text(expr, 'operator');
      return { ...(key !== undefined ? { key } : {}), ...(operator !== undefined ? { operator } : {}), values: view.items(view.get(expr, 'values')).map((v) => view.str(v)) };
    }),
  };
  if (selector !== undefined) {
    compiledSelectors.set(selector, compiled);
  }
  return compiled;
}

/** A Service's `spec.selector` as applied: what its kustomizations write into selectors is set over the manifest's pairs. */
export function serviceSelector(entry: ObjectEntry): Labels {
  const selector = labelsOf(entry.obj.view, entry.obj.view.at(entry.obj.root, ['spec', 'selector']));
  if (selector.size > 0) {
    entry.kustomized?.selectorLabels.forEach((v, k) => selector.set(k, v));
  }
  return selector;
}

/** `matchLabels` with `added` set over it; kustomize writes into a written `matchLabels` only. */
function matchLabelsSelect(matchLabels: Labels, added: Labels | undefined, labels: Labels): boolean {
  if (!added?.size || matchLabels.size === 0) {
    return mapSelects(matchLabels, labels);
  }
  for (const [k, v] of matchLabels) {
    if (!added.has(k) && labels.get(k) !== v) {
      return false;
    }
  }
  return mapSelects(added, labels);
}

/**
 * A metav1.LabelSelector: matchLabels and matchExpressions; undefined when it cannot be evaluated. `added`: the labels
 * the selector's kustomizations write into it (ObjectEntry `kustomized.selectorLabels`).
 */
export function labelSelectorMatches(view: YamlView, selector: Node | undefined, labels: Labels, added?: Labels): boolean | undefined {
  const compiled = compiledSelector(view, selector);
  if (!matchLabelsSelect(compiled.matchLabels, added, labels)) {
    return false;
  }
  for (const { key, operator, values } of compiled.expressions) {
    if (key === undefined) {
      return undefined;
    }
    const value = labels.get(key);
    const ok =
      operator === 'In' ? value !== undefined && values.includes(value)
      : operator === 'NotIn' ? value === undefined || !values.includes(value)
      : operator === 'Exists' ? value !== undefined
      : operator === 'DoesNotExist' ? value === undefined
      : undefined;
    if (ok !== true) {
      return ok;
    }
  }
  return true;
}

/**
 * The labelled pods of one namespace that a metav1.LabelSelector may select. A selector with `matchLabels` is looked up
 * through the label index; one with expressions alone is tried on each pod of the namespace.
 */
export function podsMatchedIn(ws: WorkspaceModel, namespace: string, view: YamlView, selector: Node, added?: Labels): LabelledPod[] {
  const { matchLabels } = compiledSelector(view, selector);
  const candidates = matchLabels.size > 0 ? podsSelectedBy(ws, namespace, new Map([...matchLabels, ...(added ?? [])])) : labelledPods(ws, namespace);
  return candidates.filter((p) => labelSelectorMatches(view, selector, p.labels, added) !== false);
}

/** The labelled pods of every namespace but `namespace` that a metav1.LabelSelector may select (see podsMatchedIn). */
export function podsMatchedElsewhere(ws: WorkspaceModel, namespace: string, view: YamlView, selector: Node, added?: Labels): LabelledPod[] {
  const out: LabelledPod[] = [];
  for (const other of podIndex(ws).podsByNamespace.keys()) {
    if (other !== namespace) {
      out.push(...podsMatchedIn(ws, other, view, selector, added));
    }
  }
  return out;
}

/** An empty label selector (`{}` or no keys) selects everything. */
export function isEmptySelector(view: YamlView, selector: Node | undefined): boolean {
  return view.entries(view.get(selector, 'matchLabels')).length === 0 && view.items(view.get(selector, 'matchExpressions')).length === 0;
}

export function objectsOfKind(ws: WorkspaceModel, kind: string, namespace?: string): readonly ObjectEntry[] {
  const index = indexOf(ws);
  return (namespace === undefined ? index.byKind.get(kind) : index.byKindNamespace.get(kind)?.get(namespace)) ?? none;
}

/** A replacement field path's segments: dots split them, except inside `[…]` (`metadata.annotations.[a.b/c]`). */
function fieldPathSegments(path: string): string[] {
  return path.match(/\[[^\]]*\]|[^.[\]]+/g) ?? [];
}

/** Whether a segment of a replacement's field path stands for this segment of a concrete path: `*` and `[key=value]` stand for any. */
function segmentCovers(written: string, concrete: string): boolean {
  return written === concrete || written === '*' || /^\[[^\]=]+=.*\]$/.test(written) || written === `[${concrete}]`;
}

/**
 * Whether a kustomization's `replacements` write the field at `path` (dotted, concrete: `spec.rules.0.host`),
 * or a field inside it or around it: the value in the manifest is not the one applied. The replacement's own
 * paths may hold wildcards (`spec.rules.*.host`, `spec.template.spec.containers.[name=app].image`).
 */
export function replacedField(entry: ObjectEntry, path: string): boolean {
  const concrete = path.split('.');
  return (
    entry.kustomized?.replaced.some((f) => {
      const written = fieldPathSegments(f);
      const shared = Math.min(written.length, concrete.length);
      return shared > 0 && written.slice(0, shared).every((w, i) => segmentCovers(w, concrete[i] as string));
    }) === true
  );
}

/** Whether an object goes by this name (its own, or one a kustomization gives it). */
export function goesBy(entry: ObjectEntry, name: string): boolean {
  return entry.obj.name === name || entry.aliases?.includes(name) === true;
}

/**
 * The object with this kind, namespace and name (its own, else a kustomized one) that `referrer` names: the first,
 * in file order, of those applied with it (see manifestsAppliedTogether), else the first of all. A monorepo linted
 * whole may hold an app's namesake in an unrelated folder, applied on its own.
 */
export function objectNamed(ws: WorkspaceModel, kind: string, namespace: string, name: string, referrer?: ObjectEntry): ObjectEntry | undefined {
  const named = indexOf(ws).byKindNamespaceName.get(kind)?.get(namespace)?.get(name);
  const first = named?.[0];
  if (named === undefined || named.length === 1 || referrer === undefined) {
    return first;
  }
  return named.find((candidate) => manifestsAppliedTogether(ws, referrer.path, candidate.path)) ?? first;
}

/**
 * The object with this kind, namespace and name (its own, else a kustomized one) that `referrer` names among those
 * applied with it: the first applied as one set with it (see appliedAsOneSet), else the first applied together with it
 * (a folder above or below); undefined when none is. Unlike objectNamed, another example's namesake is never it, and a
 * guide's below the referrer's folder yields to the one beside it.
 */
export function objectNamedAppliedWith(ws: WorkspaceModel, kind: string, namespace: string, name: string, referrer: ObjectEntry): ObjectEntry | undefined {
  const named = indexOf(ws).byKindNamespaceName.get(kind)?.get(namespace)?.get(name);
  return named?.find((c) => appliedAsOneSet(ws, referrer.path, c.path)) ?? named?.find((c) => manifestsAppliedTogether(ws, referrer.path, c.path));
}

/**
 * The object of this kind and name that `kubectl apply -f` puts next to the referrer though the model files it under
 * another namespace: the referrer's manifest names no namespace and no kustomization gives it one, and the object's
 * manifest names none either (a kustomization's `namespace:` moved it).
 */
export function objectAppliedTogether(ws: WorkspaceModel, referrer: ObjectEntry, kind: string, name: string): ObjectEntry | undefined {
  if (referrer.namespace !== 'default' || !namespaceUnwritten(referrer)) {
    return undefined;
  }
  for (const [namespace, byName] of indexOf(ws).byKindNamespaceName.get(kind) ?? []) {
    const found = namespace !== referrer.namespace ? byName.get(name)?.[0] : undefined;
    if (found && namespaceUnwritten(found)) {
      return found;
    }
  }
  return undefined;
}

export function objectsInNamespace(ws: WorkspaceModel, namespace: string): readonly ObjectEntry[] {
  return indexOf(ws).byNamespace.get(namespace) ?? none;
}

export function objectsInFile(ws: WorkspaceModel, path: string): readonly ObjectEntry[] {
  return indexOf(ws).byPath.get(path) ?? none;
}

/**
 * The workload an HPA's `scaleTargetRef` names, in the HPA's namespace: by objectNamed, or (`applied`) only among the
 * workloads applied with the HPA (objectNamedAppliedWith).
 */
export function hpaTarget(ws: WorkspaceModel, hpa: ObjectEntry, scope: 'named' | 'applied' = 'named'): ObjectEntry | undefined {
  const ref = hpa.obj.view.at(hpa.obj.root, ['spec', 'scaleTargetRef']);
  const kind = hpa.obj.view.text(ref, 'kind');
  const name = hpa.obj.view.text(ref, 'name');
  if (kind === undefined || name === undefined) {
    return undefined;
  }
  const indexed = indexKind(kind, hpa.obj.view.text(ref, 'apiVersion'));
  return scope === 'applied' ? objectNamedAppliedWith(ws, indexed, hpa.namespace, name, hpa) : objectNamed(ws, indexed, hpa.namespace, name, hpa);
}

/** An autoscaler of a workload in scope: an HPA, or a KEDA ScaledObject (which makes one). */
export interface Scaler {
  entry: ObjectEntry;
  /** `maxReplicas` (HPA) or `maxReplicaCount` (ScaledObject, default 100); undefined when not a number. */
  max: number | undefined;
}

const scalerIndexes = new WeakMap<WorkspaceModel, Map<ObjectEntry, Scaler[]>>();

/** The number under `spec.<key>`, or `fallback` when the key is absent; undefined when it is not a number. */
function specNumber(entry: ObjectEntry, key: string, fallback?: number): number | undefined {
  const node = entry.obj.view.at(entry.obj.root, ['spec', key]);
  if (node === undefined) {
    return fallback;
  }
  const v = entry.obj.view.scalar(node)?.value;
  return typeof v === 'number' ? v : undefined;
}

/** The HPAs and KEDA ScaledObjects in scope that scale this workload (indexed once per model). */
export function scalersOf(ws: WorkspaceModel, workload: ObjectEntry): readonly Scaler[] {
  return scaledWorkloads(ws).get(workload) ?? none;
}

/** The workloads in scope that HPAs and KEDA ScaledObjects in scope scale, each with its scalers (indexed once per model). */
export function scaledWorkloads(ws: WorkspaceModel): ReadonlyMap<ObjectEntry, readonly Scaler[]> {
  let index = scalerIndexes.get(ws);
  if (!index) {
    const built = new Map<ObjectEntry, Scaler[]>();
    for (const hpa of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const target = hpaTarget(ws, hpa);
      if (target) {
        push(built, target, { entry: hpa, max: specNumber(hpa, 'maxReplicas') });
      }
    }
    for (const so of objectsOfKind(ws, 'ScaledObject')) {
      const ref = so.obj.view.at(so.obj.root, ['spec', 'scaleTargetRef']);
      const name = so.obj.view.text(ref, 'name');
      // KEDA's scaleTargetRef defaults to an apps/v1 Deployment.
      const target = apiGroupOf(so.obj.apiVersion) === 'keda.sh' && name !== undefined ? objectNamed(ws, indexKind(so.obj.view.text(ref, 'kind') ?? 'Deployment', so.obj.view.text(ref, 'apiVersion') ?? 'apps/v1'), so.namespace, name, so) : undefined;
      // kustomize does not rewrite a ScaledObject's scaleTargetRef: one written before a namePrefix scales nothing.
      if (target && name !== undefined && unrenamedReference(so, target, name) === undefined) {
        push(built, target, { entry: so, max: specNumber(so, 'maxReplicaCount', 100) });
      }
    }
    index = built;
    scalerIndexes.set(ws, index);
  }
  return index;
}

export const scalableKinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/**
 * `spec.replicas` of a scalable workload (default 1); undefined for other kinds, non-numeric values, and
 * replicas a kustomization sets (`replicas:`, a patch): the manifest's count is not the one applied.
 */
export function replicasOf(entry: ObjectEntry): number | undefined {
  if (!scalableKinds.has(entry.obj.kind ?? '') || replacedField(entry, 'spec.replicas')) {
    return undefined;
  }
  const node = entry.obj.view.at(entry.obj.root, ['spec', 'replicas']);
  if (node === undefined) {
    return 1;
  }
  const v = entry.obj.view.scalar(node)?.value;
  return typeof v === 'number' ? v : undefined;
}

/** How many pods one pod template runs: the `replicas` next to its `template` (default 1). */
export function podReplicas(entry: ObjectEntry, pod: PodSpecRef): number {
  const path = pod.path;
  if (path.length < 2 || path[path.length - 1] !== 'spec' || path[path.length - 2] !== 'template') {
    return 1;
  }
  const v = entry.obj.view.scalar(entry.obj.view.at(entry.obj.root, [...path.slice(0, -2), 'replicas']))?.value;
  return typeof v === 'number' ? v : 1;
}

/** A namespace holds at least one object of this kind in scope (trap T22 scope guard), generated ones included. */
export function hasKindIn(ws: WorkspaceModel, kind: string, namespace: string): boolean {
  return objectsOfKind(ws, kind, namespace).length > 0 || (ws.kustomize?.generated.get(kind)?.get(namespace)?.size ?? 0) > 0;
}

/** The Services an operator makes for an object, by the object's name: KubeRay's and KServe's. */
const operatorServices: readonly { group: string; kind: string; suffixes: readonly string[] }[] = [
  { group: 'ray.io', kind: 'RayService', suffixes: ['-head-svc', '-serve-svc'] },
  { group: 'ray.io', kind: 'RayCluster', suffixes: ['-head-svc'] },
  { group: 'serving.kserve.io', kind: 'InferenceService', suffixes: ['', '-predictor', '-transformer', '-explainer'] },
  // Knative Serving makes a Service of the Knative Service's own name.
  { group: 'serving.knative.dev', kind: 'Service', suffixes: [''] },
];

/**
 * A Service of this name is one an operator makes for an object in scope: KubeRay's `<name>-head-svc` and
 * `<name>-serve-svc` for a RayService, KServe's `<name>-predictor` for an InferenceService, Knative's `<name>` for a
 * Knative Service. Its ports are the operator's.
 */
export function operatorMadeService(ws: WorkspaceModel, namespace: string, name: string): boolean {
  return operatorServices.some(({ group, kind, suffixes }) =>
    suffixes.some((suffix) => {
      if (!name.endsWith(suffix) || name.length === suffix.length) {
        return false;
      }
      const owner = objectNamed(ws, indexKind(kind, `${group}/v1`), namespace, name.slice(0, name.length - suffix.length));
      return owner !== undefined && apiGroupOf(owner.obj.apiVersion) === group;
    }),
  );
}

/** The suffixes of the Services KubeRay makes, with the kinds it makes them for: no manifest's own Service is named so. */
const kubeRayServiceSuffixes: readonly { suffix: string; kinds: readonly string[] }[] = [
  { suffix: '-head-svc', kinds: ['RayCluster', 'RayService'] },
  { suffix: '-serve-svc', kinds: ['RayService'] },
];

/**
 * For a Service named as KubeRay names the ones it makes (`<cluster>-head-svc`, `<service>-serve-svc`): its suffix, and
 * the RayCluster or RayService in scope whose name is that of its owner or close to it (undefined when none is).
 */
function kubeRayOwner(ws: WorkspaceModel, namespace: string, name: string): { suffix: string; owner: string | undefined } | undefined {
  const made = kubeRayServiceSuffixes.find(({ suffix }) => name.endsWith(suffix) && name.length > suffix.length);
  if (made === undefined) {
    return undefined;
  }
  const { suffix, kinds } = made;
  const owners = kinds
    .flatMap((kind) => objectsOfKind(ws, kind, namespace))
    .filter((o) => apiGroupOf(o.obj.apiVersion) === 'ray.io')
    .map((o) => o.obj.name)
    .filter((n): n is string => n !== undefined);
  return { suffix, owner: closest(name.slice(0, name.length - suffix.length), owners) };
}

/**
 * A Service named as KubeRay names the ones it makes whose RayCluster or RayService is not in scope (a release of the
 * ray-cluster Helm chart) and is no near miss of one that is (a typo).
 */
export function kubeRayServiceOutOfScope(ws: WorkspaceModel, namespace: string, name: string): boolean {
  const found = kubeRayOwner(ws, namespace, name);
  return found !== undefined && (found.owner === undefined || kubeRayChartCluster.test(name.slice(0, name.length - found.suffix.length)));
}

/**
 * KubeRay's ray-cluster Helm chart names its RayCluster `<release>-kuberay` (its values' `nameOverride`), so
 * `helm install ray-cluster kuberay/ray-cluster` makes `ray-cluster-kuberay-head-svc`: a release, not a typo of a
 * RayCluster in scope (no RayCluster in scope has that name, or the Service would be found).
 */
const kubeRayChartCluster = /.-kuberay$/;

/** The Service KubeRay makes for the in-scope RayCluster or RayService a misspelt `<owner>-head-svc` most likely means. */
export function kubeRayServiceGuess(ws: WorkspaceModel, namespace: string, name: string): string | undefined {
  const found = kubeRayOwner(ws, namespace, name);
  return found?.owner !== undefined ? `${found.owner}${found.suffix}` : undefined;
}

const helmIndexes = new WeakMap<WorkspaceModel, Map<string, (readonly string[])[]>>();

/** Name parts of a chart release: the release and chart names, and `fullnameOverride`/`nameOverride` in its values. */
function releaseNames(view: YamlView, values: Node | undefined, ...names: (string | undefined)[]): string[] {
  return [...names, view.text(values, 'fullnameOverride'), view.text(values, 'nameOverride')].filter((n): n is string => n !== undefined && n.length >= 3);
}

/**
 * The Helm charts rendered into each namespace by something in scope (their objects are not): a kustomization's
 * `helmCharts:`, a Flux HelmRelease, an Argo CD Application with a Helm source; each as the parts its names are made of.
 */
function helmReleases(ws: WorkspaceModel): Map<string, (readonly string[])[]> {
  let index = helmIndexes.get(ws);
  if (index) {
    return index;
  }
  const built = new Map<string, (readonly string[])[]>();
  index = built;
  ws.kustomize?.helmCharts?.forEach((charts, namespace) => charts.forEach((names) => push(built, namespace, names.filter((n) => n.length >= 3))));
  for (const hr of objectsOfKind(ws, 'HelmRelease')) {
    const { view, root } = hr.obj;
    if (apiGroupOf(hr.obj.apiVersion) === 'helm.toolkit.fluxcd.io') {
      const spec = view.get(root, 'spec');
      const target = view.text(spec, 'targetNamespace');
      push(index, target ?? hr.namespace, releaseNames(view, view.get(spec, 'values'), view.text(spec, 'releaseName'), hr.obj.name, view.text(view.at(spec, ['chart', 'spec']), 'chart')));
    }
  }
  for (const app of objectsOfKind(ws, 'Application')) {
    const { view, root } = app.obj;
    const spec = view.get(root, 'spec');
    const namespace = view.text(view.get(spec, 'destination'), 'namespace');
    if (apiGroupOf(app.obj.apiVersion) !== 'argoproj.io' || namespace === undefined) {
      continue;
    }
    const sources = view.get(spec, 'source') !== undefined ? [view.get(spec, 'source')] : view.items(view.get(spec, 'sources'));
    for (const source of sources) {
      const helm = view.get(source, 'helm');
      const chart = view.text(source, 'chart') ?? (helm !== undefined ? view.text(source, 'path')?.split('/').pop() : undefined);
      if (chart !== undefined || helm !== undefined) {
        push(index, namespace, releaseNames(view, view.get(helm, 'valuesObject'), view.text(helm, 'releaseName'), app.obj.name, chart));
      }
    }
  }
  helmIndexes.set(ws, index);
  return index;
}

/**
 * A chart that something in scope renders into the namespace (a kustomization's `helmCharts:`, a Flux HelmRelease, an
 * Argo CD Application with a Helm source) may make an object of this name: the name holds its release or chart name (or
 * the name override), as Helm charts' `fullname` does.
 */
export function helmChartMayMake(ws: WorkspaceModel, namespace: string, name: string): boolean {
  return helmReleases(ws).get(namespace)?.some((parts) => parts.some((part) => name.includes(part))) === true;
}

/**
 * Label values that hold a chart's release or chart name (`app.kubernetes.io/name: ollama`) may be those a chart
 * rendered into the namespace gives its objects: charts label them with those names.
 */
export function helmChartMayLabel(ws: WorkspaceModel, namespace: string, values: Iterable<string>): boolean {
  return [...values].some((value) => helmChartMayMake(ws, namespace, value));
}

/** A label selector whose `matchLabels` may pick the objects a chart rendered into the namespace (see helmChartMayLabel). */
export function selectsHelmChartObjects(ws: WorkspaceModel, namespace: string, view: YamlView, selector: Node | undefined): boolean {
  return helmChartMayLabel(ws, namespace, labelsOf(view, view.get(selector, 'matchLabels')).values());
}

/**
 * Objects out of scope may be applied with this one: a kustomize build that makes it also builds on a remote base
 * (`github.com/org/repo/deploy?ref=v1`), or one puts such a base's objects in its namespace. What it names may be
 * one of those, and what names nothing in scope may name them.
 */
export function appliedWithRemoteBase(ws: WorkspaceModel, entry: ObjectEntry): boolean {
  return entry.withRemoteBase === true || ws.kustomize?.remoteNamespaces?.has(entry.namespace) === true;
}

/** A ConfigMap or Secret of this name is in the namespace in scope: a manifest, or one a kustomization generates. */
export function configNamed(ws: WorkspaceModel, kind: 'ConfigMap' | 'Secret', namespace: string, name: string): boolean {
  return objectNamed(ws, kind, namespace, name) !== undefined || ws.kustomize?.generated.get(kind)?.get(namespace)?.has(name) === true;
}

/** Custom resources whose controller writes a Secret, and where each says the Secret's name. */
const secretMakers: readonly { kind: string; group: string; secretName: (view: YamlView, root: Node) => string | undefined }[] = [
  // External Secrets Operator: `spec.target.name`, else the ExternalSecret's own name.
  { kind: 'ExternalSecret', group: 'external-secrets.io', secretName: (view, root) => view.text(view.at(root, ['spec', 'target']), 'name') ?? view.text(view.get(root, 'metadata'), 'name') },
  // Sealed Secrets: `spec.template.metadata.name`, else the SealedSecret's own name.
  { kind: 'SealedSecret', group: 'bitnami.com', secretName: (view, root) => view.text(view.at(root, ['spec', 'template', 'metadata']), 'name') ?? view.text(view.get(root, 'metadata'), 'name') },
  // cert-manager: the certificate and key land in `spec.secretName`.
  { kind: 'Certificate', group: 'cert-manager.io', secretName: (view, root) => view.text(view.get(root, 'spec'), 'secretName') },
];

/** OpenShift's service CA writes a serving certificate into the Secret a Service's annotation names (beta, or the older alpha key). */
const servingCertAnnotations = ['service.beta.openshift.io/serving-cert-secret-name', 'service.alpha.openshift.io/serving-cert-secret-name'];

/** An ExternalSecret, SealedSecret or cert-manager Certificate in the namespace, or a Service with OpenShift's serving-cert annotation, writes a Secret of this name. */
export function secretMadeByController(ws: WorkspaceModel, namespace: string, name: string): boolean {
  return (
    secretMakers.some(({ kind, group, secretName }) =>
      objectsOfKind(ws, kind, namespace).some((o) => apiGroupOf(o.obj.apiVersion) === group && secretName(o.obj.view, o.obj.root) === name),
    ) ||
    objectsOfKind(ws, 'Service', namespace).some((o) => {
      const annotations = o.obj.view.at(o.obj.root, ['metadata', 'annotations']);
      return servingCertAnnotations.some((key) => o.obj.view.text(annotations, key) === name);
    })
  );
}

/**
 * ConfigMaps the control plane puts in every namespace: the cluster CA (`kube-root-ca.crt`, Kubernetes 1.21+) and, on
 * OpenShift, the service CA (`openshift-service-ca.crt`).
 */
const clusterMadeConfigMaps: ReadonlySet<string> = new Set(['kube-root-ca.crt', 'openshift-service-ca.crt']);

/** A ConfigMap of this name is in every namespace without a manifest. */
export function configMapMadeByCluster(name: string): boolean {
  return clusterMadeConfigMaps.has(name);
}

/** An object's `metadata.labels`, with those its kustomizations add. */
export function objectLabels(entry: ObjectEntry): Labels {
  const labels = labelsOf(entry.obj.view, entry.obj.view.at(entry.obj.root, ['metadata', 'labels']));
  entry.kustomized?.labels.forEach((v, k) => labels.set(k, v));
  return labels;
}

/** Every (pod, container) of the object's pod specs with the given container kinds. */
export function containersOf(entry: ObjectEntry, kinds: readonly string[] = ['containers', 'initContainers', 'ephemeralContainers']) {
  return entry.obj.podSpecs.flatMap((pod) => pod.containers.filter((c) => kinds.includes(c.kind)).map((c) => ({ pod, c })));
}

/** The container ports a labelled pod declares (of the given container kinds), with those its kustomize patches add. */
export function podPorts(p: LabelledPod, kinds: readonly string[] = ['containers']): PatchedPort[] {
  const view = p.entry.obj.view;
  return [
    ...p.pod.containers.filter((c) => kinds.includes(c.kind)).flatMap((c) => view.items(view.get(c.node, 'ports')).map((port) => ({ name: view.text(port, 'name'), number: view.text(port, 'containerPort') }))),
    ...(p.entry.kustomized?.ports ?? []),
  ];
}

/** The label keys a metav1.LabelSelector names, in matchLabels and matchExpressions. */
export function labelSelectorKeys(view: YamlView, selector: Node | undefined): string[] {
  return [...labelsOf(view, view.get(selector, 'matchLabels')).keys(), ...view.items(view.get(selector, 'matchExpressions')).map((e) => view.text(e, 'key') ?? '')];
}

/**
 * Labels that controllers, operators and mesh injectors (Istio's, Linkerd's) add to the pods they create, and Knative
 * Serving to a Knative Service's pods and the Services it makes for them; manifests never show them.
 */
const generatedLabelRe = /^(?:security\.istio\.io\/|service\.istio\.io\/|linkerd\.io\/(?:control-plane-ns|proxy-|workload-ns)|ray\.io\/|serving\.kserve\.io\/|serving\.knative\.dev\/|networking\.internal\.knative\.dev\/|training\.kubeflow\.org\/|leaderworkerset\.sigs\.k8s\.io\/|modelserving\.volcano\.sh\/|jobset\.sigs\.k8s\.io\/|batch\.kubernetes\.io\/|statefulset\.kubernetes\.io\/|apps\.kubernetes\.io\/|controller-uid$|job-name$|pod-template-hash$|controller-revision-hash$)/;

/** A selector that names a generated label cannot be judged from the manifests. */
export function selectsGeneratedLabels(keys: Iterable<string>): boolean {
  return [...keys].some((k) => generatedLabelRe.test(k));
}

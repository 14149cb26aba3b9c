import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import type { YamlPath, YamlView } from '../yaml/access';
import type { ContainerKind, ContainerRef } from './model';
import type { AssembledPod } from './operator-pods';

/*
 * Operators that build their pods from fields of their own rather than from a pod template: the Kubeflow Spark
 * operator, NVIDIA's NIM operator and Dynamo, Kubeflow Trainer's TrainJob. Each pod is an AssembledPod whose
 * containers are mappings of the document's own pairs (an operator field renamed to the pod field it becomes),
 * so every finding still points at what the user wrote.
 */

/** A pair under another key: the operator's field name (`podSecurityContext`) as the pod's (`securityContext`). */
function renamed(pair: Pair, key: string): Pair {
  const k = new Scalar(key);
  const range = (pair.key as Scalar | null)?.range;
  if (range) {
    k.range = range;
  }
  return new Pair(k, pair.value);
}

function push(out: Pair[], pair: Pair | undefined, as?: string): void {
  if (pair && !out.some((p) => (p.key as Scalar).value === (as ?? (pair.key as Scalar).value))) {
    out.push(as === undefined ? pair : renamed(pair, as));
  }
}

/**
 * The mapping of the document that quick fixes write into for each assembled mapping (a Spark role for its container
 * and pod fields), or null where none can take new keys (a `gpu` limit made from `{name, quantity}`). An assembled
 * mapping holds pairs of several mappings (a Spark executor's container takes the application's `image`), so an entry
 * inserted after its first pair could land in the wrong one.
 */
const insertionHosts = new WeakMap<YAMLMap, YAMLMap | null>();

/** Where quick fixes insert new keys of `map`: itself, unless it is assembled (see insertionHosts). */
export function insertionTarget(map: YAMLMap): YAMLMap | undefined {
  const host = insertionHosts.get(map);
  return host === undefined ? map : (host ?? undefined);
}

function mapOf(pairs: Pair[], host: YAMLMap | null | undefined): YAMLMap {
  const m = new YAMLMap();
  m.items = pairs;
  insertionHosts.set(m, host ?? null);
  return m;
}

/** A real container (a sidecar, an init container) of an operator's field, with its anchor. */
function containerRef(view: YamlView, item: Node, kind: ContainerKind): ContainerRef | undefined {
  const node = view.map(item);
  if (!node) {
    return undefined;
  }
  const namePair = view.pair(node, 'name');
  const name = namePair ? view.str(namePair.value) : undefined;
  const anchor = (namePair ? view.pairValueRange(namePair) : undefined) ?? view.lineRange(node);
  if (!anchor) {
    return undefined;
  }
  return name !== undefined ? { node, kind, name, anchor } : { node, kind, anchor };
}

/** Container fields of a Spark driver or executor (SparkPodSpec) that the operator copies to the container as they are. */
const sparkContainerKeys = ['image', 'env', 'envFrom', 'volumeMounts', 'securityContext', 'ports', 'lifecycle'];

/** Pod fields of a Spark driver or executor, by their name in the pod spec. */
const sparkPodKeys: readonly (readonly [sparkKey: string, podKey: string])[] = [
  ['podSecurityContext', 'securityContext'],
  ['serviceAccount', 'serviceAccountName'],
  ['tolerations', 'tolerations'],
  ['nodeSelector', 'nodeSelector'],
  ['affinity', 'affinity'],
  ['hostNetwork', 'hostNetwork'],
  ['schedulerName', 'schedulerName'],
  ['dnsConfig', 'dnsConfig'],
  ['terminationGracePeriodSeconds', 'terminationGracePeriodSeconds'],
  ['shareProcessNamespace', 'shareProcessNamespace'],
  ['hostAliases', 'hostAliases'],
];

/**
 * The driver and executor pods of a SparkApplication (`app` is its spec: a ScheduledSparkApplication's is at
 * spec.template). spark-submit sets the container's cpu and memory from `cores`, `coreLimit`, `memory` and
 * `memoryOverhead`, so its resources are the operator's (resourcesAtRunTime); the operator's webhook puts `gpu`
 * {name, quantity} in its limits. The role's own fields win over the application's (`image`, `nodeSelector`)
 * and over a pod `template` (Spark operator 2.1+), whose other fields the pod keeps.
 */
export function sparkPods(view: YamlView, root: Node, base: YamlPath, collect: (pod: AssembledPod) => void): void {
  const app = view.map(view.at(root, base));
  if (!app) {
    return;
  }
  for (const role of ['driver', 'executor']) {
    const r = view.map(view.get(app, role));
    const anchor = view.keyRange(app, role);
    if (!r || !anchor) {
      continue;
    }
    const template = view.map(view.get(r, 'template'));
    const templateSpec = view.map(view.get(template, 'spec'));
    const containerName = `spark-kubernetes-${role}`;
    const templateContainers = view.list(view.get(templateSpec, 'containers'));
    // The operator has Spark take the template's container of that name, else its first (selectSparkContainer), which keeps its own name.
    const templateMain = view.map(templateContainers.find((c) => view.text(c, 'name') === containerName) ?? templateContainers[0]);
    const own: Pair[] = [];
    for (const key of sparkContainerKeys) {
      push(own, view.pair(r, key));
    }
    push(own, view.pair(app, 'image'));
    push(own, view.pair(app, 'imagePullPolicy'));
    const gpu = view.map(view.get(r, 'gpu'));
    const gpuName = view.get(gpu, 'name');
    const gpuQuantity = view.get(gpu, 'quantity');
    if (gpuName instanceof Scalar && gpuQuantity) {
      // `gpu` {name, quantity} becomes the limit `name: quantity`, both nodes the document's.
      const gpuPair = view.pair(r, 'gpu') as Pair;
      push(own, new Pair(gpuPair.key, mapOf([new Pair(new Scalar('limits'), mapOf([new Pair(gpuName, gpuQuantity)], null))], null)), 'resources');
    }
    for (const pair of view.pairs(templateMain)) {
      if (view.keyOf(pair) !== 'resources' && view.keyOf(pair) !== 'name') {
        push(own, pair);
      }
    }
    const main: ContainerRef = { node: mapOf(own, r), kind: 'containers', name: view.text(templateMain, 'name') || containerName, anchor, resourcesAtRunTime: true, ...(view.get(r, 'image') === undefined && view.get(app, 'image') === undefined ? { imageAtRunTime: true as const } : {}) };
    const containers: ContainerRef[] = [main];
    const containerPaths: YamlPath[] = [];
    for (const [key, kind] of [['sidecars', 'containers'], ['initContainers', 'initContainers']] as const) {
      view.list(view.get(r, key)).forEach((item, i) => {
        const ref = containerRef(view, item, kind);
        if (ref) {
          containers.push(ref);
          containerPaths.push([...base, role, key, i]);
        }
      });
    }
    const podPairs: Pair[] = [];
    for (const [sparkKey, podKey] of sparkPodKeys) {
      push(podPairs, view.pair(r, sparkKey), podKey);
    }
    // The application's volumes and node selector are every pod's.
    push(podPairs, view.pair(app, 'volumes'));
    push(podPairs, view.pair(app, 'nodeSelector'));
    for (const pair of view.pairs(templateSpec)) {
      const key = view.keyOf(pair);
      if (key !== 'containers' && key !== 'initContainers') {
        push(podPairs, pair);
      }
    }
    const metadata = view.map(view.get(template, 'metadata'));
    collect({ path: [...base, role], spec: mapOf(podPairs, r), containers, containerPaths, anchor, role, specPatch: false, ...(metadata ? { metadata } : {}) });
  }
}

/**
 * A Dynamo resources section ({cpu, memory, gpu, gpuType, custom}) as the container's: `gpu` is a resource named by
 * `gpuType` (nvidia.com/gpu by default) and each `custom` entry (`ephemeral-storage`, `rdma/ib`) one of its own name.
 */
function dynamoResourceSection(view: YamlView, section: Pair): Pair {
  const entries: Pair[] = [];
  const gpuType = view.text(section.value, 'gpuType') || 'nvidia.com/gpu';
  for (const [key, entry] of view.entries(section.value)) {
    if (key === 'custom') {
      entries.push(...view.pairs(entry.value));
    } else if (key === 'gpu') {
      entries.push(renamed(entry, gpuType));
    } else if (key !== 'gpuType') {
      entries.push(entry);
    }
  }
  return new Pair(section.key, mapOf(entries, view.map(section.value)));
}

/** A Dynamo service's `resources` as its main container's: `requests` and `limits` read by dynamoResourceSection, `claims` as written. */
function dynamoResources(view: YamlView, resources: Pair): Pair {
  const sections = view.pairs(resources.value).map((s) => (view.keyOf(s) === 'requests' || view.keyOf(s) === 'limits' ? dynamoResourceSection(view, s) : s));
  return new Pair(resources.key, mapOf(sections, view.map(resources.value)));
}

/** The persistent volume claims a Dynamo service mounts: each `volumeMounts` entry's, and the older single `pvc`'s. */
interface DynamoClaims {
  /** Mounts of the claims as the main container's `volumeMounts` entries (those with a `mountPoint`). */
  mounts: Node[];
  /** The claims as pod volumes, each a persistentVolumeClaim of its own name. */
  volumes: Node[];
  /** The field that names them, where made volumes and mounts point. */
  at: Pair;
}

/**
 * The claims of a Dynamo service (`volumeMounts: [{name, mountPoint}]`, earlier `pvc: {name, mountPoint}`): the operator
 * adds a volume named after each, the PersistentVolumeClaim of that name (declared or created under the graph's
 * `pvcs`, or already in the namespace), mounted at `mountPoint` in the main container. A compilation cache without a
 * mountPoint (`useAsCompilationCache`) goes to a backend's default path, not read here: its volume is kept, its mount not.
 */
function dynamoClaims(view: YamlView, service: YAMLMap): DynamoClaims | undefined {
  const listPair = view.pair(service, 'volumeMounts');
  const single = view.pair(service, 'pvc');
  const at = listPair ?? single;
  if (!at) {
    return undefined;
  }
  const entries = [...view.list(listPair?.value), ...(view.map(single?.value) ? [single?.value as Node] : [])];
  const claims: DynamoClaims = { mounts: [], volumes: [], at };
  for (const entry of entries) {
    const name = view.get(entry, 'name');
    if (!(name instanceof Scalar) || view.str(name) === undefined) {
      continue;
    }
    claims.volumes.push(mapOf([new Pair(new Scalar('name'), name), new Pair(new Scalar('persistentVolumeClaim'), mapOf([new Pair(new Scalar('claimName'), name)], null))], null));
    const mountPoint = view.get(entry, 'mountPoint');
    if (mountPoint instanceof Scalar) {
      claims.mounts.push(mapOf([new Pair(new Scalar('name'), name), new Pair(new Scalar('mountPath'), mountPoint)], null));
    }
  }
  return claims;
}

/** A list field (`volumeMounts`, `volumes`) with the operator's entries after the written ones, as the operator appends them. */
function appended(view: YamlView, key: string, written: Pair | undefined, added: readonly Node[], at: Pair): Pair | undefined {
  if (added.length === 0) {
    return written;
  }
  return pairAt(key, written ?? at, seqOf([...view.list(written?.value), ...added]));
}

/** A Dynamo service's pod spec: `extraPodSpec` (less its main container), with the volumes of its claims appended. */
function dynamoPodSpec(view: YamlView, podSpec: YAMLMap, claims: DynamoClaims | undefined): YAMLMap {
  if (!claims || claims.volumes.length === 0) {
    return podSpec;
  }
  const pairs: Pair[] = [];
  for (const p of view.pairs(podSpec)) {
    if (view.keyOf(p) !== 'volumes' && view.keyOf(p) !== 'mainContainer') {
      pairs.push(p);
    }
  }
  push(pairs, appended(view, 'volumes', view.pair(podSpec, 'volumes'), claims.volumes, claims.at));
  return mapOf(pairs, podSpec);
}

/** The index of the container the Dynamo operator merges its defaults into: the one `mainContainerName` names (`main` by default), else the first. */
function dynamoMainIndex(view: YamlView, component: Node, containers: readonly Node[]): number {
  const name = view.text(component, 'mainContainerName') ?? 'main';
  const i = containers.findIndex((c) => view.text(c, 'name') === name);
  return i < 0 ? 0 : i;
}

/**
 * A v1beta1 component's main container as the operator runs it: the graph's `env` prepended to its own, which wins by
 * name; its resources may take the operator's defaults.
 */
function dynamoMainContainer(view: YamlView, graphEnv: Pair | undefined, ref: ContainerRef): ContainerRef {
  ref.resourcesAtRunTime = true;
  if (!graphEnv) {
    return ref;
  }
  const own = view.pair(ref.node, 'env');
  const pairs: Pair[] = [(own ? mergedList(view, [graphEnv, own], 'name') : graphEnv) as Pair];
  for (const p of view.pairs(ref.node)) {
    push(pairs, p);
  }
  ref.node = mapOf(pairs, ref.node);
  return ref;
}

/**
 * The pods of a v1beta1 DynamoGraphDeployment (the CRD's storage version): one per entry of `spec.components`, its pod
 * at `podTemplate` (a PodTemplateSpec) and its main container first (see dynamoMainIndex and dynamoMainContainer). The
 * operator adds the shared memory (`sharedMemorySize`, 8Gi unless set), probes and its own environment, as for v1alpha1.
 */
function dynamoComponentPods(view: YamlView, graph: Node | undefined, collect: (pod: AssembledPod) => void): void {
  const components = view.list(view.get(graph, 'components'));
  const graphEnv = components.length > 0 ? view.pair(graph, 'env') : undefined;
  components.forEach((component, i) => {
    const template = view.get(component, 'podTemplate');
    const podSpec = view.map(view.get(template, 'spec'));
    const written = view.list(view.get(podSpec, 'containers'));
    const path: YamlPath = ['spec', 'components', i, 'podTemplate', 'spec'];
    const mainIndex = dynamoMainIndex(view, component, written);
    const main = written[mainIndex] ? containerRef(view, written[mainIndex], 'containers') : undefined;
    if (!podSpec || !main) {
      return;
    }
    const containers: ContainerRef[] = [dynamoMainContainer(view, graphEnv, main)];
    const containerPaths: YamlPath[] = [[...path, 'containers', mainIndex]];
    for (const kind of ['containers', 'initContainers'] as const) {
      view.list(view.get(podSpec, kind)).forEach((item, j) => {
        const ref = kind === 'containers' && j === mainIndex ? undefined : containerRef(view, item, kind);
        if (ref) {
          containers.push(ref);
          containerPaths.push([...path, kind, j]);
        }
      });
    }
    const metadata = view.map(view.get(template, 'metadata'));
    collect({ path, spec: podSpec, containers, containerPaths, anchor: main.anchor, role: view.text(component, 'name') ?? `component ${i}`, specPatch: false, ...(metadata ? { metadata } : {}) });
  });
}

/**
 * The pods of a Dynamo DynamoGraphDeployment. In v1alpha1, one per entry of `spec.services`, its pod spec at `extraPodSpec`
 * and its main container at `extraPodSpec.mainContainer`. The service's `resources` (see dynamoResourceSection) are the
 * main container's, and so are the graph's and the service's `envs`, merged by name under the main container's `env`
 * (the more specific level wins), and the mounts of its claims (see dynamoClaims); the operator adds the shared memory,
 * probes and its own environment. In v1beta1, one per entry of `spec.components` (see dynamoComponentPods).
 */
export function dynamoPods(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const graph = view.get(root, 'spec');
  dynamoComponentPods(view, graph, collect);
  const services = view.get(graph, 'services');
  for (const [name, pair] of view.entries(services)) {
    const service = view.map(pair.value);
    const podSpec = view.map(view.get(service, 'extraPodSpec'));
    const mainNode = view.map(view.get(podSpec, 'mainContainer'));
    const anchor = view.keyRange(podSpec, 'mainContainer') ?? view.range(pair);
    if (!service || !podSpec || !mainNode || !anchor) {
      continue;
    }
    const path: YamlPath = ['spec', 'services', name];
    const claims = dynamoClaims(view, service);
    const own: Pair[] = [];
    const env = mergedList(view, [...pairsOf(view, [graph, service], 'envs'), ...pairsOf(view, [mainNode], 'env')], 'name');
    if (env) {
      own.push(renamed(env, 'env'));
    }
    const resources = view.pair(service, 'resources');
    for (const p of view.pairs(mainNode)) {
      const key = view.keyOf(p);
      if (!(key === 'resources' && resources) && !(key === 'volumeMounts' && claims)) {
        push(own, p);
      }
    }
    push(own, resources ? dynamoResources(view, resources) : undefined);
    if (claims) {
      push(own, appended(view, 'volumeMounts', view.pair(mainNode, 'volumeMounts'), claims.mounts, claims.at));
    }
    const main: ContainerRef = { node: mapOf(own, mainNode), kind: 'containers', name: view.text(mainNode, 'name') ?? 'main', anchor, resourcesAtRunTime: true };
    const containers: ContainerRef[] = [main];
    const containerPaths: YamlPath[] = [[...path, 'extraPodSpec', 'mainContainer']];
    for (const kind of ['containers', 'initContainers'] as const) {
      view.list(view.get(podSpec, kind)).forEach((item, i) => {
        const ref = containerRef(view, item, kind);
        if (ref) {
          containers.push(ref);
          containerPaths.push([...path, 'extraPodSpec', kind, i]);
        }
      });
    }
    const metadata = view.map(view.get(service, 'extraPodMetadata'));
    collect({ path: [...path, 'extraPodSpec'], spec: dynamoPodSpec(view, podSpec, claims), containers, containerPaths, anchor, role: name, specPatch: false, ...(metadata ? { metadata } : {}) });
  }
}

/**
 * A NIMService's one serving pod: `spec` holds the container's fields (`env`, `resources`, `command`, `args`) and the
 * pod's (`tolerations`, `nodeSelector`, `affinity`, `runtimeClassName`) side by side. Its `image` is a mapping
 * {repository, tag, pullPolicy}, read as the container's `image: repository:tag` and imagePullPolicy (see nimContainer),
 * and its probes are wrapped ({enabled, probe}): the operator fills in probes, /dev/shm, the NIMCache volume, the
 * user and the ServiceAccount itself.
 */
export function nimServicePod(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const anchor = view.keyRange(spec, 'image') ?? view.keyRange(root, 'spec');
  if (!spec || !anchor) {
    return;
  }
  // The operator names the container after the object (GetContainerName: `<name>-ctr`).
  const objectName = view.text(view.get(root, 'metadata'), 'name');
  const name = objectName !== undefined ? `${objectName}-ctr` : 'nim';
  collect({ path: ['spec'], spec, containers: [{ node: nimContainer(view, spec), kind: 'containers', name, anchor }], containerPaths: [], anchor, role: 'nim', specPatch: false });
}

/** The runtime's replicated job (and container) that runs the trainer, by the Trainer's convention. */
const trainerJob = 'node';

/**
 * The pod specs a TrainJob writes for the trainer's job, in the order the Trainer merges them into the runtime's pod:
 * each `podTemplateOverrides` entry that targets it (Trainer v2.0 and v2.1), then the replicated job of that name in
 * each `runtimePatches` entry (their successor).
 */
function trainerPodPatches(view: YamlView, spec: YAMLMap | undefined): YAMLMap[] {
  const out: YAMLMap[] = [];
  for (const o of view.list(view.get(spec, 'podTemplateOverrides'))) {
    const podSpec = view.map(view.get(o, 'spec'));
    if (podSpec && view.list(view.get(o, 'targetJobs')).some((t) => view.text(t, 'name') === trainerJob)) {
      out.push(podSpec);
    }
  }
  for (const p of view.list(view.get(spec, 'runtimePatches'))) {
    for (const job of view.list(view.at(p, ['trainingRuntimeSpec', 'template', 'spec', 'replicatedJobs']))) {
      const podSpec = view.text(job, 'name') === trainerJob ? view.map(view.at(job, ['template', 'spec', 'template', 'spec'])) : undefined;
      if (podSpec) {
        out.push(podSpec);
      }
    }
  }
  return out;
}

/** Whether the TrainJob sets the trainer pod's tolerations, which replace the runtime's. */
export function trainJobSetsTolerations(view: YamlView, root: Node): boolean {
  return trainerPodPatches(view, view.map(view.get(root, 'spec'))).some((s) => view.get(s, 'tolerations') !== undefined);
}

/**
 * Lists of several levels merged by the `key` of their items, `pairs` from the lowest level to the highest: a higher
 * level's items replace the lower ones' of the same key and keep their own repeats (MLK007's to judge). The pair is
 * the highest level's, its items the document's.
 */
function mergedList(view: YamlView, pairs: readonly Pair[], key: string): Pair | undefined {
  const top = pairs[pairs.length - 1];
  if (pairs.length <= 1 || !top) {
    return top;
  }
  const items: Node[] = [];
  const above = new Set<string>();
  for (let i = pairs.length - 1; i >= 0; i--) {
    const level = view.list((pairs[i] as Pair).value);
    const kept = level.filter((item) => !above.has(view.text(item, key) ?? ''));
    items.unshift(...kept);
    for (const item of kept) {
      above.add(view.text(item, key) ?? '');
    }
  }
  const seq = new YAMLSeq();
  seq.items = items;
  return new Pair(top.key, seq);
}

/** The pairs of `key` in each mapping that has one, in order. */
function pairsOf(view: YamlView, maps: readonly (Node | undefined)[], key: string): Pair[] {
  return maps.flatMap((m) => view.pair(m, key) ?? []);
}

/** Pod fields a TrainJob's patches set on the trainer's pod (the last patch's value of each is read). */
const trainerPatchPodKeys = ['serviceAccountName', 'nodeSelector', 'affinity', 'tolerations', 'securityContext', 'imagePullSecrets', 'schedulingGates'];

/**
 * A TrainJob's trainer: its `image`, `command`, `args`, `env` and `resourcesPerNode` (the `node` container's resources)
 * override the training runtime's, which holds the rest of the pod. The pod fields, volumes and the `node` container's
 * volume mounts and securityContext of its overrides or patches (see trainerPodPatches) are merged in, later ones
 * winning: volumes by name and mounts by path, each other field as a whole (tolerations then replace the runtime's;
 * the runtime's nodeSelector and securityContext may add keys).
 */
export function trainJobPod(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const trainer = view.map(view.get(spec, 'trainer'));
  const patches = trainerPodPatches(view, spec);
  const anchor = view.keyRange(spec, 'trainer') ?? (patches.length > 0 ? (view.keyRange(spec, 'podTemplateOverrides') ?? view.keyRange(spec, 'runtimePatches')) : undefined);
  if (!anchor) {
    return;
  }
  const own: Pair[] = [];
  for (const key of ['image', 'command', 'args', 'env', 'envFrom']) {
    push(own, view.pair(trainer, key));
  }
  push(own, view.pair(trainer, 'resourcesPerNode'), 'resources');
  const nodePatches = patches.map((s) => view.list(view.get(s, 'containers')).find((c) => view.text(c, 'name') === trainerJob));
  push(own, mergedList(view, pairsOf(view, nodePatches, 'volumeMounts'), 'mountPath'));
  push(own, pairsOf(view, nodePatches, 'securityContext').pop());
  const podPairs: Pair[] = [];
  for (const key of trainerPatchPodKeys) {
    push(podPairs, pairsOf(view, patches, key).pop());
  }
  push(podPairs, mergedList(view, pairsOf(view, patches, 'volumes'), 'name'));
  collect({ path: ['spec', 'trainer'], spec: mapOf(podPairs, null), containers: [{ node: mapOf(own, trainer), kind: 'containers', name: trainerJob, anchor }], containerPaths: [], anchor, role: 'trainer', specPatch: false });
}

/** A scalar's text as written: a tag `1.10` or `2024.05` is text to an image reference, not the number YAML reads. */
function scalarSource(view: YamlView, node: Node | undefined): string | undefined {
  const s = view.scalar(node);
  if (!s) {
    return undefined;
  }
  if (typeof s.value === 'string') {
    return s.value;
  }
  return s.range ? view.file.text.slice(s.range[0], s.range[1]) : view.str(s);
}

/**
 * An `image` pair made from an operator's image fields (NIM's {repository, tag}, the vLLM production stack's
 * {registry, name}): its text is the reference the operator builds, its range the written node that decides the tag
 * (`at`), so MLK201 and MLK202 read and point at what the user wrote. Undefined when a part is not a scalar.
 */
function joinedImage(view: YamlView, key: Node | null, parts: readonly (Node | undefined)[], sep: string, at: Node | undefined): Pair | undefined {
  const texts: string[] = [];
  for (const p of parts) {
    if (p === undefined) {
      continue;
    }
    const t = scalarSource(view, p);
    if (t === undefined || t === '') {
      return undefined;
    }
    texts.push(t);
  }
  const anchor = view.scalar(at);
  if (texts.length === 0 || !anchor?.range) {
    return undefined;
  }
  const value = new Scalar(texts.join(sep));
  value.range = anchor.range;
  const k = new Scalar('image');
  const keyRange = (key as Scalar | null)?.range;
  if (keyRange) {
    k.range = keyRange;
  }
  return new Pair(k, value);
}

/**
 * The NIMService container: the spec's own pairs, its `image` {repository, tag} read as `repository:tag` and
 * `image.pullPolicy` as the container's imagePullPolicy. Quick fixes insert into the spec.
 */
function nimContainer(view: YamlView, spec: YAMLMap): YAMLMap {
  const imagePair = view.pair(spec, 'image');
  const image = view.map(imagePair?.value);
  if (!imagePair || !image) {
    return spec;
  }
  const own: Pair[] = [];
  const repository = view.get(image, 'repository');
  const tag = view.get(image, 'tag');
  push(own, joinedImage(view, imagePair.key as Node | null, [repository, tag], ':', tag ?? repository));
  push(own, view.pair(image, 'pullPolicy'), 'imagePullPolicy');
  for (const pair of view.pairs(spec)) {
    if (pair !== imagePair) {
      push(own, pair);
    }
  }
  return mapOf(own, spec);
}

/**
 * KubeAI's `env` mapping (name: value) as a container's env list, each entry's `name` the document's key node and its
 * `value` the document's value, so MLK117 reads and points at what the user wrote.
 */
function envFromMapping(view: YamlView, pair: Pair): Pair {
  const items = new YAMLSeq();
  for (const entry of view.pairs(pair.value)) {
    items.items.push(mapOf([new Pair(new Scalar('name'), entry.key), new Pair(new Scalar('value'), entry.value)], null));
  }
  return new Pair(pair.key, items);
}

/**
 * A KubeAI Model's server pod: KubeAI writes the whole pod (probes, /dev/shm, security context, ServiceAccount) and
 * takes resources, node selection and tolerations from the `resourceProfile` of its own config. The Model writes the
 * container's `image` (else the profile's for the `engine`), `args`, `env` (a mapping) and `envFrom`.
 */
export function kubeAiModelPod(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const anchor = view.keyRange(spec, 'image') ?? view.keyRange(spec, 'url') ?? view.keyRange(root, 'spec');
  if (!spec || !anchor) {
    return;
  }
  const own: Pair[] = [];
  push(own, view.pair(spec, 'image'));
  push(own, view.pair(spec, 'args'));
  const env = view.pair(spec, 'env');
  if (env && view.map(env.value)) {
    own.push(envFromMapping(view, env));
  }
  push(own, view.pair(spec, 'envFrom'));
  const server: ContainerRef = { node: mapOf(own, null), kind: 'containers', name: 'server', anchor, resourcesAtRunTime: true, ...(view.get(spec, 'image') === undefined ? { imageAtRunTime: true as const } : {}) };
  collect({ path: ['spec'], spec: mapOf([], null), containers: [server], containerPaths: [], anchor, role: 'server', specPatch: false });
}

/**
 * The vLLM production stack's resources {cpu, memory, gpu, gpuType, requests, limits}: the operator sets a flat cpu or
 * memory as both request and limit, lets `requests` and `limits` {cpu, memory} override it, and takes a missing request
 * from the limit; the GPU goes under `gpuType` (nvidia.com/gpu by default). The GPU is read as a limit only (an extended
 * resource's request is its limit), so a finding on its quantity is made once.
 */
function vllmStackResources(view: YamlView, pair: Pair | undefined): Pair | undefined {
  const r = view.map(pair?.value);
  if (!pair || !r) {
    return undefined;
  }
  const requests: Pair[] = [];
  const limits: Pair[] = [];
  for (const name of ['cpu', 'memory']) {
    const flat = view.pair(r, name);
    const limit = view.pair(view.get(r, 'limits'), name) ?? flat;
    push(limits, limit);
    push(requests, view.pair(view.get(r, 'requests'), name) ?? flat ?? limit);
  }
  const gpu = view.pair(r, 'gpu');
  if (gpu) {
    limits.push(renamed(gpu, view.text(r, 'gpuType') || 'nvidia.com/gpu'));
  }
  return new Pair(pair.key, mapOf([new Pair(new Scalar('requests'), mapOf(requests, null)), new Pair(new Scalar('limits'), mapOf(limits, null))], null));
}

/** A vLLM production stack container: `image` {registry, name, pullPolicy}, `env`, `resources`, `command` and `args`. */
function vllmStackContainer(view: YamlView, config: YAMLMap, extra: readonly Pair[]): YAMLMap {
  const own: Pair[] = [];
  const imagePair = view.pair(config, 'image');
  const image = view.map(imagePair?.value);
  if (imagePair && image) {
    const name = view.get(image, 'name');
    push(own, joinedImage(view, imagePair.key as Node | null, [view.get(image, 'registry'), name], '/', name));
    push(own, view.pair(image, 'pullPolicy'), 'imagePullPolicy');
  }
  for (const pair of extra) {
    push(own, pair);
  }
  push(own, vllmStackResources(view, view.pair(config, 'resources')));
  return mapOf(own, null);
}

/** A pair made by the operator from a field the user wrote: its key text `key`, its key range `at`'s. */
function pairAt(key: string, at: Pair, value: Node): Pair {
  return new Pair(renamed(at, key).key, value);
}

function seqOf(items: Node[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items = items;
  return seq;
}

/**
 * The volume a VLLMRuntime's `storageConfig` turns into: with `enabled: true`, the operator makes a PersistentVolumeClaim
 * named after the object and mounts it at `mountPath` (default /data) as `volumeName` (default pvc-storage) in the vLLM
 * container, and at `sidecarConfig.mountPath` (default /data) in the sidecar. Undefined without it.
 */
function vllmStorage(view: YamlView, root: Node, runtime: YAMLMap): { volume: Pair; mount: (mountPath: Node | undefined) => Pair } | undefined {
  const storagePair = view.pair(runtime, 'storageConfig');
  const storage = view.map(storagePair?.value);
  if (!storagePair || !storage || view.bool(storage, 'enabled') !== true) {
    return undefined;
  }
  const name = view.get(storage, 'volumeName') ?? new Scalar('pvc-storage');
  const claim = view.get(view.get(root, 'metadata'), 'name') ?? new Scalar('');
  const volume = mapOf([new Pair(new Scalar('name'), name), new Pair(new Scalar('persistentVolumeClaim'), mapOf([new Pair(new Scalar('claimName'), claim)], null))], null);
  return {
    volume: pairAt('volumes', storagePair, seqOf([volume])),
    mount: (mountPath) => pairAt('volumeMounts', storagePair, seqOf([mapOf([new Pair(new Scalar('name'), name), new Pair(new Scalar('mountPath'), mountPath ?? new Scalar('/data'))], null)])),
  };
}

/**
 * The vLLM container's arguments as far as they name the model: the operator runs `vllm serve` with `model.modelURL`
 * first and `vllmConfig.extraArgs` after its own flags, so they read as the vLLM image's `args` (its entry point serves
 * the first one).
 */
function vllmServeArgs(view: YamlView, runtime: YAMLMap): Pair | undefined {
  const modelPair = view.pair(view.get(runtime, 'model'), 'modelURL');
  if (!modelPair || !view.scalar(modelPair.value)) {
    return undefined;
  }
  const extra = view.list(view.get(view.get(runtime, 'vllmConfig'), 'extraArgs'));
  return pairAt('args', modelPair, seqOf([modelPair.value as Node, ...extra]));
}

/**
 * The pods of a vLLM production stack VLLMRuntime: one Deployment's, or with `spec.topology` a prefill and a decode
 * one. The operator writes the pod from `deploymentConfig` (image, resources, `toleration`, `runtimeClass`, an optional
 * `sidecarConfig` container), `vllmConfig.env`, the model and its extra arguments (see vllmServeArgs) and the volume of
 * `storageConfig` (see vllmStorage); it adds the probes and no securityContext, /dev/shm or ServiceAccount, none of which
 * the object can set.
 */
export function vllmRuntimePods(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const topology = view.map(view.at(root, ['spec', 'topology']));
  const roles: [YamlPath, string][] = topology ? [[['spec', 'topology', 'prefill'], 'prefill'], [['spec', 'topology', 'decode'], 'decode']] : [[['spec'], 'vllm']];
  for (const [base, role] of roles) {
    const runtime = view.map(view.at(root, base));
    const deployment = view.map(view.get(runtime, 'deploymentConfig'));
    const anchor = view.keyRange(runtime, 'deploymentConfig');
    if (!runtime || !deployment || !anchor) {
      continue;
    }
    const storage = vllmStorage(view, root, runtime);
    const extra: Pair[] = [];
    push(extra, view.pair(view.get(runtime, 'vllmConfig'), 'env'));
    push(extra, vllmServeArgs(view, runtime));
    push(extra, storage?.mount(view.get(view.get(runtime, 'storageConfig'), 'mountPath')));
    const containers: ContainerRef[] = [{ node: vllmStackContainer(view, deployment, extra), kind: 'containers', name: 'vllm', anchor }];
    const sidecar = view.map(view.get(deployment, 'sidecarConfig'));
    const sidecarAnchor = view.keyRange(deployment, 'sidecarConfig');
    if (sidecar && sidecarAnchor && view.bool(sidecar, 'enabled') === true) {
      const sidecarExtra: Pair[] = [];
      for (const key of ['command', 'args', 'env']) {
        push(sidecarExtra, view.pair(sidecar, key));
      }
      push(sidecarExtra, storage?.mount(view.get(sidecar, 'mountPath')));
      // The operator gives the sidecar 0.5 CPU, 128Mi and no GPU where its `resources` leave them out.
      containers.push({ node: vllmStackContainer(view, sidecar, sidecarExtra), kind: 'containers', name: view.text(sidecar, 'name') ?? 'sidecar', anchor: sidecarAnchor, resourcesAtRunTime: true });
    }
    const podPairs: Pair[] = [];
    push(podPairs, view.pair(deployment, 'toleration'), 'tolerations');
    push(podPairs, view.pair(deployment, 'runtimeClass'), 'runtimeClassName');
    push(podPairs, storage?.volume);
    collect({ path: [...base, 'deploymentConfig'], spec: mapOf(podPairs, null), containers, containerPaths: [], anchor, role, specPatch: false });
  }
}

/**
 * The pod of a vLLM production stack VLLMRouter: the operator runs a `router` container of `spec.image` (see
 * vllmStackContainer), `spec.env` and `spec.resources` (cpu and memory, each as request and limit) with the
 * ServiceAccount `spec.serviceAccountName`, and adds its arguments and a liveness probe.
 */
export function vllmRouterPod(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const anchor = view.keyRange(spec, 'image') ?? view.keyRange(root, 'spec');
  if (!spec || !anchor) {
    return;
  }
  const env: Pair[] = [];
  push(env, view.pair(spec, 'env'));
  const podPairs: Pair[] = [];
  push(podPairs, view.pair(spec, 'serviceAccountName'));
  const router: ContainerRef = { node: vllmStackContainer(view, spec, env), kind: 'containers', name: 'router', anchor };
  collect({ path: ['spec'], spec: mapOf(podPairs, null), containers: [router], containerPaths: [], anchor, role: 'router', specPatch: false });
}

/**
 * A yatai-deployment resources section ({cpu, memory, gpu, custom}) as the container's: `gpu` is nvidia.com/gpu (the
 * operator reads it in `limits` only) and each `custom` entry is a resource of its own name.
 */
function bentoResourceSection(view: YamlView, section: Pair, withGpu: boolean): Pair {
  const entries: Pair[] = [];
  for (const [key, entry] of view.entries(section.value)) {
    if (key === 'custom') {
      entries.push(...view.pairs(entry.value));
    } else if (key !== 'gpu') {
      entries.push(entry);
    } else if (withGpu) {
      entries.push(renamed(entry, 'nvidia.com/gpu'));
    }
  }
  return new Pair(section.key, mapOf(entries, null));
}

/** Pod fields of a BentoDeployment's (or runner's) `extraPodSpec` that the operator copies to the pod. */
const bentoPodKeys = ['schedulerName', 'nodeSelector', 'affinity', 'tolerations', 'topologySpreadConstraints', 'serviceAccountName'];

/**
 * The pods of a BentoML (yatai-deployment) BentoDeployment: the API server's from `spec`, and one per entry of
 * `spec.runners`. The `main` container runs the image built from the Bento (not in the object) with the level's `envs`
 * and `resources` (the operator's defaults filling in cpu and memory); `extraPodSpec` brings scheduling fields, the
 * ServiceAccount and sidecar `containers`. The operator adds the probes and a memory-backed /dev/shm.
 */
export function bentoDeploymentPods(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const levels: [YamlPath, YAMLMap | undefined, string][] = [[['spec'], spec, 'api-server']];
  view.list(view.get(spec, 'runners')).forEach((r, i) => levels.push([['spec', 'runners', i], view.map(r), view.text(r, 'name') ?? `runner ${i}`]));
  for (const [path, level, role] of levels) {
    const namePair = path.length > 1 ? view.pair(level, 'name') : undefined;
    const anchor = (namePair ? view.pairValueRange(namePair) : view.keyRange(level, 'bento')) ?? (level ? view.lineRange(level) : undefined);
    if (!level || !anchor) {
      continue;
    }
    const own: Pair[] = [];
    push(own, view.pair(level, 'envs'), 'env');
    const resources = view.pair(level, 'resources');
    if (resources && view.map(resources.value)) {
      const sections = view.pairs(resources.value).flatMap((s) => (view.keyOf(s) === 'limits' || view.keyOf(s) === 'requests' ? [bentoResourceSection(view, s, view.keyOf(s) === 'limits')] : []));
      own.push(new Pair(resources.key, mapOf(sections, null)));
    }
    const containers: ContainerRef[] = [{ node: mapOf(own, null), kind: 'containers', name: 'main', anchor, resourcesAtRunTime: true, imageAtRunTime: true }];
    const containerPaths: YamlPath[] = [];
    const extra = view.map(view.get(level, 'extraPodSpec'));
    view.list(view.get(extra, 'containers')).forEach((item, i) => {
      const ref = containerRef(view, item, 'containers');
      if (ref) {
        containers.push(ref);
        containerPaths.push([...path, 'extraPodSpec', 'containers', i]);
      }
    });
    const podPairs: Pair[] = [];
    for (const key of bentoPodKeys) {
      push(podPairs, view.pair(extra, key));
    }
    const metadata = view.map(view.get(level, 'extraPodMetadata'));
    collect({ path, spec: mapOf(podPairs, extra ?? null), containers, containerPaths, anchor, role, specPatch: false, ...(metadata ? { metadata } : {}) });
  }
}

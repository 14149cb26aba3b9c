import { Pair, Scalar, YAMLMap } from 'yaml';
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
    const main: ContainerRef = { node: mapOf(own, r), kind: 'containers', name: containerName, anchor, resourcesAtRunTime: true, ...(view.get(r, 'image') === undefined && view.get(app, 'image') === undefined ? { imageAtRunTime: true as const } : {}) };
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
 * The pods of a Dynamo DynamoGraphDeployment: one per entry of `spec.services`, its pod spec at `extraPodSpec`
 * and its main container at `extraPodSpec.mainContainer`. The service's `resources` (`gpu` for nvidia.com/gpu,
 * beside cpu and memory) are the main container's; the operator adds the shared memory, probes and environment.
 */
export function dynamoPods(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const services = view.at(root, ['spec', 'services']);
  for (const [name, pair] of view.entries(services)) {
    const service = view.map(pair.value);
    const podSpec = view.map(view.get(service, 'extraPodSpec'));
    const mainNode = view.map(view.get(podSpec, 'mainContainer'));
    const anchor = view.keyRange(podSpec, 'mainContainer') ?? view.range(pair);
    if (!service || !podSpec || !mainNode || !anchor) {
      continue;
    }
    const path: YamlPath = ['spec', 'services', name];
    const own: Pair[] = [];
    for (const p of view.pairs(mainNode)) {
      if (view.keyOf(p) !== 'resources') {
        own.push(p);
      }
    }
    const resources = view.pair(service, 'resources');
    if (resources) {
      const sections: Pair[] = [];
      for (const [, sp] of view.entries(resources.value)) {
        const entries: Pair[] = [];
        for (const [key, ep] of view.entries(sp.value)) {
          entries.push(key === 'gpu' ? renamed(ep, 'nvidia.com/gpu') : ep);
        }
        sections.push(new Pair(sp.key, mapOf(entries, view.map(sp.value))));
      }
      own.push(new Pair(resources.key, mapOf(sections, view.map(resources.value))));
    } else {
      push(own, view.pair(mainNode, 'resources'));
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
    collect({ path: [...path, 'extraPodSpec'], spec: podSpec, containers, containerPaths, anchor, role: name, specPatch: false, ...(metadata ? { metadata } : {}) });
  }
}

/**
 * A NIMService's one serving pod: `spec` holds the container's fields (`env`, `resources`, `command`, `args`) and the
 * pod's (`tolerations`, `nodeSelector`, `affinity`, `runtimeClassName`) side by side. Its `image` is a mapping
 * {repository, tag} and its probes are wrapped ({enabled, probe}): the operator fills in probes, /dev/shm, the
 * NIMCache volume, the user and the ServiceAccount itself.
 */
export function nimServicePod(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const anchor = view.keyRange(spec, 'image') ?? view.keyRange(root, 'spec');
  if (!spec || !anchor) {
    return;
  }
  const name = view.text(view.get(root, 'metadata'), 'name') ?? 'nim';
  collect({ path: ['spec'], spec, containers: [{ node: spec, kind: 'containers', name, anchor }], containerPaths: [], anchor, role: 'nim', specPatch: false });
}

/**
 * A TrainJob's trainer: its `image`, `command`, `args`, `env` and `resourcesPerNode` (the `node` container's resources)
 * override the training runtime's, which holds the rest of the pod.
 */
export function trainJobPod(view: YamlView, root: Node, collect: (pod: AssembledPod) => void): void {
  const spec = view.map(view.get(root, 'spec'));
  const trainer = view.map(view.get(spec, 'trainer'));
  const anchor = view.keyRange(spec, 'trainer');
  if (!trainer || !anchor) {
    return;
  }
  const own: Pair[] = [];
  for (const key of ['image', 'command', 'args', 'env', 'envFrom']) {
    push(own, view.pair(trainer, key));
  }
  push(own, view.pair(trainer, 'resourcesPerNode'), 'resources');
  collect({ path: ['spec', 'trainer'], spec: new YAMLMap(), containers: [{ node: mapOf(own, trainer), kind: 'containers', name: 'node', anchor }], containerPaths: [], anchor, role: 'trainer', specPatch: false });
}

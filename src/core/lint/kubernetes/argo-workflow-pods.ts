import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Range } from '../types';
import type { YamlPath, YamlView } from '../yaml/access';
import type { ContainerKind, ContainerRef } from './model';
import type { AssembledPod } from './operator-pods';
import type { PatchedContainerList, PodSpecPatch } from './argo-pod-spec-patch';
import { readPodSpecPatch } from './argo-pod-spec-patch';
import { parseQuantity } from './quantity';

const argoWorkflowKinds: ReadonlySet<string> = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

/** An Argo Workflows kind whose templates run pods (not an Argo Rollout). */
export function isArgoWorkflow(obj: { apiVersion?: string; kind?: string }): boolean {
  return obj.apiVersion?.startsWith('argoproj.io/') === true && argoWorkflowKinds.has(obj.kind ?? '');
}

/** Where a kind of argoproj.io keeps its workflow spec (a CronWorkflow's is the spec of the Workflows it starts). */
export function argoWorkflowSpecPath(kind: string | undefined): YamlPath {
  return kind === 'CronWorkflow' ? ['spec', 'workflowSpec'] : ['spec'];
}

/**
 * Workflow-level fields the controller puts on every pod whose template does not set them, by their name in
 * the pod spec (addSchedulingConstraints, setupServiceAccount and createWorkflowPod in Argo's workflowpod.go).
 */
const workflowPodFields: readonly (readonly [argoKey: string, podKey: string])[] = [
  ['securityContext', 'securityContext'],
  ['nodeSelector', 'nodeSelector'],
  ['affinity', 'affinity'],
  ['tolerations', 'tolerations'],
  ['schedulerName', 'schedulerName'],
  ['podPriorityClassName', 'priorityClassName'],
  ['hostNetwork', 'hostNetwork'],
  ['dnsPolicy', 'dnsPolicy'],
  ['dnsConfig', 'dnsConfig'],
  ['imagePullSecrets', 'imagePullSecrets'],
  ['serviceAccountName', 'serviceAccountName'],
  ['automountServiceAccountToken', 'automountServiceAccountToken'],
  // The workflow's deadline bounds each pod's activeDeadlineSeconds too.
  ['activeDeadlineSeconds', 'activeDeadlineSeconds'],
];

/**
 * The name Argo gives a container or script template's container (MainContainerName in its workflow/common), as
 * `kubectl logs -c main` and podSpecPatch know it. Templates that share the container through a YAML alias then
 * report its findings once.
 */
const argoMainContainerName = 'main';

/** Template types that run a pod of their own; steps, dag, suspend, resource, data, http and plugin templates do not. */
const podTemplateKeys = ['container', 'script', 'containerSet'] as const;

/** How deep inline templates (a step's or DAG task's `inline:`) are followed. */
const maxInlineDepth = 4;

interface WorkflowContext {
  view: YamlView;
  defaults: YAMLMap | undefined;
  /** The workflow-level pod fields, keyed by their pod-spec name. */
  workflowFields: Pair[];
  workflowVolumes: readonly Node[];
  claimTemplates: readonly Node[];
  workflowPatch: string | undefined;
  workflowPatchNode: Node | undefined;
  podMetadata: YAMLMap | undefined;
}

/**
 * The pods of an Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow: one per
 * container, script or containerSet template (inline ones in steps and DAG tasks included). Each pod's
 * spec is the template's fields over `templateDefaults` over the workflow-level pod fields; its
 * containers are the template's main container ("main"), its sidecars and init containers, or a
 * containerSet's containers.
 */
export function argoWorkflowPods(view: YamlView, root: Node, kind: string | undefined, collect: (pod: AssembledPod) => void): void {
  const specPath = argoWorkflowSpecPath(kind);
  const spec = view.map(view.at(root, specPath));
  if (!spec) {
    return;
  }
  const workflowFields: Pair[] = [];
  for (const [argoKey, podKey] of workflowPodFields) {
    const pair = view.pair(spec, argoKey);
    if (pair) {
      workflowFields.push(argoKey === podKey ? pair : new Pair(new Scalar(podKey), pair.value));
    }
  }
  const ctx: WorkflowContext = {
    view,
    defaults: view.map(view.get(spec, 'templateDefaults')),
    workflowFields,
    workflowVolumes: view.list(view.get(spec, 'volumes')),
    claimTemplates: view.list(view.get(spec, 'volumeClaimTemplates')),
    workflowPatch: view.text(spec, 'podSpecPatch'),
    workflowPatchNode: view.get(spec, 'podSpecPatch'),
    podMetadata: view.map(view.get(spec, 'podMetadata')),
  };
  view.list(view.get(spec, 'templates')).forEach((t, i) => {
    visitTemplate(ctx, t, [...specPath, 'templates', i], view.text(t, 'name') ?? `template ${i}`, 0, collect);
  });
}

function visitTemplate(ctx: WorkflowContext, node: Node, path: YamlPath, role: string, depth: number, collect: (pod: AssembledPod) => void): void {
  const { view } = ctx;
  const template = view.map(node);
  if (!template) {
    return;
  }
  const pod = templatePod(ctx, template, path, role);
  if (pod) {
    collect(pod);
  }
  if (depth >= maxInlineDepth) {
    return;
  }
  // Inline templates: steps (a list of parallel-step lists) and DAG tasks may carry their own template.
  view.list(view.get(template, 'steps')).forEach((group, g) => {
    view.list(group).forEach((step, s) => {
      const inline = view.get(step, 'inline');
      if (inline) {
        visitTemplate(ctx, inline, [...path, 'steps', g, s, 'inline'], view.text(step, 'name') ?? `${role} step`, depth + 1, collect);
      }
    });
  });
  view.list(view.at(template, ['dag', 'tasks'])).forEach((task, k) => {
    const inline = view.get(task, 'inline');
    if (inline) {
      visitTemplate(ctx, inline, [...path, 'dag', 'tasks', k, 'inline'], view.text(task, 'name') ?? `${role} task`, depth + 1, collect);
    }
  });
}

/** The pod of a container, script or containerSet template; undefined for the other types. */
function templatePod(ctx: WorkflowContext, template: YAMLMap, path: YamlPath, role: string): AssembledPod | undefined {
  const { view, defaults } = ctx;
  const type = podTemplateKeys.find((k) => view.map(view.get(template, k)) !== undefined);
  if (type === undefined) {
    return undefined;
  }
  const containers: ContainerRef[] = [];
  const containerPaths: YamlPath[] = [];
  // `at`: the container's path in the document (one only templateDefaults names is not checked per template).
  const push = (ref: ContainerRef | undefined, at: YamlPath | undefined): void => {
    if (ref) {
      containers.push(ref);
      if (at) {
        containerPaths.push(at);
      }
    }
  };
  if (type === 'containerSet') {
    const set = view.map(view.get(template, 'containerSet'));
    // The containerSet's volumeMounts are mounted in every one of its containers.
    const shared = view.list(view.get(set, 'volumeMounts'));
    view.list(view.get(set, 'containers')).forEach((item, j) => {
      const own = withMergeKeys(view, view.map(item));
      push(own && containerRef(view, shared.length > 0 ? withJoined(view, own, 'volumeMounts', shared) : own, own, 'containers'), [...path, 'containerSet', 'containers', j]);
    });
  } else {
    const own = withMergeKeys(view, view.map(view.get(template, type)));
    const anchor = view.keyRange(template, type);
    // templateDefaults is merged into every template, mappings key by key (the template's own fields win).
    const fromDefaults = view.map(view.get(defaults, type));
    const main = own && fromDefaults ? mergedLayers(view, [own, fromDefaults], containerListKeys) : own;
    if (main && anchor) {
      push({ node: main, kind: 'containers', name: argoMainContainerName, anchor }, [...path, type]);
    }
  }
  for (const [key, kind] of [['sidecars', 'containers'], ['initContainers', 'initContainers']] as const) {
    for (const { node, own, at } of namedContainers(view, template, defaults, key)) {
      push(containerRef(view, node, own, kind), at === undefined ? undefined : [...path, key, at]);
    }
  }
  const anchor = view.valueRange(template, 'name') ?? containers[0]?.anchor;
  if (!anchor) {
    return undefined;
  }
  const patch = view.text(template, 'podSpecPatch') ?? view.text(defaults, 'podSpecPatch') ?? ctx.workflowPatch;
  const specPatch = patch !== undefined && patch.trim() !== '';
  let patches: readonly PodSpecPatch[] | undefined;
  if (specPatch) {
    for (const c of containers) {
      c.resourcesAtRunTime = true;
    }
    // A patch that is one parameter (Kubeflow Pipelines' '{{inputs.parameters.pod-spec-patch}}') is made at run
    // time, main container and all; KFP's template names the image should-be-overridden-during-runtime.
    const main = type === 'containerSet' ? undefined : containers[0];
    if (main && /^\s*\{\{[^{}]*\}\}\s*$/.test(patch)) {
      main.imageAtRunTime = true;
    }
    patches = plainPatches(ctx, template);
    if (patches) {
      joinPatchedResources(view, patches, containers);
    }
  }
  // The workflow's own pod fields apply whole where the template (with its defaults) sets none.
  const spec = layered(view, [mergedLayers(view, [withoutKey(view, template, 'volumes'), withoutKey(view, defaults, 'volumes')], templateListKeys), ctx.workflowFields]);
  const volumes = podVolumes(ctx, template, containers);
  if (volumes) {
    spec.items.push(volumes);
  }
  if (patches) {
    patchScheduling(view, spec, patches);
    if (patches.every((p) => !p.claimsDevices && namesOnlyPodContainers(view, p, containers))) {
      readPatchSpecs.add(spec);
    }
  }
  const metadata = view.map(view.get(template, 'metadata')) ?? view.map(view.get(defaults, 'metadata')) ?? ctx.podMetadata;
  return { path, spec, containers, containerPaths, anchor, role, specPatch, ...(metadata ? { metadata } : {}) };
}

/** The specs of assembled pods whose podSpecPatch is read whole (see podSpecPatchRead). */
const readPatchSpecs = new WeakSet<YAMLMap>();

/**
 * Whether the podSpecPatch of an Argo pod (its assembled spec) is read whole: every patch plain YAML that names only
 * the pod's own containers and claims no devices. The pod's spec and containers then show the nodes it selects and
 * the accelerators it requests; otherwise the patch may change either.
 */
export function podSpecPatchRead(spec: YAMLMap): boolean {
  return readPatchSpecs.has(spec);
}

/**
 * The template's (or templateDefaults') podSpecPatch and the workflow's, in the order they win: Argo merges the two
 * and applies the result to the pod spec as a strategic merge patch (PodSpecPatchMerge and ApplyPodSpecPatch in its
 * workflowpod.go). Undefined when one of them is not plain YAML.
 */
function plainPatches(ctx: WorkflowContext, template: YAMLMap): PodSpecPatch[] | undefined {
  const { view, defaults } = ctx;
  const patches: PodSpecPatch[] = [];
  for (const host of [view.get(template, 'podSpecPatch') ?? view.get(defaults, 'podSpecPatch'), ctx.workflowPatchNode]) {
    const text = view.str(host);
    if (host === undefined || text === undefined || text.trim() === '') {
      continue;
    }
    const read = readPodSpecPatch(text, host);
    if (!read) {
      return undefined;
    }
    patches.push(read);
  }
  return patches;
}

/**
 * The resources the patches give a container (the main one by Argo's name for it, "main") join its own, so that a
 * GPU requested only in a patch counts. The containers keep resourcesAtRunTime: values may be parameters.
 */
function joinPatchedResources(view: YamlView, patches: readonly PodSpecPatch[], containers: readonly ContainerRef[]): void {
  for (const c of containers) {
    const list = c.kind === 'initContainers' ? 'initContainers' : 'containers';
    const name = c.name;
    const layers = name === undefined ? [] : patches.flatMap((p) => p.resources.get(list)?.get(name) ?? []);
    if (layers.length > 0) {
      c.node = withResources(view, c.node, mergedLayers(view, [...layers, view.map(view.get(c.node, 'resources'))]));
    }
  }
}

/**
 * The patches' nodeSelector, affinity and tolerations over the pod's, as a strategic merge patch of a pod spec
 * merges them: mappings key by key, lists (tolerations, nodeSelectorTerms) replaced whole. The spec keeps its own
 * pairs first, so that quick fixes still insert into the template.
 */
function patchScheduling(view: YamlView, spec: YAMLMap, patches: readonly PodSpecPatch[]): void {
  const layers = patches.map((p) => p.scheduling).filter((pairs) => pairs.length > 0);
  if (layers.length === 0) {
    return;
  }
  const patched = new Map<string, Pair>();
  for (const pair of mergedLayers(view, [...layers, spec.items]).items) {
    const key = view.keyOf(pair);
    if (key !== undefined && layers.some((pairs) => pairs.some((p) => view.keyOf(p) === key))) {
      patched.set(key, pair);
    }
  }
  const own = new Set<string>();
  spec.items = spec.items.map((pair) => {
    const key = view.keyOf(pair);
    const replaced = key === undefined ? undefined : patched.get(key);
    if (key !== undefined && replaced) {
      own.add(key);
    }
    return replaced ?? pair;
  });
  for (const [key, pair] of patched) {
    if (!own.has(key)) {
      spec.items.push(pair);
    }
  }
}

/** The containers Argo adds to every pod (InitContainerName and WaitContainerName in its workflow/common), by list. */
const argoExecutorContainers: ReadonlyMap<PatchedContainerList, string> = new Map([
  ['initContainers', 'init'],
  ['containers', 'wait'],
]);

/**
 * Whether every container a patch gives resources is one of the pod's, or Argo's own init or wait container given
 * only core resources (cpu, memory: no vendor's `domain/name` that may be an accelerator). A patch may add a container.
 */
function namesOnlyPodContainers(view: YamlView, patch: PodSpecPatch, containers: readonly ContainerRef[]): boolean {
  for (const [list, byName] of patch.resources) {
    for (const [name, resources] of byName) {
      const executor = argoExecutorContainers.get(list) === name && ['limits', 'requests'].every((k) => view.entries(view.get(resources, k)).every(([key]) => !key.includes('/')));
      if (!executor && !containers.some((c) => c.name === name && (c.kind === 'initContainers') === (list === 'initContainers'))) {
        return false;
      }
    }
  }
  return true;
}

/**
 * A container with the keys its YAML merge key (`<<: *base`, `<<: [*a, *b]`) brings in, as the YAML reader of kubectl
 * and the Argo CLI resolves them: its own keys win, then each source's in order. Findings in a source then come
 * from the same nodes (and say "main") whichever template merges it, and are reported once.
 */
function withMergeKeys(view: YamlView, map: YAMLMap | undefined): YAMLMap | undefined {
  const merge = map && map.items.length > 0 ? view.pair(map, '<<') : undefined;
  if (!map || !merge) {
    return map;
  }
  const sources = view.seq(merge.value) ? view.list(merge.value).map((n) => view.map(n)) : [view.map(merge.value)];
  // Quick fixes insert after the first pair: the container's own, or (when it has none) the source's, as for an alias.
  const out = layered(view, [withoutKey(view, map, '<<'), ...sources]);
  out.flow = map.flow === true;
  return out;
}

/** The container with `resources` in place of its own (its other pairs first, for quick fixes). */
function withResources(view: YamlView, node: YAMLMap, resources: YAMLMap): YAMLMap {
  const own = view.pair(node, 'resources');
  const out = layered(view, [node]);
  out.items = own ? out.items.map((p) => (p === own ? new Pair(own.key, resources) : p)) : [...out.items, new Pair(new Scalar('resources'), resources)];
  return out;
}

function containerRef(view: YamlView, node: YAMLMap, own: YAMLMap, kind: ContainerKind): ContainerRef | undefined {
  const namePair = view.pair(own, 'name');
  const name = namePair ? view.str(namePair.value) : undefined;
  const anchor: Range | undefined = (namePair ? view.pairValueRange(namePair) : undefined) ?? view.lineRange(own);
  if (!anchor) {
    return undefined;
  }
  return name !== undefined ? { node, kind, name, anchor } : { node, kind, anchor };
}

/** A mapping of the first pair of each key among the layers, in order: the first layer that sets a field wins. */
function layered(view: YamlView, layers: readonly (YAMLMap | readonly Pair[] | undefined)[]): YAMLMap {
  const out = new YAMLMap();
  const seen = new Set<string>();
  for (const layer of layers) {
    for (const pair of layer === undefined ? [] : layer instanceof YAMLMap ? view.pairs(layer) : layer) {
      const key = view.keyOf(pair);
      if (key !== undefined && !seen.has(key)) {
        seen.add(key);
        out.items.push(pair);
      }
    }
  }
  // Quick fixes insert after the first pair (the template's own), in its style.
  const first = layers[0];
  out.flow = first instanceof YAMLMap && first.flow === true;
  return out;
}

/** Most mapping levels mergedLayers merges (pod fields are a few levels deep). */
const maxMergeDepth = 8;

/**
 * The lists a strategic merge patch merges item by item, by the field that names an item (the `patchMergeKey`
 * tags of Kubernetes' Container and of Argo's Template); the other lists are replaced whole.
 */
type ListKeys = ReadonlyMap<string, string>;
const containerListKeys: ListKeys = new Map([
  ['env', 'name'],
  ['volumeMounts', 'mountPath'],
  ['ports', 'containerPort'],
  ['volumeDevices', 'devicePath'],
  ['resizePolicy', 'resourceName'],
]);
const templateListKeys: ListKeys = new Map([
  ['tolerations', 'key'],
  ['hostAliases', 'ip'],
]);

/**
 * As layered, but a field that several layers set to mappings is their merge, key by key, at every level: Argo
 * merges templateDefaults into a template with a strategic merge patch, so the defaults' `securityContext.runAsNonRoot`
 * stays when the template sets only `securityContext.readOnlyRootFilesystem`. A list named in `listKeys` (at the
 * top level) is merged item by item (the template's `env` joins the defaults' `env`, one variable per name); other
 * lists are the first layer's.
 */
function mergedLayers(view: YamlView, layers: readonly (YAMLMap | readonly Pair[] | undefined)[], listKeys?: ListKeys, depth = 0): YAMLMap {
  const out = layered(view, layers);
  if (depth >= maxMergeDepth) {
    return out;
  }
  const mapsOf = new Map<string, YAMLMap[]>();
  const listsOf = new Map<string, (readonly Node[])[]>();
  for (const layer of layers) {
    for (const pair of layer === undefined ? [] : layer instanceof YAMLMap ? view.pairs(layer) : layer) {
      const key = view.keyOf(pair);
      if (key === undefined) {
        continue;
      }
      const map = view.map(pair.value);
      if (map) {
        mapsOf.set(key, [...(mapsOf.get(key) ?? []), map]);
      } else if (listKeys?.has(key) && view.resolve(pair.value) instanceof YAMLSeq) {
        listsOf.set(key, [...(listsOf.get(key) ?? []), view.list(pair.value)]);
      }
    }
  }
  out.items = out.items.map((pair) => {
    const key = view.keyOf(pair);
    const maps = key === undefined ? undefined : mapsOf.get(key);
    // Only when the winning value is a mapping too (a scalar or list set first replaces the defaults' mapping).
    if (maps && maps.length > 1 && view.map(pair.value) === maps[0]) {
      return new Pair(pair.key, mergedLayers(view, maps, undefined, depth + 1));
    }
    const lists = key === undefined ? undefined : listsOf.get(key);
    const itemKey = key === undefined ? undefined : listKeys?.get(key);
    if (lists && lists.length > 1 && itemKey !== undefined && view.list(pair.value)[0] === lists[0]?.[0]) {
      return new Pair(pair.key, mergedItems(view, lists, itemKey, (items) => mergedLayers(view, items, undefined, depth + 1)));
    }
    return pair;
  });
  return out;
}

/**
 * Lists merged as a strategic merge patch merges a list with a merge key: the first list's items in order (each
 * merged with the later lists' item of the same key), then the later lists' items of other keys. Items without the
 * key are kept as they are.
 */
function mergedItems(view: YamlView, lists: readonly (readonly Node[])[], itemKey: string, merge: (items: YAMLMap[]) => YAMLMap): YAMLSeq {
  const order: (string | Node)[] = [];
  const byKey = new Map<string, YAMLMap[]>();
  for (const list of lists) {
    for (const item of list) {
      const map = view.map(item);
      const id = map ? view.text(map, itemKey) : undefined;
      if (!map || id === undefined) {
        order.push(item);
        continue;
      }
      const same = byKey.get(id);
      if (same) {
        same.push(map);
      } else {
        byKey.set(id, [map]);
        order.push(id);
      }
    }
  }
  const seq = new YAMLSeq();
  for (const entry of order) {
    const maps = typeof entry === 'string' ? byKey.get(entry) : undefined;
    seq.items.push(maps === undefined ? entry : maps.length === 1 ? maps[0] : merge(maps));
  }
  return seq;
}

/**
 * A template's sidecars or init containers joined with templateDefaults' by name (strategic merge), each with
 * the node the rules read, the container's own mapping (for its anchor) and its index in the template's list
 * (undefined for one only templateDefaults names).
 */
function namedContainers(view: YamlView, template: YAMLMap, defaults: YAMLMap | undefined, key: 'sidecars' | 'initContainers'): { node: YAMLMap; own: YAMLMap; at?: number }[] {
  const own = view.list(view.get(template, key));
  const fromDefaults = view.list(view.get(defaults, key));
  const out: { node: YAMLMap; own: YAMLMap; at?: number }[] = [];
  const taken = new Set<string>();
  own.forEach((item, j) => {
    const map = withMergeKeys(view, view.map(item));
    if (!map) {
      return;
    }
    const name = view.text(map, 'name');
    const base = name === undefined ? undefined : fromDefaults.map((d) => view.map(d)).find((d) => d !== undefined && view.text(d, 'name') === name);
    if (name !== undefined) {
      taken.add(name);
    }
    out.push({ node: base ? mergedLayers(view, [map, base], containerListKeys) : map, own: map, at: j });
  });
  for (const item of fromDefaults) {
    const map = withMergeKeys(view, view.map(item));
    const name = map ? view.text(map, 'name') : undefined;
    if (map && (name === undefined || !taken.has(name))) {
      out.push({ node: map, own: map });
    }
  }
  return out;
}

function withoutKey(view: YamlView, map: YAMLMap | undefined, key: string): readonly Pair[] {
  return view.pairs(map).filter((p) => view.keyOf(p) !== key);
}

/** The mapping with `extra` items appended to its list at `key`. */
function withJoined(view: YamlView, map: YAMLMap, key: string, extra: readonly Node[]): YAMLMap {
  const own = view.pair(map, key);
  const seq = new YAMLSeq();
  seq.items.push(...view.list(own?.value), ...extra);
  const out = layered(view, [[...withoutKey(view, map, key), new Pair(own?.key ?? new Scalar(key), seq)]]);
  out.flow = map.flow === true;
  return out;
}

/**
 * The pod's volumes as the controller gives them: the template's (and templateDefaults'), then the
 * workflow's volumes and volumeClaimTemplates claims that one of its containers mounts (addVolumeReferences).
 * Undefined when the pod has none.
 */
function podVolumes(ctx: WorkflowContext, template: YAMLMap, containers: readonly ContainerRef[]): Pair | undefined {
  const { view } = ctx;
  const ownPair = view.pair(template, 'volumes');
  const items: Node[] = [];
  const names = new Set<string>();
  const add = (volume: Node): void => {
    const name = view.text(volume, 'name');
    if (name !== undefined && !names.has(name)) {
      names.add(name);
      items.push(volume);
    }
  };
  view.list(ownPair?.value).forEach(add);
  view.list(view.get(ctx.defaults, 'volumes')).forEach(add);
  const own = items.length;
  const mounted = new Set<string>();
  for (const c of containers) {
    for (const m of view.list(view.get(c.node, 'volumeMounts'))) {
      const name = view.text(m, 'name');
      if (name !== undefined) {
        mounted.add(name);
      }
    }
  }
  for (const volume of ctx.workflowVolumes) {
    const name = view.text(volume, 'name');
    if (name !== undefined && mounted.has(name)) {
      add(volume);
    }
  }
  for (const claim of ctx.claimTemplates) {
    const nameNode = view.at(claim, ['metadata', 'name']);
    const name = view.str(nameNode);
    if (name !== undefined && nameNode && mounted.has(name) && !names.has(name)) {
      // The controller creates a PersistentVolumeClaim per claim template and mounts it by name.
      const volume = new YAMLMap();
      volume.items.push(new Pair(new Scalar('name'), nameNode), new Pair(new Scalar('persistentVolumeClaim'), new YAMLMap()));
      add(volume);
    }
  }
  if (items.length === own && ownPair && view.list(view.get(ctx.defaults, 'volumes')).length === 0) {
    return ownPair;
  }
  if (items.length === 0) {
    return undefined;
  }
  const seq = new YAMLSeq();
  seq.items.push(...items);
  return new Pair(ownPair?.key ?? new Scalar('volumes'), seq);
}

/** `{{inputs.parameters.NAME}}` or `{{workflow.parameters.NAME}}`, alone: the scope and the name. */
const parameterReference = /^\s*\{\{\s*(inputs|workflow)\.parameters\.([\w.-]+)\s*\}\}\s*$/;

/** Whether a value is one Argo workflow parameter, filled in when the controller makes the pod. */
export function isArgoParameterReference(value: unknown): value is string {
  return typeof value === 'string' && parameterReference.test(value);
}

/**
 * The largest number an Argo document gives the parameter a value names (`"{{inputs.parameters.gpus}}"`): for
 * an input, its value, default and enum in the templates and the values steps and DAG tasks pass; for a workflow
 * parameter, spec.arguments'. Undefined when one of them is no literal number, or the document gives none (the
 * submitter or a caller elsewhere does). Inputs are matched by name across the document's templates.
 */
export function argoParameterMaximum(view: YamlView, reference: string): number | undefined {
  const m = parameterReference.exec(reference);
  const root = view.root;
  const spec = m && root ? view.map(view.at(root, argoWorkflowSpecPath(view.text(root, 'kind')))) : undefined;
  if (!m || !spec) {
    return undefined;
  }
  const [, scope, name] = m;
  const values: (Node | undefined)[] = [];
  /** The entries named `name` of a `parameters` list, with the fields that give it values. */
  const take = (parameters: Node | undefined, fields: readonly string[]): void => {
    for (const entry of view.list(parameters)) {
      if (view.text(entry, 'name') !== name) {
        continue;
      }
      const given = fields.map((f) => view.get(entry, f)).filter((v) => v !== undefined);
      values.push(...(given.length > 0 ? given : [undefined]), ...view.list(view.get(entry, 'enum')));
    }
  };
  if (scope === 'workflow') {
    take(view.at(spec, ['arguments', 'parameters']), ['value']);
  } else {
    const visit = (template: Node, depth: number): void => {
      take(view.at(template, ['inputs', 'parameters']), ['value', 'default']);
      const calls = [...view.list(view.get(template, 'steps')).flatMap((group) => view.list(group)), ...view.list(view.at(template, ['dag', 'tasks']))];
      for (const call of calls) {
        take(view.at(call, ['arguments', 'parameters']), ['value']);
        const inline = view.get(call, 'inline');
        if (inline && depth < maxInlineDepth) {
          visit(inline, depth + 1);
        }
      }
    };
    view.list(view.get(spec, 'templates')).forEach((t) => visit(t, 0));
  }
  let most: number | undefined;
  for (const node of values) {
    const n = node === undefined ? undefined : parseQuantity(view.scalar(node)?.value);
    if (n === undefined) {
      return undefined;
    }
    most = Math.max(most ?? n, n);
  }
  return most;
}

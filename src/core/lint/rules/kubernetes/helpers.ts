import type { Node, Pair, YAMLMap } from 'yaml';
import { parseImageRef } from '../../dockerfile/image-ref';
import { resourceEntries } from '../../kubernetes/gpu';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { insertionTarget } from '../../kubernetes/ml-operator-pods';
import { parseQuantity } from '../../kubernetes/quantity';
import { memoByString } from '../../string-memo';
import type { ContainerRef, KubeObject, PodContainer, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';

export { finding } from '../../kubernetes/rule';

export type { PodContainer };

/** An image reference, parsed once per image text (MLK201 and MLK202 both read it; images repeat across documents). Shared: do not modify. */
export const imageRef = memoByString((image: string) => parseImageRef(image.trim()));

/** Whether the caller shows quick fixes; when it does not (the CLI), rules skip building them. */
export function wantsFixes(ctx: KubernetesContext): boolean {
  return ctx.fixes !== false;
}

/**
 * Containers whose resources an operator fills in from the object that uses the template: Trainer
 * copies a TrainJob's `resourcesPerNode` into a training runtime's `node` container, KServe an
 * InferenceService's resources into a serving runtime's `kserve-container` (and its workerSpec's into
 * `worker-container`), Flyte a task's resources into a PodTemplate's `default`/`primary` base containers.
 * The resource rules leave
 * them to that object.
 */
export function resourcesSetAtRunTime(obj: KubeObject, c: ContainerRef): boolean {
  // Argo's podSpecPatch (a string the linter does not read) may set any container's resources.
  if (c.resourcesAtRunTime === true) {
    return true;
  }
  const kind = obj.kind;
  if (kind === 'TrainingRuntime' || kind === 'ClusterTrainingRuntime') {
    return c.name === 'node' && apiGroupOf(obj.apiVersion) === 'trainer.kubeflow.org';
  }
  if (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') {
    return (c.name === 'kserve-container' || c.name === 'worker-container') && apiGroupOf(obj.apiVersion) === 'serving.kserve.io';
  }
  // Flyte merges a PodTemplate's `default` and `primary` containers into the task's, whose resources it sets from the task.
  if (kind === 'PodTemplate') {
    return c.name === 'default' || c.name === 'primary';
  }
  return false;
}

/**
 * KServe's webhook gives an InferenceService's serving container (a component's first `containers` entry, or its
 * model-format container such as `model:` or `sklearn:`) cpu and memory requests and limits from its
 * inferenceservice-config when they are unset; ephemeral storage it leaves alone.
 */
export function kserveDefaultsCpuAndMemory(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  if (obj.kind !== 'InferenceService' || c.kind !== 'containers' || !/^serving\.kserve\.io$|^serving\.kubeflow\.org$/.test(apiGroupOf(obj.apiVersion))) {
    return false;
  }
  const listed = obj.view.list(obj.view.get(pod.spec, 'containers'));
  return !listed.includes(c.node) || listed[0] === c.node;
}

const allContainerKinds: readonly ContainerRef['kind'][] = ['containers', 'initContainers', 'ephemeralContainers'];

/** The app containers only (`containers`), for `containers(ctx, appContainers)`. */
export const appContainers: readonly ContainerRef['kind'][] = ['containers'];

/** App and init containers (not ephemeral ones), for `containers(ctx, appAndInitContainers)`. */
export const appAndInitContainers: readonly ContainerRef['kind'][] = ['containers', 'initContainers'];

/**
 * A plain init container (not a `restartPolicy: Always` sidecar) runs before the app containers, inside the pod's
 * reservation: the scheduler reserves the larger of the biggest init request and the app containers' sum. When an
 * app container requests `resource` (or limits it, which sets the request), the init container's missing request
 * reserves nothing less (the MySQL StatefulSet's init-mysql). Ask only on the reporting path.
 */
export function initRunsInPodRequest(view: YamlView, pod: PodSpecRef, c: ContainerRef, resource: 'cpu' | 'memory'): boolean {
  if (c.kind !== 'initContainers' || view.text(c.node, 'restartPolicy') === 'Always') {
    return false;
  }
  for (const other of pod.containers) {
    if (other.kind === 'containers') {
      const resources = view.get(other.node, 'resources');
      if (view.get(view.get(resources, 'requests'), resource) !== undefined || view.get(view.get(resources, 'limits'), resource) !== undefined) {
        return true;
      }
    }
  }
  return false;
}

function kindBit(kind: ContainerRef['kind']): number {
  return kind === 'containers' ? 1 : kind === 'initContainers' ? 2 : 4;
}

const allKindsMask = 7;

/** Every (pod, container) of the object; `kinds` limits the container kinds (default: all three). Shared: do not modify. */
export function containers(ctx: KubernetesContext, kinds: readonly ContainerRef['kind'][] = allContainerKinds): readonly PodContainer[] {
  const obj = ctx.object;
  if (!obj || obj.podSpecs.length === 0) {
    return noContainers;
  }
  let mask = 0;
  for (let i = 0; i < kinds.length; i++) {
    mask |= kindBit(kinds[i] as ContainerRef['kind']);
  }
  // Most rules walk the same containers, so each list is built once per document; most pods have
  // app containers only, and then every kind selection shares the one list.
  const lists = obj.view.derive(containerListsByMask, obj);
  let list = lists[mask];
  if (!list) {
    const all = (lists[allKindsMask] ??= allContainersOf(obj));
    list = selectsAll(all, mask) ? all : all.filter((pc) => (mask & kindBit(pc.c.kind)) !== 0);
    lists[mask] = list;
  }
  return list;
}

function allContainersOf(obj: KubeObject): PodContainer[] {
  const all: PodContainer[] = [];
  for (const pod of obj.podSpecs) {
    for (const c of pod.containers) {
      all.push({ obj, pod, c });
    }
  }
  return all;
}

/** Every container in `list` is of a kind in `mask`. */
function selectsAll(list: readonly PodContainer[], mask: number): boolean {
  for (let i = 0; i < list.length; i++) {
    if ((mask & kindBit((list[i] as PodContainer).c.kind)) === 0) {
      return false;
    }
  }
  return true;
}

const noContainers: readonly PodContainer[] = [];

/** Per object, the (pod, container) lists by container-kind mask, filled as rules ask. */
const containerListsByMask = derivation((): (readonly PodContainer[] | undefined)[] => [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);

export interface EnvEntry {
  name: string;
  item: YAMLMap;
  nameNode: Node;
  value?: string;
  hasValueFrom: boolean;
}

/** The container's `env` entries with a name. Shared: do not modify. */
export function envEntries(view: YamlView, container: Node): readonly EnvEntry[] {
  return view.derive(containerEnv, container);
}

const containerEnv = derivation((view, container: Node): EnvEntry[] => {
  const out: EnvEntry[] = [];
  for (const item of view.list(view.get(container, 'env'))) {
    const m = view.map(item);
    const nameNode = view.get(m, 'name');
    const name = view.str(nameNode);
    if (!m || name === undefined || !nameNode) {
      continue;
    }
    const value = view.text(m, 'value');
    out.push({ name, item: m, nameNode, hasValueFrom: view.get(m, 'valueFrom') !== undefined, ...(value !== undefined ? { value } : {}) });
  }
  return out;
});

export interface VolumeInfo {
  name: string;
  node: YAMLMap;
  nameNode: Node;
}

/** The pod's named volumes. Shared: do not modify. */
export function volumes(view: YamlView, pod: PodSpecRef): readonly VolumeInfo[] {
  return view.derive(podVolumes, pod.spec);
}

const podVolumes = derivation((view, spec: YAMLMap): VolumeInfo[] => {
  const out: VolumeInfo[] = [];
  for (const item of view.list(view.get(spec, 'volumes'))) {
    const m = view.map(item);
    const nameNode = view.get(m, 'name');
    const name = view.str(nameNode);
    if (m && nameNode && name !== undefined) {
      out.push({ name, node: m, nameNode });
    }
  }
  return out;
});

export interface MountInfo {
  name: string;
  mountPath?: string;
  node: YAMLMap;
}

/** The container's named volume mounts. Shared: do not modify. */
export function mounts(view: YamlView, container: Node): readonly MountInfo[] {
  return view.derive(containerMounts, container);
}

const containerMounts = derivation((view, container: Node): MountInfo[] => {
  const out: MountInfo[] = [];
  for (const item of view.list(view.get(container, 'volumeMounts'))) {
    const m = view.map(item);
    const name = view.text(m, 'name');
    if (m && name !== undefined) {
      const mountPath = view.text(m, 'mountPath');
      out.push({ name, node: m, ...(mountPath !== undefined ? { mountPath } : {}) });
    }
  }
  return out;
});

/** An emptyDir with `medium: Memory`. */
export function isMemoryEmptyDir(view: YamlView, volume: Node): boolean {
  return view.text(view.get(volume, 'emptyDir'), 'medium') === 'Memory';
}

/** The pod's memory limit: the sum of its app containers' limits, undefined when one sets none the linter reads. */
export function podMemoryLimit(view: YamlView, pod: PodSpecRef): number | undefined {
  let total = 0;
  for (const c of pod.containers.filter((k) => k.kind === 'containers')) {
    const limit = parseQuantity(view.scalar(view.at(c.node, ['resources', 'limits', 'memory']))?.value);
    if (limit === undefined) {
      return undefined;
    }
    total += limit;
  }
  return total;
}

/** Column (1-based) where the keys of a mapping start. */
export function keyColumn(view: YamlView, map: YAMLMap): number {
  return view.range(map.items[0])?.start.column ?? 1;
}

/** The first line after a pair's value (where a sibling key can be inserted). */
function lineAfter(view: YamlView, pair: Pair): number {
  const v = (pair.value ?? pair.key) as Node | null;
  const end = v?.range?.[1] ?? (pair.key as Node).range?.[1] ?? 0;
  return view.file.lineCounter.linePos(Math.max(0, end - 1)).line + 1;
}

/**
 * Inserts lines as new entries of a block mapping, after its first entry (so it works for
 * `- name: x` items too). `text` is given without indentation; each line gets the map's key indent.
 */
export function insertIntoMap(view: YamlView, assembled: YAMLMap, text: string): TextEdit | undefined {
  const map = insertionTarget(assembled);
  const first = map?.items[0];
  if (!map || !first || map.flow) {
    return undefined;
  }
  // A key the map already has (`resources:` with no value) would be written twice: no fix then.
  const key = /^([^:\s]+):/.exec(text)?.[1];
  if (key !== undefined && (view.pair(map, key) !== undefined || view.pair(assembled, key) !== undefined)) {
    return undefined;
  }
  const indent = ' '.repeat(keyColumn(view, map) - 1);
  const body = text.split('\n').map((l) => `${indent}${l}`).join('\n');
  const line = lineAfter(view, first);
  const lines = view.file.lines;
  if (line > lines.length || (line === lines.length && lines[line - 1] === '')) {
    const last = lines.length;
    const lastText = (lines[last - 1] ?? '').replace(/\r$/, '');
    if (lastText === '') {
      return { range: { start: { line: last, column: 1 }, end: { line: last, column: 1 } }, newText: `${body}\n` };
    }
    return { range: { start: { line: last, column: lastText.length + 1 }, end: { line: last, column: lastText.length + 1 } }, newText: `\n${body}` };
  }
  return { range: { start: { line, column: 1 }, end: { line, column: 1 } }, newText: `${body}\n` };
}

/** Levenshtein distance (small strings). */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** The edit distance when it is at most `limit`, else some number above `limit` (cheap for small limits). */
export function distanceWithin(a: string, b: string, limit: number): number {
  if (!Number.isFinite(limit)) {
    return distance(a, b);
  }
  if (Math.abs(a.length - b.length) > limit) {
    return limit + 1;
  }
  if (limit <= 0 || a === b) {
    return a === b ? 0 : 1;
  }
  const d = distance(a, b);
  return d <= limit ? d : limit + 1;
}

export function nearest(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(value.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** How to name a container in messages. */
export function containerLabel(c: ContainerRef): string {
  const kind = c.kind === 'containers' ? 'container' : c.kind === 'initContainers' ? 'init container' : 'ephemeral container';
  return c.name !== undefined ? `${kind} "${c.name}"` : kind;
}

/** Resource names a pod's containers request or limit. */
export function resourceNames(view: YamlView, pod: PodSpecRef): string[] {
  const names: string[] = [];
  for (const c of pod.containers) {
    for (const section of ['limits', 'requests'] as const) {
      for (const { name } of resourceEntries(view, c.node, section)) {
        names.push(name);
      }
    }
  }
  return names;
}

import type { Node } from 'yaml';
import type { PodSpecRef } from '../kubernetes/model';
import type { YamlView } from '../yaml/access';
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
  for (const [k, pair] of view.entries(node)) {
    const v = view.str(pair.value);
    if (v !== undefined) {
      out.set(k, v);
    }
  }
  return out;
}

/** Pod templates (and bare Pods) whose labels are written in the manifest. */
export function labelledPods(ws: WorkspaceModel, namespace?: string): LabelledPod[] {
  const out: LabelledPod[] = [];
  for (const entry of ws.objects) {
    if (namespace !== undefined && entry.namespace !== namespace) {
      continue;
    }
    const { obj } = entry;
    for (const pod of obj.podSpecs) {
      const metadata = obj.kind === 'Pod' ? obj.view.get(obj.root, 'metadata') : pod.templateMetadata;
      const labelsNode = obj.view.get(metadata, 'labels');
      if (labelsNode !== undefined) {
        out.push({ entry, pod, labels: labelsOf(obj.view, labelsNode) });
      }
    }
  }
  return out;
}

/** Equality selector (Service `spec.selector`): every pair present in the labels. */
export function mapSelects(selector: Labels, labels: Labels): boolean {
  return [...selector].every(([k, v]) => labels.get(k) === v);
}

/** A metav1.LabelSelector: matchLabels and matchExpressions; undefined when it cannot be evaluated. */
export function labelSelectorMatches(view: YamlView, selector: Node | undefined, labels: Labels): boolean | undefined {
  if (!mapSelects(labelsOf(view, view.get(selector, 'matchLabels')), labels)) {
    return false;
  }
  for (const expr of view.items(view.get(selector, 'matchExpressions'))) {
    const key = view.text(expr, 'key');
    const operator = view.text(expr, 'operator');
    const values = view.items(view.get(expr, 'values')).map((v) => view.str(v));
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

/** An empty label selector (`{}` or no keys) selects everything. */
export function isEmptySelector(view: YamlView, selector: Node | undefined): boolean {
  return view.entries(view.get(selector, 'matchLabels')).length === 0 && view.items(view.get(selector, 'matchExpressions')).length === 0;
}

export function objectsOfKind(ws: WorkspaceModel, kind: string, namespace?: string): ObjectEntry[] {
  return ws.objects.filter((o) => o.obj.kind === kind && (namespace === undefined || o.namespace === namespace));
}

/** The workload an HPA's `scaleTargetRef` names, in the HPA's namespace. */
export function hpaTarget(ws: WorkspaceModel, hpa: ObjectEntry): ObjectEntry | undefined {
  const ref = hpa.obj.view.at(hpa.obj.root, ['spec', 'scaleTargetRef']);
  const kind = hpa.obj.view.text(ref, 'kind');
  const name = hpa.obj.view.text(ref, 'name');
  return ws.objects.find((o) => o.namespace === hpa.namespace && o.obj.kind === kind && o.obj.name === name && kind !== undefined && name !== undefined);
}

export const scalableKinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** `spec.replicas` of a scalable workload (default 1); undefined for other kinds or non-numeric values. */
export function replicasOf(entry: ObjectEntry): number | undefined {
  if (!scalableKinds.has(entry.obj.kind ?? '')) {
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

/** A namespace holds at least one object of this kind in scope (trap T22 scope guard). */
export function hasKindIn(ws: WorkspaceModel, kind: string, namespace: string): boolean {
  return ws.objects.some((o) => o.obj.kind === kind && o.namespace === namespace);
}

/** Every (pod, container) of the object's pod specs with the given container kinds. */
export function containersOf(entry: ObjectEntry, kinds: readonly string[] = ['containers', 'initContainers', 'ephemeralContainers']) {
  return entry.obj.podSpecs.flatMap((pod) => pod.containers.filter((c) => kinds.includes(c.kind)).map((c) => ({ pod, c })));
}

/** Labels that controllers and operators add to the pods they create; manifests never show them. */
const generatedLabelRe = /^(?:ray\.io\/|serving\.kserve\.io\/|training\.kubeflow\.org\/|leaderworkerset\.sigs\.k8s\.io\/|jobset\.sigs\.k8s\.io\/|batch\.kubernetes\.io\/|statefulset\.kubernetes\.io\/|apps\.kubernetes\.io\/|controller-uid$|job-name$|pod-template-hash$|controller-revision-hash$)/;

/** A selector that names a generated label cannot be judged from the manifests. */
export function selectsGeneratedLabels(keys: Iterable<string>): boolean {
  return [...keys].some((k) => generatedLabelRe.test(k));
}

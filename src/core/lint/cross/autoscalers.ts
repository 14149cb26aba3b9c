import { isControllerOwned } from '../kubernetes/model';
import { apiGroupOf } from '../kubernetes/operator-pods';
import type { Range } from '../types';
import { indexKind, objectNamedAppliedWith, objectsOfKind } from './kube';
import { hpaTargetRenamed, unrenamedReference } from './kustomize-unrenamed';
import type { ObjectEntry, WorkspaceModel } from './model';

export type AutoscalerKind = 'HorizontalPodAutoscaler' | 'ScaledObject' | 'VerticalPodAutoscaler';

/** An autoscaler in scope and the workload in scope it points at. */
export interface TargetedAutoscaler {
  kind: AutoscalerKind;
  entry: ObjectEntry;
  target: ObjectEntry;
  /** The `name` of its scaleTargetRef (targetRef for a VPA), and where it is written. */
  refName: string;
  refRange: Range;
}

/**
 * The workload a reference (`scaleTargetRef`, `targetRef`) names in the autoscaler's namespace, among those applied with
 * it (objectNamedAppliedWith: another example's namesake is not it); KEDA's default to an apps/v1 Deployment.
 */
function referenced(ws: WorkspaceModel, entry: ObjectEntry, refKey: string, defaultKind?: string): Pick<TargetedAutoscaler, 'target' | 'refName' | 'refRange'> | undefined {
  const { view, root } = entry.obj;
  const ref = view.at(root, ['spec', refKey]);
  const name = view.text(ref, 'name');
  const refRange = view.valueRange(ref, 'name');
  const kind = view.text(ref, 'kind') ?? defaultKind;
  if (name === undefined || refRange === undefined || kind === undefined) {
    return undefined;
  }
  const apiVersion = view.text(ref, 'apiVersion') ?? (defaultKind !== undefined ? 'apps/v1' : undefined);
  const target = objectNamedAppliedWith(ws, indexKind(kind, apiVersion), entry.namespace, name, entry);
  // A reference kustomize does not rewrite names the target as it was before a namePrefix: nothing in the build.
  const rewritten = refKey === 'scaleTargetRef' && defaultKind === undefined && hpaTargetRenamed(kind);
  return target && (rewritten || unrenamedReference(entry, target, name) === undefined) ? { target, refName: name, refRange } : undefined;
}

function targeted(ws: WorkspaceModel, kind: AutoscalerKind, entry: ObjectEntry): TargetedAutoscaler | undefined {
  const found = kind === 'ScaledObject' ? referenced(ws, entry, 'scaleTargetRef', 'Deployment') : referenced(ws, entry, kind === 'HorizontalPodAutoscaler' ? 'scaleTargetRef' : 'targetRef');
  return found ? { kind, entry, ...found } : undefined;
}

/** The API group each autoscaler kind must come from: another group's kind of that name is someone else's. */
const autoscalerGroups: Readonly<Record<AutoscalerKind, string>> = {
  HorizontalPodAutoscaler: 'autoscaling',
  ScaledObject: 'keda.sh',
  VerticalPodAutoscaler: 'autoscaling.k8s.io',
};

function inFileOrder(a: TargetedAutoscaler, b: TargetedAutoscaler): number {
  return a.entry.path < b.entry.path ? -1 : a.entry.path > b.entry.path ? 1 : a.entry.obj.anchor.start.line - b.entry.obj.anchor.start.line;
}

/**
 * The workloads in scope that two or more autoscalers in scope point at (HPAs, KEDA ScaledObjects, VPAs), each with its
 * autoscalers in file order. An autoscaler a controller made (KEDA's own `keda-hpa-*` in a cluster export) is its owner's.
 */
export function sharedTargets(ws: WorkspaceModel): TargetedAutoscaler[][] {
  const byTarget = new Map<ObjectEntry, TargetedAutoscaler[]>();
  for (const kind of Object.keys(autoscalerGroups) as AutoscalerKind[]) {
    for (const entry of objectsOfKind(ws, kind)) {
      if (apiGroupOf(entry.obj.apiVersion) !== autoscalerGroups[kind] || isControllerOwned(entry.obj)) {
        continue;
      }
      const found = targeted(ws, kind, entry);
      if (found) {
        const list = byTarget.get(found.target);
        if (list) {
          list.push(found);
        } else {
          byTarget.set(found.target, [found]);
        }
      }
    }
  }
  return [...byTarget.values()].filter((list) => list.length > 1).map((list) => list.sort(inFileOrder));
}

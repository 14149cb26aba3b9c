import type { Node } from 'yaml';
import { appliedAsOneSet } from '../../cross/applied-together';
import { closest } from '../../cross/closest';
import { customResourceMayMake } from '../../cross/custom-resource-children';
import { appliedWithRemoteBase, helmChartMayMake, objectAppliedTogether, objectNamed, objectsOfKind, replacedField } from '../../cross/kube';
import { likelyMeant } from '../../cross/likely-meant';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import { nameFilledInLater } from '../../cross/object-names';
import type { CrossFinding } from '../../cross/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { isInferenceGroup } from './mlx019-inference-pool-api';

/** A route's backendRef to an InferencePool: the entry, its field path, and the namespace it names (unset: the route's). */
interface PoolRef {
  node: Node;
  path: string;
  namespace?: string;
}

/** Each `backendRefs` entry of a Gateway API route that names an InferencePool of either Inference Extension group. */
function poolRefs(route: ObjectEntry): PoolRef[] {
  const view = route.obj.view;
  const out: PoolRef[] = [];
  view.items(view.at(route.obj.root, ['spec', 'rules'])).forEach((r, i) =>
    view.items(view.get(r, 'backendRefs')).forEach((b, j) => {
      if (view.text(b, 'kind') === 'InferencePool' && isInferenceGroup(view.text(b, 'group'))) {
        const namespace = view.text(b, 'namespace');
        out.push({ node: b, path: `spec.rules.${i}.backendRefs.${j}`, ...(namespace !== undefined && namespace !== '' ? { namespace } : {}) });
      }
    }),
  );
  return out;
}

/**
 * The names of the Inference Extension's InferencePools in the namespace that are applied as one set with the route:
 * the evidence that the route's pools are written beside it, not installed by a chart (trap T22). Pools of other
 * folders are other apps' (a repository's examples, each applied on its own).
 */
function poolsBeside(ws: WorkspaceModel, route: ObjectEntry, namespace: string): string[] {
  return objectsOfKind(ws, 'InferencePool', namespace)
    .filter((e) => isInferenceGroup(apiGroupOf(e.obj.apiVersion)) && appliedAsOneSet(ws, route.path, e.path))
    .map((e) => e.obj.name)
    .filter((n): n is string => n !== undefined);
}

/**
 * The pool a backendRef names may be made out of scope: by a remote kustomize base applied with the route, a Helm chart
 * rendered into the namespace (the inferencepool chart names it after its release), or an operator's custom resource.
 */
function madeElsewhere(ws: WorkspaceModel, route: ObjectEntry, namespace: string, name: string): boolean {
  return appliedWithRemoteBase(ws, route) || helmChartMayMake(ws, namespace, name) || customResourceMayMake(ws, namespace, name);
}

/**
 * The backendRefs of a Gateway API route that name an InferencePool not in scope, when pools of that namespace are
 * applied with the route. The backendRef's port is not judged: traffic goes to the pool's targetPorts, and the
 * implementations ignore a port written there (kgateway, Istio; the Inference Extension's conformance tests accept one
 * that matches no target port).
 */
export function unresolvedPoolBackends(ws: WorkspaceModel, route: ObjectEntry, what: string): CrossFinding[] {
  const view = route.obj.view;
  const out: CrossFinding[] = [];
  for (const ref of poolRefs(route)) {
    const namespace = ref.namespace ?? route.namespace;
    const name = view.text(ref.node, 'name');
    const range = view.valueRange(ref.node, 'name');
    if (name === undefined || !range || nameFilledInLater(name) || replacedField(route, `${ref.path}.name`)) {
      continue;
    }
    const pools = poolsBeside(ws, route, namespace);
    if (pools.length === 0 || objectNamed(ws, 'InferencePool', namespace, name, route)) {
      continue;
    }
    if ((ref.namespace === undefined && objectAppliedTogether(ws, route, 'InferencePool', name)) || madeElsewhere(ws, route, namespace, name)) {
      continue;
    }
    const guess = likelyMeant(name, closest(name, pools));
    out.push({
      path: route.path,
      range,
      object: route.obj,
      message: `${what} InferencePool "${name}" is not in namespace ${namespace} in scope${guess !== undefined ? `; did you mean "${guess}"?` : `; point the ${what} at an existing InferencePool.`}`,
      ...(guess !== undefined ? { fix: { title: `Use InferencePool "${guess}"`, edits: [{ range, newText: guess }] } } : {}),
    });
  }
  return out;
}

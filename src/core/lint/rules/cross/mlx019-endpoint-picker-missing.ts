import { appliedAsOneSet } from '../../cross/applied-together';
import { closest } from '../../cross/closest';
import { customResourceMayMake } from '../../cross/custom-resource-children';
import type { LabelledPod } from '../../cross/kube';
import {
  appliedWithRemoteBase,
  goesBy,
  hasKindIn,
  helmChartMayMake,
  labelledPods,
  mapSelects,
  objectAppliedTogether,
  objectNamed,
  objectsOfKind,
  operatorMadeService,
  replacedField,
  serviceSelector,
} from '../../cross/kube';
import { likelyMeant } from '../../cross/likely-meant';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import { nameFilledInLater } from '../../cross/object-names';
import type { CrossFinding } from '../../cross/rule';
import { readEndpointPickerRef } from './mlx019-inference-pool-api';

/** The endpoint picker's flag that names its pool: `--pool-name` (v1), `-poolName` (before), either with `=value`. */
const poolNameFlagRe = /^--?(?:pool-name|poolName)(?:=(.*))?$/;

/** The pool a container's command line names with the endpoint picker's flag, if any. */
function poolNamed(words: readonly (string | undefined)[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const m = poolNameFlagRe.exec(words[i] ?? '');
    if (m) {
      return m[1] ?? words[i + 1];
    }
  }
  return undefined;
}

/**
 * The pods applied as one set with the pool, in its namespace, whose container runs the endpoint picker for this pool (its flag
 * names the pool).
 */
function pickerPods(ws: WorkspaceModel, pool: ObjectEntry): LabelledPod[] {
  return labelledPods(ws, pool.namespace).filter((p) => {
    const view = p.entry.obj.view;
    if (!appliedAsOneSet(ws, pool.path, p.entry.path)) {
      return false;
    }
    return p.pod.containers.some((c) => {
      const words = ['command', 'args'].flatMap((key) => view.list(view.get(c.node, key)).map((n) => view.str(n)));
      const named = poolNamed(words);
      return named !== undefined && goesBy(pool, named);
    });
  });
}

/** The Service a picker reference most likely means: the one Service that selects the picker's pods, else the nearest name. */
function likelyPickerService(ws: WorkspaceModel, namespace: string, name: string, pickers: readonly LabelledPod[]): string | undefined {
  const services = objectsOfKind(ws, 'Service', namespace);
  const selecting = services.filter((s) => {
    const selector = serviceSelector(s);
    return selector.size > 0 && pickers.some((p) => mapSelects(selector, p.labels));
  });
  const names = (selecting.length === 1 ? selecting : services).map((s) => s.obj.name).filter((n): n is string => n !== undefined);
  return likelyMeant(name, selecting.length === 1 ? names[0] : closest(name, names));
}

/**
 * An InferencePool whose endpoint picker reference names a Service that is not in its namespace in scope. Helm charts
 * often make the picker and its Service, so this is judged only when the picker's own workload is in scope there (its
 * `--pool-name` names the pool): then the manifests hold the whole app, and the missing Service is a mistake.
 */
export function missingEndpointPicker(ws: WorkspaceModel, pool: ObjectEntry): CrossFinding | undefined {
  const ref = readEndpointPickerRef(pool);
  if (!ref) {
    return undefined;
  }
  const { view } = pool.obj;
  const namespace = pool.namespace;
  const name = view.text(ref.node, 'name');
  const range = view.valueRange(ref.node, 'name');
  if (name === undefined || !range || nameFilledInLater(name) || replacedField(pool, `${ref.path}.name`) || !hasKindIn(ws, 'Service', namespace)) {
    return undefined;
  }
  if (objectNamed(ws, 'Service', namespace, name, pool) || objectAppliedTogether(ws, pool, 'Service', name)) {
    return undefined;
  }
  if (appliedWithRemoteBase(ws, pool) || helmChartMayMake(ws, namespace, name) || operatorMadeService(ws, namespace, name) || customResourceMayMake(ws, namespace, name)) {
    return undefined;
  }
  const pickers = pickerPods(ws, pool);
  const picker = pickers[0];
  if (!picker) {
    return undefined;
  }
  const guess = likelyPickerService(ws, namespace, name, pickers);
  const advice = guess !== undefined ? `did you mean "${guess}"?` : "add a Service that selects the endpoint picker's pods, or name the one that does.";
  return {
    path: pool.path,
    range,
    object: pool.obj,
    message: `InferencePool ${pool.obj.name ?? ''} names endpoint picker Service "${name}", which is not in namespace ${namespace} in scope, though the picker runs there; the gateway cannot reach the picker, so requests to the pool fail: ${advice}`,
    related: { file: picker.entry.path, range: picker.pod.anchor, message: 'the endpoint picker of the pool' },
    ...(guess !== undefined ? { fix: { title: `Use Service "${guess}"`, edits: [{ range, newText: guess }] } } : {}),
  };
}

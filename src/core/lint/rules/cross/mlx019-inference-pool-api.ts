import type { Node } from 'yaml';
import type { Labels } from '../../cross/kube';
import { labelsOf } from '../../cross/kube';
import type { ObjectEntry } from '../../cross/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { Range } from '../../types';

/** The Gateway API Inference Extension's API groups: the v1 one, and the experimental one of v1alpha2. */
const stableGroup = 'inference.networking.k8s.io';
const experimentalGroup = 'inference.networking.x-k8s.io';

/** Whether an API group is one of the Gateway API Inference Extension's (where InferencePool is defined). */
export function isInferenceGroup(group: string | undefined): boolean {
  return group === stableGroup || group === experimentalGroup;
}

/** What the lint reads of an InferencePool: its selector's labels, and where the selector is. */
export interface InferencePool {
  selector: Labels;
  selectorRange: Range;
}

/**
 * The pool's selector, by its API group: v1 selects with `spec.selector.matchLabels`, v1alpha1 and v1alpha2 with the
 * plain label map `spec.selector`. Undefined for an object of another group, or one without a selector.
 */
export function readInferencePool(entry: ObjectEntry): InferencePool | undefined {
  const { view, root } = entry.obj;
  const group = apiGroupOf(entry.obj.apiVersion);
  if (!isInferenceGroup(group)) {
    return undefined;
  }
  const selectorNode = view.at(root, ['spec', 'selector']);
  const selectorRange = view.rangeOfKey(root, ['spec', 'selector']);
  if (selectorNode === undefined || !selectorRange) {
    return undefined;
  }
  const selector = labelsOf(view, group === stableGroup ? view.get(selectorNode, 'matchLabels') : selectorNode);
  return { selector, selectorRange };
}

/** A pool's reference to its endpoint picker's Service: the mapping that names it, and that mapping's field path. */
export interface EndpointPickerRef {
  node: Node;
  path: string;
}

/**
 * The reference to the endpoint picker, when it names a core Service (no `group`/`kind`, or `""`/`Service`): v1's
 * `spec.endpointPickerRef`, v1alpha2's `spec.extensionRef`. Undefined for an object of another group.
 */
export function readEndpointPickerRef(entry: ObjectEntry): EndpointPickerRef | undefined {
  const { view, root } = entry.obj;
  if (!isInferenceGroup(apiGroupOf(entry.obj.apiVersion))) {
    return undefined;
  }
  for (const key of ['endpointPickerRef', 'extensionRef']) {
    const node = view.at(root, ['spec', key]);
    if (node !== undefined) {
      const group = view.text(node, 'group') ?? '';
      const kind = view.text(node, 'kind') ?? 'Service';
      return group === '' && kind === 'Service' ? { node, path: `spec.${key}` } : undefined;
    }
  }
  return undefined;
}

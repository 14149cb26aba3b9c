import type { Labels } from '../../cross/kube';
import { labelsOf } from '../../cross/kube';
import type { ObjectEntry } from '../../cross/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { Range } from '../../types';

/** The Gateway API Inference Extension's API groups: the v1 one, and the experimental one of v1alpha2. */
const stableGroup = 'inference.networking.k8s.io';
const experimentalGroup = 'inference.networking.x-k8s.io';

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
  if (group !== stableGroup && group !== experimentalGroup) {
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

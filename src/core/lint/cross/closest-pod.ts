import { distanceWithin } from '../rules/kubernetes/helpers';
import type { Labels, LabelledPod } from './kube';
import { OneEditIndex } from './one-edit';

/** Selector keys a pod lacks cost this much each; differing values cost their edit distance. */
export const missingKeyCost = 10;

/** The pod's score when it is below `bound`, else a number ≥ `bound` (so most pods cost a string compare). */
function scoreBelow(selector: Labels, labels: Labels, bound: number): number {
  let total = 0;
  for (const [k, v] of selector) {
    const have = labels.get(k);
    total += have === undefined ? missingKeyCost : distanceWithin(v, have, bound - total - 1);
    if (total >= bound) {
      return total;
    }
  }
  return total;
}

/** Label lookups over one list of pods (a namespace's), built on first use and kept while the list lives. */
interface PodLabelIndex {
  position: Map<LabelledPod, number>;
  /** label key → value → pods with it, in list order. */
  byLabel: Map<string, Map<string, LabelledPod[]>>;
  nearByKey: Map<string, OneEditIndex>;
}

const indexes = new WeakMap<readonly LabelledPod[], PodLabelIndex>();

function indexOf(pods: readonly LabelledPod[]): PodLabelIndex {
  let index = indexes.get(pods);
  if (!index) {
    index = { position: new Map(), byLabel: new Map(), nearByKey: new Map() };
    for (const [i, p] of pods.entries()) {
      index.position.set(p, i);
      for (const [k, v] of p.labels) {
        let values = index.byLabel.get(k);
        if (!values) {
          values = new Map();
          index.byLabel.set(k, values);
        }
        const list = values.get(v);
        if (list) {
          list.push(p);
        } else {
          values.set(v, [p]);
        }
      }
    }
    indexes.set(pods, index);
  }
  return index;
}

function nearValues(index: PodLabelIndex, key: string, value: string): string[] {
  let near = index.nearByKey.get(key);
  if (!near) {
    near = new OneEditIndex(index.byLabel.get(key)?.keys());
    index.nearByKey.set(key, near);
  }
  return near.near(value);
}

/**
 * The earliest pod at score 1: every selector pair present and equal but one, whose value is one
 * edit away. Found through the label index, without scoring every pod.
 */
function firstAtScoreOne(pods: readonly LabelledPod[], selector: Labels): LabelledPod | undefined {
  const index = indexOf(pods);
  const wanted = [...selector];
  let best = Infinity;
  for (const [key, value] of wanted) {
    for (const near of nearValues(index, key, value)) {
      for (const p of index.byLabel.get(key)?.get(near) ?? []) {
        const at = index.position.get(p) as number;
        if (at < best && wanted.every(([k, v]) => k === key || p.labels.get(k) === v)) {
          best = at;
        }
      }
    }
  }
  return pods[best];
}

/**
 * The first pod with the lowest score (what a stable sort by score would put first), for a selector
 * that selects none of `pods`, so every score is at least 1. Score 1 is looked up in an index; only
 * when no pod is that close are the pods scored one by one (stopping at the first at 2, the least left).
 */
export function closestPod(pods: readonly LabelledPod[], selector: Labels): LabelledPod | undefined {
  if (selector.size === 0) {
    return pods[0];
  }
  const atOne = firstAtScoreOne(pods, selector);
  if (atOne) {
    return atOne;
  }
  let best: LabelledPod | undefined;
  let bestScore = Infinity;
  for (const p of pods) {
    const s = scoreBelow(selector, p.labels, bestScore);
    if (s < bestScore) {
      best = p;
      bestScore = s;
      if (s <= 2) {
        break;
      }
    }
  }
  return best;
}

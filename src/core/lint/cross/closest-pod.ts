import { distanceWithin } from '../rules/kubernetes/helpers';
import type { Labels, LabelledPod } from './kube';
import { OneEditIndex } from './one-edit';

/** Selector keys a pod lacks cost this much each; differing values cost their edit distance. */
export const missingKeyCost = 10;

/** The pod's score when it is below `bound`, else a number ≥ `bound` (so most pods cost a string compare). */
function scoreBelow(selector: Labels, labels: Labels, bound: number): number {
  let total = 0;
  for (const k of selector.keys()) {
    const have = labels.get(k);
    total += have === undefined ? missingKeyCost : distanceWithin(selector.get(k) as string, have, bound - total - 1);
    if (total >= bound) {
      return total;
    }
  }
  return total;
}

/** The pods of one list that carry one label value: their positions in the list, ascending. */
interface ValuePods {
  pods: LabelledPod[];
  positions: number[];
}

/** Label lookups over one list of pods (a namespace's), built on first use and kept while the list lives. */
interface PodLabelIndex {
  /** label key → value → pods with it. */
  byLabel: Map<string, Map<string, ValuePods>>;
  nearByKey: Map<string, OneEditIndex<ValuePods>>;
}

const indexes = new WeakMap<readonly LabelledPod[], PodLabelIndex>();

function indexOf(pods: readonly LabelledPod[]): PodLabelIndex {
  let index = indexes.get(pods);
  if (!index) {
    const byLabel = new Map<string, Map<string, ValuePods>>();
    index = { byLabel, nearByKey: new Map() };
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i] as LabelledPod;
      p.labels.forEach((v, k) => {
        let values = byLabel.get(k);
        if (!values) {
          values = new Map();
          byLabel.set(k, values);
        }
        const withValue = values.get(v);
        if (withValue) {
          withValue.pods.push(p);
          withValue.positions.push(i);
        } else {
          values.set(v, { pods: [p], positions: [i] });
        }
      });
    }
    indexes.set(pods, index);
  }
  return index;
}

function nearIndex(index: PodLabelIndex, key: string): OneEditIndex<ValuePods> | undefined {
  let near = index.nearByKey.get(key);
  if (!near) {
    const values = index.byLabel.get(key);
    if (!values) {
      return undefined;
    }
    near = new OneEditIndex(values);
    index.nearByKey.set(key, near);
  }
  return near;
}

/** Every selector pair but `except`'s is in the labels with the same value. */
function matchesOthers(selector: Labels, except: string, labels: Labels): boolean {
  for (const k of selector.keys()) {
    if (k !== except && labels.get(k) !== selector.get(k)) {
      return false;
    }
  }
  return true;
}

/** The earliest pod the (equality) selector selects, through the label index. */
function firstSelected(index: PodLabelIndex, selector: Labels): LabelledPod | undefined {
  let narrowest: ValuePods | undefined;
  for (const [k, v] of selector) {
    const withValue = index.byLabel.get(k)?.get(v);
    if (!withValue) {
      return undefined;
    }
    if (!narrowest || withValue.pods.length < narrowest.pods.length) {
      narrowest = withValue;
    }
  }
  return narrowest?.pods.find((p) => matchesOthers(selector, '', p.labels));
}

/**
 * The earliest pod at score 1: every selector pair present and equal but one, whose value is one
 * edit away. Found through the label index, without scoring every pod.
 */
function firstAtScoreOne(pods: readonly LabelledPod[], selector: Labels): LabelledPod | undefined {
  const index = indexOf(pods);
  let best = Infinity;
  selector.forEach((value, key) => {
    nearIndex(index, key)?.visitNear(value, (withValue) => {
      // Positions ascend: the first match is the earliest of this value's pods.
      for (let i = 0; i < withValue.positions.length && (withValue.positions[i] as number) < best; i++) {
        if (matchesOthers(selector, key, (withValue.pods[i] as LabelledPod).labels)) {
          best = withValue.positions[i] as number;
          return;
        }
      }
    });
  });
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
  // A key no pod has costs every pod the same: rank on the other keys alone (the order is the same),
  // or a selector with such a key would score every pod in turn (quadratic over many Services).
  const index = indexOf(pods);
  if ([...selector.keys()].some((k) => !index.byLabel.has(k))) {
    const reduced: Labels = new Map([...selector].filter(([k]) => index.byLabel.has(k)));
    return reduced.size === 0 ? pods[0] : (firstSelected(index, reduced) ?? closestPod(pods, reduced));
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

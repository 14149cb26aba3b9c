import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';

/** Does a LabelSelector (matchLabels + matchExpressions) select the given labels? undefined when it cannot tell. */
export function selectorMatches(view: YamlView, selector: Node | undefined, labels: Map<string, string>): boolean | undefined {
  if (!selector) {
    return undefined;
  }
  for (const pair of view.pairs(view.get(selector, 'matchLabels'))) {
    const k = view.keyOf(pair);
    if (k === undefined) {
      continue;
    }
    const v = view.str(pair.value);
    if (v === undefined) {
      return undefined;
    }
    if (labels.get(k) !== v) {
      return false;
    }
  }
  for (const e of view.list(view.get(selector, 'matchExpressions'))) {
    const key = view.text(e, 'key');
    const op = view.text(e, 'operator');
    const values = view.list(view.get(e, 'values')).map((n) => view.str(n));
    if (key === undefined || op === undefined || values.some((v) => v === undefined)) {
      return undefined;
    }
    const has = labels.has(key);
    const value = labels.get(key);
    const ok = op === 'In' ? has && values.includes(value) : op === 'NotIn' ? !has || !values.includes(value) : op === 'Exists' ? has : op === 'DoesNotExist' ? !has : undefined;
    if (ok === undefined) {
      return undefined;
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

export function labelMap(view: YamlView, metadata: Node | undefined): Map<string, string> {
  return stringMap(view, view.get(metadata, 'labels'));
}

/** A mapping's entries whose key and value are both text (labels, a Service's selector). */
export function stringMap(view: YamlView, map: Node | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of view.pairs(map)) {
    const k = view.keyOf(pair);
    const v = view.str(pair.value);
    if (k !== undefined && v !== undefined) {
      out.set(k, v);
    }
  }
  return out;
}

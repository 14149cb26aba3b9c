import type { LabelSelector, Pod } from './objects';

/** Label selector semantics (matchLabels and matchExpressions); an empty selector matches nothing here. */
export function matchesSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const ml = selector?.matchLabels ?? {};
  const me = selector?.matchExpressions ?? [];
  if (Object.keys(ml).length === 0 && me.length === 0) {
    return false;
  }
  const l = labels ?? {};
  return (
    Object.entries(ml).every(([k, v]) => l[k] === v) &&
    me.every((e) => {
      const has = Object.prototype.hasOwnProperty.call(l, e.key);
      const v = l[e.key];
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(v ?? '');
        case 'NotIn':
          return !has || !(e.values ?? []).includes(v ?? '');
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    })
  );
}

/** A selector as the API's labelSelector query string. */
export function selectorQuery(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const vals = (e.values ?? []).join(',');
    parts.push(e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})` : e.operator === 'Exists' ? e.key : `!${e.key}`);
  }
  return parts.join(',');
}

export function isPodReady(pod: Pod): boolean {
  return !pod.metadata?.deletionTimestamp && pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pod a forward should use: a ready, not-terminating one, oldest first (stable across refreshes). */
export function pickReadyPod(pods: readonly Pod[]): Pod | undefined {
  const time = (p: Pod) => (p.metadata?.creationTimestamp ? new Date(p.metadata.creationTimestamp).getTime() : 0);
  return pods
    .filter(isPodReady)
    .sort((a, b) => time(a) - time(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))[0];
}

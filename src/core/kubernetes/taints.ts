import type { Taint, Toleration } from './objects';

/** The scheduler's rule: a toleration matches a taint by key (or Exists without key), value and effect. */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) {
      return false;
    }
    if (t.operator === 'Exists') {
      return !t.key || t.key === taint.key;
    }
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Taints that keep new pods off a node (PreferNoSchedule only discourages). */
export function blockingTaints(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
}

export function taintText(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

import type { KubernetesRule } from '../../kubernetes/rule';
import { removedKindAt } from '../../../schemas/validate';
import type { ApiChange } from './api-versions';
import { apiChange, targetMinor } from './api-versions';
import { finding } from './helpers';

/** The apiVersion to move to, unless the target removed that one too (`extensions/v1beta1` → `policy/v1beta1` PodSecurityPolicy). */
function servedReplacement(change: ApiChange, kind: string, minor: number): string | undefined {
  const next = change.replacement;
  const removedIn = next !== undefined ? apiChange(next, kind)?.removedIn : undefined;
  return removedIn !== undefined && removedIn <= minor ? undefined : next;
}

/** Where a kind with no apiVersion left goes: its successor (Pod Security admission for PodSecurityPolicy), else away. */
function successorAdvice(kind: string, apiVersion: string, target: string): string {
  return removedKindAt(kind, apiVersion, target)?.advice('') ?? 'remove it or replace it with its successor';
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK003',
    name: 'api-version-removed',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    supersedes: ['MLK002'],
    equivalents: { kubeLinter: ['no-extensions-v1beta'], kubeScore: ['stable-version'] },
    description: 'The apiVersion/kind pair is no longer served at the target Kubernetes version.',
  },
  check(ctx) {
    const obj = ctx.object;
    const change = obj?.apiVersion !== undefined && obj.kind !== undefined ? apiChange(obj.apiVersion, obj.kind) : undefined;
    if (!obj || !change) {
      return [];
    }
    const range = obj.view.valueRange(obj.root, 'apiVersion');
    const target = targetMinor(ctx, 'MLK003');
    if (!range || target.minor < change.removedIn) {
      return [];
    }
    const replacement = servedReplacement(change, obj.kind ?? '', target.minor);
    const fix = replacement !== undefined && change.lossless(obj) ? { title: `Change apiVersion to ${replacement}`, edits: [{ range, newText: replacement }] } : undefined;
    const advice = replacement !== undefined ? `use ${replacement}${fix ? '' : ' (check the field changes, the conversion is not one-to-one)'}` : successorAdvice(obj.kind ?? '', obj.apiVersion ?? '', target.text);
    return [finding(range, `${obj.kind ?? ''} ${obj.apiVersion ?? ''} was removed in Kubernetes 1.${change.removedIn}, so the API server rejects it at ${target.text}; ${advice}.`, fix)];
  },
};

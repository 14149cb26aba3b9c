import type { KubernetesRule } from '../../kubernetes/rule';
import type { ApiChange } from './api-versions';
import { apiChange, flaggedAt, targetMinor } from './api-versions';
import { finding } from './helpers';

/** Why the version is flagged at the target minor: deprecated, served only where the provider enables it, or both. */
function status(change: ApiChange, minor: number): string {
  const removal = `stops being served in Kubernetes 1.${change.removedIn}`;
  if (change.optInFrom === undefined || minor < change.optInFrom) {
    return `is deprecated and ${removal}`;
  }
  const optIn = `the API server rejects it unless your provider enables it (Kubernetes serves ${change.replacement ?? 'its successor'} by default from 1.${change.optInFrom})`;
  return minor >= change.deprecatedIn ? `is deprecated and ${removal}, and until then ${optIn}` : `is a beta API: ${optIn}, and it is deprecated in 1.${change.deprecatedIn}`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK004',
    name: 'api-version-deprecated',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeScore: ['stable-version'] },
    description: 'The apiVersion/kind pair is deprecated but still served, or a beta served only where the provider enables it, at the target Kubernetes version.',
  },
  check(ctx) {
    const obj = ctx.object;
    const change = obj?.apiVersion !== undefined && obj.kind !== undefined ? apiChange(obj.apiVersion, obj.kind) : undefined;
    if (!obj || !change) {
      return [];
    }
    const range = obj.view.valueRange(obj.root, 'apiVersion');
    const target = targetMinor(ctx, 'MLK004');
    if (!range || !flaggedAt(change, target.minor) || target.minor >= change.removedIn) {
      return [];
    }
    const fix = change.replacement !== undefined && change.lossless(obj) ? { title: `Change apiVersion to ${change.replacement}`, edits: [{ range, newText: change.replacement }] } : undefined;
    const advice = change.replacement !== undefined ? `move to ${change.replacement}${fix || change.changes === undefined ? '' : ` (${change.changes})`}` : 'plan its replacement';
    return [finding(range, `${obj.kind ?? ''} ${obj.apiVersion ?? ''} ${status(change, target.minor)}; ${advice}.`, fix)];
  },
};

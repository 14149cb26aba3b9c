import type { KubernetesRule } from '../../kubernetes/rule';
import { apiChange, targetMinor } from './api-versions';
import { finding } from './helpers';

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
    description: 'The apiVersion/kind pair is deprecated but still served at the target Kubernetes version.',
  },
  check(ctx) {
    const obj = ctx.object;
    const change = obj?.apiVersion !== undefined && obj.kind !== undefined ? apiChange(obj.apiVersion, obj.kind) : undefined;
    if (!obj || !change) {
      return [];
    }
    const range = obj.view.valueRange(obj.root, 'apiVersion');
    const target = targetMinor(ctx, 'MLK004');
    if (!range || target.minor < change.deprecatedIn || target.minor >= change.removedIn) {
      return [];
    }
    const fix = change.replacement !== undefined && change.lossless(obj) ? { title: `Change apiVersion to ${change.replacement}`, edits: [{ range, newText: change.replacement }] } : undefined;
    const advice = change.replacement !== undefined ? `move to ${change.replacement}` : 'plan its replacement';
    return [finding(range, `${obj.kind ?? ''} ${obj.apiVersion ?? ''} is deprecated and stops being served in Kubernetes 1.${change.removedIn}; ${advice}.`, fix)];
  },
};

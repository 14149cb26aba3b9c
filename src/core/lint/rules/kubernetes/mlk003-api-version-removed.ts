import type { KubernetesRule } from '../../kubernetes/rule';
import { apiChange, targetMinor } from './api-versions';
import { finding } from './helpers';

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
    const fix = change.replacement !== undefined && change.lossless(obj) ? { title: `Change apiVersion to ${change.replacement}`, edits: [{ range, newText: change.replacement }] } : undefined;
    const advice = change.replacement !== undefined ? `use ${change.replacement}${fix ? '' : ' (check the field changes, the conversion is not one-to-one)'}` : 'remove it or replace it with its successor';
    return [finding(range, `${obj.kind ?? ''} ${obj.apiVersion ?? ''} was removed in Kubernetes 1.${change.removedIn}, so the API server rejects it at ${target.text}; ${advice}.`, fix)];
  },
};

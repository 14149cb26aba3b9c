import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import { removedKindAt } from '../../../schemas/validate';
import type { ApiChange } from './api-versions';
import { apiChange, targetMinor } from './api-versions';
import type { RuleFinding } from '../../types';
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

/** The group of an apiVersion (`apps` of `apps/v1beta1`; '' for the core `v1`). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * An HPA's `scaleTargetRef` naming a kind its group no longer serves (`extensions/v1beta1` Deployment): the HPA
 * controller maps the target by group and kind only, so `apps/v1beta1` still finds `apps` Deployments, but no
 * `extensions` Deployment exists from 1.16 and the HPA never gets the target's scale (FailedGetScale).
 */
function scaleTargetFinding(ctx: KubernetesContext, target: { text: string; minor: number }): RuleFinding | undefined {
  const obj = ctx.object;
  if (!obj || obj.kind !== 'HorizontalPodAutoscaler') {
    return undefined;
  }
  const view = obj.view;
  const ref = view.at(obj.root, ['spec', 'scaleTargetRef']);
  const apiVersion = view.text(ref, 'apiVersion');
  const kind = view.text(ref, 'kind');
  const change = apiVersion !== undefined && kind !== undefined ? apiChange(apiVersion, kind) : undefined;
  const range = view.valueRange(ref, 'apiVersion');
  if (!change || !range || target.minor < change.removedIn || change.replacement === undefined || groupOf(change.replacement) === groupOf(apiVersion ?? '')) {
    return undefined;
  }
  const replacement = change.replacement;
  return finding(
    range,
    `This HPA's scaleTargetRef names ${kind ?? ''} in ${apiVersion ?? ''}, which Kubernetes 1.${change.removedIn} removed, so at ${target.text} the HPA controller finds no such target and never scales it; use ${replacement}.`,
    { title: `Change scaleTargetRef.apiVersion to ${replacement}`, edits: [{ range, newText: replacement }] },
  );
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
    const scaleTarget = obj?.kind === 'HorizontalPodAutoscaler' ? scaleTargetFinding(ctx, targetMinor(ctx, 'MLK003')) : undefined;
    const out = scaleTarget ? [scaleTarget] : [];
    const change = obj?.apiVersion !== undefined && obj.kind !== undefined ? apiChange(obj.apiVersion, obj.kind) : undefined;
    if (!obj || !change) {
      return out;
    }
    const range = obj.view.valueRange(obj.root, 'apiVersion');
    const target = targetMinor(ctx, 'MLK003');
    if (!range || target.minor < change.removedIn) {
      return out;
    }
    const replacement = servedReplacement(change, obj.kind ?? '', target.minor);
    const fix = replacement !== undefined && change.lossless(obj) ? { title: `Change apiVersion to ${replacement}`, edits: [{ range, newText: replacement }] } : undefined;
    const advice = replacement !== undefined ? `use ${replacement}${fix ? '' : ' (check the field changes, the conversion is not one-to-one)'}` : successorAdvice(obj.kind ?? '', obj.apiVersion ?? '', target.text);
    return [finding(range, `${obj.kind ?? ''} ${obj.apiVersion ?? ''} was removed in Kubernetes 1.${change.removedIn}, so the API server rejects it at ${target.text}; ${advice}.`, fix), ...out];
  },
};

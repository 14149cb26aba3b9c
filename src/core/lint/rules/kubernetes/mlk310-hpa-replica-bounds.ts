import { objectRequestsAccelerator } from '../../kubernetes/gpu';
import { documentObject } from '../../kubernetes/document-object';
import { isGpuWorkload } from '../../kubernetes/gpu-workloads';
import { objectDocuments } from '../../kubernetes/list-items';
import { isControllerOwned } from '../../kubernetes/model';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/**
 * Whether the HPA's scaleTargetRef names a GPU workload: an object of that kind and name in the same file decides;
 * else one in another file the caller read.
 */
function targetsGpuWorkload(ctx: KubernetesContext, namespace: string | undefined, kind: string | undefined, name: string | undefined): boolean {
  if (kind === undefined || name === undefined) {
    return false;
  }
  let inFile = false;
  for (const document of objectDocuments(ctx.file)) {
    const target = document === ctx.document || document.skipped !== undefined ? undefined : documentObject(ctx.file, document);
    if (target?.kind === kind && target.name === name) {
      if (objectRequestsAccelerator(target, ctx.cluster)) {
        return true;
      }
      inFile = true;
    }
  }
  return !inFile && ctx.gpuWorkloads !== undefined && isGpuWorkload(ctx.gpuWorkloads, namespace, kind, name);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK310',
    name: 'hpa-replica-bounds',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['hpa-minimum-three-replicas'], kubeScore: ['horizontalpodautoscaler-replicas'], polaris: ['hpaMinAvailability', 'hpaMaxAvailability'] },
    description: 'An HPA has minReplicas below the configured minimum, or maxReplicas not above minReplicas.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // An HPA a controller made (KEDA's for a ScaledObject) takes its bounds from the owner.
    if (!obj || obj.kind !== 'HorizontalPodAutoscaler' || isControllerOwned(obj)) {
      return out;
    }
    const view = obj.view;
    const spec = view.get(obj.root, 'spec');
    const minValue = view.scalar(view.get(spec, 'minReplicas'))?.value;
    const maxValue = view.scalar(view.get(spec, 'maxReplicas'))?.value;
    const minReplicas = minValue === undefined ? 1 : typeof minValue === 'number' ? minValue : undefined;
    const option = ctx.settings.ruleOptions.MLK310?.minReplicas;
    const floor = typeof option === 'number' ? option : 2;
    const specRange = view.rangeOfKey(obj.root, ['spec']) ?? obj.anchor;
    const target = view.get(spec, 'scaleTargetRef');
    // Single-replica GPU serving is a deliberate cost choice (trap T5).
    if (minReplicas !== undefined && minReplicas < floor && !targetsGpuWorkload(ctx, obj.namespace, view.text(target, 'kind'), view.text(target, 'name'))) {
      out.push(finding(view.valueRange(spec, 'minReplicas') ?? specRange, `minReplicas is ${minReplicas}, so the autoscaler can scale down to a single point of failure; set minReplicas to at least ${floor}.`));
    }
    if (typeof maxValue === 'number' && minReplicas !== undefined && maxValue <= minReplicas) {
      out.push(finding(view.valueRange(spec, 'maxReplicas') ?? specRange, `maxReplicas (${maxValue}) is not above minReplicas (${minReplicas}), so this autoscaler can never scale out; raise maxReplicas.`));
    }
    return out;
  },
};

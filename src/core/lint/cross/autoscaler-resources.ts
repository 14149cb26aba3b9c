import type { TargetedAutoscaler } from './autoscalers';
import { containersOf } from './kube';

export type ScaledResource = 'cpu' | 'memory';

const both: readonly ScaledResource[] = ['cpu', 'memory'];

function scaledResource(name: string | undefined): ScaledResource | undefined {
  return name === 'cpu' || name === 'memory' ? name : undefined;
}

/**
 * The resources an HPA, or the HPA a KEDA ScaledObject makes, scales on as a utilization (a share of the request): v2
 * `Resource`/`ContainerResource` metrics of type Utilization, v1 `targetCPUUtilizationPercentage`, KEDA `cpu`/`memory`
 * triggers of metricType Utilization. An HPA without metrics scales on 80% cpu utilization.
 */
export function utilizationResources(autoscaler: TargetedAutoscaler): Set<ScaledResource> {
  const { view, root } = autoscaler.entry.obj;
  const spec = view.get(root, 'spec');
  const out = new Set<ScaledResource>();
  if (autoscaler.kind === 'ScaledObject') {
    for (const trigger of view.items(view.get(spec, 'triggers'))) {
      const resource = scaledResource(view.text(trigger, 'type'));
      if (resource && (view.text(trigger, 'metricType') ?? view.text(view.get(trigger, 'metadata'), 'type')) === 'Utilization') {
        out.add(resource);
      }
    }
    return out;
  }
  const metrics = view.items(view.get(spec, 'metrics'));
  if (view.get(spec, 'targetCPUUtilizationPercentage') !== undefined || metrics.length === 0) {
    out.add('cpu');
  }
  for (const metric of metrics) {
    const source = view.get(metric, view.text(metric, 'type') === 'ContainerResource' ? 'containerResource' : 'resource');
    const resource = scaledResource(view.text(source, 'name'));
    if (resource && view.text(view.get(source, 'target'), 'type') === 'Utilization') {
      out.add(resource);
    }
  }
  return out;
}

/** VPA update modes that change the requests of running or new pods after the first (`Off` and `Initial` do not). */
const updatingModes = new Set(['Auto', 'Recreate', 'InPlaceOrRecreate']);

/** The `updateMode` a VPA sets; unset means Recreate (Auto in older releases), which updates. */
export function vpaUpdateMode(vpa: TargetedAutoscaler): string | undefined {
  const { view, root } = vpa.entry.obj;
  return view.text(view.at(root, ['spec', 'updatePolicy']), 'updateMode');
}

/**
 * The cpu and memory requests a VPA keeps changing on its target's containers: none in `Off` or `Initial` mode; else, per
 * container, those its own policy (or the `*` one) controls, `controlledResources` defaulting to both and `mode: Off` to
 * none.
 */
export function vpaUpdatedResources(vpa: TargetedAutoscaler): Set<ScaledResource> {
  const out = new Set<ScaledResource>();
  if (!updatingModes.has(vpaUpdateMode(vpa) ?? 'Recreate')) {
    return out;
  }
  const { view, root } = vpa.entry.obj;
  const policies = view.items(view.at(root, ['spec', 'resourcePolicy', 'containerPolicies']));
  const policyOf = (container: string) => policies.find((p) => view.text(p, 'containerName') === container) ?? policies.find((p) => view.text(p, 'containerName') === '*');
  const names = containersOf(vpa.target, ['containers']).map(({ c }) => c.name ?? '');
  for (const name of names.length > 0 ? names : ['*']) {
    const policy = policyOf(name);
    if (policy !== undefined && view.text(policy, 'mode') === 'Off') {
      continue;
    }
    const controlled = view.get(policy, 'controlledResources');
    const resources = controlled === undefined ? both : view.items(controlled).map((r) => scaledResource(view.str(r)));
    resources.forEach((r) => r && out.add(r));
  }
  return out;
}

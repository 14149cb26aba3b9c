import { isServingContainer } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appContainers, containerLabel, containers, finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK416',
    name: 'liveness-kills-model-load',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A GPU serving container has a livenessProbe, no startupProbe, and a liveness budget below the model-load time.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const budget = ctx.cluster.modelLoadBudgetSeconds;
    // A multi-model runtime (ModelMesh) starts with no model: models load later through its adapter, live all the while.
    const o = ctx.object;
    if (o && (o.kind === 'ServingRuntime' || o.kind === 'ClusterServingRuntime') && o.view.bool(o.view.get(o.root, 'spec'), 'multiModel') === true) {
      return out;
    }
    for (const { obj, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const probe = view.get(c.node, 'livenessProbe');
      if (!probe || view.get(c.node, 'startupProbe') !== undefined || !isServingContainer(obj, c, ctx.cluster)) {
        continue;
      }
      const num = (key: string, fallback: number): number => {
        const v = view.scalar(view.get(probe, key))?.value;
        return typeof v === 'number' ? v : fallback;
      };
      const window = num('initialDelaySeconds', 0) + num('failureThreshold', 3) * num('periodSeconds', 10);
      const range = view.keyRange(c.node, 'livenessProbe');
      if (window < budget && range) {
        out.push(finding(range, `${containerLabel(c)} is killed if it is not live within ${window}s, less than the ${budget}s model-load budget, so it restart-loops while loading weights; add a startupProbe with failureThreshold × periodSeconds ≥ ${budget}.`));
      }
    }
    return out;
  },
};

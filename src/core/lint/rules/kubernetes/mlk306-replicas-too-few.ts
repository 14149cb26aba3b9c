import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { objectRequestsAccelerator } from '../../kubernetes/gpu';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK306',
    name: 'replicas-too-few',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['minimum-three-replicas'], kubeScore: ['deployment-replicas'], polaris: ['deploymentMissingReplicas'] },
    description: 'A Deployment or StatefulSet runs fewer replicas than the configured minimum.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // Single-replica GPU inference is a deliberate cost choice (trap T5).
    // An HPA owns the scale (MLK310 judges its minReplicas).
    if (!obj || (obj.kind !== 'Deployment' && obj.kind !== 'StatefulSet') || objectRequestsAccelerator(obj, ctx.cluster) || ctx.scaledByHpa(obj)) {
      return out;
    }
    // Recreate with a claimed volume is a single writer by design (a database on its ReadWriteOnce volume): a second replica would share the disk.
    const view = obj.view;
    if (obj.kind === 'Deployment' && view.text(view.at(obj.root, ['spec', 'strategy']), 'type') === 'Recreate' && obj.podSpecs.some((p) => view.list(view.get(p.spec, 'volumes')).some((v) => view.get(v, 'persistentVolumeClaim') !== undefined))) {
      return out;
    }
    const option = ctx.settings.ruleOptions.MLK306?.minReplicas;
    const min = typeof option === 'number' ? option : 2;
    const spec = view.get(obj.root, 'spec');
    const value = view.scalar(view.get(spec, 'replicas'))?.value;
    const replicas = typeof value === 'number' ? value : value === undefined ? 1 : undefined;
    const range = replicas !== undefined && replicas < min ? (view.valueRange(spec, 'replicas') ?? view.rangeOfKey(obj.root, ['spec'])) : undefined;
    if (replicas !== undefined && range) {
      out.push(finding(range, `This ${obj.kind} runs ${replicas} replica${replicas === 1 ? '' : 's'}, so a node drain or crash takes it down; run at least ${min} (or let an HPA manage it).`));
    }
    return out;
  },
};

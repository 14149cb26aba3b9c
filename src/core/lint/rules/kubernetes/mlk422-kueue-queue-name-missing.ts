import type { KubernetesRule } from '../../kubernetes/rule';
import { finding, insertIntoMap, wantsFixes } from './helpers';

const label = 'kueue.x-k8s.io/queue-name';
const batchKinds = new Set(['Job', 'JobSet', 'RayJob', 'PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'TrainJob']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK422',
    name: 'kueue-queue-name-missing',
    family: 'ml',
    severity: 'info',
    enabledByDefault: false,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'cluster.kueue is set and a batch workload lacks the kueue.x-k8s.io/queue-name label.',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || !ctx.cluster.kueue || !batchKinds.has(obj.kind ?? '')) {
      return [];
    }
    const view = obj.view;
    const metadata = view.map(view.get(obj.root, 'metadata'));
    const labels = view.map(view.get(metadata, 'labels'));
    if (view.get(labels, label) !== undefined) {
      return [];
    }
    const option = ctx.settings.ruleOptions.MLK422?.queueName;
    const queue = typeof option === 'string' ? option : 'default';
    const anchor = view.valueRange(metadata, 'name') ?? obj.anchor;
    const edit = !wantsFixes(ctx) ? undefined : labels ? insertIntoMap(view, labels, `${label}: ${queue}`) : metadata ? insertIntoMap(view, metadata, `labels:\n  ${label}: ${queue}`) : undefined;
    return [finding(anchor, `This ${obj.kind ?? 'batch workload'} has no ${label} label, so Kueue does not admit it; add the label with your LocalQueue name.`, edit ? { title: `Add ${label}: ${queue}`, edits: [edit] } : undefined)];
  },
};

import { podRequestsAccelerator } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK409',
    name: 'gpu-toleration-missing',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU workload has no toleration for the GPU taint.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || ctx.cluster.extendedResourceToleration) {
      return out;
    }
    const view = obj.view;
    const key = ctx.cluster.gpuTaintKey;
    for (const pod of obj.podSpecs) {
      if (!podRequestsAccelerator(view, pod, ctx.cluster)) {
        continue;
      }
      const tolerated = view.list(view.get(pod.spec, 'tolerations')).some((t) => {
        const k = view.text(t, 'key');
        return k === key || (k === undefined && view.text(t, 'operator') === 'Exists');
      });
      if (tolerated) {
        continue;
      }
      const tolerations = view.seq(view.get(pod.spec, 'tolerations'));
      const entry = `- key: ${key}\n  operator: Exists\n  effect: NoSchedule`;
      const edit = tolerations || !wantsFixes(ctx) ? undefined : insertIntoMap(view, pod.spec, `tolerations:\n  ${entry.split('\n').join('\n  ')}`);
      out.push(finding(pod.anchor, `This GPU pod does not tolerate the ${key} taint, so it stays Pending on tainted GPU node pools; add a toleration for ${key} (or set cluster.extendedResourceToleration if the admission plugin adds it).`, edit ? { title: `Tolerate ${key}`, edits: [edit] } : undefined));
    }
    return out;
  },
};

import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, isMemoryEmptyDir, volumes, wantsFixes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK407',
    name: 'shm-size-limit-unset',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'An emptyDir with medium: Memory has no sizeLimit.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      for (const v of volumes(view, pod)) {
        const emptyDir = view.map(view.get(v.node, 'emptyDir'));
        if (!emptyDir || !isMemoryEmptyDir(view, v.node) || view.get(emptyDir, 'sizeLimit') !== undefined) {
          continue;
        }
        const range = view.valueRange(emptyDir, 'medium');
        if (!range) {
          continue;
        }
        const edit = wantsFixes(ctx) ? insertIntoMap(view, emptyDir, 'sizeLimit: 16Gi') : undefined;
        out.push(finding(range, `The memory volume "${v.name}" has no sizeLimit, so it can grow to the node's memory; add a sizeLimit below the pod's memory limit.`, edit ? { title: 'Add sizeLimit: 16Gi', edits: [edit] } : undefined));
      }
    }
    return out;
  },
};

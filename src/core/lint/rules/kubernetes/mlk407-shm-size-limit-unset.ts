import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, isMemoryEmptyDir, volumes, wantsFixes } from './helpers';
import { containersMounting, mountsWithoutMemoryLimit, shmSizeLimit } from './shm';

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
      // With a memory limit on every container, Kubernetes sizes the tmpfs to the pod's limit and its pages count against it.
      const limited = pod.containers.length > 0 && pod.containers.every((c) => view.at(c.node, ['resources', 'limits', 'memory']) !== undefined);
      const why = limited
        ? "so it is sized to the pod's memory limit and filling it gets the container OOM-killed instead of a clear 'no space left' error"
        : "and the pod has no memory limit, so it can grow to the node's memory";
      for (const v of volumes(view, pod)) {
        const emptyDir = view.map(view.get(v.node, 'emptyDir'));
        if (!emptyDir || !isMemoryEmptyDir(view, v.node) || view.get(emptyDir, 'sizeLimit') !== undefined) {
          continue;
        }
        const range = view.valueRange(emptyDir, 'medium');
        if (!range) {
          continue;
        }
        const size = wantsFixes(ctx) ? shmSizeLimit(view, pod) : undefined;
        const edit = size !== undefined ? insertIntoMap(view, emptyDir, `sizeLimit: ${size}`) : undefined;
        // MLK408 already reports the missing memory limit of a container that mounts it, and asks for a sizeLimit below it.
        const reportedByMlk408 = !limited && mountsWithoutMemoryLimit(obj, containersMounting(view, pod, v.name)) !== undefined;
        const message = reportedByMlk408
          ? `The memory volume "${v.name}" has no sizeLimit; add one below the memory limit of the containers that mount it.`
          : `The memory volume "${v.name}" has no sizeLimit, ${why}; add a sizeLimit below the pod's memory limit.`;
        out.push(finding(range, message, edit ? { title: `Add sizeLimit: ${size ?? ''}`, edits: [edit] } : undefined));
      }
    }
    return out;
  },
};

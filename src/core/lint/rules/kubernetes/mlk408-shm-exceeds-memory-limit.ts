import { parseQuantity } from '../../kubernetes/quantity';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, finding, isMemoryEmptyDir, mounts, podMemoryLimit, resourcesSetAtRunTime, volumes } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK408',
    name: 'shm-exceeds-memory-limit',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "A memory emptyDir's sizeLimit is at least the pod's memory limit, or a container mounting it has no memory limit.",
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      const memoryVolumes = volumes(view, pod).filter((v) => isMemoryEmptyDir(view, v.node));
      if (memoryVolumes.length === 0) {
        continue;
      }
      const mounted = pod.containers.map((c) => ({ c, names: new Set(mounts(view, c.node).map((m) => m.name)) }));
      for (const v of memoryVolumes) {
        const users = mounted.filter((x) => x.names.has(v.name)).map((x) => x.c);
        if (users.some((c) => resourcesSetAtRunTime(obj, c))) {
          continue;
        }
        // A limit the linter cannot read (Argo's "{{inputs.parameters.memory}}") is still a limit.
        const unlimited = users.find((c) => view.at(c.node, ['resources', 'limits', 'memory']) === undefined);
        const sizeNode = view.at(v.node, ['emptyDir', 'sizeLimit']);
        if (unlimited) {
          const at = mounts(view, unlimited.node).find((m) => m.name === v.name);
          const range = at ? view.valueRange(at.node, 'name') : undefined;
          const sizeLimit = view.str(sizeNode);
          const advice = sizeLimit !== undefined ? `set resources.limits.memory above the volume's sizeLimit (${sizeLimit})` : 'set resources.limits.memory and give the volume a sizeLimit below it';
          if (range) {
            out.push(finding(range, `${containerLabel(unlimited)} mounts the memory volume "${v.name}" but has no memory limit; tmpfs pages count as container memory, so ${advice}.`));
          }
          continue;
        }
        const size = parseQuantity(view.scalar(sizeNode)?.value);
        const total = podMemoryLimit(view, pod);
        if (size === undefined || users.length === 0 || total === undefined) {
          continue;
        }
        const range = view.range(sizeNode);
        if (size >= total && range) {
          out.push(finding(range, `The memory volume "${v.name}" may hold ${view.str(sizeNode) ?? '?'}, at least the pod's total memory limit; a full /dev/shm then OOM-kills the pod instead of failing with ENOSPC: lower the sizeLimit or raise the memory limit.`));
        }
      }
    }
    return out;
  },
};

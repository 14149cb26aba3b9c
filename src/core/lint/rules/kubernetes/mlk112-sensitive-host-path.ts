import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, volumes } from './helpers';
import { isGpuHostPath } from './legacy-gpu';

const sensitive = ['/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr'];

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK112',
    name: 'sensitive-host-path',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['sensitive-host-mounts', 'docker-sock'], polaris: ['hostPathSet'] },
    description: 'A hostPath volume mounts a sensitive node directory or a container runtime socket.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      for (const v of volumes(obj.view, pod)) {
        const node = obj.view.at(v.node, ['hostPath', 'path']);
        const raw = obj.view.str(node);
        const range = obj.view.range(node);
        if (raw === undefined || !range) {
          continue;
        }
        const path = raw.replace(/\/+$/, '') || '/';
        if (isGpuHostPath(path)) {
          continue; // GPU device and driver paths: MLK418
        }
        const socket = /(?:^|\/)(?:docker|containerd|crio|cri-dockerd)\.sock$/.test(path);
        if (path === '/' || socket || sensitive.some((s) => path === s || path.startsWith(`${s}/`))) {
          out.push(finding(range, `The hostPath volume "${v.name}" mounts ${path}${socket ? ', handing the container runtime API to the pod' : ' from the node'}; remove it or mount only the specific path needed (datasets on local disks are fine).`));
        }
      }
    }
    return out;
  },
};

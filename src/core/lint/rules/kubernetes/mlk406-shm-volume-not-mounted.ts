import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, isMemoryEmptyDir, mounts, volumes } from './helpers';
import { needsShm } from './shm';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK406',
    name: 'shm-volume-not-mounted',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A memory emptyDir named like shm is mounted nowhere, or not at /dev/shm by the GPU container.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      // One pass over the mounts (a hostile pod may have many volumes and mounts).
      const byVolume = new Map<string, { c: (typeof pod.containers)[number]; m: ReturnType<typeof mounts>[number] }[]>();
      for (const c of pod.containers) {
        for (const m of mounts(view, c.node)) {
          const list = byVolume.get(m.name) ?? [];
          list.push({ c, m });
          byVolume.set(m.name, list);
        }
      }
      for (const v of volumes(view, pod)) {
        if (!/shm/i.test(v.name) || !isMemoryEmptyDir(view, v.node)) {
          continue;
        }
        const allMounts = byVolume.get(v.name) ?? [];
        const range = view.range(v.nameNode);
        if (!range) {
          continue;
        }
        if (allMounts.length === 0) {
          out.push(finding(range, `The memory volume "${v.name}" is declared but mounted nowhere, so /dev/shm stays 64 MB; mount it at /dev/shm in the GPU container.`));
          continue;
        }
        for (const { c, m } of allMounts) {
          const path = (m.mountPath ?? '').replace(/\/+$/, '');
          if (path === '/dev/shm' || !needsShm(ctx, obj, c)) {
            continue;
          }
          const at = view.valueRange(m.node, 'mountPath') ?? view.lineRange(m.node);
          if (at) {
            out.push(finding(at, `The memory volume "${v.name}" is mounted at ${m.mountPath ?? '(nothing)'}, not /dev/shm, so shared memory stays 64 MB; set mountPath: /dev/shm.`, { title: 'Mount it at /dev/shm', edits: [{ range: at, newText: '/dev/shm' }] }));
          }
        }
      }
    }
    return out;
  },
};

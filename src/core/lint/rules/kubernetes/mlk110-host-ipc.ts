import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { TextEdit } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { gpuAccessPod } from './legacy-gpu';
import { hasShmMount, shmSizeLimit } from './shm';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK110',
    name: 'host-ipc',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: { kubeLinter: ['host-ipc'], polaris: ['hostIPCSet'] },
    description: 'The pod sets hostIPC: true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    for (const pod of obj?.podSpecs ?? []) {
      if (!obj) {
        break;
      }
      const view = obj.view;
      const pair = view.pair(pod.spec, 'hostIPC');
      const range = view.range(pair);
      if (!pair || view.scalar(pair.value)?.value !== true || !range) {
        continue;
      }
      if (!gpuAccessPod(ctx, obj, pod)) {
        out.push(finding(range, 'hostIPC: true shares the node IPC namespace with the pod; remove it.'));
        continue;
      }
      // ML pods: --ipc=host is only about /dev/shm size; a memory-backed emptyDir does the same (trap T4).
      const main = pod.containers.find((c) => c.kind === 'containers');
      const edits: TextEdit[] = [];
      const line = range.start.line;
      const plainLine = /^\s*hostIPC\s*:\s*true\s*(?:#.*)?\r?$/.test(view.file.lines[line - 1] ?? '');
      // Already there (ROCm's vLLM example keeps both): the emptyDir is what the frameworks needed.
      if (main && pod.containers.every((c) => c.kind !== 'containers' || hasShmMount(obj, pod, c))) {
        const remove = wantsFixes(ctx) && plainLine ? { title: 'Remove hostIPC', edits: [{ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' }] } : undefined;
        out.push(finding(range, 'hostIPC: true shares the node IPC namespace, and the pod already mounts a memory-backed /dev/shm, which is all ML frameworks need from it; remove hostIPC.', remove));
        continue;
      }
      if (wantsFixes(ctx) && main && view.get(main.node, 'volumeMounts') === undefined && view.get(pod.spec, 'volumes') === undefined && plainLine) {
        const mount = insertIntoMap(view, main.node, 'volumeMounts:\n  - name: dshm\n    mountPath: /dev/shm');
        const volume = insertIntoMap(view, pod.spec, `volumes:\n  - name: dshm\n    emptyDir:\n      medium: Memory\n      sizeLimit: ${shmSizeLimit(view, pod)}`);
        if (mount && volume) {
          edits.push({ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' }, mount, volume);
        }
      }
      out.push(finding(range, 'hostIPC: true shares the node IPC namespace; ML frameworks only need a larger /dev/shm, so mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm instead.', edits.length === 3 ? { title: 'Replace hostIPC with a memory-backed /dev/shm', edits } : undefined));
    }
    return out;
  },
};

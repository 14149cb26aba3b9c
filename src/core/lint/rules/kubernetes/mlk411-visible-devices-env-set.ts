import { acceleratorLimit, otherVendorAcceleratorsOnly, podRequestsAccelerator } from '../../kubernetes/gpu';
import { kaiSharedGpus } from '../../kubernetes/gpu-sharing-schedulers';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, envEntries, finding } from './helpers';

/** Values that show a container no GPU at all: they narrow what it sees and bypass nothing. */
const hidesEveryGpu: Readonly<Record<string, RegExp>> = { NVIDIA_VISIBLE_DEVICES: /^(?:none|void|)$/, CUDA_VISIBLE_DEVICES: /^(?:-1|)$/ };

/**
 * CUDA reads CUDA_VISIBLE_DEVICES as GPU indices or UUIDs and stops at the first entry it cannot parse: a list that
 * starts with neither (`all`, `-1`) leaves the process no GPU. A `$(VAR)` reference is filled in by the kubelet.
 */
function hidesEveryGpuFromCuda(value: string): boolean {
  return !/^\s*(?:\d|GPU-|MIG-)/i.test(value) && !value.includes('$(');
}

/** `kaiShare`: the container's GPU is a KAI Scheduler share, which KAI hands over through NVIDIA_VISIBLE_DEVICES itself. */
function message(label: string, name: string, value: string | undefined, kaiShare: boolean): string {
  const decider = kaiShare ? "KAI Scheduler's share" : 'the GPU request';
  if (name === 'CUDA_VISIBLE_DEVICES' && value !== undefined && hidesEveryGpuFromCuda(value)) {
    return `${label} sets CUDA_VISIBLE_DEVICES to "${value}", which is not a GPU index or UUID: CUDA stops reading the list at the first entry it cannot parse, so the container's processes see no GPU at all; remove it and let ${decider} decide.`;
  }
  const allocator = kaiShare ? 'KAI Scheduler assigned its GPU share on' : 'the device plugin allocated';
  return `${label} sets ${name}, which overrides the devices ${allocator}; remove it and let ${decider} decide.`;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK411',
    name: 'visible-devices-env-set',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A container in a GPU pod sets NVIDIA_VISIBLE_DEVICES or CUDA_VISIBLE_DEVICES, bypassing the device plugin.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx)) {
      const view = obj.view;
      // AMD, Intel, TPU, Neuron and Gaudi device plugins hand over device nodes that these NVIDIA variables neither read
      // nor widen: only NVIDIA's container runtime acts on them.
      if (!podRequestsAccelerator(view, pod, ctx.cluster) || otherVendorAcceleratorsOnly(view, pod, ctx.cluster)) {
        continue;
      }
      const limit = acceleratorLimit(view, c, ctx.cluster);
      // A KAI share of N GPUs shows the container N devices, which CUDA_VISIBLE_DEVICES may remap like a limit's.
      const shared = limit > 0 ? 0 : kaiSharedGpus(view, pod, c);
      const count = limit + shared;
      for (const e of envEntries(view, c.node)) {
        if (e.name !== 'NVIDIA_VISIBLE_DEVICES' && e.name !== 'CUDA_VISIBLE_DEVICES') {
          continue;
        }
        if (count === 0 && e.value !== undefined && hidesEveryGpu[e.name]?.test(e.value.trim())) {
          continue;
        }
        if (e.name === 'CUDA_VISIBLE_DEVICES') {
          // In-process remapping within the allocated devices is legitimate (trap T32).
          const indices = (e.value ?? '').split(',').map((s) => s.trim());
          if (e.value !== undefined && indices.every((s) => /^\d+$/.test(s) && Number(s) < count)) {
            continue;
          }
        }
        const range = view.range(e.nameNode);
        if (!range) {
          continue;
        }
        const item = view.range(e.item);
        const remove = item && /^\s*-\s/.test(view.file.lines[item.start.line - 1] ?? '') ? { title: `Remove ${e.name}`, edits: [{ range: { start: { line: item.start.line, column: 1 }, end: { line: item.end.line + (item.end.column > 1 ? 1 : 0), column: 1 } }, newText: '' }] } : undefined;
        out.push(finding(range, message(containerLabel(c), e.name, e.value, shared > 0), remove));
      }
    }
    return out;
  },
};

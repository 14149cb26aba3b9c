import { acceleratorLimit, otherVendorAcceleratorsOnly, podRequestsAccelerator } from '../../kubernetes/gpu';
import { kaiSharedGpus } from '../../kubernetes/gpu-sharing-schedulers';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { gaudiVisibleDevices, requestsGaudi } from './gaudi-devices';
import { containerLabel, containers, envEntries, finding } from './helpers';

/**
 * Values that show a container no device at all: they narrow what it sees and bypass nothing. Habana's runtime reads
 * `none` so; its hooks have disagreed on an empty value and `void` (every device or none), which are left alone too.
 */
const hidesEveryGpu: Readonly<Record<string, RegExp>> = { NVIDIA_VISIBLE_DEVICES: /^(?:none|void|)$/, CUDA_VISIBLE_DEVICES: /^(?:-1|)$/, [gaudiVisibleDevices]: /^(?:none|void|)$/ };

const nvidiaVariables = new Set(['NVIDIA_VISIBLE_DEVICES', 'CUDA_VISIBLE_DEVICES']);

/**
 * CUDA reads CUDA_VISIBLE_DEVICES as GPU indices or UUIDs and stops at the first entry it cannot parse: a list that
 * starts with neither (`all`, `-1`) leaves the process no GPU. A `$(VAR)` reference is filled in by the kubelet.
 */
function hidesEveryGpuFromCuda(value: string): boolean {
  return !/^\s*(?:\d|GPU-|MIG-)/i.test(value) && !value.includes('$(');
}

/** A Gaudi pod's container: the device plugin allocated it `count` devices. */
function gaudiMessage(label: string, count: number): string {
  const what = count > 0 ? 'overrides the Gaudi devices the device plugin allocated' : 'hands it Gaudi devices the device plugin did not allocate to it';
  return `${label} sets ${gaudiVisibleDevices}, which ${what}; remove it and let the habana.ai/gaudi request decide.`;
}

/**
 * CUDA_VISIBLE_DEVICES as GPU indices only, one of them past the container's `count` GPUs: the container sees just its
 * own devices, numbered from 0, and CUDA stops reading the list at the first index it has no device for. The part of
 * the message that says so; undefined for any other value.
 */
function indexPastAllocation(value: string, count: number, kaiShare: boolean): string | undefined {
  const indices = value.split(',').map((s) => s.trim());
  const past = count > 0 && indices.every((s) => /^\d+$/.test(s)) ? indices.findIndex((s) => Number(s) >= count) : -1;
  if (past < 0) {
    return undefined;
  }
  const gpus = count === 1 ? '1 GPU, which it sees as index 0' : `${count} GPUs, which it sees as indices 0-${count - 1}`;
  const sees = past === 0 ? `finds no device ${indices[0] ?? ''} and stops there, so the container's processes see no GPU at all` : `stops reading the list at ${indices[past] ?? ''}, so the container's processes see only the GPUs listed before it`;
  return `but the container is given ${kaiShare ? 'a share of ' : ''}${gpus} (numbered from 0 within the allocation, not across the node): CUDA ${sees}`;
}

/** `kaiShare`: the container's GPU is a KAI Scheduler share, which KAI hands over through NVIDIA_VISIBLE_DEVICES itself. */
function message(label: string, name: string, value: string | undefined, count: number, kaiShare: boolean): string {
  const decider = kaiShare ? "KAI Scheduler's share" : 'the GPU request';
  if (name === 'CUDA_VISIBLE_DEVICES' && value !== undefined) {
    if (hidesEveryGpuFromCuda(value)) {
      return `${label} sets CUDA_VISIBLE_DEVICES to "${value}", which is not a GPU index or UUID: CUDA stops reading the list at the first entry it cannot parse, so the container's processes see no GPU at all; remove it and let ${decider} decide.`;
    }
    const past = indexPastAllocation(value, count, kaiShare);
    if (past !== undefined) {
      return `${label} sets CUDA_VISIBLE_DEVICES to "${value}", ${past}; remove it and let ${decider} decide.`;
    }
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
    description: 'A container in a GPU pod sets NVIDIA_VISIBLE_DEVICES or CUDA_VISIBLE_DEVICES (in a Gaudi pod, HABANA_VISIBLE_DEVICES), bypassing the device plugin.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx)) {
      const view = obj.view;
      // AMD, Intel, TPU, Neuron and Gaudi device plugins hand over device nodes that the NVIDIA variables neither read
      // nor widen: only NVIDIA's container runtime acts on them. Habana's runtime acts on its own variable.
      const nvidia = !otherVendorAcceleratorsOnly(view, pod, ctx.cluster);
      const gaudi = requestsGaudi(view, pod);
      if (!podRequestsAccelerator(view, pod, ctx.cluster) || (!nvidia && !gaudi)) {
        continue;
      }
      const limit = acceleratorLimit(view, c, ctx.cluster);
      // A KAI share of N GPUs shows the container N devices, which CUDA_VISIBLE_DEVICES may remap like a limit's.
      const shared = limit > 0 ? 0 : kaiSharedGpus(view, pod, c);
      const count = limit + shared;
      for (const e of envEntries(view, c.node)) {
        if (nvidiaVariables.has(e.name) ? !nvidia : e.name !== gaudiVisibleDevices || !gaudi) {
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
        const text = e.name === gaudiVisibleDevices ? gaudiMessage(containerLabel(c), count) : message(containerLabel(c), e.name, e.value, count, shared > 0);
        out.push(finding(range, text, remove));
      }
    }
    return out;
  },
};

import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finalEnvSettings } from './final-env-settings';
import { finding } from './helpers';

const variables = new Set(['NVIDIA_VISIBLE_DEVICES', 'CUDA_VISIBLE_DEVICES']);

/** The comma-separated GPU list: indices, GPU/MIG UUIDs, or MIG `gpu:instance` pairs. */
const deviceEntry = /^(?:\d+(?::\d+)?|GPU-[\w-]+|MIG-[\w/-]+)$/i;

function deviceList(value: string): string[] | undefined {
  const entries = value.split(',').map((e) => e.trim());
  return entries.length > 0 && entries.every((e) => deviceEntry.test(e)) ? entries : undefined;
}

/**
 * A value that picks devices: NVIDIA_VISIBLE_DEVICES naming any device (not all, none, void or empty), or
 * CUDA_VISIBLE_DEVICES naming one a container given fewer GPUs lacks (an index above 0, a UUID): index 0 exists in
 * every container given a GPU, so `0` only narrows what it uses, as MLK411 allows (trap T32).
 */
function picksDevices(name: string, value: string): boolean {
  const list = deviceList(value);
  return list !== undefined && (name === 'NVIDIA_VISIBLE_DEVICES' || list.some((e) => e !== '0'));
}

/** `CUDA_VISIBLE_DEVICES=all`: CUDA reads no such entry and stops at it, so the process sees no GPU (NVIDIA_VISIBLE_DEVICES takes `all`). */
const hidesEveryGpu = (name: string, value: string): boolean => name === 'CUDA_VISIBLE_DEVICES' && value.toLowerCase() === 'all';

const gpusFlag = (value: string): string => (value.includes(',') ? `'"device=${value}"'` : `device=${value}`);

function message(name: string, value: string): string {
  const atRunTime = `choose GPUs at run time (docker run --gpus ${gpusFlag(value)}, Compose device_ids, a nvidia.com/gpu request)`;
  if (hidesEveryGpu(name, value)) {
    return `ENV CUDA_VISIBLE_DEVICES=${value} is no GPU index or UUID, and CUDA stops reading the list at the first entry it cannot read, so processes in the container see no GPU at all; remove it (unset, CUDA shows every GPU the container was given; "all" is a value of NVIDIA_VISIBLE_DEVICES).`;
  }
  if (name === 'NVIDIA_VISIBLE_DEVICES') {
    const gpus = value.includes(',') ? `GPUs ${value}` : `GPU ${value}`;
    return `ENV NVIDIA_VISIBLE_DEVICES=${value} bakes a GPU choice into the image: --gpus, Compose device reservations and the Kubernetes device plugin replace it, and where none of them is used (the nvidia runtime as the default, as on GPU Operator nodes) every container takes ${gpus} of its host without the scheduler knowing, or fails to start on a host without it; remove it and ${atRunTime}.`;
  }
  return `ENV CUDA_VISIBLE_DEVICES=${value} fixes which GPUs CUDA may use, but inside a container the GPUs the runtime gave it are numbered from 0 (docker run --gpus device=2 shows one GPU, as index 0), so a container given fewer or other GPUs loses them or sees none; remove it and ${atRunTime}.`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD417',
    name: 'visible-devices-in-image',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description:
      'The final image sets NVIDIA_VISIBLE_DEVICES to GPU indices or UUIDs, or CUDA_VISIBLE_DEVICES to a GPU other than index 0, so every container of it picks GPUs the runtime should choose; or sets CUDA_VISIBLE_DEVICES=all, which hides every GPU.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { instr, kv } of finalEnvSettings(model, (name) => variables.has(name))) {
      const value = kv.value?.trim();
      if (value === undefined || value.includes('$') || !(picksDevices(kv.key, value) || hidesEveryGpu(kv.key, value))) {
        continue;
      }
      const end = kv.legacy ? (instr.words[instr.words.length - 1]?.end ?? kv.word.end) : kv.word.end;
      out.push(finding(instr.args.range(kv.word.start, end), message(kv.key, value)));
    }
    return out;
  },
};

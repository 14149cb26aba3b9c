import { cudaFrameworkPackage, isCudaBase } from '../../dockerfile/cuda';
import { configuredIndexes } from '../../dockerfile/configured-indexes';
import { pythonInstalls } from '../../dockerfile/installs';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';
import { keyValues } from '../../dockerfile/kv';
import type { Stage } from '../../dockerfile/semantic';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { ancestry, baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';

function usesCuda(model: DockerfileModel, stage: Stage): boolean {
  const base = baseRef(stage);
  if (base && isCudaBase(base.ref)) {
    return true;
  }
  return ancestry(stage).some((s) =>
    s.instructions.some((i) => pythonInstalls(i).some((p) => cudaFrameworkPackage(p, (text) => expandWith(model, text, valuesAt(model, s, i)), () => configuredIndexes(model, s, i, p)) !== undefined)),
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD409',
    name: 'driver-capabilities-missing-compute',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'ENV NVIDIA_DRIVER_CAPABILITIES is set without compute or all in a CUDA stage.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'ENV') {
          continue;
        }
        for (const kv of keyValues(instr)) {
          if (kv.key !== 'NVIDIA_DRIVER_CAPABILITIES' || kv.value === undefined || kv.value.includes('$') || kv.legacy) {
            continue;
          }
          const caps = kv.value.split(',').map((c) => c.trim().toLowerCase());
          if (caps.includes('compute') || caps.includes('all') || !usesCuda(model, stage)) {
            continue;
          }
          const valueStart = kv.keyWord.end + 1;
          const valueRange = instr.args.range(valueStart, kv.word.end);
          const newValue = kv.value === '' ? 'compute,utility' : `compute,${kv.value}`;
          out.push(
            finding(
              valueRange,
              `NVIDIA_DRIVER_CAPABILITIES="${kv.value}" lacks "compute": nvidia-smi works but CUDA does not; add compute (e.g. NVIDIA_DRIVER_CAPABILITIES=${newValue}).`,
              { title: 'Add "compute" to NVIDIA_DRIVER_CAPABILITIES', edits: [replace(valueRange, newValue)] },
            ),
          );
        }
      }
    }
    return out;
  },
};

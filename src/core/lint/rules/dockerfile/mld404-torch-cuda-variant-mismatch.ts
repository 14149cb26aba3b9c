import { baseCudaVersion, cuTagMajor, indexWords, pytorchIndexRe, torchWord } from '../../dockerfile/cuda';
import { pythonInstalls } from '../../dockerfile/installs';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD404',
    name: 'torch-cuda-variant-mismatch',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The CUDA major version of the torch wheel differs from that of the base image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const base = baseRef(stage);
      const baseVersion = base ? baseCudaVersion(base.ref) : undefined;
      if (!baseVersion || stage.nonPosixShell || model.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          if (install.tool === 'conda') {
            continue;
          }
          const torch = torchWord(install);
          if (!torch) {
            continue;
          }
          const carriers = [torch, ...indexWords(install).filter((w) => pytorchIndexRe.test(w.value))].filter((w) => !w.value.includes('$'));
          for (const w of carriers) {
            const cu = cuTagMajor(w.value);
            if (!cu || cu.major === baseVersion.major) {
              continue;
            }
            const baseText = baseVersion.minor !== undefined ? `${baseVersion.major}.${baseVersion.minor}` : `${baseVersion.major}`;
            out.push(
              finding(
                w.range,
                `The torch wheel is built for CUDA ${cu.major} (${cu.tag}) but the base image is CUDA ${baseText}; use a cu${baseVersion.major}x wheel index that matches the base.`,
              ),
            );
            break;
          }
        }
      }
    }
    return out;
  },
};

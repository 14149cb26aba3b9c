import { indexWords, isCudaBase, pytorchIndexRe, torchWord } from '../../dockerfile/cuda';
import { pythonInstalls, requirementName } from '../../dockerfile/installs';
import { isRocmImage } from '../../dockerfile/rocm';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding } from './helpers';

const torchFamily = new Set(['torch', 'torchvision', 'torchaudio']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD414',
    name: 'cpu-target-pulls-cuda-torch',
    family: 'ml',
    severity: 'info',
    enabledByDefault: false,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A CPU-only project installs torch from the default index, which pulls multi-GB CUDA wheels.',
  },
  check({ model, settings }) {
    const out: RuleFinding[] = [];
    if (!settings.cpuOnly || model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      const base = baseRef(stage);
      // A ROCm base is a GPU target, not a CPU one: MLD416 reports CUDA torch there.
      if (!base || isCudaBase(base.ref) || isRocmImage(base.ref) || stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          const torch = torchWord(install);
          if (!torch || install.tool === 'conda' || torch.value.includes('+') || indexWords(install).some((w) => pytorchIndexRe.test(w.value) || w.value.includes('$'))) {
            continue;
          }
          const onlyTorch = install.packages.every((p) => torchFamily.has(requirementName(p.value)));
          const last = install.packages[install.packages.length - 1] ?? torch;
          const fix: Fix | undefined = onlyTorch
            ? { title: 'Install torch from the PyTorch CPU wheel index', edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ' --index-url https://download.pytorch.org/whl/cpu' }] }
            : undefined;
          out.push(
            finding(
              torch.range,
              'This CPU-only project installs torch from the default index, which pulls multi-GB nvidia-* CUDA wheels; install it with --index-url https://download.pytorch.org/whl/cpu.',
              fix,
            ),
          );
        }
      }
    }
    return out;
  },
};

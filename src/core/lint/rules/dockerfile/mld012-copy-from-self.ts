import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD012',
    name: 'copy-from-self',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3023'] },
    description: 'COPY --from names the stage it is in.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      for (const instr of stage.instructions.map(effective)) {
        const from = instr.keyword === 'COPY' ? instr.flags.find((f) => f.name === 'from') : undefined;
        if (!from?.valueRange || from.value === undefined) {
          continue;
        }
        const self = (stage.name !== undefined && from.value.toLowerCase() === stage.name.toLowerCase()) || from.value === String(stage.index);
        if (self) {
          out.push(finding(from.valueRange, `COPY --from=${from.value} names the stage it is in; copy from an earlier stage instead.`));
        }
      }
    }
    return out;
  },
};

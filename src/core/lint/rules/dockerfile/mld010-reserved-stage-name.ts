import type { DockerfileRule } from '../../rule';
import type { RuleFinding, TextEdit } from '../../types';
import { finding, replace } from './helpers';

const reserved = new Set(['scratch', 'context']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD010',
    name: 'reserved-stage-name',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3063'], buildkit: ['ReservedStageName'] },
    description: 'A stage is named scratch or context.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameWord || !reserved.has(stage.name.toLowerCase())) {
        continue;
      }
      const newName = `${stage.name.toLowerCase()}-stage`;
      const edits: TextEdit[] = [replace(stage.nameWord.range, newName)];
      for (const later of model.stages) {
        if (later.parent === stage && later.imageWord) {
          edits.push(replace(later.imageWord.range, newName));
        }
        for (const instr of later.index > stage.index ? later.instructions : []) {
          const from = instr.flags.find((f) => f.name === 'from' && f.value?.toLowerCase() === stage.name?.toLowerCase());
          if (from?.valueRange) {
            edits.push(replace(from.valueRange, newName));
          }
        }
      }
      out.push(
        finding(stage.nameWord.range, `"${stage.name}" is a reserved name (it means ${stage.name.toLowerCase() === 'scratch' ? 'the empty image' : 'the build context'}); rename the stage, e.g. to "${newName}".`, {
          title: `Rename the stage to ${newName}`,
          edits,
        }),
      );
    }
    return out;
  },
};

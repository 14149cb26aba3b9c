import { parseImageRef } from '../../dockerfile/image-ref';
import { effective } from '../../dockerfile/semantic';
import { expandVars } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD005',
    name: 'invalid-image-reference',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { buildkit: ['InvalidDefaultArgInFrom'], dockerfileUtils: ['INVALID_REFERENCE_FORMAT', 'BASE_NAME_EMPTY'] },
    description: 'A FROM or COPY --from image reference is empty or invalid after ARG substitution.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const word = stage.imageWord;
      if (!word || stage.image === undefined || stage.parent || stage.namedContext !== undefined || stage.image.toLowerCase() === 'scratch') {
        continue; // unresolved variables keep the rule silent
      }
      const parsed = parseImageRef(stage.image);
      if (!parsed.ok) {
        const shown = stage.image === word.value ? `"${stage.image}"` : `"${word.value}" (= "${stage.image}")`;
        out.push(finding(word.range, `${shown} is not a valid image reference: ${parsed.reason}.`));
      }
    }
    for (const instr of model.parsed.instructions.map(effective)) {
      const from = instr.keyword === 'COPY' ? instr.flags.find((f) => f.name === 'from') : undefined;
      if (!from?.valueRange || from.value === undefined || !/[:/@]/.test(from.value)) {
        continue;
      }
      const exp = expandVars(from.value, (n) => model.globalArgs.get(n), model.parsed.escape);
      if (exp.unresolved.length > 0) {
        continue;
      }
      const parsed = parseImageRef(exp.value);
      if (!parsed.ok) {
        out.push(finding(from.valueRange, `"${from.value}" is not a valid image reference: ${parsed.reason}.`));
      }
    }
    return out;
  },
};

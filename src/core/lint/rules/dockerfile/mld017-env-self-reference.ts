import { keyValues } from '../../dockerfile/kv';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { declaredNames } from '../../dockerfile/semantic';
import { findVarRefs } from '../../dockerfile/variables';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD017',
    name: 'env-self-reference',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3044'] },
    description: 'ENV refers to a variable first defined in the same instruction.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'ENV') {
          continue;
        }
        const pairs = keyValues(instr);
        if (pairs.length < 2 || pairs[0]?.legacy) {
          continue;
        }
        // Global ARGs are not in scope inside a stage unless redeclared, which declaredNames covers.
        const before = declaredNames(stage, instr);
        const definedHere = new Set<string>();
        for (const kv of pairs) {
          const valueStart = kv.keyWord.end + 1;
          for (const ref of findVarRefs(instr.args.text.slice(valueStart, kv.word.end), model.parsed.escape)) {
            if (definedHere.has(ref.name) && !before.has(ref.name)) {
              out.push(
                finding(
                  instr.args.range(valueStart + ref.start, valueStart + ref.end),
                  `${ref.name} is defined in this same ENV, so $${ref.name} still has its previous (empty) value here; set ${ref.name} in an earlier ENV instruction.`,
                ),
              );
            }
          }
          definedHere.add(kv.key);
        }
      }
    }
    return out;
  },
};

import { effective } from '../../dockerfile/semantic';
import { basename } from '../../dockerfile/shell';
import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const shells = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD028',
    name: 'variable-in-exec-form',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'An exec-form CMD, ENTRYPOINT or RUN contains $VAR, which no shell expands.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions.map(effective)) {
      if (!instr.json || !['CMD', 'ENTRYPOINT', 'RUN'].includes(instr.keyword)) {
        continue;
      }
      const first = instr.json[0];
      if (!first || (shells.has(basename(first.value)) && instr.json.some((j) => j.value === '-c'))) {
        continue;
      }
      for (const arg of instr.json) {
        const ref = findVarRefs(arg.value, '\\')[0];
        if (ref) {
          out.push(
            finding(
              arg.range,
              `"${arg.value}" reaches the program literally: exec form runs no shell, so $${ref.name} is not expanded; use ["sh", "-c", "…"] or the shell form.`,
            ),
          );
        }
      }
    }
    return out;
  },
};

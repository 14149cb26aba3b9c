import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { splitExpose } from './expose';
import { finding, replace } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD020',
    name: 'expose-host-mapping',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['ExposeInvalidFormat'] },
    description: 'EXPOSE carries an IP address or a host:container mapping.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      if (instr.keyword !== 'EXPOSE') {
        continue;
      }
      for (const w of instr.words) {
        const spec = splitExpose(w.value);
        if (spec.host === undefined || w.value.includes('$')) {
          continue;
        }
        const keep = `${spec.ports}${spec.protocol !== undefined ? `/${spec.protocol}` : ''}`;
        out.push(
          finding(w.range, `EXPOSE ${w.value} includes a host address or port, which the builder ignores (and will reject); publish ports at run time and keep only ${keep} here.`, {
            title: `Keep only ${keep}`,
            edits: [replace(w.range, keep)],
          }),
        );
      }
    }
    return out;
  },
};

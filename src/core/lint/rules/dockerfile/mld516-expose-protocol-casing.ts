import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD516',
    name: 'expose-protocol-casing',
    family: 'style',
    severity: 'hint',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['ExposeProtoCasing'] },
    description: 'An EXPOSE protocol is not lower case (8000/TCP).',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'EXPOSE') {
        continue;
      }
      for (const word of instr.words) {
        const slash = word.raw.lastIndexOf('/');
        const proto = slash >= 0 ? word.raw.slice(slash + 1) : '';
        if (proto === '' || proto === proto.toLowerCase() || /[$"'\\]/.test(word.raw)) {
          continue;
        }
        const range = instr.args.range(word.start + slash + 1, word.end);
        out.push(finding(range, `Protocol ${proto} should be lower case; write ${word.raw.slice(0, slash)}/${proto.toLowerCase()}.`, { title: `Write ${proto.toLowerCase()}`, edits: [replace(range, proto.toLowerCase())] }));
      }
    }
    return out;
  },
};

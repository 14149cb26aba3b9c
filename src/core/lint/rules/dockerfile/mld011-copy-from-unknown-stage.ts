import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { nearest } from './keywords';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD011',
    name: 'copy-from-unknown-stage',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3022'] },
    description: 'COPY --from names neither an earlier stage nor an image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const names: string[] = [];
    const known = new Set<string>();
    for (const stage of model.stages) {
      for (const instr of stage.instructions.map(effective)) {
        if (instr.keyword !== 'COPY') {
          continue;
        }
        const from = instr.flags.find((f) => f.name === 'from');
        const value = from?.value;
        if (!from?.valueRange || value === undefined || value === '' || /[:/@$]/.test(value)) {
          continue;
        }
        const lower = value.toLowerCase();
        if (known.has(lower) || model.namedContexts?.has(lower) || (/^\d+$/.test(value) && Number(value) < stage.index) || lower === stage.name?.toLowerCase()) {
          continue;
        }
        const suggestion = names.length <= 200 ? nearest(lower, names, 3) : undefined;
        out.push(
          finding(
            from.valueRange,
            `"${value}" is not an earlier stage or a named build context, so the builder would pull the image ${value}:latest; ${suggestion ? `did you mean the stage "${suggestion}"?` : 'name an earlier stage or a full image reference (a named context passed with --build-context or bake goes in dockerfiles.<path>.contexts of .mlc.yaml).'}`,
            suggestion ? { title: `Replace with ${suggestion}`, edits: [replace(from.valueRange, suggestion)] } : undefined,
          ),
        );
      }
      const own = stage.name?.toLowerCase();
      if (own !== undefined && !known.has(own)) {
        known.add(own);
        names.push(own);
      }
    }
    return out;
  },
};

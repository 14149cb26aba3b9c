import type { Stage } from '../../dockerfile/semantic';
import { ancestry } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\');
}

/** The stage's in-file ancestors had an absolute WORKDIR (then relative ones resolve against it). */
function ancestorsHaveAbsoluteWorkdir(stage: Stage): boolean {
  return ancestry(stage)
    .slice(1)
    .some((s) => s.instructions.some((i) => i.keyword === 'WORKDIR' && isAbsolutePath(i.words[0]?.value ?? '')));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD014',
    name: 'workdir-relative',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3000'], buildkit: ['WorkdirRelativePath'], dockerfileUtils: ['WORKDIR_IS_NOT_ABSOLUTE'] },
    description: 'A relative WORKDIR with no absolute WORKDIR before it in the stage or its in-file ancestors.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      let absoluteSeen = ancestorsHaveAbsoluteWorkdir(stage);
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'WORKDIR') {
          continue;
        }
        const word = instr.words[0];
        if (!word) {
          continue;
        }
        if (isAbsolutePath(word.value) || word.value.startsWith('$')) {
          absoluteSeen = true;
          continue;
        }
        if (!absoluteSeen) {
          const abs = `/${word.value.replace(/^\.\//, '')}`;
          out.push(
            finding(word.range, `WORKDIR ${word.value} is relative to whatever the base image set; use an absolute path such as ${abs}.`, {
              title: `Make it ${abs}`,
              edits: [replace(word.range, abs)],
            }),
          );
        }
      }
    }
    return out;
  },
};

import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const stageNameRe = /^[a-z][a-z0-9._-]*$/;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD009',
    name: 'stage-name-invalid',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3024'], buildkit: ['DuplicateStageName'], dockerfileUtils: ['DUPLICATE_BUILD_STAGE_NAME', 'INVALID_BUILD_STAGE_NAME', 'INVALID_AS'] },
    description: 'A stage name is duplicated or is not a valid name.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameWord) {
        continue;
      }
      const lower = stage.name.toLowerCase();
      if (!stageNameRe.test(lower)) {
        out.push(finding(stage.nameWord.range, `"${stage.name}" is not a valid stage name; start with a letter and use only letters, digits, ".", "_" and "-".`));
        continue;
      }
      const earlier = seen.get(lower);
      if (earlier !== undefined) {
        out.push(finding(stage.nameWord.range, `Stage name "${stage.name}" is already used by the stage on line ${earlier}; give each stage a unique name.`));
        continue;
      }
      seen.set(lower, stage.from.startLine);
    }
    return out;
  },
};

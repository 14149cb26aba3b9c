import { isNvidiaCuda } from '../../dockerfile/image-ref';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD201',
    name: 'image-tag-missing',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3006'] },
    description: 'A FROM image has neither a tag nor a digest.',
  },
  check({ model, localImages }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const ref = stage.ref;
      if (!ref || !stage.imageWord || isNvidiaCuda(ref) || ref.tag !== undefined || ref.digest !== undefined || localImages?.has(ref)) {
        continue;
      }
      out.push(finding(stage.imageWord.range, `${stage.image ?? stage.imageWord.value} has no tag, so every build may pull a different image; pin a tag (and ideally a @sha256 digest).`));
    }
    return out;
  },
};

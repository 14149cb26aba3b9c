import { isNvidiaCuda } from '../../dockerfile/image-ref';
import type { DockerfileRule } from '../../rule';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD402',
    name: 'cuda-image-untagged',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    supersedes: ['MLD201', 'MLD202'],
    equivalents: {},
    description: 'FROM nvidia/cuda without a tag or with :latest; NVIDIA publishes no latest tag.',
  },
  check({ model }) {
    const out = [];
    for (const stage of model.stages) {
      const ref = stage.ref;
      if (!ref || !stage.imageWord || !isNvidiaCuda(ref) || ref.digest !== undefined) {
        continue;
      }
      if (ref.tag === undefined || ref.tag === 'latest') {
        const what = ref.tag === undefined ? 'has no tag' : 'uses the tag "latest"';
        out.push(
          finding(
            stage.imageWord.range,
            `nvidia/cuda ${what}, but NVIDIA publishes no "latest" tag, so the pull fails with "manifest unknown"; pin a tag such as nvidia/cuda:12.4.1-runtime-ubuntu22.04.`,
          ),
        );
      }
    }
    return out;
  },
};

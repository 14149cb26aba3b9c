import { isPytorchImage } from '../../dockerfile/image-ref';
import { cudaFlavour } from '../../dockerfile/cuda';
import { finalStageNeedsNvcc } from '../../dockerfile/compiles-cuda';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import { finding, fromAnchor } from './helpers';
import { provisionsAtStart } from './provisioning-entrypoint';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD401',
    name: 'cuda-devel-in-final-stage',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The final stage is based on a CUDA devel image, about twice the size of the runtime flavour.',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) {
      return [];
    }
    const base = baseRef(final);
    if (!base) {
      return [];
    }
    const { ref } = base;
    const devel = cudaFlavour(ref) === 'devel' || (isPytorchImage(ref) && /-devel$/.test(ref.tag ?? ''));
    if (!devel) {
      return [];
    }
    if (finalStageNeedsNvcc(model) || provisionsAtStart(model)) {
      return [];
    }
    const image = `${ref.path.replace(/^library\//, '')}:${ref.tag ?? ''}`;
    return [
      finding(
        fromAnchor(final),
        `The final stage runs on the CUDA devel image ${image}, about twice the size of the runtime flavour; build in a devel stage and COPY the results into a "-runtime" image.`,
      ),
    ];
  },
};

import type { DockerfileRule } from '../../rule';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD004',
    name: 'first-instruction-not-from',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3061'], dockerfileUtils: ['NO_SOURCE_IMAGE'] },
    description: 'An instruction other than ARG comes before the first FROM, or there is no FROM.',
  },
  check({ model }) {
    const first = model.parsed.instructions[0];
    if (!first) {
      return [];
    }
    const early = model.preamble.find((i) => i.keyword !== 'ARG');
    if (early) {
      return [finding(early.keywordRange, `${early.keyword} comes before the first FROM; only ARG may precede FROM, so move it into a stage.`)];
    }
    if (model.stages.length === 0) {
      return [finding(first.keywordRange, 'This Dockerfile has no FROM instruction; start a stage with FROM <image> (or FROM scratch).')];
    }
    return [];
  },
};

import { torchWord } from '../../dockerfile/cuda';
import { isNgcPytorch, isPytorchImage } from '../../dockerfile/image-ref';
import { hasOption, hasVersionSpecifier, pythonInstalls, requirementVersion } from '../../dockerfile/installs';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD406',
    name: 'framework-reinstalled-over-framework-image',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A RUN installs torch over a framework image that already ships a tuned torch build.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      const base = baseRef(stage);
      if (!base || stage.nonPosixShell) {
        continue;
      }
      const ngc = isNgcPytorch(base.ref);
      if (!ngc && !isPytorchImage(base.ref)) {
        continue;
      }
      const baseTorch = ngc ? undefined : /^(\d+\.\d+(?:\.\d+)?)/.exec(base.ref.tag ?? '')?.[1];
      const image = `${base.ref.domain === 'docker.io' ? '' : `${base.ref.domain}/`}${base.ref.path}:${base.ref.tag ?? 'latest'}`;
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          const torch = torchWord(install);
          if (!torch || install.tool === 'conda' || hasOption(install, '--no-deps', '-c', '--constraint')) {
            continue;
          }
          const pinned = requirementVersion(torch.value)?.replace(/\+.*$/, '');
          if (pinned === undefined && hasVersionSpecifier(torch.value) && !ngc) {
            continue; // a range the base may satisfy: pip keeps the installed build
          }
          if (pinned !== undefined && !ngc && (baseTorch === undefined || pinned === baseTorch || pinned.startsWith(`${baseTorch}.`))) {
            continue;
          }
          const what = pinned === undefined ? 'an unpinned torch' : `torch ${pinned}`;
          const ships = ngc ? "NVIDIA's own torch build" : `torch ${baseTorch ?? '(its own build)'}`;
          out.push(
            finding(
              torch.range,
              `The base image ${image} already ships ${ships}; installing ${what} replaces its tuned build. Remove torch from this install, or pin it to the base's version.`,
            ),
          );
        }
      }
    }
    return out;
  },
};

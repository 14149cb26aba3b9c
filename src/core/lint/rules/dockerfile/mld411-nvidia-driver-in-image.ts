import { osInstalls } from '../../dockerfile/installs';
import { finalChain } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/**
 * The driver and its CUDA user-space library: branch-suffixed (`nvidia-driver-550`, `libnvidia-compute-550`) and, from
 * branch 590, NVIDIA's unsuffixed names (`libnvidia-compute`). Not `nvidia-dkms-*`: kernel-module sources with no
 * user-space library, which builds of host drivers such as gdrcopy's gdrdrv need.
 */
const driverRe = /^(?:nvidia-driver(?:[-=:]|$)|cuda-drivers|libnvidia-compute(?:[-=:]|$))/;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD411',
    name: 'nvidia-driver-in-image',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A stage that reaches the final image installs the NVIDIA driver.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of finalChain(model).reverse()) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of osInstalls(instr)) {
          for (const pkg of install.packages) {
            if (driverRe.test(pkg.value)) {
              out.push(
                finding(
                  pkg.range,
                  `${pkg.value} installs the NVIDIA driver into the image, where it will not match the host's kernel module; remove it and let the host's driver be injected by the NVIDIA container toolkit.`,
                ),
              );
            }
          }
        }
      }
    }
    return out;
  },
};

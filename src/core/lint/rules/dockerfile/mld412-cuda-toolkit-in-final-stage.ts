import { osInstalls, pythonInstalls, requirementName, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { baseRef, finalChain } from '../../dockerfile/semantic';
import { installsRocmPackages, isRocmImage, runsAmdgpuInstallForRocm } from '../../dockerfile/rocm';
import { imageLabel } from './gpu-stack';
import { branchSettingPrefix } from './branch-setting';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { devLibraries, devLibrariesMessage, finalImageNeedsNoDevLibraries, osPackageName } from './cuda-dev-libraries';
import { finding } from './helpers';

const toolkitRe = /^(?:cuda|cuda-toolkit(?:-[0-9][0-9.-]*)?|nvidia-cuda-toolkit)$/;

/** `When ENABLE_GPU=true, ` where the ARG defaults skip the install's branch (unclecode/crawl4ai: `ARG ENABLE_GPU=false`), else ''. */
function whenSet(model: DockerfileModel, stage: Stage, instr: Instruction, command: ShellCommand): string {
  const script = runCommands(instr).find((c) => c.command === command)?.script;
  return script ? branchSettingPrefix(script, command, model, stage, instr) : '';
}

/**
 * The ROCm image the final image is built for, as a message names it: a ROCm base (`rocm/dev-ubuntu-22.04:6.1`), or
 * `a ROCm` when the chain installs ROCm itself; undefined for an NVIDIA or plain image.
 */
function rocmTarget(model: DockerfileModel): string | undefined {
  const final = model.finalStage;
  const base = final ? baseRef(final) : undefined;
  if (base && isRocmImage(base.ref)) {
    return `the ROCm image ${imageLabel(base.ref)}`;
  }
  const installsRocm = finalChain(model).some((s) => s.instructions.some((i) => osInstalls(i).some(installsRocmPackages) || runCommands(i).some(({ command }) => runsAmdgpuInstallForRocm(command))));
  return installsRocm ? 'this ROCm image' : undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD412',
    name: 'cuda-toolkit-in-final-stage',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The final stage installs the full CUDA toolkit, or CUDA/cuDNN development libraries it does not compile against.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    let rocm: { target: string | undefined } | undefined;
    // One finding per install command, at its first toolkit package (conda's `cuda` and `cuda-toolkit` often come together).
    const report = (pkgs: readonly ShellWord[], when: () => string): void => {
      const [first] = pkgs;
      if (first === undefined) {
        return;
      }
      const what = pkgs.length === 1 ? `${first.value} installs` : `${pkgs.map((p) => p.value).join(' and ')} install`;
      const onRocm = (rocm ??= { target: rocmTarget(model) }).target;
      const why =
        onRocm === undefined
          ? ' the full CUDA toolkit (several GB) into the final image, while containers need only the runtime libraries; install it in a build stage, or base the image on an nvidia/cuda "-runtime" tag.'
          : ` NVIDIA's CUDA toolkit (several GB), which cannot drive the AMD GPUs ${onRocm} is built for; remove it (ROCm's HIP toolchain builds for AMD GPUs).`;
      out.push(finding(first.range, `${when()}${what}${why}`));
    };
    let devLibrariesMatter: boolean | undefined;
    for (const stage of finalChain(model).reverse()) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of osInstalls(instr)) {
          report(
            install.packages.filter((p) => toolkitRe.test(osPackageName(p.value))),
            () => whenSet(model, stage, instr, install.command),
          );
          const libs = devLibraries(install);
          const [first] = libs;
          if (first && (devLibrariesMatter ??= finalImageNeedsNoDevLibraries(model))) {
            out.push(finding(first.word.range, devLibrariesMessage(libs, install)));
          }
        }
        for (const install of pythonInstalls(instr)) {
          if (install.tool === 'conda') {
            report(
              install.packages.filter((p) => /^(?:cuda|cuda-toolkit)$/.test(requirementName(p.value.replace(/^[\w-]+::/, '')))),
              () => whenSet(model, stage, instr, install.command),
            );
          }
        }
      }
    }
    return out;
  },
};

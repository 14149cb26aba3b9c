import { osInstalls, pythonInstalls, requirementName, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { valuesAt } from '../../dockerfile/scope-values';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { finalChain } from '../../dockerfile/semantic';
import { deadBranchSetting } from './build-arg-guard';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { devLibraries, devLibrariesMessage, finalImageNeedsNoDevLibraries, osPackageName } from './cuda-dev-libraries';
import { finding } from './helpers';

const toolkitRe = /^(?:cuda|cuda-toolkit(?:-[0-9][0-9.-]*)?|nvidia-cuda-toolkit)$/;

/** `When ENABLE_GPU=true, ` where the ARG defaults skip the install's branch (unclecode/crawl4ai: `ARG ENABLE_GPU=false`), else ''. */
function whenSet(model: DockerfileModel, stage: Stage, instr: Instruction, command: ShellCommand): string {
  const script = runCommands(instr).find((c) => c.command === command)?.script;
  const setting = script && deadBranchSetting(script, command, valuesAt(model, stage, instr));
  return setting === undefined ? '' : `When ${setting}, `;
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
    // One finding per install command, at its first toolkit package (conda's `cuda` and `cuda-toolkit` often come together).
    const report = (pkgs: readonly ShellWord[], when: () => string): void => {
      const [first] = pkgs;
      if (first === undefined) {
        return;
      }
      const what = pkgs.length === 1 ? `${first.value} installs` : `${pkgs.map((p) => p.value).join(' and ')} install`;
      out.push(
        finding(
          first.range,
          `${when()}${what} the full CUDA toolkit (several GB) into the final image, while containers need only the runtime libraries; install it in a build stage, or base the image on an nvidia/cuda "-runtime" tag.`,
        ),
      );
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

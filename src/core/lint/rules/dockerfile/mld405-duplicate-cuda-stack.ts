import { finalStageNvccNeed } from '../../dockerfile/compiles-cuda';
import type { ConfiguredIndexes } from '../../dockerfile/cuda';
import { cudaFlavour, isNonCudaTorch, torchWord } from '../../dockerfile/cuda';
import { configuredIndexes } from '../../dockerfile/configured-indexes';
import type { PythonInstall } from '../../dockerfile/installs';
import { pythonInstalls, requirementName, requirementVersion } from '../../dockerfile/installs';
import type { ShellWord } from '../../dockerfile/shell';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { baseRef, finalChain } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { torchDependent } from './torch-dependents';

/**
 * Where a torch wheel keeps its CUDA libraries: in nvidia-* wheels it depends on since torch 1.13, inside the torch
 * wheel before that (facebookresearch/detectron2's image installs torch==1.10 from the cu111 index).
 */
function bundledCuda(spec: string): string {
  const [major, minor] = (requirementVersion(spec) ?? '').split('.').map(Number);
  const older = major !== undefined && minor !== undefined && (major < 1 || (major === 1 && minor < 13));
  return older ? 'inside the torch wheel itself' : 'nvidia-* wheels';
}

const baseAdvice = 'use an nvidia/cuda "-base" tag or a plain OS base image.';

/**
 * A stage that compiles CUDA code needs nvcc from the devel image: the way out is a second stage, not another base. One
 * that only installs build tools (cmake, ninja) or packages that compile kernels when they run may need nvcc later.
 */
function develAdvice(model: DockerfileModel): string {
  switch (finalStageNvccNeed(model)) {
    case 'compiles':
      return 'this stage compiles CUDA code, so compile in a devel stage and COPY the results (the virtualenv or built wheels) into an nvidia/cuda "-base" image.';
    case 'may-compile':
      return `this stage installs build tools or packages that compile CUDA code when they run, so keep the devel image only if something compiles with nvcc; otherwise ${baseAdvice}`;
    default:
      return baseAdvice;
  }
}

/** `--no-build-isolation` (uv's `--no-build-isolation-package NAME` too): the package builds against the torch installed before it. */
function buildsAgainstInstalledTorch(install: PythonInstall, name: string): boolean {
  return install.options.some((o) => o.name === '--no-build-isolation' || (o.name === '--no-build-isolation-package' && requirementName(o.value?.value ?? '') === name));
}

/** What a package that requires torch brings in: PyPI's torch, or (built without isolation) the torch an earlier install put in. */
function dependentMessage(install: PythonInstall, pulls: ShellWord, earlierInstallLine: number | undefined, stack: string, advice: string): string {
  const name = requirementName(pulls.value);
  if (!buildsAgainstInstalledTorch(install, name)) {
    return `${name} requires torch, so this install pulls PyPI's torch, whose wheels bring their own CUDA libraries (nvidia-* wheels), and CUDA ships twice on top of the ${stack}; ${advice}`;
  }
  const earlier = earlierInstallLine === undefined ? 'an earlier install' : `the install on line ${earlierInstallLine} or one before it`;
  return `${name} builds with --no-build-isolation against the torch already installed, which ${earlier} brought in; if that is PyPI's torch, its wheels bring their own CUDA libraries (nvidia-* wheels), and CUDA ships twice on top of the ${stack}; ${advice}`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD405',
    name: 'duplicate-cuda-stack',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The final stage is an nvidia/cuda runtime or devel image and also installs a CUDA-enabled torch wheel, itself or through a package that requires it (vllm, xformers, …).',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final || model.nonPosixShell) {
      return [];
    }
    const base = baseRef(final);
    const flavour = base ? cudaFlavour(base.ref) : undefined;
    if (!base || (flavour !== 'runtime' && flavour !== 'devel')) {
      return [];
    }
    const image = `${base.ref.path}:${base.ref.tag ?? ''}`;
    let advice: string | undefined;
    const adviceFor = (): string => (advice ??= flavour === 'devel' ? develAdvice(model) : baseAdvice);
    let out: RuleFinding[] | undefined;
    // Without a torch install of its own, the first package that requires torch pulls PyPI's CUDA build of it.
    let dependent: RuleFinding | undefined;
    let ownTorch = false;
    let earlierInstallLine: number | undefined;
    for (const stage of finalChain(model).reverse()) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of pythonInstalls(instr)) {
          const torch = torchWord(install);
          const expand = (text: string): string | undefined => expandWith(model, text, valuesAt(model, stage, instr));
          const configured: ConfiguredIndexes = () => configuredIndexes(model, stage, instr, install);
          ownTorch ||= torch !== undefined || (install.tool === 'conda' && install.packages.some((p) => requirementName(p.value) === 'pytorch'));
          const pulls = torch || install.tool === 'conda' || dependent ? undefined : torchDependent(install);
          if (pulls && !isNonCudaTorch(install, pulls, expand, configured)) {
            dependent = finding(pulls.range, dependentMessage(install, pulls, earlierInstallLine, `${flavour} image ${image}`, adviceFor()));
          }
          if (install.tool !== 'conda') {
            earlierInstallLine = install.toolWord.range.start.line;
          }
          if (!torch || install.tool === 'conda' || isNonCudaTorch(install, torch, expand, configured)) {
            continue;
          }
          (out ??= []).push(finding(torch.range, `torch's pip wheels bring their own CUDA libraries (${bundledCuda(torch.value)}), so CUDA ships twice on top of the ${flavour} image ${image}; ${adviceFor()}`));
        }
      }
    }
    if (dependent && !ownTorch) {
      (out ??= []).push(dependent);
    }
    return out ?? [];
  },
};

import { cudaFrameworkPackage, cuTagMajor, indexWords, installsCpuBuild, installsOtherAcceleratorBuild, isArm64Platform, isLikelyCudaBase, isOtherAcceleratorBase } from '../../dockerfile/cuda';
import type { PythonInstall } from '../../dockerfile/installs';
import { osInstalls, pythonInstalls, requirementName, runCommands } from '../../dockerfile/installs';
import { installsRocmPackages, runsAmdgpuInstallForRocm } from '../../dockerfile/rocm';
import { configuredIndexes } from '../../dockerfile/configured-indexes';
import { branchVariables, skippedOnAmd64 } from '../../dockerfile/platform-branches';
import { keyValues } from '../../dockerfile/kv';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';
import { baseRef, chainInstructions, envValue, finalChain } from '../../dockerfile/semantic';
import type { Stage } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import { finding, fromAnchor, insertLinesAfter } from './helpers';

const cpuFileNameRe = /(?:^|[._-])cpu(?:[._-]|$)/i;

/**
 * A Dockerfile named for CPUs (Dockerfile.cpu, horovod-cpu.Dockerfile, Dockerfile.pytorch-cpu) or a final stage so named
 * (`AS cpu`, `AS runtime-cpu`, beside an `AS gpu` one) builds a CPU image.
 */
function namedForCpus(final: Stage, path: string | undefined): boolean {
  return (path !== undefined && cpuFileNameRe.test(path.slice(path.lastIndexOf('/') + 1))) || (final.name !== undefined && cpuFileNameRe.test(final.name));
}

/** The platform variables in a build for linux/amd64 (a stage that declares them sees these values). */
const amd64Platform = { TARGETARCH: 'amd64', TARGETPLATFORM: 'linux/amd64' } as const;

/** Does the install name a CUDA wheel index (or one the linter cannot read, which may be)? */
function cudaIndexed(x: { install: PythonInstall; expand: (text: string) => string | undefined; configured: () => (string | undefined)[] }): boolean {
  const urls = [...indexWords(x.install).map((w) => (w.value.includes('$') ? x.expand(w.value) : w.value)), ...x.configured()];
  return urls.some((url) => url === undefined || cuTagMajor(url) !== undefined);
}

/** The stages install ROCm (`apt-get install rocm`, `amdgpu-install --usecase=rocm`): the framework is for AMD GPUs. */
function installsRocm(stages: readonly Stage[]): boolean {
  return stages.some((s) => s.instructions.some((i) => osInstalls(i).some(installsRocmPackages) || runCommands(i).some(({ command }) => runsAmdgpuInstallForRocm(command))));
}

/**
 * The build argument (not a platform variable) that picks the branch the install sits in (`ARG USE_CUDA`, `if [
 * "$USE_CUDA" = 1 ]; then pip install torch …`): the install happens only in the builds that set it so.
 */
function selectingBuildArg(stage: Stage, install: PythonInstall): string | undefined {
  const tested = branchVariables(install.script, install.command).filter((name) => name !== 'TARGETARCH' && name !== 'TARGETPLATFORM');
  if (tested.length === 0) {
    return undefined;
  }
  const args = new Set<string>();
  for (const i of chainInstructions(stage)) {
    for (const kv of i.keyword === 'ARG' ? keyValues(i) : []) {
      args.add(kv.key);
    }
  }
  return tested.find((name) => args.has(name));
}

/** A pip/uv/conda install of the final image's chain, with how to read its variables and indexes. */
interface ChainInstall {
  install: PythonInstall;
  stage: Stage;
  expand: (text: string) => string | undefined;
  configured: () => ReturnType<typeof configuredIndexes>;
  offAmd64: () => boolean;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD410',
    name: 'nvidia-env-unset-on-plain-base',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'The final stage has a non-CUDA base, installs a CUDA framework and sets no NVIDIA_* environment.',
  },
  check({ model, path }) {
    const final = model.finalStage;
    if (!final || model.nonPosixShell || namedForCpus(final, path)) {
      return [];
    }
    const base = baseRef(final);
    // A third-party GPU image (`…:latest-gpu`) or a Jetson (L4T) image is built on CUDA and sets the NVIDIA_* variables
    // itself; an image for another accelerator (ROCm, Neuron, Gaudi, Ascend, …) has no use for them.
    if (!base || isLikelyCudaBase(base.ref) || isOtherAcceleratorBase(base.ref)) {
      return [];
    }
    // Loops rather than flatMap, which V8 runs far slower.
    const installs: ChainInstall[] = [];
    for (const s of finalChain(model)) {
      for (const i of s.nonPosixShell ? [] : s.instructions) {
        for (const install of pythonInstalls(i)) {
          installs.push({
            install,
            stage: s,
            expand: (text: string) => expandWith(model, text, valuesAt(model, s, i)),
            configured: () => configuredIndexes(model, s, i, install),
            offAmd64: () => skippedOnAmd64(install.script, install.command, (name) => (valuesAt(model, s, i).has(name) ? amd64Platform[name] : '')),
          });
        }
      }
    }
    // On linux/arm64 (Apple silicon, Graviton) the default index has CPU-only torch wheels; CUDA ones come from a cuXYZ index.
    const cpuTorch = (x: (typeof installs)[number], pkg: ShellWord): boolean => requirementName(pkg.value) === 'torch' && !cudaIndexed(x);
    const found = installs
      .map((x) => ({ ...x, pkg: cudaFrameworkPackage(x.install, x.expand, x.configured) }))
      // So have the other platforms a script's `if [ "$TARGETARCH" = arm64 ]` or `case $TARGETARCH` branch installs for.
      .find((x) => x.pkg !== undefined && !(x.offAmd64() && cpuTorch(x, x.pkg)));
    const pkg = found?.pkg;
    // An image that installs CPU builds (tensorflow-cpu beside a PyPI torch that bundles CUDA) is meant for CPUs; one that
    // installs torch-neuronx, torch_xla[tpu], torch-npu or Intel's extension beside torch is meant for that accelerator.
    if (!found || !pkg || installs.some(({ install }) => installsCpuBuild(install) || installsOtherAcceleratorBuild(install))) {
      return [];
    }
    if (isArm64Platform(final.from.flags.find((f) => f.name === 'platform')?.value) && cpuTorch(found, pkg)) {
      return [];
    }
    if (envValue(final, 'NVIDIA_VISIBLE_DEVICES') !== undefined || envValue(final, 'NVIDIA_DRIVER_CAPABILITIES') !== undefined || installsRocm(finalChain(model))) {
      return [];
    }
    const buildArg = selectingBuildArg(found.stage, found.install);
    const when = buildArg === undefined ? '' : `Where build arg ${buildArg} selects it, `;
    const message = `${when}${when ? 't' : 'T'}he final stage installs ${pkg.value} on the non-CUDA base ${base.ref.path.replace(/^library\//, '')} but sets neither NVIDIA_VISIBLE_DEVICES nor NVIDIA_DRIVER_CAPABILITIES; this matters only for env-based GPU enumeration (--runtime=nvidia without --gpus)`;
    const env = 'ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility';
    if (buildArg !== undefined) {
      // An ENV applies to every build, also to the default one the argument keeps on CPUs.
      return [finding(fromAnchor(final), `${message}. If you run that way, set them only in the builds where ${buildArg} selects CUDA (no quick fix: an unconditional ${env} would make the other builds ask for every GPU too).`)];
    }
    return [
      finding(fromAnchor(final), `${message}, so add ${env} if you run that way.`, {
        title: 'Add ENV NVIDIA_VISIBLE_DEVICES and NVIDIA_DRIVER_CAPABILITIES',
        edits: [insertLinesAfter(final.from, model.parsed.lines, env)],
      }),
    ];
  },
};

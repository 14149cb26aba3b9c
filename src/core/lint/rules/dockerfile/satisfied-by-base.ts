import type { ImageRef } from '../../dockerfile/image-ref';
import { isNgcPytorch } from '../../dockerfile/image-ref';
import type { Instruction } from '../../dockerfile/model';
import type { PythonInstall } from '../../dockerfile/installs';
import { requirementName, runCommands } from '../../dockerfile/installs';
import { isRocmImage, isRocmImageWithoutTorch } from '../../dockerfile/rocm';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { baseRef, chainInstructions } from '../../dockerfile/semantic';
import { imageFramework } from './framework-images';
import { uninstallsTorch } from './torch-replacement';
import { venvInstalls } from './venv-installs';

/** Every package some framework base ships: a name outside it needs no look at the base. */
const frameworkPackages = new Set(['torch', 'torchvision', 'torchaudio', 'tensorflow', 'jax', 'jaxlib']);
const pytorchImagePackages = new Set(['torch', 'torchvision', 'torchaudio']);
/** NVIDIA's PyTorch images ship torchvision beside torch, but not torchaudio. */
const ngcPytorchPackages = new Set(['torch', 'torchvision']);
const rocmTorchPackages = new Set(['torch']);
const tensorflowPackages = new Set(['tensorflow']);
const jaxPackages = new Set(['jax', 'jaxlib']);

/** The framework packages the image ships installed (pytorch/pytorch, NGC, TensorFlow and JAX images, AMD's ROCm torch images). */
function shippedPackages(ref: ImageRef): ReadonlySet<string> | undefined {
  const framework = imageFramework(ref);
  if (framework?.name === 'torch') {
    return isNgcPytorch(ref) ? ngcPytorchPackages : pytorchImagePackages;
  }
  if (framework) {
    return framework.name === 'tensorflow' ? tensorflowPackages : jaxPackages;
  }
  return isRocmImage(ref) && !isRocmImageWithoutTorch(ref) ? rocmTorchPackages : undefined;
}

/** Options that replace or bypass an installed package that satisfies the requirement (pip's -U, -I, --force-reinstall, --target; uv's --reinstall, -P NAME). */
function replacesInstalled(install: PythonInstall, name: string): boolean {
  return install.options.some(
    (o) =>
      ['-U', '--upgrade', '--force-reinstall', '-I', '--ignore-installed', '--reinstall', '-t', '--target', '--prefix', '--root'].includes(o.name) ||
      (install.tool === 'pip' && /^-[a-zA-Z]*[UIt][a-zA-Z]*$/.test(o.name)) ||
      (['-P', '--upgrade-package', '--reinstall-package'].includes(o.name) && requirementName(o.value?.value ?? '') === name),
  );
}

/**
 * A bare requirement (`pip install torch torchvision`) on a base that ships the package: pip answers "Requirement
 * already satisfied" and keeps the base's, so nothing changes between rebuilds. Not so when the install upgrades or
 * reinstalls, installs elsewhere, runs in a venv that cannot see the base's packages, or torch was uninstalled before.
 */
export function satisfiedByBase(install: PythonInstall, spec: string, model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  const name = requirementName(spec);
  if (!frameworkPackages.has(name) || spec !== name || (install.tool !== 'pip' && install.tool !== 'uv') || install.pipx) {
    return false;
  }
  const base = baseRef(stage);
  if (!base || !shippedPackages(base.ref)?.has(name) || replacesInstalled(install, name)) {
    return false;
  }
  if (venvInstalls(model, stage).some((v) => v.install.command === install.command && !v.venv.systemSitePackages)) {
    return false;
  }
  const chain = chainInstructions(stage);
  const before = chain.slice(0, Math.max(chain.indexOf(instr), 0) + 1);
  return !before.some((i) => runCommands(i).some(({ command }) => command !== install.command && uninstallsTorch(command)));
}

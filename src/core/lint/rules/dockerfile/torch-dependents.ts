import type { PythonInstall } from '../../dockerfile/installs';
import { hasOption, requirementName } from '../../dockerfile/installs';
import type { ShellWord } from '../../dockerfile/shell';

/**
 * Packages whose PyPI releases require torch, so installing one without torch pulls PyPI's CUDA build of it: vllm,
 * xformers, torchvision and torchaudio pin an exact release, flash-attn builds against it.
 */
const torchDependents = new Set(['vllm', 'xformers', 'flash-attn', 'torchvision', 'torchaudio']);

/** sglang itself needs no torch: its runtime extras (`sglang[srt]`, `[all]`, `[blackwell]`, `[dev]`) do. */
const sglangRuntime = /\[[^\]]*\b(?:srt|all|blackwell|dev)\b/;

/** uv's `--torch-backend cpu` (also rocm, xpu) picks a torch build without CUDA for what the install pulls in. */
function nonCudaTorchBackend(install: PythonInstall): boolean {
  return install.options.some((o) => o.name.startsWith('--torch-backend') && /(?:^|=)(?:cpu|rocm|xpu)/.test(o.value?.value ?? o.name));
}

/** The package of the install that brings torch in as a dependency, by the package's own name; undefined with --no-deps. */
export function torchDependent(install: PythonInstall): ShellWord | undefined {
  if (hasOption(install, '--no-deps') || nonCudaTorchBackend(install)) {
    return undefined;
  }
  return install.packages.find((p) => {
    const name = requirementName(p.value);
    return torchDependents.has(name) || (name === 'sglang' && sglangRuntime.test(p.value));
  });
}

import { cudaFrameworkPackage } from './cuda';
import type { Instruction } from './model';
import { pythonInstalls } from './installs';

/** Distributions of the CUDA framework install (cudaFrameworkPackage) as a wheel file names them, `_` and `.` read as `-`. */
const cudaFrameworkWheelNames = new Set(['torch', 'vllm', 'flash-attn', 'xformers', 'tensorrt', 'tensorrt-llm', 'cupy-cuda11x', 'cupy-cuda12x']);

/** `flash_attn-2.8.3+cu130torch2.9-cp312-cp312-linux_x86_64.whl`: name and version of a wheel file, from a path or URL. */
const wheelFileRe = /^([A-Za-z0-9_.]+)-([^-/]+)-[^/]*\.whl$/i;

/** A wheel file (path or URL) of a CUDA framework, or of any package built for CUDA (`+cu124` in its version). */
function isCudaFrameworkWheel(spec: string): boolean {
  const match = wheelFileRe.exec(spec.slice(spec.lastIndexOf('/') + 1));
  if (!match) {
    return false;
  }
  const name = (match[1] ?? '').toLowerCase().replace(/[._]+/g, '-');
  return cudaFrameworkWheelNames.has(name) || /\+cu\d/.test(match[2] ?? '');
}

/**
 * The RUN installs a CUDA framework (torch, vllm, flash-attn, …, or a wheel file of one): a heavy download that ML
 * images give a cached layer of its own.
 */
export function installsCudaFramework(instr: Instruction): boolean {
  return pythonInstalls(instr).some((install) => cudaFrameworkPackage(install) !== undefined || install.packages.some((p) => isCudaFrameworkWheel(p.value)));
}

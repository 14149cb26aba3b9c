import type { PythonInstall } from './installs';
import { pythonInstalls, runCommands } from './installs';
import type { Instruction } from './model';
import { valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import type { ShellWord } from './shell';

/**
 * apex compiles CUDA only with --cuda_ext or a contrib extension's switch (setup.py argv, pip's --global-option or
 * `-C --build-option=`), or the APEX_* variable its setup.py maps to one set to exactly 1; APEX_ALL_CONTRIB_EXT=1
 * turns on every contrib one. Otherwise it installs Python-only (--cpp_ext adds one C++ file).
 */
const apexCudaSwitches = 'cuda_ext|xentropy|fast_layer_norm|distributed_adam|distributed_lamb|bnp|group_norm|index_mul_2d|deprecated_fused_adam|deprecated_fused_lamb|fast_multihead_attn|fmha|permutation_search|focal_loss|transducer|cudnn_gbn|peer_memory|nccl_p2p|fast_bottleneck|fused_conv_bias_relu|nccl_allocator|gpu_direct_storage';
export const apexCudaFlagRe = new RegExp(`(?:^|[\\s=])--(?:${apexCudaSwitches})(?=\\s|$)`);
const apexCudaEnvRe = new RegExp(`^APEX_(?:ALL_CONTRIB_EXT|${apexCudaSwitches.toUpperCase()})$`);
export const apexProjectRe = /(?:^|[/:])apex(?:\.git)?(?:[/@#]|$)/i;
export const isApex = (value: string): boolean => apexProjectRe.test(value);

const unquote = (value: string): string => value.replace(/^["']|["']$/g, '');

/** An APEX_* CUDA switch is set to 1 for the RUN: inline, exported earlier in it, or an ENV/ARG in scope. */
export function apexCudaEnvOn(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  const switchedOn = (name: string, value: string | undefined): boolean => apexCudaEnvRe.test(name) && value !== undefined && unquote(value) === '1';
  const inRun = runCommands(instr).some(({ command }) => [...command.assignments, ...command.words].some((w) => w.value.startsWith('APEX_') && switchedOn(w.value.slice(0, w.value.indexOf('=')), w.value.slice(w.value.indexOf('=') + 1))));
  if (inRun) {
    return true;
  }
  const scope = valuesAt(model, stage, instr);
  return [...scope.keys()].some((name) => switchedOn(name, scope.get(name)));
}

/** The install passes apex a CUDA switch (`--global-option=--cuda_ext`, `-C "--build-option=--cuda_ext"`). */
export const apexCudaOption = (install: PythonInstall): ShellWord | undefined => install.options.find((o) => apexCudaFlagRe.test(o.value?.value ?? ''))?.value;

/**
 * A pip/uv install in the RUN builds apex's CUDA extensions: it passes a CUDA switch (the legacy
 * `--global-option="--cuda_ext"` or `--config-settings "--build-option=--cuda_ext"`), or an APEX_* switch is on and
 * the RUN names apex (`git clone …/apex && cd apex && pip install .`).
 */
export function buildsApexWithCuda(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  const installs = pythonInstalls(instr).filter((p) => p.tool !== 'conda');
  if (installs.length === 0) {
    return false;
  }
  if (installs.some((p) => apexCudaOption(p) !== undefined)) {
    return true;
  }
  return runCommands(instr).some(({ command }) => command.words.some((w) => isApex(w.value))) && apexCudaEnvOn(model, stage, instr);
}

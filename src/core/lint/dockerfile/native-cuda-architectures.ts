import { runCommands } from './installs';
import type { Instruction } from './model';
import { expandWith, valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import type { ShellWord } from './shell';
import { effectiveCommand, exportedBefore } from './shell';

/** A cmake configure told to build CUDA for `native`: the GPUs CMake sees, and docker build shows none. */
export interface NativeCudaArchitectures {
  /** The `-DCMAKE_CUDA_ARCHITECTURES=…` word, or the cmake word when CUDAARCHS=native is set for it. */
  word: ShellWord;
  /** The build variables `native` comes from (`${CUDA_ARCHITECTURES}` with ARG CUDA_ARCHITECTURES=native), or CUDAARCHS. */
  from: readonly string[];
  /** A literal flag in the RUN's own script (not inside `bash -c "…"`), which a fix may rewrite. */
  literal: boolean;
}

const archFlagRe = /^-DCMAKE_CUDA_ARCHITECTURES(?::\w+)?=(.*)$/;
const archDefinitionRe = /^CMAKE_CUDA_ARCHITECTURES(?::\w+)?=(.*)$/;
/** A CUDA switch turned off (`-DGGML_CUDA=OFF`, `-DCUDA_ENABLED=OFF`): CMake then never reads the architectures. */
const cudaOffRe = /^-D\w*CUDA\w*(?::BOOL)?=(?:off|0|false|no)$/i;
/** cmake modes that configure nothing. */
const notConfigure = new Set(['--build', '--install', '-E', '-P', '--open', '--version', '--help', '--system-information']);
const variableRe = /\$\{?(\w+)/g;

/** The last CMAKE_CUDA_ARCHITECTURES definition among cmake's arguments (`-DX=v` or `-D X=v`): its word and value. */
function architecturesFlag(args: readonly ShellWord[]): { word: ShellWord; value: string } | undefined {
  let found: { word: ShellWord; value: string } | undefined;
  args.forEach((a, k) => {
    const next = args[k + 1];
    const m = archFlagRe.exec(a.value) ?? (a.value === '-D' && next ? archDefinitionRe.exec(next.value) : null);
    if (m) {
      found = { word: a.value === '-D' && next ? next : a, value: m[1] ?? '' };
    }
  });
  return found;
}

/**
 * The RUN configures a CMake project for CUDA architecture `native`: `-DCMAKE_CUDA_ARCHITECTURES=native`, written or
 * through an ARG/ENV default (colmap's `ARG CUDA_ARCHITECTURES=native`), or CUDAARCHS=native given to that cmake (on
 * its command line or exported earlier in the RUN; an image-wide ENV may be meant for builds at run time).
 */
export function nativeCudaArchitectures(model: DockerfileModel, stage: Stage, instr: Instruction): NativeCudaArchitectures | undefined {
  for (const { command, script } of runCommands(instr)) {
    const eff = effectiveCommand(command);
    if (eff?.name !== 'cmake' || eff.args.some((a) => notConfigure.has(a.value) || cudaOffRe.test(a.value))) {
      continue;
    }
    const flag = architecturesFlag(eff.args);
    if (flag) {
      const literal = !flag.value.includes('$');
      const value = literal ? flag.value : expandWith(model, flag.value, valuesAt(model, stage, instr));
      if (value?.trim() === 'native') {
        return { word: flag.word, from: [...new Set([...flag.value.matchAll(variableRe)].map((m) => m[1] as string))], literal: literal && script.wrapping === undefined };
      }
      continue;
    }
    const assigned = [...command.assignments, ...eff.wrappers].find((w) => w.value.startsWith('CUDAARCHS='))?.value.slice('CUDAARCHS='.length);
    if ((assigned ?? exportedBefore(script, command, 'CUDAARCHS'))?.replace(/^["']|["']$/g, '') === 'native') {
      return { word: eff.nameWord, from: ['CUDAARCHS'], literal: false };
    }
  }
  return undefined;
}

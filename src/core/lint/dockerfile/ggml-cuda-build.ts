import type { PythonInstall } from './installs';
import { pythonInstalls } from './installs';
import type { Instruction } from './model';
import { valuesAt } from './scope-values';
import type { DockerfileModel, Stage } from './semantic';
import { exportedBefore } from './shell';

/**
 * The CMake options that build ggml with CUDA: `-DGGML_CUDA=on` (llama-cpp-python's documented GPU install), the older
 * `-DLLAMA_CUBLAS`, `-DLLAMA_CUDA` and `-DGGML_CUBLAS` (chatglm-cpp), each with any of CMake's true values.
 */
const ggmlCudaOptionRe = /-D(?:GGML|LLAMA)_(?:CUDA|CUBLAS)(?::BOOL)?=["']?(?:on|1|true|yes)(?![\w.-])/i;

/** The same through scikit-build-core's config settings: `-C cmake.args=-DGGML_CUDA=on`, `-C cmake.define.GGML_CUDA=on`. */
const ggmlCudaSettingRe = /cmake\.(?:args=.*-D|define\.)(?:GGML|LLAMA)_(?:CUDA|CUBLAS)(?::BOOL)?=(?:on|1|true|yes)(?![\w.-])/i;

/** The variables llama-cpp-python's and chatglm-cpp's builds hand CMake. */
const cmakeVariables = ['CMAKE_ARGS', 'CMAKE_FLAGS'];

/** The variable's value for the install: assigned on its command line (`CMAKE_ARGS=… pip`, `env CMAKE_ARGS=… pip`), exported earlier in the script, or an ENV/ARG in scope. */
function valueFor(model: DockerfileModel, stage: Stage, instr: Instruction, install: PythonInstall, name: string): string | undefined {
  const prefix = `${name}=`;
  const assigned = install.command.assignments.find((w) => w.value.startsWith(prefix)) ?? install.command.words.find((w) => w.value.startsWith(prefix));
  return assigned?.value.slice(name.length + 1) ?? exportedBefore(install.script, install.command, name) ?? valuesAt(model, stage, instr).get(name);
}

/**
 * A pip or uv install that builds ggml with CUDA (`CMAKE_ARGS="-DGGML_CUDA=on" pip install llama-cpp-python`): the
 * package's CMake build runs inside pip and compiles its CUDA kernels with nvcc.
 */
export function buildsGgmlWithCuda(model: DockerfileModel, stage: Stage, instr: Instruction): boolean {
  return pythonInstalls(instr).some(
    (p) =>
      p.tool !== 'conda' &&
      (p.options.some((o) => o.value !== undefined && ggmlCudaSettingRe.test(o.value.value)) || cmakeVariables.some((name) => ggmlCudaOptionRe.test(valueFor(model, stage, instr, p, name) ?? ''))),
  );
}

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { finalStageNvccNeed } from '../../../src/core/lint/dockerfile/compiles-cuda';
import { pipxInstalls } from '../../../src/core/lint/dockerfile/installs';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { buildModel } from '../../../src/core/lint/dockerfile/semantic';
import { effectiveCommand, programIndex, splitShell } from '../../../src/core/lint/dockerfile/shell';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const rulesOf = (...ids: string[]) => dockerfileRules.filter((r) => ids.includes(r.meta.id));
const lint = (lines: readonly string[], ...ids: string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules: rulesOf(...ids) }).findings;
const messages = (lines: readonly string[], id: string): string[] => lint(lines, id).map((f) => f.message);

/** The program a shell command runs once its wrappers are passed, with its arguments. */
function program(script: string): string {
  const [command] = splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands;
  const eff = command ? effectiveCommand(command) : undefined;
  return eff ? [eff.name, ...eff.args.map((a) => a.value)].join(' ') : '';
}

describe('s33 sweep misses: project runners, pip options without their value, pipx installs, shared build bases, CUDA -dev libraries', () => {
  describe('MISS-B: poetry, pipenv, pdm, hatch, pixi and uv run the command after `run`, as conda run does', () => {
    it('reads the program past each runner and the values of its options', () => {
      assert.equal(program('poetry run pip install llama-cpp-python'), 'pip install llama-cpp-python');
      assert.equal(program('pipenv run python -m pip install x'), 'python -m pip install x');
      assert.equal(program('pdm run --venv in-project -p /app pip install x'), 'pip install x');
      assert.equal(program('hatch run pip install x'), 'pip install x');
      assert.equal(program('pixi run -e cuda --manifest-path /app/pixi.toml --frozen python train.py'), 'python train.py');
      assert.equal(program('uv run --with ray --python 3.11 -- python -m pip install x'), 'python -m pip install x');
      assert.equal(program('/root/.local/bin/poetry run -C /app pip install x'), 'pip install x');
      assert.equal(programIndex(4, (k) => ['uv', 'run', 'python', 'app.py'][k] as string), 2);
    });

    it('leaves the runners\' other subcommands as they were', () => {
      assert.equal(program('uv pip install x'), 'uv pip install x');
      assert.equal(program('uv sync --frozen'), 'uv sync --frozen');
      assert.equal(program('poetry install --no-root'), 'poetry install --no-root');
      assert.equal(program('pixi install --locked'), 'pixi install --locked');
      assert.equal(program('hatch -e test shell'), 'hatch -e test shell');
    });

    it('MLD203 reports an unpinned pip install a runner runs (zylon-ai/private-gpt Dockerfile.local.gpu)', () => {
      const run = "RUN CMAKE_ARGS='-DLLAMA_CUBLAS=on' FORCE_CMAKE=1 poetry run pip install --upgrade --force-reinstall --no-cache-dir llama-cpp-python";
      assert.deepEqual(messages(['FROM python:3.11-slim', run, 'USER 1000'], 'MLD203'), [
        'llama-cpp-python is not pinned, so rebuilds can pick up a different release; pin it (llama-cpp-python==<version>) or install from a requirements/constraints file.',
      ]);
    });
  });

  describe('MISS-A MLD035: an install option that needs a value followed by another option', () => {
    it('says what pip does with the option it took and where the value goes (hiyouga/LLaMA-Factory docker-rocm)', () => {
      const run = 'RUN pip install --no-cache-dir --no-build-isolation -e --pre ".[metrics,deepspeed]" --index-url "${PYTORCH_INDEX}"';
      const [f, ...rest] = lint(['FROM python:3.11-slim', 'ARG PYTORCH_INDEX=https://download.pytorch.org/whl/rocm6.3', run], 'MLD035');
      assert.deepEqual(rest, []);
      assert.equal(f?.severity, 'error');
      assert.equal(
        f?.message,
        '-e takes the next word as its value, so pip reads --pre as the project to install in editable mode and fails ("--pre is not a valid editable requirement"), installing nothing; put the project right after -e (-e ".[metrics,deepspeed]" --pre).',
      );
      assert.deepEqual(f?.range, { start: { line: 3, column: 53 }, end: { line: 3, column: 61 } });
    });

    it('words the failure for each kind of value, and for uv and conda, which refuse the command', () => {
      const of = (run: string): string[] => messages(['FROM python:3.11-slim', run], 'MLD035');
      assert.deepEqual(of('RUN pip install --no-cache-dir -c --upgrade constraints.txt torch==2.3.1'), [
        '-c takes the next word as its value, so pip looks for a constraints file named --upgrade and fails (no such file), installing nothing; put the file right after -c (-c constraints.txt --upgrade).',
      ]);
      assert.deepEqual(of('RUN python -m pip install --no-cache-dir --retries --pre torch==2.3.1'), [
        '--retries takes the next word as its value, so pip reads --pre as that value, rejects it and installs nothing; put its value right after --retries.',
      ]);
      assert.deepEqual(of('RUN uv pip install --system --requirements --no-deps requirements.txt'), [
        '--requirements needs a value, but the next word is the option --no-deps, so uv stops with an error and installs nothing; put the file right after --requirements (--requirements requirements.txt --no-deps).',
      ]);
      assert.deepEqual(of('RUN conda install -y -n --override-channels pytorch==2.3.1'), [
        '-n needs a value, but the next word is the option --override-channels, so conda stops with an error and installs nothing; put the environment right after -n.',
      ]);
    });

    it('is silent where the option has its value, takes it on purpose, or the installer takes the next word on trust', () => {
      for (const run of [
        'RUN pip install --no-cache-dir -e ".[x]" --pre',
        'RUN pip install --no-cache-dir --editable=--weird',
        'RUN pip install --no-cache-dir --config-settings "--build-option=--cpp_ext" --global-option --cuda_ext ./apex',
        'RUN pip install --no-cache-dir --target --upgrade torch==2.3.1',
        'RUN pip install --no-cache-dir -r - torch==2.3.1',
        'RUN micromamba create -y -n --yes python=3.11',
      ]) {
        assert.deepEqual(messages(['FROM python:3.11-slim', run], 'MLD035'), [], run);
      }
    });

    it('names the build setting that runs an install in a branch the ARG defaults skip', () => {
      const run = 'RUN if [ "$INSTALL_DEV" = "true" ]; then pip install --no-cache-dir -r --no-deps requirements-dev.txt; fi';
      assert.match(messages(['FROM python:3.11-slim', 'ARG INSTALL_DEV=false', run], 'MLD035')[0] ?? '', /^When INSTALL_DEV=true, -r takes the next word/);
    });

    it('supersedes MLD203, whose unpinned package is the value the option lost', () => {
      const found = lint(['FROM python:3.11-slim', 'RUN pip install --no-cache-dir -r --no-deps requirements.txt'], 'MLD035', 'MLD203');
      assert.deepEqual(
        found.map((f) => f.ruleId),
        ['MLD035'],
      );
    });
  });

  describe('MISS-D MLD203: pipx install and inject without a version', () => {
    it('reads the packages pipx installs, not its environment name, option values or other subcommands', () => {
      const read = (run: string): string[] => {
        const instr = parseDockerfile(`FROM python:3.11\nRUN ${run}\n`).instructions[1];
        return instr ? pipxInstalls(instr).map((p) => p.packages.map((w) => w.value).join(' ')) : [];
      };
      assert.deepEqual(read('pipx install --python python3.11 --suffix @1 poetry black'), ['poetry black']);
      assert.deepEqual(read('pipx inject poetry poetry-plugin-export'), ['poetry-plugin-export']);
      assert.deepEqual(read('python3 -m pipx install --spec git+https://github.com/psf/black@24.1.0 black'), ['git+https://github.com/psf/black@24.1.0']);
      assert.deepEqual(read('pipx ensurepath && pipx run cowsay hi && pipx upgrade poetry'), []);
    });

    it('reports an unpinned pipx install with pipx\'s own constraints advice and no hadolint code; a constraints file in --pip-args or PIP_CONSTRAINT pins it', () => {
      const [f, ...rest] = lint(['FROM python:3.11-slim', 'RUN pipx install poetry', 'USER 1000'], 'MLD203');
      assert.deepEqual(rest, []);
      assert.equal(f?.message, 'poetry is not pinned, so rebuilds can pick up a different release; pin it (poetry==<version>) or install from a constraints file (--pip-args "-c <file>").');
      assert.equal(f?.anchorCode, undefined);
      assert.equal(lint(['FROM python:3.11-slim', 'RUN pip install flask'], 'MLD203')[0]?.anchorCode, 'DL3013');
      assert.deepEqual(messages(['FROM python:3.11-slim', 'RUN pipx install --pip-args "--constraint /c.txt" poetry'], 'MLD203'), []);
      assert.deepEqual(messages(['FROM python:3.11-slim', 'ENV PIP_CONSTRAINT=/c.txt', 'RUN pipx install poetry'], 'MLD203'), []);
    });
  });

  describe('MISS-C MLD401: build tools in a base that a copied-from builder shares', () => {
    const stages = (final: readonly string[]): string[] => [
      'FROM nvidia/cuda:12.2.2-devel-ubuntu22.04 AS base',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip ninja-build',
      'FROM base AS dependencies',
      'RUN pip install --no-cache-dir llama-cpp-python==0.2.90',
      'FROM base AS app',
      ...final,
    ];

    it('does not count them for the final stage, which only copies the build (zylon-ai/private-gpt Dockerfile.local.gpu)', () => {
      const lines = stages(['COPY --from=dependencies /usr/local/lib/python3.10 /usr/local/lib/python3.10']);
      assert.equal(finalStageNvccNeed(buildModel(`${lines.join('\n')}\n`)), undefined);
      assert.deepEqual(
        lint(lines, 'MLD401').map((f) => f.range.start.line),
        [5],
      );
    });

    it('counts them when the final stage copies nothing from a stage built on the same base', () => {
      assert.deepEqual(lint(stages(['COPY app.py /app/']), 'MLD401'), []);
    });
  });

  describe('MISS-F MLD412: CUDA and cuDNN development libraries in the final image', () => {
    it('is silent when the final image builds native code, installs nvcc or PaddlePaddle, or its base ships them', () => {
      for (const lines of [
        ['FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04', 'RUN apt-get install -y libcudnn8-dev && make -C /src'],
        ['FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04', 'RUN apt-get install -y cmake libcudnn8-dev'],
        ['FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04', 'RUN apt-get install -y cuda-nvcc-11-8 cuda-libraries-dev-11-8'],
        ['FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-devel', 'RUN apt-get install -y libcudnn8-dev'],
        ['FROM nvcr.io/nvidia/pytorch:24.05-py3', 'RUN apt-get install -y libcudnn9-static-cuda-12'],
        ['FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'RUN apt-get install -y libcudnn9-dev-cuda-12 libcudnn9-headers-cuda-12'],
        // PaddlePaddle loads libcudnn.so, the unversioned link only -dev makes (paddle/phi/backends/dynload/dynamic_loader.cc).
        ['FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04', 'RUN apt-get install -y libcudnn8-dev && pip install --no-cache-dir paddlepaddle-gpu==2.6.1'],
      ]) {
        assert.deepEqual(messages(lines, 'MLD412'), [], lines.join(' / '));
      }
    });

    it('reads RPM names and says which shared-library package replaces the -devel one', () => {
      assert.deepEqual(messages(['FROM nvidia/cuda:12.4.1-runtime-rockylinux9', 'RUN dnf install -y cuda-libraries-devel-12-4'], 'MLD412'), [
        "cuda-libraries-devel-12-4 puts every CUDA library's headers and static libraries (several GB) into the final image, which programs never load at run time; install cuda-libraries-12-4 (the shared libraries) instead, or install it only in a build stage that compiles against it.",
      ]);
    });
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import type { BuildContextView } from '../../../src/core/lint/rule';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const messages = (id: string, lines: readonly string[], buildContext?: BuildContextView): string[] =>
  lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id), ...(buildContext ? { buildContext } : {}) }).findings.map((f) => f.message);
/** A build context holding only the given files. */
const contextWith = (files: Record<string, string>): BuildContextView => ({ sizeOf: () => undefined, textOf: (source) => files[source.replace(/^\.\//, '')] });

describe('s36 sweep: MLD412 on a ROCm image says NVIDIA\'s toolkit cannot serve it (PygmalionAI/aphrodite-engine Dockerfile.rocm)', () => {
  const install = 'RUN apt-get update && apt-get install -y --no-install-recommends nvidia-cuda-toolkit && rm -rf /var/lib/apt/lists/*';

  it('asks to remove the toolkit, and never suggests an nvidia/cuda base', () => {
    assert.deepEqual(messages('MLD412', ['FROM rocm/dev-ubuntu-22.04:6.1', install]), [
      "nvidia-cuda-toolkit installs NVIDIA's CUDA toolkit (several GB), which cannot drive the AMD GPUs the ROCm image rocm/dev-ubuntu-22.04:6.1 is built for; remove it (ROCm's HIP toolchain builds for AMD GPUs).",
    ]);
    for (const base of ['rocm/pytorch:rocm6.2.3_ubuntu22.04_py3.10_pytorch_release_2.3.0', 'lmsysorg/sglang:v0.4.6-rocm630']) {
      const found = messages('MLD412', [`FROM ${base} AS build`, 'FROM build', install]);
      assert.equal(found.length, 1);
      assert.match(found[0] ?? '', /cannot drive the AMD GPUs/);
      assert.doesNotMatch(found[0] ?? '', /nvidia\/cuda/);
    }
  });

  it('says so too where the stage installs ROCm on a plain OS image', () => {
    assert.match(messages('MLD412', ['FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y rocm-hip-sdk nvidia-cuda-toolkit'])[0] ?? '', /cannot drive the AMD GPUs this ROCm image is built for; remove it/);
  });

  it('keeps the runtime-image advice on NVIDIA and plain images', () => {
    assert.match(messages('MLD412', ['FROM ubuntu:22.04', install])[0] ?? '', /base the image on an nvidia\/cuda "-runtime" tag\.$/);
  });
});

describe('s36 sweep: MLD028 leaves CMD arguments to an ENTRYPOINT script that expands them (chroma-core/chroma)', () => {
  const dockerfile = ['FROM python:3.11-slim', 'ENV CHROMA_WORKERS=1', 'COPY bin/docker_entrypoint.sh /docker_entrypoint.sh', 'ENTRYPOINT ["/docker_entrypoint.sh"]', 'CMD ["--workers ${CHROMA_WORKERS} --port 8000"]'];

  it('is silent when the script in the build context evals its arguments', () => {
    assert.deepEqual(messages('MLD028', dockerfile, contextWith({ 'bin/docker_entrypoint.sh': '#!/bin/bash\nargs="$@"\nexec uvicorn chromadb.app:app $(eval echo "$args")\n' })), []);
    assert.deepEqual(messages('MLD028', dockerfile, contextWith({ 'bin/docker_entrypoint.sh': '#!/bin/sh\nexec sh -c "$*"\n' })), []);
  });

  it('says the script passes them on as written when it only runs them (exec "$@")', () => {
    assert.deepEqual(messages('MLD028', dockerfile, contextWith({ 'bin/docker_entrypoint.sh': '#!/bin/sh\nset -e\nexec "$@"\n' })), [
      '"--workers ${CHROMA_WORKERS} --port 8000" reaches the ENTRYPOINT /docker_entrypoint.sh as one of its arguments, as written: exec form runs no shell and the script does not expand its arguments, so $CHROMA_WORKERS is not expanded; read $CHROMA_WORKERS inside the script instead.',
    ]);
  });

  it('hedges with "unless the ENTRYPOINT expands it" when the script cannot be read', () => {
    assert.deepEqual(messages('MLD028', dockerfile), [
      '"--workers ${CHROMA_WORKERS} --port 8000" reaches the ENTRYPOINT /docker_entrypoint.sh as one of its arguments, as written: exec form runs no shell, so $CHROMA_WORKERS is not expanded unless the ENTRYPOINT expands it (eval); if it does not, read $CHROMA_WORKERS inside the script instead.',
    ]);
  });

  it('keeps the program wording for a program ENTRYPOINT, and the build ARG wording even before an expanding script', () => {
    assert.match(messages('MLD028', ['FROM python:3.11-slim', 'ENTRYPOINT ["uvicorn", "app:app"]', 'CMD ["--port", "$PORT"]'])[0] ?? '', /^"\$PORT" reaches the program literally/);
    const argOnly = ['FROM python:3.11-slim', 'ARG WORKERS=1', ...dockerfile.slice(2).map((l) => l.replace('CHROMA_WORKERS', 'WORKERS'))];
    assert.match(messages('MLD028', argOnly, contextWith({ 'bin/docker_entrypoint.sh': '#!/bin/bash\neval "$@"\n' }))[0] ?? '', /WORKERS is a build ARG/);
  });
});

describe('s36 sweep: MLD203 leaves a bare torch to the framework image that ships it (hpcaitech/Open-Sora)', () => {
  it('is silent for the packages the base ships, unless the install upgrades or reinstalls them', () => {
    assert.deepEqual(messages('MLD203', ['FROM pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime', 'RUN pip install --no-cache-dir torch torchvision']), []);
    for (const option of ['-U', '--upgrade', '--force-reinstall', '--ignore-installed', '-qU']) {
      assert.match(messages('MLD203', ['FROM pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime', `RUN pip install --no-cache-dir ${option} torch torchvision`])[0] ?? '', /^torch and torchvision are not pinned/, option);
    }
  });

  it('still names the packages the base does not ship, and every package on a base without a framework', () => {
    assert.match(messages('MLD203', ['FROM pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime', 'RUN pip install torch einops'])[0] ?? '', /^einops is not pinned/);
    assert.match(messages('MLD203', ['FROM nvcr.io/nvidia/pytorch:24.05-py3', 'RUN pip install torch torchaudio'])[0] ?? '', /^torchaudio is not pinned/);
    assert.match(messages('MLD203', ['FROM python:3.11-slim', 'RUN pip install torch'])[0] ?? '', /^torch is not pinned/);
  });

  it('still reports an install the base\'s torch does not satisfy: into a venv, or after torch was uninstalled', () => {
    assert.equal(messages('MLD203', ['FROM pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime', 'RUN python3 -m venv /venv && /venv/bin/pip install torch']).length, 1);
    assert.equal(messages('MLD203', ['FROM pytorch/pytorch:2.2.1-cuda12.1-cudnn8-runtime', 'RUN pip uninstall -y torch', 'RUN pip install torch']).length, 1);
  });
});

describe('s36 sweep: MLD405 on flash-attn built with --no-build-isolation (PygmalionAI/aphrodite-engine)', () => {
  const stage = ['FROM nvidia/cuda:12.1.1-devel-ubuntu22.04', 'WORKDIR /app', 'COPY . .', 'RUN pip install --no-cache-dir -e .'];

  it('says it builds against the torch an earlier install brought in, not that it pulls PyPI\'s', () => {
    assert.deepEqual(messages('MLD405', [...stage, "RUN pip install --no-cache-dir 'flash-attn==2.5.8' --no-build-isolation"]), [
      "flash-attn builds with --no-build-isolation against the torch already installed, which the install on line 4 or one before it brought in; if that is PyPI's torch, its wheels bring their own CUDA libraries (nvidia-* wheels), and CUDA ships twice on top of the devel image nvidia/cuda:12.1.1-devel-ubuntu22.04; this stage compiles CUDA code, so compile in a devel stage and COPY the results (the virtualenv or built wheels) into an nvidia/cuda \"-base\" image.",
    ]);
  });

  it('keeps saying the install pulls PyPI\'s torch with build isolation', () => {
    assert.match(messages('MLD405', [...stage, "RUN pip install --no-cache-dir 'flash-attn==2.5.8'"])[0] ?? '', /^flash-attn requires torch, so this install pulls PyPI's torch/);
  });
});

describe('s36 sweep: MLD203 says an install runs only when the build passes an ARG that has no default (chroma-core/chroma)', () => {
  it('names the setting the build must pass', () => {
    assert.deepEqual(messages('MLD203', ['FROM python:3.11-slim', 'ARG REBUILD_HNSWLIB', 'RUN if [ "$REBUILD_HNSWLIB" = "true" ]; then pip install --no-cache-dir chroma-hnswlib; fi']), [
      'When the build passes REBUILD_HNSWLIB=true (without it this install is skipped), chroma-hnswlib is not pinned, so rebuilds can pick up a different release; pin it (chroma-hnswlib==<version>) or install from a requirements/constraints file.',
    ]);
    assert.match(messages('MLD203', ['FROM python:3.11-slim', 'ARG WITH_X', 'RUN [ "$WITH_X" = 1 ] && pip install ypkg'])[0] ?? '', /^When the build passes WITH_X=1 \(without it this install is skipped\), ypkg/);
  });

  it('adds nothing where the test passes without the ARG, or the value comes from elsewhere', () => {
    assert.match(messages('MLD203', ['FROM python:3.11-slim', 'ARG SKIP', 'RUN if [ "$SKIP" != "true" ]; then pip install xpkg; fi'])[0] ?? '', /^xpkg is not pinned/);
    assert.match(messages('MLD203', ['FROM python:3.11-slim', 'ARG WITH_X=true', 'RUN if [ "$WITH_X" = "true" ]; then pip install xpkg; fi'])[0] ?? '', /^xpkg is not pinned/);
    assert.match(messages('MLD203', ['ARG WITH_X', 'FROM python:3.11-slim', 'ARG WITH_X', 'RUN if [ "$WITH_X" = "true" ]; then pip install xpkg; fi'])[0] ?? '', /^xpkg is not pinned/);
    assert.match(messages('MLD203', ['FROM python:3.11-slim', 'ARG WITH_X', 'ENV WITH_X=${WITH_X:-true}', 'RUN if [ "$WITH_X" = "true" ]; then pip install xpkg; fi'])[0] ?? '', /^xpkg is not pinned/);
  });

  it('keeps the default-value form', () => {
    assert.match(messages('MLD203', ['FROM python:3.11-slim', 'ARG WITH_X=false', 'RUN if [ "$WITH_X" = "true" ]; then pip install xpkg; fi'])[0] ?? '', /^When WITH_X=true, xpkg is not pinned/);
  });
});

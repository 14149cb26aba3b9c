import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../src/core/lint/config';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rules on Jetson, ROCm, Intel, Gaudi, Neuron, TPU, Ascend and arm64 images (round 9)', () => {
  it('MLD413 suggests the Jetson architectures of an L4T base, not the x86 default list', () => {
    // JetPack 6 (L4T r36): Orin only.
    const r36 = lint('MLD413', 'FROM dustynv/pytorch:2.1-r36.2.0\nRUN FORCE_CUDA=1 pip3 install --no-build-isolation git+https://github.com/facebookresearch/xformers.git@v0.0.26\n');
    assert.equal(r36.length, 1);
    assert.equal(
      r36[0]?.message,
      "This RUN builds CUDA extensions from source without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so the kernels target only the project's own fallback list, which may leave out the GPUs you deploy on, and where the project has none, torch's extension builder fails with an IndexError; set ENV TORCH_CUDA_ARCH_LIST=\"8.7\" (the Jetson modules you deploy on: Orin 8.7, Xavier 7.2, Nano 5.3) before it.",
    );
    assert.equal(r36[0]?.fix?.edits[0]?.newText, 'ENV TORCH_CUDA_ARCH_LIST="8.7"\n');
    // JetPack 5 (L4T r35): Xavier and Orin; apex's --cuda_ext on NVIDIA's l4t-pytorch.
    const r35 = lint('MLD413', 'FROM nvcr.io/nvidia/l4t-pytorch:r35.2.1-pth2.0-py3\nRUN git clone https://github.com/NVIDIA/apex && cd apex && pip3 install -v --no-build-isolation --global-option="--cuda_ext" ./\n');
    assert.match(r35[0]?.message ?? '', /set ENV TORCH_CUDA_ARCH_LIST="7\.2;8\.7" \(the Jetson modules you deploy on/);
    // flash-attn takes major architectures: sm_80 kernels run on Orin's 8.7.
    const flash = lint('MLD413', 'FROM nvcr.io/nvidia/l4t-jetpack:r36.4.0\nRUN pip3 install --no-build-isolation git+https://github.com/Dao-AILab/flash-attention.git@v2.5.7\n');
    assert.match(flash[0]?.message ?? '', /set ENV FLASH_ATTN_CUDA_ARCHS="80" \(the Jetson modules you deploy on/);
    // ggml on l4t-cuda (CUDA 12 = JetPack 6).
    const ggml = lint('MLD413', 'FROM nvcr.io/nvidia/l4t-cuda:12.2.12-devel AS build\nRUN cmake -B build -DGGML_CUDA=ON && cmake --build build -j\n');
    assert.match(ggml[0]?.message ?? '', /add -DGGML_NATIVE=OFF -DCMAKE_CUDA_ARCHITECTURES="87" \(the Jetson modules you deploy on/);
    // An x86 CUDA base keeps the default list and wording.
    const x86 = lint('MLD413', 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN FORCE_CUDA=1 pip install --no-build-isolation git+https://github.com/facebookresearch/xformers.git@v0.0.26\n');
    assert.match(x86[0]?.message ?? '', /set ENV TORCH_CUDA_ARCH_LIST="8\.0;8\.6;8\.9;9\.0" \(the architectures you deploy on\) before it\.$/);
  });

  it('MLD413 keeps a configured arch list on a Jetson base', () => {
    const text = 'FROM dustynv/pytorch:2.1-r36.2.0\nRUN pip3 install --no-build-isolation git+https://github.com/facebookresearch/xformers.git@v0.0.26\n';
    const parsed = parseMlcConfig('rules:\n  MLD413:\n    options: { archList: "8.7;10.1" }\n');
    assert.ok(parsed.ok);
    const findings = lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD413'), config: parsed.config }).findings;
    assert.match(findings[0]?.message ?? '', /TORCH_CUDA_ARCH_LIST="8\.7;10\.1" \(the architectures you deploy on\)/);
  });

  it('MLD410 stays silent on Jetson bases and on torch installed for Neuron, TPU, Ascend or Intel XPU', () => {
    assert.deepEqual(lint('MLD410', 'FROM dustynv/l4t-pytorch:r36.4.0\nRUN pip3 install torch==2.5.0\n'), []);
    assert.deepEqual(lint('MLD410', 'FROM ubuntu:22.04\nRUN pip3 install torch==2.1.2 torch-neuronx==2.1.2.2.3.0\n'), []);
    assert.deepEqual(lint('MLD410', "FROM python:3.10-slim\nRUN pip install torch==2.5.0 'torch_xla[tpu]==2.5.0'\n"), []);
    assert.deepEqual(lint('MLD410', 'FROM ubuntu:22.04\nRUN pip3 install torch==2.1.0 torch-npu==2.1.0.post3\n'), []);
    assert.deepEqual(lint('MLD410', 'FROM ubuntu:22.04\nRUN pip3 install torch==2.1.0.post2 intel-extension-for-pytorch==2.1.30+xpu\n'), []);
    assert.deepEqual(lint('MLD410', 'FROM python:3.11\nRUN pip install torch==2.3.1\nRUN pip install optimum-habana==1.13.2\n'), []);
    // jax[tpu] beside torch: a TPU image.
    assert.deepEqual(lint('MLD410', "FROM python:3.10\nRUN pip install torch==2.5.0 'jax[tpu]==0.4.35'\n"), []);
  });

  it('MLD410 treats default-index torch on a linux/arm64 stage as a CPU build, but not one from a cuXYZ index', () => {
    assert.deepEqual(lint('MLD410', 'FROM --platform=linux/arm64/v8 python:3.11-slim\nRUN pip install torch==2.3.1\n'), []);
    assert.equal(lint('MLD410', 'FROM --platform=linux/arm64 python:3.11-slim\nRUN pip install torch==2.7.1 --index-url https://wheels.example.com/whl/cu128\n').length, 1);
    assert.equal(lint('MLD410', 'FROM --platform=linux/arm64 python:3.11-slim\nENV PIP_INDEX_URL=https://wheels.example.com/whl/cu128\nRUN pip install torch==2.7.1\n').length, 1);
    // amd64 keeps the finding.
    assert.equal(lint('MLD410', 'FROM --platform=linux/amd64 python:3.11-slim\nRUN pip install torch==2.3.1\n').length, 1);
  });

  it('MLD202 asks for a digest, not a version tag, on Intel Gaudi vault images', () => {
    const gaudi = lint('MLD202', 'FROM vault.habana.ai/gaudi-docker/1.21.1/rhel9.4/habanalabs/pytorch-installer-2.6.0:latest\n');
    assert.equal(
      gaudi[0]?.message,
      'The Gaudi vault tags each release (the version in the path) only "latest", and re-pushes it with fixes, so rebuilds can silently change the base; pin it by @sha256 digest.',
    );
    assert.match(lint('MLD202', 'FROM rocm/pytorch:latest\n')[0]?.message ?? '', /pin a version tag \(and ideally a @sha256 digest\)\.$/);
  });
});

import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { emptyConfig, parseMlcConfig } from '../../../src/core/lint/config';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import type { ImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { isRocmImage, isRocmImageWithoutTorch, rocmImageTorchVersion, rocmImageVersion, rocmWheelIndex } from '../../../src/core/lint/dockerfile/rocm';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const lint = (lines: readonly string[], ids: readonly string[] = ['MLD416']): Finding[] =>
  lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => ids.includes(r.meta.id)) }).findings;

function ref(image: string): ImageRef {
  const parsed = parseImageRef(image);
  assert.ok(parsed.ok, image);
  return parsed.ref;
}

function fixed(lines: readonly string[]): string | undefined {
  const text = `${lines.join('\n')}\n`;
  const fix = lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD416') }).findings[0]?.fix;
  return fix ? applyTextEdits(text, fix.edits) : undefined;
}

describe('s26: CUDA torch on ROCm bases and ROCm torch on CUDA bases (MLD416)', () => {
  it('knows ROCm images, which of them ship torch, and the ROCm and torch versions their tags name', () => {
    assert.deepEqual(
      ['rocm/pytorch:latest', 'rocm/dev-ubuntu-22.04:6.2.4', 'docker.io/rocm/vllm-dev:nightly', 'lmsysorg/sglang:v0.4.6-rocm630', 'ghcr.io/x/comfyui-rocm:1', 'nvidia/cuda:12.4.1-base-ubuntu22.04', 'ubuntu:22.04', 'someone/microcm:1'].map((i) => isRocmImage(ref(i))),
      [true, true, true, true, true, false, false, false],
    );
    assert.deepEqual(
      ['rocm/dev-ubuntu-24.04:6.4', 'rocm/rocm-terminal:6.1.2', 'rocm/tensorflow:latest', 'rocm/pytorch:latest', 'rocm/vllm:latest', 'rocm/jax:latest'].map((i) => isRocmImageWithoutTorch(ref(i))),
      [true, true, true, false, false, false],
    );
    assert.deepEqual(
      ['rocm/dev-ubuntu-22.04:6.2.4-complete', 'rocm/pytorch:rocm6.2.3_ubuntu22.04_py3.10_pytorch_release_2.3.0', 'rocm/vllm-dev:base_rocm7.2.3_x', 'rocm/pytorch:latest', 'ollama/ollama:rocm'].map((i) => rocmImageVersion(ref(i))),
      ['6.2.4', '6.2.3', '7.2.3', undefined, undefined],
    );
    assert.deepEqual(
      ['rocm/pytorch:rocm6.2.3_ubuntu22.04_py3.10_pytorch_release_2.3.0', 'rocm/pytorch:rocm5.7_ubuntu22.04_py3.10_pytorch_2.0.1', 'rocm/vllm-dev:base_rocm7.2.3_micah_torch2.11-20260513', 'rocm/pytorch:latest'].map((i) => rocmImageTorchVersion(ref(i))),
      ['2.3.0', '2.0.1', '2.11', undefined],
    );
  });

  it('maps a ROCm version to the PyTorch wheel index published for it, or to none', () => {
    assert.deepEqual(
      ['6.2.4', '6.2.3', '6.4.1', '5.4.2', '7.0.2', '7.3', '6.5'].map(rocmWheelIndex),
      [
        'https://download.pytorch.org/whl/rocm6.2.4',
        'https://download.pytorch.org/whl/rocm6.2',
        'https://download.pytorch.org/whl/rocm6.4',
        'https://download.pytorch.org/whl/rocm5.4.2',
        'https://download.pytorch.org/whl/rocm7.0',
        undefined,
        undefined,
      ],
    );
  });

  it('adds the ROCm index of the base to a torch-only install from PyPI, and rewrites a CUDA index to it', () => {
    assert.equal(
      fixed(['FROM rocm/dev-ubuntu-22.04:6.2.4-complete', 'RUN pip3 install --no-cache-dir torch torchvision torchaudio']),
      'FROM rocm/dev-ubuntu-22.04:6.2.4-complete\nRUN pip3 install --no-cache-dir torch torchvision torchaudio --index-url https://download.pytorch.org/whl/rocm6.2.4\n',
    );
    assert.equal(
      fixed(['FROM rocm/dev-ubuntu-24.04:6.3', 'RUN uv pip install --system torch --index-url https://download.pytorch.org/whl/cu124']),
      'FROM rocm/dev-ubuntu-24.04:6.3\nRUN uv pip install --system torch --index-url https://download.pytorch.org/whl/rocm6.3\n',
    );
  });

  it('offers no fix for a pin the ROCm index may lack, other packages in the install, or a ROCm version without an index', () => {
    assert.equal(fixed(['FROM rocm/dev-ubuntu-22.04:6.2.4', 'RUN pip install torch==2.1.0']), undefined);
    assert.equal(fixed(['FROM rocm/dev-ubuntu-22.04:6.2.4', 'RUN pip install torch transformers']), undefined);
    assert.equal(fixed(['FROM rocm/dev-ubuntu-24.04:7.3', 'RUN pip install torch']), undefined);
    const [finding] = lint(['FROM rocm/pytorch:latest', 'RUN pip uninstall -y torch && pip install torch']);
    assert.match(finding?.message ?? '', /ROCm wheel index for the base's ROCm version \(--index-url https:\/\/download\.pytorch\.org\/whl\/rocmX\.Y\)\.$/);
  });

  it('leaves indexes it cannot classify (mirrors, vendor indexes) and find-links pages alone', () => {
    assert.equal(lint(['FROM rocm/dev-ubuntu-22.04:6.2.4', 'RUN pip install -i https://mirror.example/simple torch']).length, 0);
    assert.equal(lint(['FROM rocm/dev-ubuntu-22.04:6.2.4', 'RUN pip install --index-url https://vendor.example/simple torch']).length, 0);
    assert.equal(lint(['FROM rocm/dev-ubuntu-22.04:6.2.4', 'RUN pip install torch -f https://download.pytorch.org/whl/torch_stable.html']).length, 0);
    assert.equal(lint(['FROM rocm/dev-ubuntu-22.04:6.2.4', 'ENV UV_TORCH_BACKEND=auto', 'RUN uv pip install --system torch']).length, 0);
  });

  it('follows torch through the chain of in-file stages', () => {
    const findings = lint([
      'FROM rocm/dev-ubuntu-22.04:6.2.4 AS base',
      'RUN pip install torch --index-url https://download.pytorch.org/whl/rocm6.2.4',
      'FROM base AS app',
      'RUN pip install torch',
      'RUN pip install --upgrade torch',
    ]);
    assert.deepEqual(
      findings.map((f) => f.range.start.line),
      [5],
    );
    assert.match(findings[0]?.message ?? '', /it replaces the stage's ROCm torch/);
  });

  it('leaves a CPU-only project on a ROCm base to MLD416, so MLD414 does not report the same torch', () => {
    const parsed = parseMlcConfig('project: { cpuOnly: true }\nrules:\n  MLD414: { severity: on }\n');
    assert.ok(parsed.ok);
    const text = 'FROM rocm/dev-ubuntu-22.04:6.2.4\nRUN pip install torch\n';
    const ids = lintDockerfile(text, { config: parsed.config }).findings.map((f) => f.ruleId).filter((id) => id.startsWith('MLD41'));
    assert.deepEqual(ids, ['MLD416']);
    const plain = lintDockerfile('FROM python:3.11-slim\nRUN pip install torch\n', { config: parsed.config }).findings.map((f) => f.ruleId);
    assert.ok(plain.includes('MLD414') && !plain.includes('MLD416'));
    assert.equal(lintDockerfile(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLD414').length, 0);
  });

  it('leaves pytorch/pytorch and NGC bases to MLD404 and MLD406', () => {
    assert.equal(lint(['FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', 'RUN pip install torch==2.5.1 --index-url https://download.pytorch.org/whl/rocm6.2']).length, 0);
    assert.equal(lint(['FROM nvcr.io/nvidia/pytorch:24.01-py3', 'RUN pip install torch --index-url https://download.pytorch.org/whl/rocm6.2']).length, 0);
  });
});

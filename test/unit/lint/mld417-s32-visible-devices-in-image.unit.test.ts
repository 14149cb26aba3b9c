import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const rule = (id: string) => dockerfileRules.filter((r) => r.meta.id === id);
const findings = (lines: readonly string[], id = 'MLD417'): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules: rule(id) }).findings;
const base = 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04';

describe('s32 MLD417: a GPU choice baked into the image', () => {
  it('reports NVIDIA_VISIBLE_DEVICES naming devices, and says what the runtime does with it', () => {
    const [f] = findings([base, 'ENV NVIDIA_VISIBLE_DEVICES=1', 'USER 10001']);
    assert.equal(
      f?.message,
      'ENV NVIDIA_VISIBLE_DEVICES=1 bakes a GPU choice into the image: --gpus, Compose device reservations and the Kubernetes device plugin replace it, and where none of them is used (the nvidia runtime as the default, as on GPU Operator nodes) every container takes GPU 1 of its host without the scheduler knowing, or fails to start on a host without it; remove it and choose GPUs at run time (docker run --gpus device=1, Compose device_ids, a nvidia.com/gpu request).',
    );
    assert.match(findings([base, 'ENV NVIDIA_VISIBLE_DEVICES=0,1'])[0]?.message ?? '', /takes GPUs 0,1 of its host.*--gpus '"device=0,1"'/);
    assert.equal(findings([base, 'ENV NVIDIA_VISIBLE_DEVICES=0']).length, 1);
    assert.equal(findings([base, 'ENV NVIDIA_VISIBLE_DEVICES=MIG-GPU-8932f937-d72c-4106-c12f-20bd9faed9f6/1/0']).length, 1);
  });

  it('reports CUDA_VISIBLE_DEVICES beyond index 0, and "all", which CUDA cannot read', () => {
    assert.match(findings([base, 'ENV CUDA_VISIBLE_DEVICES=1'])[0]?.message ?? '', /numbered from 0 \(docker run --gpus device=2 shows one GPU, as index 0\)/);
    assert.match(findings([base, 'ENV CUDA_VISIBLE_DEVICES=all'])[0]?.message ?? '', /is no GPU index or UUID, and CUDA stops reading the list at the first entry it cannot read, so processes in the container see no GPU at all/);
    assert.deepEqual(findings([base, 'ENV CUDA_VISIBLE_DEVICES=0']), []);
  });

  it('is silent on values that pick nothing, on variables, in build stages and when a later ENV undoes it', () => {
    for (const value of ['all', 'none', 'void', '""', '$GPUS', '${GPUS:-all}']) {
      assert.deepEqual(findings([base, `ENV NVIDIA_VISIBLE_DEVICES=${value}`]), [], value);
    }
    for (const value of ['-1', '""', 'none', '$CUDA_DEVICES']) {
      assert.deepEqual(findings([base, `ENV CUDA_VISIBLE_DEVICES=${value}`]), [], value);
    }
    assert.deepEqual(findings([`${base} AS build`, 'ENV NVIDIA_VISIBLE_DEVICES=1', 'FROM python:3.11-slim']), []);
    assert.deepEqual(findings([base, 'ENV CUDA_VISIBLE_DEVICES=1', 'ENV CUDA_VISIBLE_DEVICES=0']), []);
    assert.deepEqual(findings([base, 'ARG CUDA_VISIBLE_DEVICES=1']), []);
  });

  it('leaves MLD410 alone: an image that sets NVIDIA_VISIBLE_DEVICES gets this finding only', () => {
    const lines = ['FROM python:3.11-slim', 'RUN pip install --no-cache-dir torch==2.3.0', 'ENV NVIDIA_VISIBLE_DEVICES=1', 'USER 10001'];
    assert.equal(findings(lines).length, 1);
    assert.deepEqual(findings(lines, 'MLD410'), []);
  });
});

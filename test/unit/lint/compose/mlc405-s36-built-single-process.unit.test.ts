import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { rule as shm } from '../../../../src/core/lint/rules/compose/mlc405-gpu-service-without-shm';

const gpu = ['    deploy:', '      resources:', '        reservations:', '          devices:', '            - {driver: nvidia, count: 1, capabilities: [gpu]}'];

/** A GPU service `api` built from ./api with the given extra lines. */
const compose = (lines: readonly string[] = []): string => ['services:', '  api:', '    build:', '      context: ./api', ...lines.map((l) => `    ${l}`), ...gpu, ''].join('\n');

/** MLC405's findings on `text`, with the Dockerfiles the caller read (by path relative to the Compose file). */
const flagged = (text: string, dockerfiles?: Record<string, string>): number =>
  lintCompose(text, { config: emptyConfig(), rules: [shm], ...(dockerfiles ? { builtDockerfiles: new Map(Object.entries(dockerfiles)) } : {}) }).findings.length;

/** getumbrel/llama-gpt api/Dockerfile: the base image hides behind an ARG default, and CMD runs a script. */
const argBase = 'ARG IMAGE=ghcr.io/abetlen/llama-cpp-python:v0.2.77\nFROM ${IMAGE}\nCOPY run.sh /app/run.sh\nCMD ["/bin/sh", "/app/run.sh"]\n';
/** getumbrel/llama-gpt cuda/gguf.Dockerfile: llama-cpp-python installed on a CUDA base, its server as CMD. */
const cudaServer = 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\nRUN pip install --no-cache-dir llama-cpp-python==0.2.7\nCMD python3 -m llama_cpp.server\n';

describe('s36: MLC405 judges a service built here by its Dockerfile\'s base image and start command', () => {
  it('resolves FROM ${IMAGE} through its ARG default: a llama-cpp-python base is a single-process server', () => {
    assert.equal(flagged(compose(), { 'api/Dockerfile': argBase }), 0);
    assert.equal(flagged(compose()), 1, 'without the Dockerfile, as before');
  });

  it('reads a build arg that names another base', () => {
    assert.equal(flagged(compose(['  args:', '    IMAGE: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime']), { 'api/Dockerfile': argBase }), 1);
    assert.equal(flagged(compose(['  args:', '    - IMAGE=ghcr.io/abetlen/llama-cpp-python:v0.2.78']), { 'api/Dockerfile': argBase }), 0);
    assert.equal(flagged(compose(['  args:', '    IMAGE: ${API_IMAGE}']), { 'api/Dockerfile': argBase }), 1, 'a base left to a variable is unknown');
  });

  it("judges the image's CMD when the service leaves it, or only runs a wrapper script (llama-gpt's /bin/sh /cuda/run.sh)", () => {
    const files = { 'api/Dockerfile': cudaServer };
    assert.equal(flagged(compose(), files), 0);
    assert.equal(flagged(compose(["command: '/bin/sh /cuda/run.sh'"]), files), 0);
    assert.equal(flagged(compose(['command: ["python3", "train.py"]']), files), 1, 'a command of its own replaces the CMD');
    assert.equal(flagged(compose(['entrypoint: /cuda/run.sh']), files), 1, 'an entrypoint replaces both');
  });

  it('still reports an image built to train, or whose CMD trains before it serves', () => {
    assert.equal(flagged(compose(), { 'api/Dockerfile': 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nCMD ["torchrun", "--nproc_per_node=1", "train.py"]\n' }), 1);
    assert.equal(flagged(compose(), { 'api/Dockerfile': 'FROM ghcr.io/abetlen/llama-cpp-python:v0.2.77\nCMD python3 train.py && python3 -m llama_cpp.server\n' }), 1);
  });
});

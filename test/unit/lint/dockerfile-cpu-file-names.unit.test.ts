import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';

// PyPI's torch bundles CUDA on x86: without a name saying CPU, MLD410 asks for the NVIDIA_* variables.
const text = 'FROM python:3.8-slim-buster\nRUN pip install --no-cache-dir torch==2.4.0 torchvision==0.19.0\n';
const mld410 = (path?: string) => lintDockerfile(text, path !== undefined ? { path } : {}).findings.filter((f) => f.ruleId === 'MLD410').length;

describe('Dockerfiles named for CPUs (MLD410)', () => {
  it('leaves Dockerfile.cpu, Dockerfile.pytorch-cpu and horovod-cpu.Dockerfile alone', () => {
    for (const path of ['Dockerfile.cpu', 'docker/base-images/Dockerfile.pytorch-cpu', 'docker/horovod-cpu.Dockerfile', 'cpu.Dockerfile', 'Dockerfile_CPU']) {
      assert.equal(mld410(path), 0, path);
    }
  });

  it('still reports other names, a folder named cpu, a name that only contains the letters, and no path', () => {
    for (const path of ['Dockerfile', 'Dockerfile.gpu', 'cpu/Dockerfile', 'Dockerfile.cpuinfo', 'docker/scpu.Dockerfile']) {
      assert.equal(mld410(path), 1, path);
    }
    assert.equal(mld410(), 1);
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld404-torch-cuda-variant-mismatch';

function mld404(from: string, ...runs: string[]): string[] {
  return lintDockerfile(`FROM ${from}\n${runs.map((r) => `RUN ${r}\n`).join('')}`, { rules: [rule] }).findings.map((f) => f.message);
}

describe('s32: MLD404 judges CuPy wheels and JAX CUDA builds against the base image CUDA major', () => {
  it('reports a CuPy wheel for another major and names the wheel that fits the base', () => {
    const [message, ...rest] = mld404('nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'pip install cupy-cuda11x');
    assert.deepEqual(rest, []);
    assert.match(message ?? '', /^cupy-cuda11x is the CuPy wheel for CUDA 11: it needs the CUDA 11 libraries at run time, and the base image ships CUDA 12\.4; install cupy-cuda12x/);
    assert.match(mld404('nvidia/cuda:11.8.0-runtime-ubuntu22.04', 'pip install cupy-cuda12x==13.3.0')[0] ?? '', /install cupy-cuda11x, the wheel that fits the base/);
    assert.match(mld404('nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'pip install cupy_cuda117')[0] ?? '', /^cupy-cuda117 is the CuPy wheel for CUDA 11/);
  });

  it('names the per-minor wheel CuPy had before 11.2 (cupy-cuda102, cupy-cuda110, cupy-cuda111)', () => {
    assert.match(mld404('nvidia/cuda:10.2-runtime-ubuntu18.04', 'pip install cupy-cuda110')[0] ?? '', /install cupy-cuda102,/);
    assert.match(mld404('nvidia/cuda:11.1.1-runtime-ubuntu20.04', 'pip install cupy-cuda102')[0] ?? '', /install cupy-cuda111,/);
  });

  it('reports JAX CUDA extras, plugins and jaxlib local versions for another major', () => {
    const base = 'nvidia/cuda:12.4.1-runtime-ubuntu22.04';
    assert.match(mld404(base, 'pip install "jax[cuda11_pip]"')[0] ?? '', /^jax\[cuda11_pip\] is the JAX build for CUDA 11 but the base image is CUDA 12\.4; install jax\[cuda12\]/);
    assert.equal(mld404(base, 'pip install jax-cuda11-plugin').length, 1);
    assert.equal(mld404(base, 'pip install jaxlib==0.4.7+cuda11.cudnn86').length, 1);
    assert.match(mld404('nvidia/cuda:11.8.0-runtime-ubuntu22.04', 'pip install "jax[cuda12]"')[0] ?? '', /use a CUDA 12 base image/);
  });

  it('stays silent when the builds fit, bring their own libraries, or the stage installs the libraries of their major', () => {
    const base = 'nvidia/cuda:12.4.1-runtime-ubuntu22.04';
    assert.deepEqual(mld404(base, 'pip install cupy-cuda12x "jax[cuda12]" jax-cuda12-plugin'), []);
    assert.deepEqual(mld404(base, 'pip install "cupy-cuda13x[ctk]"'), []);
    assert.deepEqual(mld404(base, 'pip install cupy-cuda11x nvidia-cuda-runtime-cu11 nvidia-cuda-nvrtc-cu11'), []);
    assert.deepEqual(mld404(base, 'apt-get install -y cuda-libraries-11-8', 'pip install cupy-cuda11x'), []);
    assert.deepEqual(mld404(base, 'conda install -y cudatoolkit=11.8', 'pip install cupy-cuda11x'), []);
  });

  it('stays silent on one branch of a choice that also installs the fitting build, on variables, conda and bases without a CUDA version', () => {
    assert.deepEqual(mld404('nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'if [ "$M" = 11 ]; then pip install cupy-cuda11x; else pip install cupy-cuda12x; fi'), []);
    assert.deepEqual(mld404('nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'pip install "cupy-cuda${CUDA_MAJOR}x"'), []);
    assert.deepEqual(mld404('nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'conda install -y -c conda-forge cupy'), []);
    assert.deepEqual(mld404('python:3.11-slim', 'pip install cupy-cuda11x'), []);
  });

  it('reports torch as before', () => {
    assert.match(mld404('nvidia/cuda:12.1.0-runtime-ubuntu22.04', 'pip install torch==2.1.0+cu118')[0] ?? '', /^The torch wheel is built for CUDA 11 \(cu118\) but the base image is CUDA 12\.1/);
  });
});

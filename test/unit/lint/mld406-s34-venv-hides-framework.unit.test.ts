import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import type { ShellCommand } from '../../../src/core/lint/dockerfile/shell';
import { splitShell } from '../../../src/core/lint/dockerfile/shell';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { imageFramework } from '../../../src/core/lint/rules/dockerfile/framework-images';
import { activatedVenv, venvCreations } from '../../../src/core/lint/rules/dockerfile/venv-commands';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD406');
const findings = (lines: string[]): { line: number; message: string }[] =>
  lintDockerfile([...lines, ''].join('\n'), { config: emptyConfig(), rules }).findings.map((f) => ({ line: f.range.start.line, message: f.message }));
const lines = (lines: string[]): number[] => findings(lines).map((f) => f.line);
const command = (text: string): ShellCommand => splitShell(MappedText.build([{ text, line: 1, column: 1 }])).commands[0] as ShellCommand;
const framework = (image: string): string | undefined => {
  const parsed = parseImageRef(image);
  return parsed.ok ? imageFramework(parsed.ref)?.name : undefined;
};
const ngc = 'FROM nvcr.io/nvidia/pytorch:24.05-py3';

describe('s34: MLD406 sees a venv that hides the framework image’s build', () => {
  it('says, for a requirements install, that the venv cannot see the image’s torch, what follows, and what to do', () => {
    const [f, ...rest] = findings([ngc, 'ENV VIRTUAL_ENV=/venv', 'RUN python3 -m venv $VIRTUAL_ENV', 'ENV PATH="$VIRTUAL_ENV/bin:$PATH"', 'RUN pip install -r requirements.txt']);
    assert.equal(rest.length, 0);
    assert.equal(f?.line, 5);
    assert.match(f?.message ?? '', /^The venv \/venv \(made on line 3 without --system-site-packages\) cannot see NVIDIA's tuned torch build in nvcr\.io\/nvidia\/pytorch:24\.05-py3: /);
    assert.match(f?.message ?? '', /if these requirements list torch or a package that needs it, pip installs a second, generic torch of several GB into the venv; if not, import torch fails there\./);
    assert.match(f?.message ?? '', /create the venv with --system-site-packages, or install into the base image's Python without a venv\.$/);
  });

  it('reports a named framework install into the venv once, with the venv story, not as a replacement of the base’s torch', () => {
    const found = findings([ngc, 'RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir torch==2.3.0', 'RUN /venv/bin/pip install torchvision==0.18.0']);
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? '', /so installing torch==2\.3\.0 puts a second, generic torch of several GB into it, a different build from NVIDIA's; to use the image's torch, drop torch from this install/);
    assert.match(found[0]?.message ?? '', /start from a plain CUDA image instead \(so the image holds one torch\) and pin a torch wheel built for its CUDA\.$/);
    assert.doesNotMatch(found[0]?.message ?? '', /replaces its tuned build/);
  });

  it('follows the venv through the stages built on the one that made it, reporting it once', () => {
    const file = [`${ngc} AS base`, 'RUN python -m venv /venv', 'ENV PATH=/venv/bin:$PATH', 'FROM base', 'RUN pip install torch'];
    assert.deepEqual(lines(file), [5]);
  });

  it('reads uv: VIRTUAL_ENV set by ENV, but not --system', () => {
    assert.deepEqual(lines([ngc, 'ENV VIRTUAL_ENV=/venv', 'RUN uv venv /venv', 'RUN uv pip install torch']), [4]);
    assert.deepEqual(lines([ngc, 'ENV VIRTUAL_ENV=/venv', 'RUN uv venv /venv', 'RUN uv pip install --system torch']), []);
  });

  it('takes pip from the first PATH entry that holds one, and an activation only for the rest of its RUN', () => {
    assert.deepEqual(lines([ngc, 'RUN python -m venv /venv', 'ENV PATH=/usr/local/bin:/venv/bin:$PATH', 'RUN pip install -r r.txt']), []);
    assert.deepEqual(lines([ngc, 'RUN python -m venv /venv', 'ENV PATH=/root/.local/bin:/venv/bin:$PATH', 'RUN pip install -r r.txt']), [4]);
    assert.deepEqual(lines([ngc, 'RUN python -m venv /venv', 'ENV PATH=$HOME/.local/bin:/venv/bin:$PATH', 'RUN pip install -r r.txt']), [4]);
    assert.deepEqual(lines([ngc, 'RUN python -m venv /venv', 'ENV PATH=$CONDA_DIR/bin:/venv/bin:$PATH', 'RUN pip install -r r.txt']), []);
    assert.deepEqual(lines([ngc, 'RUN python -m venv /venv', 'RUN . /venv/bin/activate && deactivate && pip install -r r.txt']), []);
    // A venv this file did not make is active: pip goes there, not to the one on PATH.
    assert.deepEqual(lines([ngc, 'RUN python -m venv /venv', 'ENV PATH=/venv/bin:$PATH', 'RUN . /opt/base-env/bin/activate && pip install -r r.txt']), []);
  });

  it('resolves relative venv folders from WORKDIR', () => {
    assert.deepEqual(lines([ngc, 'WORKDIR /app', 'RUN python -m venv .venv', 'WORKDIR /', 'RUN app/.venv/bin/pip install torch']), [5]);
    assert.deepEqual(lines([ngc, 'WORKDIR /app', 'RUN python -m venv .venv', 'WORKDIR /srv', 'RUN .venv/bin/pip install torch']), []);
  });

  it('reads the folders and --system-site-packages of python -m venv, virtualenv and uv venv', () => {
    assert.deepEqual(venvCreations(command('python3.10 -m venv --prompt app /a /b')), [
      { dir: '/a', systemSitePackages: false },
      { dir: '/b', systemSitePackages: false },
    ]);
    assert.deepEqual(venvCreations(command('virtualenv -p python3 --system-site-packages /e')), [{ dir: '/e', systemSitePackages: true }]);
    assert.deepEqual(venvCreations(command('uv --cache-dir /c venv --seed')), [{ dir: '.venv', systemSitePackages: false }]);
    assert.deepEqual(venvCreations(command('uv venv --python 3.10 /v')), [{ dir: '/v', systemSitePackages: false }]);
    assert.deepEqual(venvCreations(command('python -m pip install venv')), []);
    assert.equal(activatedVenv(command('source /venv/bin/activate')), '/venv');
    assert.equal(activatedVenv(command('. venv/bin/activate')), 'venv');
    assert.equal(activatedVenv(command('source ~/.bashrc')), undefined);
  });

  it('knows which framework a base image ships', () => {
    assert.equal(framework('nvcr.io/nvidia/tensorflow:23.03-tf2-py3'), 'tensorflow');
    assert.equal(framework('tensorflow/tensorflow:latest-gpu-jupyter'), 'tensorflow');
    assert.equal(framework('tensorflow/tensorflow:devel-gpu'), undefined);
    assert.equal(framework('ghcr.io/nvidia/jax:jax'), 'jax');
    assert.equal(framework('mirror.example/pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime'), 'torch');
    assert.equal(framework('nvidia/cuda:12.4.1-runtime-ubuntu22.04'), undefined);
  });
});

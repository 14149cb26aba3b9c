import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function messages(id: string, text: string): string[] {
  const rules = dockerfileRules.filter((r) => r.meta.id === id);
  return lintDockerfile(text, { rules }).findings.map((f) => f.message);
}

describe('Dockerfile rule messages', () => {
  it('MLD203 suggests @<commit-or-tag> for VCS URLs, not ==<version>', () => {
    const text = [
      'FROM python:3.11-slim',
      // One install each: MLD203 reports an install's unpinned packages together.
      'RUN pip install git+https://github.com/facebookresearch/detectron2.git && pip install "peft @ git+https://github.com/huggingface/peft.git" && pip install torch',
      '',
    ].join('\n');
    const found = messages('MLD203', text);
    assert.equal(found.length, 3);
    assert.match(found[0] ?? '', /\(git\+https:\/\/github\.com\/facebookresearch\/detectron2\.git@<commit-or-tag>\)/);
    assert.match(found[1] ?? '', /\(peft @ git\+https:\/\/github\.com\/huggingface\/peft\.git@<commit-or-tag>\)/);
    assert.match(found[2] ?? '', /\(torch==<version>\)/);
    assert.ok(found.every((m) => !m.includes('.git==')));
  });

  it('MLD203 explains that an unquoted >= is a shell redirection, not a pin', () => {
    // mlflow/mlflow docker/tracking-server.Dockerfile and lm-sys/FastChat docker/Dockerfile.
    const text = 'FROM python:3.10-slim-bullseye\nRUN pip install --no-cache boto3==1.26.60 azure-storage-blob>=12.0.0 flash-attn>2 tqdm >/dev/null\n';
    const found = messages('MLD203', text);
    assert.equal(found.length, 3);
    assert.equal(found[0], 'azure-storage-blob>=12.0.0 is no version pin: the shell reads > as a redirection, so azure-storage-blob installs unpinned; quote the requirement ("azure-storage-blob>=12.0.0").');
    assert.match(found[1] ?? '', /^flash-attn>2 is no version pin: the shell reads > as a redirection/);
    assert.match(found[2] ?? '', /^tqdm is not pinned/);
  });

  it('MLD304 points the cache mount at the home of a non-root USER', () => {
    // facebookresearch/detectron2 docker/Dockerfile: `USER appuser`, then `pip install --user`;
    // a mount on /root/.cache/pip would neither hold that cache nor be writable by appuser.
    const text = [
      'FROM nvidia/cuda:11.1.1-cudnn8-devel-ubuntu18.04',
      'RUN pip install numpy==1.20.3',
      'RUN useradd -m --no-log-init --uid 1000 appuser',
      'USER appuser',
      'RUN pip install --user tensorboard==2.14.0',
      'USER 1001',
      'ENV HOME=/home/ray',
      'RUN pip install --user boto3==1.34.0',
      '',
    ].join('\n');
    const found = messages('MLD304', text);
    assert.equal(found.length, 3);
    assert.match(found[0] ?? '', /target=\/root\/\.cache\/pip\.$/);
    assert.match(found[1] ?? '', /target=\/home\/appuser\/\.cache\/pip,uid=1000 \(USER appuser's cache\)\.$/);
    assert.match(found[2] ?? '', /target=\/home\/ray\/\.cache\/pip,uid=1001 \(USER 1001's cache\)\.$/);
  });

  it('MLD304 points the cache mount at the directory XDG_CACHE_HOME or PIP_CACHE_DIR names', () => {
    // m-bain/whisperX Dockerfile: XDG_CACHE_HOME=/cache moves uv's cache to /cache/uv.
    const text = [
      'FROM python:3.13-slim',
      'ENV XDG_CACHE_HOME=/cache',
      'RUN uv pip install --system "torch~=2.8.0"',
      'ENV PIP_CACHE_DIR=/var/cache/pip',
      'USER 1000',
      'RUN pip install --user boto3==1.34.0',
      '',
    ].join('\n');
    const found = messages('MLD304', text);
    assert.equal(found.length, 2);
    assert.match(found[0] ?? '', /target=\/cache\/uv\.$/);
    assert.match(found[1] ?? '', /target=\/var\/cache\/pip,uid=1000 \(USER 1000's cache\)\.$/);
  });

  it('MLD304 names the package cache of the conda that runs', () => {
    // axolotl-ai-cloud/axolotl docker/Dockerfile-base: Miniconda in /root/miniconda3, on PATH.
    const text = [
      'FROM nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04',
      'RUN /opt/miniforge3/bin/mamba install -y numpy=1.26.4',
      'ENV PATH="/root/miniconda3/bin:${PATH}"',
      'RUN conda create -y -n py3.9 python=3.9',
      '',
    ].join('\n');
    const found = messages('MLD304', text);
    assert.equal(found.length, 2);
    assert.match(found[0] ?? '', /cache mount on \/opt\/miniforge3\/pkgs\.$/);
    assert.match(found[1] ?? '', /cache mount on \/root\/miniconda3\/pkgs\.$/);
  });

  it('MLD306 names a manifest copied under the broad COPY by its build-context path', () => {
    // microsoft/onnxruntime dockerfiles/Dockerfile.cuda: ADD . /code, then pip install -r /code/tools/…/requirements.txt.
    const text = [
      'FROM nvcr.io/nvidia/cuda:12.6.1-devel-ubuntu24.04',
      'ADD . /code',
      'RUN pip install --no-cache-dir -r /code/tools/ci_build/github/linux/python/requirements.txt',
      '',
    ].join('\n');
    const found = messages('MLD306', text);
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /; COPY tools\/ci_build\/github\/linux\/python\/requirements\.txt \/code\/tools\/ci_build\/github\/linux\/python\/requirements\.txt first, install, then ADD the rest\.$/);
  });

  it('MLD025 does not claim that a conda prompt fails the build', () => {
    // huggingface/accelerate docker/accelerate-gpu: `conda create` without -y builds, because conda
    // takes the empty answer from the closed stdin as its default (yes).
    const found = messages('MLD025', 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda create --name accelerate python=3.10 pip && apt-get install curl\n');
    assert.equal(found.length, 2);
    // It fails only when the environment already exists: that prompt defaults to no.
    assert.match(found[0] ?? '', /^conda create .*default: yes to go ahead, but no to replacing an environment that already exists at the target, which fails the build/);
    assert.match(found[1] ?? '', /^apt-get install may stop to ask for confirmation, which fails the build/);
  });

  it('MLD303 tells microdnf images to run microdnf clean all (ubi-minimal has no dnf)', () => {
    // SeldonIO/MLServer Dockerfile: FROM ubi9/ubi-minimal, microdnf install without a clean.
    const text = 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf update -y && microdnf install -y tar gzip\nRUN dnf install -y git\n';
    const found = lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD303') }).findings;
    assert.equal(found.length, 2);
    assert.match(found[0]?.message ?? '', /&& microdnf clean all,/);
    assert.equal(found[0]?.fix?.edits[0]?.newText, ' && microdnf clean all');
    assert.match(found[1]?.message ?? '', /&& dnf clean all,/);
  });

  it('MLD026 gives pipefail to the shell a RUN starts for its heredoc, which SHELL does not reach', () => {
    // NVIDIA/Megatron-LM docker/Dockerfile.ci.dev runs heredocs with `bash -ex <<"EOF"`: a SHELL with
    // pipefail would change only the outer shell, and the inner bash does not inherit it.
    const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD026');
    const heredoc = (shell: string, base = 'ubuntu:22.04'): string => `FROM ${base}\nRUN ${shell} <<"EOF"\n    curl -LsSf https://astral.sh/uv/0.7.2/install.sh | sh\nEOF\n`;
    const fixOf = (text: string) => lintDockerfile(text, { rules }).findings[0]?.fix;
    const fix = fixOf(heredoc('bash -ex'));
    assert.equal(fix?.title, 'Run the heredoc with bash -o pipefail');
    assert.deepEqual(fix?.edits, [{ range: { start: { line: 2, column: 5 }, end: { line: 2, column: 9 } }, newText: 'bash -o pipefail' }]);
    // Debian's sh (dash) has no pipefail; Alpine's (busybox ash) has.
    assert.equal(fixOf(heredoc('/bin/sh -e'))?.edits[0]?.newText, '/bin/bash -o pipefail');
    assert.equal(fixOf(heredoc('sh -e', 'alpine:3.20'))?.edits[0]?.newText, 'sh -o pipefail');
    assert.equal(lintDockerfile(heredoc('bash -o pipefail -ex'), { rules }).findings.length, 0);
  });

  it('MLD104 names the resolved value of USER $VAR', () => {
    const found = messages('MLD104', 'FROM python:3.11-slim\nARG UID=0\nUSER $UID:$GID\n');
    assert.deepEqual(found.length, 1);
    assert.match(found[0] ?? '', /runs as \$UID:\$GID \(= 0\)/);
  });

  it('MLD405 on a devel image that compiles CUDA code points to a second stage, not to another base', () => {
    // InternLM/lmdeploy docker/Dockerfile: torch from the cu121 index, then a cmake build of its CUDA kernels.
    const compiles = [
      'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04',
      'RUN python3 -m pip install --no-cache-dir torch==2.3.0 --index-url https://download.pytorch.org/whl/cu121',
      'RUN mkdir -p build && cd build && cmake .. && make -j8',
      '',
    ].join('\n');
    const [found, ...rest] = messages('MLD405', compiles);
    assert.equal(rest.length, 0);
    assert.match(found ?? '', /CUDA ships twice on top of the devel image nvidia\/cuda:12\.4\.1-devel-ubuntu22\.04; this stage compiles CUDA code, so compile in a devel stage and COPY the results/);
    const plain = messages('MLD405', compiles.replace('cmake .. && make -j8', 'echo ok'));
    assert.match(plain[0] ?? '', /; use an nvidia\/cuda "-base" tag or a plain OS base image\.$/);
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const messages = (id: string, lines: readonly string[]): string[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings.map((f) => f.message);

describe('s35 sweep: MLD304 names a cache mount by the folder BuildKit mounts (label-studio-ml-backend examples)', () => {
  it('expands the ARG and ENV values in the mount target when it says which folder the mount misses', () => {
    assert.deepEqual(messages('MLD304', ['FROM python:3.12-slim', 'ENV PIP_CACHE_DIR=/opt/pip', 'ENV CACHE_DIR=/.cache', 'RUN --mount=type=cache,target=${CACHE_DIR} pip install numpy==1.26.4']), [
      'pip keeps its download cache in this layer: it goes to /opt/pip, which the cache mount on /.cache does not cover; use RUN --mount=type=cache,target=/opt/pip instead, or add --no-cache-dir.',
    ]);
  });

  it('reads the mount of an ONBUILD trigger as unknown: the child build decides its variables', () => {
    assert.deepEqual(messages('MLD304', ['FROM python:3.12-slim', 'ENV CACHE_DIR=/opt/elsewhere', 'ONBUILD RUN --mount=type=cache,target=${CACHE_DIR} pip install numpy==1.26.4']), []);
  });
});

describe('s35 sweep: MLD104 does not claim root for a base image it knows nothing about (zenml-server-hf-spaces)', () => {
  it('says the container runs as the base image\'s user, root unless that image sets one', () => {
    assert.deepEqual(messages('MLD104', ['FROM example.org/team/app:1.0', 'CMD ["app"]']), [
      "The final stage sets no USER, so the container runs as its base image's user: root unless example.org/team/app:1.0 sets a USER of its own; if it does not, create an unprivileged user and add USER 10001 (numeric, so Kubernetes runAsNonRoot can verify it).",
    ]);
    assert.match(messages('MLD104', ['FROM zenmldocker/zenml-server:latest', 'ENV ZENML_SERVER_DEPLOYMENT_TYPE=hf_spaces'])[0] ?? '', /root unless zenmldocker\/zenml-server:latest sets a USER of its own/);
  });

  it('keeps saying root for bases known to end as root, mirrors of the official images included', () => {
    for (const base of ['python:3.11-slim', 'ubuntu:22.04', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime', 'nvcr.io/nvidia/pytorch:24.05-py3', 'public.ecr.aws/docker/library/python:3.12', 'continuumio/miniconda3:24.1.2-0', 'registry.access.redhat.com/ubi9/ubi-minimal:9.4']) {
      assert.match(messages('MLD104', [`FROM ${base}`, 'CMD ["app"]'])[0] ?? '', /^The final stage sets no USER, so the container runs as root; create an unprivileged user/, base);
    }
  });

  it('follows the stages to the image the final one is built on', () => {
    assert.match(messages('MLD104', ['FROM python:3.12-slim AS base', 'FROM base', 'CMD ["app"]'])[0] ?? '', /runs as root;/);
    assert.match(messages('MLD104', ['FROM ghcr.io/acme/runtime:2 AS base', 'FROM base', 'CMD ["app"]'])[0] ?? '', /root unless ghcr\.io\/acme\/runtime:2 sets a USER/);
  });
});

describe('s35 sweep: MLD412 says which build arg installs the CUDA toolkit (unclecode/crawl4ai)', () => {
  const run = (condition: string): string[] =>
    messages('MLD412', ['FROM python:3.12-slim', 'ARG ENABLE_GPU=false', 'ARG TARGETARCH', `RUN if ${condition}; then apt-get update && apt-get install -y --no-install-recommends nvidia-cuda-toolkit && rm -rf /var/lib/apt/lists/*; fi`]);

  it('leads with the setting the default build skips, for one test or an && chain of them', () => {
    const expected = 'When ENABLE_GPU=true, nvidia-cuda-toolkit installs the full CUDA toolkit (several GB) into the final image, while containers need only the runtime libraries; install it in a build stage, or base the image on an nvidia/cuda "-runtime" tag.';
    assert.deepEqual(run('[ "$ENABLE_GPU" = "true" ]'), [expected]);
    assert.deepEqual(run('[ "$ENABLE_GPU" = "true" ] && [ "$TARGETARCH" = "amd64" ]'), [expected]);
  });

  it('says nothing of a condition the defaults pass, or one joined by ||', () => {
    assert.match(run('[ "$ENABLE_GPU" = "false" ]')[0] ?? '', /^nvidia-cuda-toolkit installs/);
    assert.match(run('[ "$ENABLE_GPU" = "true" ] || [ "$TARGETARCH" = "amd64" ]')[0] ?? '', /^nvidia-cuda-toolkit installs/);
  });

  it('does the same for conda\'s cuda package', () => {
    const found = messages('MLD412', ['FROM continuumio/miniconda3:24.1.2-0', 'ARG WITH_CUDA=0', 'RUN if [ "$WITH_CUDA" = 1 ]; then conda install -y -c nvidia cuda; fi']);
    assert.match(found[0] ?? '', /^When WITH_CUDA=1, cuda installs the full CUDA toolkit/);
  });
});

describe('s35 sweep: MLD204 asks for a version pin on a package from an apt repository the build adds (label-studio nginx)', () => {
  const nginx = 'RUN echo "deb https://nginx.org/packages/mainline/debian/ ${CODENAME} nginx" >> /etc/apt/sources.list; apt-get update && apt-get install -y nginx';

  it('names the repository the same RUN adds, and the pin', () => {
    assert.deepEqual(messages('MLD204', ['FROM python:3.12-slim-bookworm', 'ARG CODENAME=bookworm', nginx]), [
      'nginx is not version-pinned and may come from the apt repository this RUN adds, which pinning the base image by digest does not freeze; pin what it provides (nginx=<version>).',
    ]);
  });

  it('keeps the digest advice for what the RUN installs before it adds the repository (the tools that add it)', () => {
    const found = messages('MLD204', [
      'FROM python:3.12-slim-bookworm',
      'RUN apt-get update; apt-get install -y --no-install-recommends ca-certificates gnupg wget; \\',
      '    echo "deb https://nginx.org/packages/mainline/debian/ bookworm nginx" >> /etc/apt/sources.list; \\',
      '    apt-get update && apt-get install -y nginx',
      'FROM ubuntu:20.04',
      'RUN apt-get update && apt-get install -y software-properties-common && add-apt-repository ppa:deadsnakes/ppa && \\',
      '    apt-get install -y python3.11',
    ]);
    assert.equal(found.length, 4);
    assert.match(found[0] ?? '', /^ca-certificates, gnupg and wget are not version-pinned; distro archives drop old versions/);
    assert.match(found[1] ?? '', /^nginx is not version-pinned and may come from the apt repository this RUN adds/);
    assert.match(found[2] ?? '', /^software-properties-common is not version-pinned; distro archives drop old versions/);
    assert.match(found[3] ?? '', /^python3\.11 is not version-pinned and may come from the apt repository this RUN adds/);
  });

  it('names an earlier RUN or COPY that added one, and leaves the distribution\'s packages to the digest', () => {
    const ppa = messages('MLD204', ['FROM ubuntu:22.04', 'RUN add-apt-repository -y ppa:deadsnakes/ppa', 'RUN apt-get update && apt-get install -y python3.11 git']);
    assert.deepEqual(ppa, [
      "python3.11 and git are not version-pinned and may come from the apt repository added on line 2, which pinning the base image by digest does not freeze; pin what it provides (<package>=<version>); leave the distribution's own packages to a base image pinned by digest (distro archives drop old versions).",
    ]);
    const copied = messages('MLD204', ['FROM debian:12', 'COPY docker.list /etc/apt/sources.list.d/', 'RUN apt-get update && apt-get install -y docker-ce']);
    assert.match(copied[0] ?? '', /may come from the apt repository added on line 2/);
    const teed = messages('MLD204', ['FROM debian:12', 'RUN curl -fsSL https://nvidia.github.io/libnvidia-container/stable/deb/nvidia-container-toolkit.list | tee /etc/apt/sources.list.d/nvidia-container-toolkit.list && apt-get update && apt-get install -y nvidia-container-toolkit']);
    assert.match(teed[0] ?? '', /this RUN adds/);
  });

  it('keeps the digest advice for the distribution\'s mirrors, components and removed lists', () => {
    for (const run of [
      'RUN echo "deb http://mirrors.aliyun.com/debian bookworm main" > /etc/apt/sources.list && apt-get update && apt-get install -y git',
      'RUN add-apt-repository universe && apt-get update && apt-get install -y git',
      'RUN rm /etc/apt/sources.list.d/cuda.list && apt-get update && apt-get install -y git',
      "RUN sed -i 's/deb.debian.org/mirrors.ustc.edu.cn/g' /etc/apt/sources.list && apt-get update && apt-get install -y git",
    ]) {
      assert.match(messages('MLD204', ['FROM debian:12', run])[0] ?? '', /pin the base image by digest to make rebuilds reproducible\.$/, run);
    }
  });

  it('leaves apk alone: the repository check is apt\'s', () => {
    assert.match(messages('MLD204', ['FROM alpine:3.20', 'RUN echo "https://dl-cdn.alpinelinux.org/alpine/edge/testing" >> /etc/apk/repositories && apk add --no-cache foo'])[0] ?? '', /pin the base image by digest/);
  });
});

describe('s35 sweep: the build-arg condition of an if reads an && chain of tests for every rule that names it', () => {
  it('leads MLD203 with the setting too', () => {
    const found = messages('MLD203', ['FROM python:3.12-slim', 'ARG WITH_FLASH=0', 'ARG TARGETARCH', 'RUN if [ "$WITH_FLASH" = 1 ] && [ "$TARGETARCH" = amd64 ]; then pip install --no-cache-dir flash-attn; fi']);
    assert.match(found[0] ?? '', /^When WITH_FLASH=1, /);
  });
});

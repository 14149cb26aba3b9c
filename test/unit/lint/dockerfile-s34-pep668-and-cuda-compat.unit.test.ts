import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import type { ImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { externallyManagedBase } from '../../../src/core/lint/rules/dockerfile/externally-managed-bases';

function findings(id: string, lines: string[]): { line: number; message: string }[] {
  const rules = dockerfileRules.filter((r) => r.meta.id === id);
  return lintDockerfile([...lines, ''].join('\n'), { config: emptyConfig(), rules }).findings.map((f) => ({ line: f.range.start.line, message: f.message }));
}

const pep668 = (lines: string[]): { line: number; message: string }[] => findings('MLD036', lines);
const compat = (lines: string[]): { line: number; message: string }[] => findings('MLD418', lines);

function ref(image: string): ImageRef {
  const parsed = parseImageRef(image);
  assert.ok(parsed.ok);
  return parsed.ref;
}

const noble = ['FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-venv && rm -rf /var/lib/apt/lists/*'];
const install = 'RUN pip install --no-cache-dir numpy==2.1.0';

describe('s34: MLD036 pip-install-externally-managed', () => {
  it('says what fails, where the Python came from, and the three ways out', () => {
    const [f, ...rest] = pep668([...noble, install]);
    assert.equal(rest.length, 0);
    assert.equal(f?.line, 3);
    const message = f?.message ?? '';
    assert.match(message, /^pip install targets the system Python that python3-pip from apt \(line 2\) installs on ubuntu:24\.04 \(Ubuntu 24\.04\)/);
    assert.match(message, /EXTERNALLY-MANAGED \(PEP 668\): pip refuses to install into it \("error: externally-managed-environment"\), so the build fails/);
    assert.match(message, /python3 -m venv \/opt\/venv, then ENV PATH=\/opt\/venv\/bin:\$PATH/);
    assert.match(message, /--break-system-packages \(or ENV PIP_BREAK_SYSTEM_PACKAGES=1\)/);
    assert.match(message, /start from a python:3\.x image/);
  });

  it('says --user does not get around it, and words uv its own way', () => {
    assert.match(pep668([...noble, 'RUN pip install --user numpy==2.1.0'])[0]?.message ?? '', /\), --user included, so the build fails/);
    const uv = pep668([...noble, 'COPY --from=ghcr.io/astral-sh/uv:0.7.20 /uv /usr/local/bin/uv', 'RUN uv pip install --system numpy==2.1.0'])[0]?.message ?? '';
    assert.match(uv, /^uv pip install --system targets the system Python that python3-pip from apt/);
    assert.match(uv, /uv refuses to modify it \("The interpreter at \/usr is externally managed"\)/);
    assert.match(uv, /uv venv \/opt\/venv, then ENV VIRTUAL_ENV=\/opt\/venv PATH=\/opt\/venv\/bin:\$PATH/);
    assert.match(uv, /UV_BREAK_SYSTEM_PACKAGES=1/);
  });

  it('reads UV_SYSTEM_PYTHON as --system, and leaves uv without it to its own error', () => {
    assert.equal(pep668([...noble, 'ENV UV_SYSTEM_PYTHON=1', 'RUN uv pip install numpy==2.1.0']).length, 1);
    assert.equal(pep668([...noble, 'RUN uv pip install numpy==2.1.0']).length, 0);
  });

  it('says the image lacks the packages when the RUN goes on past the error', () => {
    assert.match(pep668([...noble, 'RUN pip install numpy==2.1.0; echo done'])[0]?.message ?? '', /and the RUN goes on past the error, so the image lacks these packages/);
    assert.match(pep668([...noble, 'RUN set -e; pip install numpy==2.1.0; echo done'])[0]?.message ?? '', /so the build fails/);
    assert.match(pep668([...noble, 'SHELL ["/bin/bash", "-euo", "pipefail", "-c"]', 'RUN pip install numpy==2.1.0; echo done'])[0]?.message ?? '', /so the build fails/);
    assert.match(pep668([...noble, 'RUN pip install numpy==2.1.0 && echo done'])[0]?.message ?? '', /so the build fails/);
    assert.match(pep668([...noble, 'RUN set -e; set +e; pip install numpy==2.1.0; echo done'])[0]?.message ?? '', /goes on past the error/);
    assert.match(pep668([...noble, 'RUN pip install numpy==2.1.0; echo done', 'SHELL ["/bin/bash", "-e", "-c"]'])[0]?.message ?? '', /goes on past the error/);
  });

  it('prefixes the setting that runs the install when a build arg guards it', () => {
    const lines = [...noble, 'ARG WITH_NUMPY=0', 'RUN if [ "$WITH_NUMPY" = "1" ]; then pip install numpy==2.1.0; fi'];
    assert.match(pep668(lines)[0]?.message ?? '', /^When WITH_NUMPY=1, pip install targets/);
  });

  for (const [what, silencer] of [
    ['ENV PIP_BREAK_SYSTEM_PACKAGES', 'ENV PIP_BREAK_SYSTEM_PACKAGES=1'],
    ['ARG PIP_BREAK_SYSTEM_PACKAGES', 'ARG PIP_BREAK_SYSTEM_PACKAGES=yes'],
    ['PIP_CONFIG_FILE', 'ENV PIP_CONFIG_FILE=/etc/pip-ci.conf'],
    ['pip config set', 'RUN pip3 config set global.break-system-packages true'],
    ['a pip.conf written', 'RUN printf "[global]\\nbreak-system-packages = true\\n" > /etc/pip.conf'],
    ['a pip.conf copied', 'COPY pip.conf /root/.config/pip/pip.conf'],
    ['the marker removed', 'RUN rm /usr/lib/python3.12/EXTERNALLY-MANAGED'],
    ['a venv first on PATH', 'ENV PATH=/opt/venv/bin:$PATH'],
    ['VIRTUAL_ENV', 'ENV VIRTUAL_ENV=/opt/venv'],
    ['a Python built from source', 'RUN curl -fsSL https://www.python.org/ftp/python/3.12.7/Python-3.12.7.tgz | tar -xz && cd Python-3.12.7 && ./configure && make install'],
    ['uv-managed Python', 'RUN uv python install 3.12 --default'],
    ['/usr/local copied from another image', 'COPY --from=python:3.12-slim /usr/local /usr/local'],
  ] as const) {
    it(`stays silent after ${what}, and only after it`, () => {
      assert.equal(pep668([...noble, silencer, install]).length, 0);
      assert.equal(pep668([...noble, install, silencer]).length, 1);
    });
  }

  for (const [what, written] of [
    ['--break-system-packages', 'RUN pip install --break-system-packages numpy==2.1.0'],
    ['an abbreviated --break-system-packages', 'RUN pip install --break-sys numpy==2.1.0'],
    ['--target', 'RUN pip install -t /opt/deps numpy==2.1.0'],
    ['--prefix', 'RUN pip install --prefix /install numpy==2.1.0'],
    ['--dry-run --report', 'RUN pip install --dry-run --report /tmp/r.json numpy==2.1.0'],
    ['--python', 'RUN pip --python /opt/venv/bin/python install numpy==2.1.0'],
    ['an inline override', 'RUN PIP_BREAK_SYSTEM_PACKAGES=1 pip install numpy==2.1.0'],
    ['an exported PATH', 'RUN export PATH=/opt/venv/bin:$PATH && pip install numpy==2.1.0'],
    ['an activated venv', 'RUN python3 -m venv /opt/venv && . /opt/venv/bin/activate && pip install numpy==2.1.0'],
    ["a venv's pip", 'RUN python3 -m venv venv && venv/bin/pip install numpy==2.1.0'],
    ['an environment runner', 'RUN poetry run pip install numpy==2.1.0'],
    ['a fallback', 'RUN pip install numpy==2.1.0 || pip install --break-system-packages numpy==2.1.0'],
    ['a tested install', 'RUN if pip install numpy==2.1.0; then echo ok; fi'],
    ['another minor version', 'RUN pip3.11 install numpy==2.1.0'],
    ['`python` that nothing links', 'RUN python -m pip install numpy==2.1.0'],
  ] as const) {
    it(`stays silent on ${what}`, () => {
      assert.deepEqual(pep668([...noble, written]), []);
    });
  }

  it('does not let an earlier install that overrides the marker stand for a later one that does not', () => {
    const lines = [...noble, 'RUN pip install --break-system-packages --upgrade pip==24.2', install];
    assert.deepEqual(pep668(lines).map((f) => f.line), [4]);
  });

  it("fires on the release's own minor version and on `python` once python-is-python3 or a link provides it", () => {
    assert.equal(pep668([...noble, 'RUN pip3.12 install numpy==2.1.0']).length, 1);
    assert.equal(pep668([...noble, 'RUN ln -s /usr/bin/python3 /usr/bin/python', 'RUN python -m pip install numpy==2.1.0']).length, 1);
  });

  it('keeps firing after a repository named mamba or uv copied into /usr/local/bin, but not after conda itself', () => {
    assert.equal(pep668([...noble, 'RUN git clone https://github.com/state-spaces/mamba /src/mamba', install]).length, 1);
    assert.equal(pep668([...noble, 'COPY --from=ghcr.io/astral-sh/uv:0.7.20 /usr/local/bin/uv /usr/local/bin/uv', install]).length, 1);
    assert.equal(pep668([...noble, 'RUN conda install -y python=3.11', install]).length, 0);
  });

  it("keeps firing when PATH only adds CUDA's folder or the user's script folder (uv's installer puts uv there)", () => {
    assert.equal(pep668([...noble, 'ENV PATH=/usr/local/cuda/bin:/root/.local/bin:${PATH}', install]).length, 1);
    assert.equal(pep668([...noble, 'ENV PATH=/opt/tools/bin:${PATH}', install]).length, 0);
  });

  it('needs pip from apt: python3 alone leaves pip missing, which fails for another reason', () => {
    assert.deepEqual(pep668(['FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*', install]), []);
  });

  it('judges each stage with what its in-file parents installed, and reports each install once', () => {
    const lines = ['FROM debian:trixie-slim AS base', 'RUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*', install, 'FROM base', install];
    assert.deepEqual(pep668(lines).map((f) => f.line), [3, 5]);
  });

  it('knows which bases mark their apt Python', () => {
    const marked = ['ubuntu:23.04', 'ubuntu:lunar', 'ubuntu:noble-20240827.1', 'ubuntu:24.04', 'ubuntu:26.04', 'ubuntu', 'ubuntu:rolling', 'debian:12', 'debian:12.8-slim',
      'debian:bookworm-20240110-slim', 'debian:trixie', 'debian:stable-slim', 'debian:sid', 'nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04', 'nvcr.io/nvidia/cuda:13.0.1-runtime-ubuntu24.04',
      'node:22-bookworm', 'eclipse-temurin:21-jdk-noble'];
    const unmarked = ['ubuntu:22.04', 'ubuntu:jammy', 'debian:11', 'debian:bullseye-slim', 'debian:oldoldstable', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'python:3.12-bookworm',
      'python:3.12-slim', 'node:22-bullseye', 'example/app:bookworm', 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime'];
    assert.deepEqual(marked.filter((i) => externallyManagedBase(ref(i)) === undefined), []);
    assert.deepEqual(unmarked.filter((i) => externallyManagedBase(ref(i)) !== undefined), []);
    assert.deepEqual(externallyManagedBase(ref('debian:bookworm-slim')), { release: 'Debian 12', python: '3.11' });
    assert.deepEqual(externallyManagedBase(ref('ubuntu:latest')), { release: 'Ubuntu 24.04 or later' });
  });
});

describe('s34: MLD418 cuda-compat-on-library-path', () => {
  const cuda = 'FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04';

  it('says what the compat folder does to the host driver and what to do', () => {
    const [f, ...rest] = compat([cuda, 'ENV LD_LIBRARY_PATH=/usr/local/cuda-12.8/compat:$LD_LIBRARY_PATH']);
    assert.equal(rest.length, 0);
    const message = f?.message ?? '';
    assert.match(message, /^ENV LD_LIBRARY_PATH puts CUDA's forward-compatibility folder \/usr\/local\/cuda-12\.8\/compat on the final image's library path/);
    assert.match(message, /instead of the one the NVIDIA runtime mounts from the host driver/);
    assert.match(message, /GeForce GPUs \(error 804/);
    assert.match(message, /driver is newer than the compat libraries \(error 803/);
    assert.match(message, /Remove it: forward compatibility is only for datacenter GPUs on an older driver, and NGC images turn it on from their entrypoint/);
  });

  it('follows LD_LIBRARY_PATH to the end of the final chain', () => {
    assert.equal(compat([cuda, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/compat', 'ENV LD_LIBRARY_PATH=${LD_LIBRARY_PATH}:/opt/lib']).length, 1);
    assert.equal(compat([cuda, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/compat', 'ENV LD_LIBRARY_PATH=/opt/lib']).length, 0);
    assert.equal(compat([`${cuda} AS base`, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/compat', `${cuda}`, 'RUN echo']).length, 0);
  });

  it('reads an unknown version in the folder name, and CUDA_HOME', () => {
    assert.equal(compat([cuda, 'ARG CUDA_MM', 'ENV LD_LIBRARY_PATH=/usr/local/cuda-${CUDA_MM}/compat']).length, 1);
    assert.equal(compat(['FROM example/cuda-app:1.0', 'ENV LD_LIBRARY_PATH=$CUDA_HOME/compat:$LD_LIBRARY_PATH']).length, 1);
    assert.equal(compat([cuda, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/lib64:/usr/local/cuda/extras/CUPTI/lib64']).length, 0);
  });

  it("reports NGC's lib.real, which the entrypoint's check no longer guards, but not compat/lib", () => {
    const ngc = 'FROM nvcr.io/nvidia/pytorch:24.08-py3';
    assert.equal(compat([ngc, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/compat/lib.real:$LD_LIBRARY_PATH']).length, 1);
    assert.equal(compat([ngc, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/compat/lib:$LD_LIBRARY_PATH']).length, 0);
  });

  it('reports a plain OS image only once cuda-compat is installed', () => {
    const env = 'ENV LD_LIBRARY_PATH=/usr/local/cuda-12.4/compat:$LD_LIBRARY_PATH';
    assert.equal(compat(['FROM ubuntu:22.04', env]).length, 0);
    assert.equal(compat(['FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y --no-install-recommends cuda-compat-12-4 && rm -rf /var/lib/apt/lists/*', env]).length, 1);
  });

  it('reports the RUN that writes the folder into /etc/ld.so.conf.d', () => {
    const [f] = compat([cuda, 'RUN echo /usr/local/cuda/compat > /etc/ld.so.conf.d/00-compat.conf && ldconfig']);
    assert.match(f?.message ?? '', /^This RUN adds CUDA's forward-compatibility folder \/usr\/local\/cuda\/compat to the final image's loader configuration \(\/etc\/ld\.so\.conf\.d\)/);
    assert.equal(compat([cuda, 'RUN ls /usr/local/cuda/compat && ldconfig']).length, 0);
  });

  it('judges the stage the build targets', () => {
    const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD418');
    const text = [`${cuda} AS gpu`, 'ENV LD_LIBRARY_PATH=/usr/local/cuda/compat', `${cuda} AS slim`, 'RUN echo', ''].join('\n');
    const config = emptyConfig();
    config.dockerfiles = { Dockerfile: { target: 'gpu' } };
    assert.equal(lintDockerfile(text, { config, rules, path: 'Dockerfile' }).findings.length, 1);
    assert.equal(lintDockerfile(text, { config: emptyConfig(), rules }).findings.length, 0);
  });
});

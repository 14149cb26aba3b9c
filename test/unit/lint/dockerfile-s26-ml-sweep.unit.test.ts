import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { directoryBefore } from '../../../src/core/lint/dockerfile/directories-made';
import { valuesAt } from '../../../src/core/lint/dockerfile/scope-values';
import { buildModel } from '../../../src/core/lint/dockerfile/semantic';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const lint = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
const messages = (id: string, lines: readonly string[]): string[] => lint(id, lines).map((f) => f.message);

describe('s26: Dockerfile sweep of real ML images (MLD013, MLD008, MLD203, MLD107)', () => {
  describe('MLD013 and a destination the ancestry made a directory', () => {
    // ggml-org/llama.cpp .devops/cuda.Dockerfile, built by its CI with BuildKit.
    const llama = [
      'FROM nvidia/cuda:12.8.1-devel-ubuntu24.04 AS build',
      'RUN mkdir -p /app/full /app/lib',
      'FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04 AS base',
      'COPY --from=build /app/lib/ /app',
      'FROM base AS light',
      'COPY --from=build /app/full/llama-cli /app/full/llama-completion /app',
    ];

    it('stays silent on llama.cpp light stage, whose base copied a directory to /app', () => {
      assert.deepEqual(lint('MLD013', llama), []);
    });

    it('keeps reporting, with a fix, when the base copied what may be a file', () => {
      const lines = llama.map((l) => l.replace('/app/lib/ /app', '/app/lib /app'));
      const findings = lint('MLD013', lines);
      assert.equal(findings.length, 1);
      assert.match(findings[0]?.message ?? '', /^COPY has 2 sources but the destination "\/app" does not end in "\/": unless \/app already exists as a directory/);
      const fix = findings[0]?.fix;
      assert.ok(fix);
      assert.match(applyTextEdits(text(lines), fix.edits), /llama-completion \/app\/\n/);
    });

    it('takes WORKDIR, a COPY into or below the path, mkdir and the standard directories as proof, in this stage or a parent', () => {
      const proofs = ['WORKDIR /srv/app', 'WORKDIR /srv/app/src', 'COPY x.py /srv/app/', 'COPY x.py /srv/app/x.py', 'COPY . /srv/app', 'COPY ["conf/", "/srv/app"]', 'RUN mkdir /srv/app', 'RUN apt-get update && mkdir -p /srv/app/logs'];
      for (const proof of proofs) {
        assert.deepEqual(lint('MLD013', ['FROM ubuntu:24.04 AS base', proof, 'FROM base', 'COPY a.py b.py /srv/app']), [], proof);
      }
      assert.deepEqual(lint('MLD013', ['FROM ubuntu:24.04', 'COPY a.txt b.txt /tmp', 'COPY c.txt d.txt /usr/local/bin']), []);
    });

    it('takes no proof from a sibling stage, a later step, an ONBUILD, a variable, a file source, a similar path or a relative one', () => {
      const misses = [
        ['FROM ubuntu:24.04 AS other', 'WORKDIR /srv/app', 'FROM ubuntu:24.04', 'COPY a.py b.py /srv/app'],
        ['FROM ubuntu:24.04', 'COPY a.py b.py /srv/app', 'WORKDIR /srv/app'],
        ['FROM ubuntu:24.04', 'ONBUILD WORKDIR /srv/app', 'COPY a.py b.py /srv/app'],
        ['FROM ubuntu:24.04', 'ARG DIR=/srv/app', 'WORKDIR $DIR', 'COPY a.py b.py /srv/app'],
        ['FROM ubuntu:24.04', 'COPY app.tar /srv/app', 'COPY a.py b.py /srv/app'],
        ['FROM ubuntu:24.04', 'COPY a.py b.py /srv/app', 'COPY c.py d.py /srv/app'],
        ['FROM ubuntu:24.04', 'RUN mkdir -p /srv/app-data /srv/ap', 'COPY a.py b.py /srv/app'],
        ['FROM ubuntu:24.04', 'WORKDIR /srv', 'RUN mkdir app', 'COPY a.py b.py /srv/app'],
      ];
      for (const lines of misses) {
        assert.ok(lint('MLD013', lines).length >= 1, lines.join(' / '));
      }
    });

    it('answers only for absolute paths without variables', () => {
      const model = buildModel(text(['FROM ubuntu:24.04', 'WORKDIR /srv/app', 'COPY a b c']));
      const stage = model.stages[0];
      const copy = stage?.instructions[1];
      assert.ok(stage && copy);
      assert.deepEqual(
        ['/srv/app', '/srv/app/', '/srv', 'srv/app', '$HOME', '/srv/app2'].map((p) => directoryBefore(stage, copy, p)),
        [true, true, true, false, false, false],
      );
    });
  });

  describe('MLD008 and build args a parent stage redeclared', () => {
    // vllm-project/vllm docker/Dockerfile.rocm: build_vllm is FROM deps, which redeclared COMMON_WORKDIR.
    const rocm = ['ARG COMMON_WORKDIR=/app', 'FROM rocm/dev-ubuntu-22.04:6.3.4 AS base', 'ARG COMMON_WORKDIR', 'FROM base AS deps', 'FROM deps AS build_vllm', 'RUN cd "${COMMON_WORKDIR}/vllm" && ls'];

    it('stays silent when a parent or grandparent stage redeclared the ARG', () => {
      assert.deepEqual(lint('MLD008', rocm), []);
    });

    it('still reports when only a sibling stage or a later stage redeclared it', () => {
      const sibling = ['ARG COMMON_WORKDIR=/app', 'FROM ubuntu:22.04 AS base', 'FROM base AS deps', 'ARG COMMON_WORKDIR', 'FROM base AS build', 'RUN cd "${COMMON_WORKDIR}/vllm"', 'FROM build AS later', 'ARG COMMON_WORKDIR'];
      assert.deepEqual(messages('MLD008', sibling), [`COMMON_WORKDIR is declared only before the first FROM, so it is empty inside this stage; add ARG COMMON_WORKDIR after this stage's FROM.`]);
    });
  });

  describe('valuesAt and build args inherited from parent stages', () => {
    it('gives a child stage its parent ARG values; a bare redeclaration keeps the value unless a global ARG gives one', () => {
      const model = buildModel(text(['ARG G=global', 'FROM ubuntu:22.04 AS base', 'ARG V=1.0', 'ARG G=local', 'ENV E=env', 'FROM base AS child', 'ARG V', 'ARG G', 'RUN true']));
      const child = model.stages[1];
      const run = child?.instructions[2];
      assert.ok(child && run);
      const values = valuesAt(model, child, run);
      assert.deepEqual([values.get('V'), values.get('G'), values.get('E')], ['1.0', 'global', 'env']);
    });

    it('leaves an ARG without any value unknown', () => {
      const model = buildModel(text(['FROM ubuntu:22.04 AS base', 'ARG V', 'FROM base', 'RUN true']));
      const stage = model.stages[1];
      const run = stage?.instructions[0];
      assert.ok(stage && run);
      const values = valuesAt(model, stage, run);
      assert.ok(values.has('V'));
      assert.equal(values.get('V'), undefined);
    });
  });

  describe('MLD203: a torch pin given by a variable, and shell words pip was handed', () => {
    it('takes torch==${PYTORCH} as an exact pin of the companions, like torch==2.0.0 (axolotl docker/Dockerfile-base)', () => {
      assert.deepEqual(lint('MLD203', ['FROM python:3.11.9-slim', 'ARG PYTORCH=2.6.0', 'RUN pip install torch==${PYTORCH} torchvision torchaudio']), []);
      assert.deepEqual(lint('MLD203', ['FROM python:3.11.9-slim', 'RUN pip install "torch==$PYTORCH" torchvision torchaudio']), []);
      assert.deepEqual(lint('MLD203', ['FROM python:3.11.9-slim AS base', 'ARG PYTORCH=2.6.0', 'FROM base', 'RUN pip install torch===${PYTORCH}+cu124 torchvision']), []);
    });

    it('reports the companions when the variable is known to hold no exact version, or the pin is a bound', () => {
      assert.deepEqual(messages('MLD203', ['FROM python:3.11.9-slim', 'ARG PYTORCH=2.*', 'RUN pip install torch==${PYTORCH} torchvision']), [
        'torchvision is not pinned, so rebuilds can pick up a different release; pin it (torchvision==<version>) or install from a requirements/constraints file.',
      ]);
      assert.equal(lint('MLD203', ['FROM python:3.11.9-slim', 'RUN pip install "torch>=${PYTORCH}" torchvision']).length, 1);
    });

    it('never names a shell reserved word a "\\" handed to pip (sglang docker/Dockerfile)', () => {
      const sglang = ['FROM python:3.11.9-slim', 'RUN if [ "$X" != "13" ]; then \\', '      pip install nvidia-nvshmem-cu12==3.4.5 einops \\', '    fi'];
      assert.deepEqual(messages('MLD203', sglang), ['einops is not pinned, so rebuilds can pick up a different release; pin it (einops==<version>) or install from a requirements/constraints file.']);
      assert.deepEqual(lint('MLD203', [...sglang.slice(0, 2), '      pip install nvidia-nvshmem-cu12==3.4.5 \\', '    fi']), []);
    });
  });

  describe('MLD107: an interpreter named through a variable', () => {
    it('reports get-pip.py piped to python${PYTHON_VERSION} like python3.12 (vllm docker/Dockerfile)', () => {
      assert.deepEqual(messages('MLD107', ['FROM ubuntu:22.04', 'ARG PYTHON_VERSION=3.12', 'RUN curl -sS https://bootstrap.pypa.io/get-pip.py | python${PYTHON_VERSION}']), [
        'curl … | python${PYTHON_VERSION} runs a remote script unverified; download it to a file, check its sha256 (sha256sum -c) or signature, then run it.',
      ]);
      assert.equal(lint('MLD107', ['FROM ubuntu:22.04', 'RUN curl -sS https://bootstrap.pypa.io/get-pip.py | python$PYTHON_VERSION -']).length, 1);
    });

    it('reads the program through ARG/ENV values, a parent stage’s included', () => {
      assert.equal(lint('MLD107', ['FROM ubuntu:22.04 AS base', 'ARG PY=/usr/bin/python3', 'FROM base', 'RUN curl -sS https://example.com/install.py | ${PY}']).length, 1);
      assert.equal(lint('MLD107', ['FROM ubuntu:22.04', 'ENV SH=bash', 'RUN sh -c "$(curl -fsSL https://example.com/install.sh)"', 'RUN $SH <(curl -fsSL https://example.com/install.sh)']).length, 2);
    });

    it('stays silent when the variable names no interpreter or nothing tells what it names', () => {
      const quiet = [
        ['FROM ubuntu:22.04', 'ENV SAVE=tee', 'RUN curl -sS https://example.com/get-pip.py | ${SAVE} /tmp/get-pip.py'],
        ['FROM ubuntu:22.04', 'RUN curl -sSL https://example.com/tool.tar.gz | tar${SUFFIX} -xz'],
        ['FROM ubuntu:22.04', 'RUN curl -sSL https://example.com/tool.tar.gz | $UNPACK'],
        ['FROM ubuntu:22.04 AS base', 'FROM ubuntu:22.04 AS other', 'ARG PY=/usr/bin/python3', 'FROM base', 'RUN curl -sSL https://example.com/install.py | ${PY}'],
      ];
      for (const lines of quiet) {
        assert.deepEqual(lint('MLD107', lines), [], lines.join(' / '));
      }
    });
  });
});

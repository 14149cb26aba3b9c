import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const findings = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
const fixed = (lines: readonly string[], f: Finding | undefined): string => applyTextEdits(text(lines), f?.fix?.edits ?? []);

describe('s32 sweep: apex built with its CUDA switch compiles CUDA code (MLD401, MLD405 and MLD413 agree)', () => {
  const devel = 'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04';
  const head = [devel, 'ENV TORCH_CUDA_ARCH_LIST="8.0;9.0"', 'RUN pip install --no-cache-dir torch==2.3.0'];
  const mld401 = (...runs: string[]): number => findings('MLD401', [...head, ...runs, 'USER 10001']).length;

  it('reads the switch passed through --global-option or --config-settings, without --no-build-isolation', () => {
    assert.equal(mld401('RUN git clone https://github.com/NVIDIA/apex && cd apex && pip install --global-option="--cpp_ext" --global-option="--cuda_ext" .'), 0);
    assert.equal(mld401('RUN cd /apex && pip install -v --config-settings "--build-option=--cpp_ext" --config-settings "--build-option=--cuda_ext" ./'), 0);
    assert.equal(mld401('RUN pip install -v --global-option=--fast_layer_norm git+https://github.com/NVIDIA/apex.git'), 0);
  });

  it('reads APEX_CUDA_EXT=1 inline, exported earlier in the RUN, or in scope, where the RUN names apex', () => {
    assert.equal(mld401('RUN APEX_CPP_EXT=1 APEX_CUDA_EXT=1 pip install -v git+https://github.com/NVIDIA/apex.git'), 0);
    assert.equal(mld401('RUN export APEX_CUDA_EXT=1 && pip install -v git+https://github.com/NVIDIA/apex.git@25.09'), 0);
    assert.equal(mld401('ENV APEX_ALL_CONTRIB_EXT=1', 'RUN git clone https://github.com/NVIDIA/apex /opt/apex && pip install -v /opt/apex'), 0);
  });

  it('still reports a devel base where apex builds without CUDA, or the switch is set for another package', () => {
    assert.equal(mld401('RUN cd apex && pip install --global-option="--cpp_ext" .'), 1);
    assert.equal(mld401('RUN APEX_CUDA_EXT=0 pip install -v git+https://github.com/NVIDIA/apex.git'), 1);
    assert.equal(mld401('RUN APEX_CUDA_EXT=1 pip install --no-cache-dir transformers==4.44.0'), 1);
  });

  it('gives MLD405 the "compiles CUDA code" advice, not a -base tag that has no nvcc', () => {
    const lines = [...head, 'RUN git clone https://github.com/NVIDIA/apex && cd apex && pip install --global-option="--cuda_ext" .', 'USER 10001'];
    const [f] = findings('MLD405', lines);
    assert.match(f?.message ?? '', /this stage compiles CUDA code, so compile in a devel stage and COPY the results/);
  });
});

describe('s32 sweep: MLD302 judges only stages the final image is built on', () => {
  it('is silent in a builder stage whose files the final stage copies', () => {
    const lines = ['FROM ubuntu:22.04 AS builder', 'RUN apt-get update && apt-get install -y git', 'FROM python:3.11-slim', 'COPY --from=builder /src /src'];
    assert.deepEqual(findings('MLD302', lines), []);
  });

  it('reports a stage the final one starts from, and the one-dash typo in any stage (it fails the build)', () => {
    assert.equal(findings('MLD302', ['FROM ubuntu:22.04 AS base', 'RUN apt-get update && apt-get install -y git', 'FROM base']).length, 1);
    const typo = findings('MLD302', ['FROM ubuntu:22.04 AS builder', 'RUN apt-get update && apt-get install -y -no-install-recommends git', 'FROM python:3.11-slim']);
    assert.match(typo[0]?.message ?? '', /has one dash/);
  });
});

describe('s32 sweep: one finding per rule and line where the same problem repeats on it', () => {
  it('MLD504: `apt update && apt install` is one finding naming both, whose fix rewrites each apt', () => {
    const lines = ['FROM ubuntu:22.04', 'RUN apt update && apt install -y curl'];
    const all = findings('MLD504', lines);
    assert.equal(all.length, 1);
    assert.match(all[0]?.message ?? '', /\(here apt update and apt install\)\.$/);
    assert.equal(fixed(lines, all[0]), text(['FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y curl']));
  });

  it('MLD504: apt on separate lines of one RUN stays one finding per line; `apt list` gets no rewrite', () => {
    const lines = ['FROM ubuntu:22.04', 'RUN apt update && \\', '    apt install -y curl && apt list --installed'];
    const all = findings('MLD504', lines);
    assert.deepEqual(
      all.map((f) => f.range.start.line),
      [2, 3],
    );
    assert.equal(all[1]?.fix?.edits.length, 1);
  });

  it('MLD302: two installs on one line are one finding whose fix adds the flag to both', () => {
    const lines = ['FROM python:3.11-slim', 'RUN apt-get update && apt-get install git -y && apt-get install curl -y'];
    const all = findings('MLD302', lines);
    assert.equal(all.length, 1);
    assert.match(all[0]?.message ?? '', /^These 2 apt-get installs also install every recommended package/);
    assert.equal(fixed(lines, all[0]), text(['FROM python:3.11-slim', 'RUN apt-get update && apt-get install --no-install-recommends git -y && apt-get install --no-install-recommends curl -y']));
  });

  it('MLD204: the packages of one manager on one line are listed together; another manager on the line keeps its own finding', () => {
    const apt = findings('MLD204', ['FROM python:3.11-slim', 'RUN apt-get update && apt-get install git -y && apt-get install curl -y']);
    assert.deepEqual(
      apt.map((f) => f.message.slice(0, f.message.indexOf(';'))),
      ['git and curl are not version-pinned'],
    );
    assert.equal(findings('MLD204', ['FROM fedora:40', 'RUN dnf install -y gcc && zypper install -y vim']).length, 2);
  });
});

describe('s32 sweep: MLD413 reports CMAKE_CUDA_ARCHITECTURES=native (docker build shows no GPU)', () => {
  const devel = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04';
  const mld413 = (...lines: string[]): Finding[] => findings('MLD413', [devel, ...lines]);

  it('rewrites a literal flag to an explicit list', () => {
    const lines = [devel, 'RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=native && cmake --build build'];
    const [f] = findings('MLD413', lines);
    assert.match(f?.message ?? '', /"native" architectures, those of the GPUs it sees; docker build shows none, so the configure fails/);
    assert.equal(fixed(lines, f), text([devel, 'RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES="80;86;89;90" && cmake --build build']));
  });

  it('names the build variable that carries native, and the `-D NAME=value` and typed forms count', () => {
    const [f] = mld413('ARG CUDA_ARCHITECTURES=native', 'RUN cmake .. -GNinja -DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES}');
    assert.match(f?.message ?? '', /\(from CUDA_ARCHITECTURES\).*; set CUDA_ARCHITECTURES to "80;86;89;90" \(the architectures you deploy on\) instead\.$/);
    assert.equal(f?.fix, undefined);
    assert.equal(mld413('RUN cmake -S . -B build -D CMAKE_CUDA_ARCHITECTURES=native').length, 1);
    assert.equal(mld413('RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES:STRING=native').length, 1);
  });

  it('reads CUDAARCHS=native given to that cmake, not an image-wide ENV (builds at run time see a GPU)', () => {
    const [inline] = mld413('RUN CUDAARCHS=native cmake -S . -B build');
    assert.match(inline?.message ?? '', /\(from CUDAARCHS\)/);
    assert.equal(mld413('RUN export CUDAARCHS=native && cmake -S . -B build').length, 1);
    assert.deepEqual(mld413('ENV CUDAARCHS=native', 'RUN cmake -S . -B build'), []);
  });

  it('offers no fix inside `bash -c "…"`, where the quotes of the list would end the script', () => {
    const [f] = mld413('RUN bash -c "cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=native"');
    assert.equal(f?.fix, undefined);
  });

  it('is silent for all-major, an explicit list, an unknown variable, CUDA switched off, a cmake that configures nothing, and a plain OS image', () => {
    assert.deepEqual(mld413('RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=all-major'), []);
    assert.deepEqual(mld413('ARG ARCHS="80;90"', 'RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=${ARCHS}'), []);
    assert.deepEqual(mld413('RUN ARCHS=native; cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=${GPU_ARCHS}'), []);
    assert.deepEqual(mld413('RUN cmake -S . -B build -DGGML_CUDA=OFF -DCMAKE_CUDA_ARCHITECTURES=native'), []);
    assert.deepEqual(mld413('RUN cmake -E echo -DCMAKE_CUDA_ARCHITECTURES=native'), []);
    assert.deepEqual(findings('MLD413', ['FROM ubuntu:22.04', 'RUN apt-get install -y cmake', 'RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=native']), []);
  });

  it('names no list where the base CUDA predates 8.9 and 9.0', () => {
    const [f] = findings('MLD413', ['FROM nvidia/cuda:11.3.1-devel-ubuntu20.04', 'RUN cmake -S . -B build -DCMAKE_CUDA_ARCHITECTURES=native']);
    assert.match(f?.message ?? '', /predates 8\.9 and 9\.0, so no list is suggested/);
    assert.equal(f?.fix, undefined);
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD034');
const findings = (lines: readonly string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules }).findings;
const reads = (...lines: string[]): string[] => findings(lines).map((f) => `${f.range.start.line}:${/^\$(\w+)/.exec(f.message)?.[1] ?? ''}`);
const set = 'RUN extra="--index-url https://download.pytorch.org/whl/cpu"; pip install --no-cache-dir $extra torch==2.3.1';

describe('s32 MLD034: a shell variable read in a later RUN than the one that set it', () => {
  it('reports the first read in a later RUN once, naming the RUN that set it', () => {
    const all = findings(['FROM python:3.11-slim', set, 'RUN pip install --no-cache-dir $extra torchvision==0.18.1', 'RUN echo $extra']);
    assert.equal(all.length, 1);
    assert.equal(
      all[0]?.message,
      '$extra is set by the RUN on line 2 but not in this one, and each RUN starts a new shell, so it is empty here; set it again in this RUN, or declare it once with ARG extra=… (or ENV extra=…) after FROM when its value is fixed.',
    );
    assert.deepEqual(all[0]?.range, { start: { line: 3, column: 32 }, end: { line: 3, column: 38 } });
  });

  it('counts the names export, read, for, printf -v and getopts set, and the last RUN that set one', () => {
    assert.deepEqual(reads('FROM ubuntu:24.04', 'RUN export a=1; read -r b < /f; for c in x; do :; done; printf -v d %s 1; getopts ab e', 'RUN echo $a $b $c $d $e'), ['3:a', '3:b', '3:c', '3:d', '3:e']);
    assert.match(findings(['FROM ubuntu:24.04', 'RUN v=1', 'RUN v=2', 'RUN echo $v'])[0]?.message ?? '', /set by the RUN on line 3/);
    assert.deepEqual(reads('FROM ubuntu:24.04', 'RUN v=1 make', 'RUN echo $v'), []);
  });

  it('is silent when the reading RUN sets it, may source it, or a default covers it', () => {
    for (const run of ['RUN extra=1; echo $extra', 'RUN . /etc/profile && echo $extra', 'RUN source ~/.bashrc; echo $extra', 'RUN eval "$(conda shell.bash hook)"; echo $extra', 'RUN set -a; echo $extra', 'RUN export $(cat .env | xargs) && echo $extra', 'RUN bash -lc "echo $extra"', 'RUN echo ${extra:-none}', "RUN echo '$extra'", 'RUN echo ok # $extra', 'RUN --mount=type=secret,id=e,env=extra echo $extra']) {
      assert.deepEqual(findings(['FROM python:3.11-slim', set, run]), [], run);
    }
  });

  it('is silent for names ARG or ENV declare, global ARGs (MLD008), well-known and proxy variables', () => {
    assert.deepEqual(findings(['FROM python:3.11-slim', 'ENV extra=x', set, 'RUN echo $extra']), []);
    assert.deepEqual(findings(['ARG extra', 'FROM python:3.11-slim', set, 'RUN echo $extra']), []);
    assert.deepEqual(findings(['FROM python:3.11-slim', 'RUN HOME=/x PWD=/y http_proxy=z', 'RUN echo $HOME $PWD $http_proxy']), []);
  });

  it('reads upper-case names only where the base image environment is known', () => {
    assert.deepEqual(reads('FROM ubuntu:24.04', 'RUN ARCH=$(uname -m)', 'RUN echo $ARCH'), ['3:ARCH']);
    assert.deepEqual(reads('FROM myorg/base:1', 'RUN ARCH=$(uname -m)', 'RUN echo $ARCH'), []);
    assert.deepEqual(reads('FROM python:3.11-slim', 'RUN PYTHON_VERSION=3', 'RUN echo $PYTHON_VERSION'), []);
    assert.deepEqual(reads('FROM myorg/base:1', 'RUN arch=$(uname -m)', 'RUN echo $arch'), ['3:arch']);
  });

  it('follows in-file parent stages, and is silent where every RUN reads a startup file', () => {
    assert.deepEqual(reads('FROM myorg/base:1 AS a', 'RUN v=1', 'FROM a', 'RUN echo $v'), ['4:v']);
    assert.deepEqual(reads('FROM myorg/base:1', 'SHELL ["/bin/bash", "-l", "-c"]', 'RUN v=1', 'RUN echo $v'), []);
    assert.deepEqual(reads('FROM myorg/base:1', 'ENV BASH_ENV=/etc/env.sh', 'RUN v=1', 'RUN echo $v'), []);
    assert.deepEqual(reads('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN $v = 1', 'RUN echo $v'), []);
  });
});

import * as assert from 'node:assert/strict';
import { runCommands } from '../../../src/core/lint/dockerfile/installs';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { effectiveCommand } from '../../../src/core/lint/dockerfile/shell';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const lint = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
const lines = (findings: readonly Finding[]): number[] => findings.map((f) => f.range.start.line);

describe('s25: scripts handed to a shell and exec-form RUNs', () => {
  it('a shell given a cluster ending in -o (`bash -euo pipefail -c`) hands over its script', () => {
    const run = parseDockerfile('RUN bash -euo pipefail -c "apt-get update && apt-get install -y curl"\n').instructions[0];
    assert.ok(run);
    assert.deepEqual(
      runCommands(run).map(({ command }) => effectiveCommand(command)?.name),
      ['bash', 'apt-get', 'apt-get'],
    );
  });

  it('MLD102 reports a URL in a shell-form `bash -c` script once, and reads exec-form arrays', () => {
    const findings = lint('MLD102', [
      'FROM python:3.11-slim',
      'RUN bash -c "curl -fsSLo /tmp/a https://admin:hunter2@example.com/a"',
      'RUN ["wget", "-O", "/tmp/b", "https://admin:hunter2@example.com/b"]',
    ]);
    assert.deepEqual(lines(findings), [2, 3]);
  });

  it('MLD026: the fix gives the started shell pipefail; none in an exec form or for su, whose shell is the user’s', () => {
    const findings = lint('MLD026', [
      'FROM ubuntu:22.04',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN sudo bash -c "curl -fsSL https://example.com/get.sh | bash"',
      'RUN ["bash", "-c", "curl -fsSL https://example.com/get.sh | bash"]',
      'RUN su app -c "curl -fsSL https://example.com/get.sh | bash"',
    ]);
    assert.deepEqual(
      findings.map((f) => f.fix?.edits.map((e) => e.newText)),
      [['bash -o pipefail'], undefined, undefined],
    );
    assert.match(findings[0]?.message ?? '', /run it with bash -o pipefail .*takes pipefail neither from SHELL/);
    assert.match(findings[2]?.message ?? '', /start the script with set -o pipefail/);
  });

  it('MLD008 reads only the script an exec form hands a shell: the array itself expands nothing', () => {
    const findings = lint('MLD008', ['ARG CUDA=12.1', 'ARG ENV_NAME=cuda', 'FROM ubuntu:22.04', 'RUN ["pixi", "install", "-e", "$ENV_NAME"]', 'RUN ["bash", "-c", "echo $CUDA"]']);
    assert.deepEqual(
      findings.map((f) => `${f.range.start.line}:${f.message.split(' ')[0]}`),
      ['5:CUDA'],
    );
  });

  it('MLD304 asks an exec-form install to switch to the shell form before appending a cleanup', () => {
    const [exec, shell] = lint('MLD304', ['FROM ghcr.io/prefix-dev/pixi:0.40.0', 'RUN ["pixi", "install", "--locked"]', 'RUN pixi install --locked -e cuda']);
    assert.match(exec?.message ?? '', /switch this RUN to the shell form and append && pixi clean cache --yes/);
    assert.match(shell?.message ?? '', /; append && pixi clean cache --yes/);
  });
});

describe('s25: MLD304 reads Poetry installs', () => {
  it('offers a cache mount only where the virtualenv is not made under the cache folder', () => {
    const findings = lint('MLD304', [
      'FROM python:3.11-slim',
      'RUN pip install --no-cache-dir poetry==1.8.3',
      'RUN poetry install --no-root',
      'RUN poetry config virtualenvs.create false && poetry install --no-root -E gpu',
    ]);
    assert.deepEqual(lines(findings), [3, 4]);
    assert.match(findings[0]?.message ?? '', /append && rm -rf ~\/\.cache\/pypoetry\/artifacts ~\/\.cache\/pypoetry\/cache to the same RUN\.$/);
    assert.match(findings[1]?.message ?? '', /, or use RUN --mount=type=cache,target=\/root\/\.cache\/pypoetry\.$/);
  });

  it('places the cache under the RUN user’s home, or where POETRY_CACHE_DIR moved it', () => {
    const findings = lint('MLD304', [
      'FROM python:3.11-slim',
      'RUN useradd -m -u 1000 app',
      'USER app',
      'RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-root',
      'ENV POETRY_CACHE_DIR=/opt/poetry-cache',
      'RUN --mount=type=cache,target=/home/app/.cache/pypoetry poetry install --no-root -E cuda',
    ]);
    assert.deepEqual(lines(findings), [4, 6]);
    assert.match(findings[0]?.message ?? '', /it goes to \/home\/app\/\.cache\/pypoetry, which the cache mount on \/root\/\.cache\/pypoetry does not cover/);
    assert.match(findings[1]?.message ?? '', /it goes to \/opt\/poetry-cache/);
  });

  it('a mount on the cache folder or a parent, and the builder stages, stay silent', () => {
    const findings = lint('MLD304', [
      'FROM python:3.11-slim AS builder',
      'RUN poetry install --no-root',
      'FROM python:3.11-slim',
      'RUN --mount=type=cache,target=/root/.cache poetry install --no-root',
      'RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-root -E gpu',
    ]);
    assert.deepEqual(findings, []);
  });
});

describe('s25: MLD410 on an install a build argument selects', () => {
  it('names the build argument whose branch installs the CUDA framework', () => {
    const [hedged] = lint('MLD410', ['FROM python:3.11-slim', 'ARG USE_CUDA=0', 'RUN if [ "$USE_CUDA" = 1 ]; then pip install --no-cache-dir torch==2.4.0; fi']);
    assert.match(hedged?.message ?? '', /^Where build arg USE_CUDA selects it, the final stage installs torch==2\.4\.0 on the non-CUDA base python/);
  });

  it('an install outside any branch, or in one on a variable that is no build argument, keeps the plain message', () => {
    const [plain] = lint('MLD410', ['FROM python:3.11-slim', 'RUN if [ -n "$HOME" ]; then pip install --no-cache-dir torch==2.4.0; fi']);
    assert.match(plain?.message ?? '', /^The final stage installs torch==2\.4\.0/);
  });
});

import * as assert from 'node:assert/strict';
import { lockedEnvInstall, runCommands, uvSync } from '../../../src/core/lint/dockerfile/installs';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { buildModel } from '../../../src/core/lint/dockerfile/semantic';
import type { ShellCommand, ShellScript } from '../../../src/core/lint/dockerfile/shell';
import { splitShell } from '../../../src/core/lint/dockerfile/shell';
import { runHome } from '../../../src/core/lint/dockerfile/users';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const script = (text: string): ShellScript => splitShell(MappedText.build([{ text, line: 1, column: 1 }]));
const first = (text: string): { command: ShellCommand; script: ShellScript } => {
  const s = script(text);
  return { command: s.commands[0] as ShellCommand, script: s };
};
const messages = (id: string, text: string): string[] =>
  lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings.map((f) => f.message);

/** The home runHome finds for the last RUN of `lines` (its last command). */
function homeOfLastRun(lines: string[]): string | undefined {
  const model = buildModel(`${lines.join('\n')}\n`);
  const stage = model.stages[model.stages.length - 1];
  assert.ok(stage);
  const instr = [...stage.instructions].reverse().find((i) => i.keyword === 'RUN');
  assert.ok(instr);
  const { command, script: s } = runCommands(instr).pop() as { command: ShellCommand; script: ShellScript };
  return runHome(model, stage, instr, command, s)?.home;
}

describe('round 13: the home a RUN user caches under', () => {
  it('reads the home useradd -m or adduser create, by name or UID, with -d, -b and clustered options', () => {
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'RUN useradd -ms /bin/bash app', 'USER app', 'RUN pip install x']), '/home/app');
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'RUN useradd -m -b /srv -u 1000 app', 'USER 1000:1000', 'RUN pip install x']), '/srv/app');
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'RUN useradd --create-home --home-dir=/opt/app app', 'USER app', 'RUN pip install x']), '/opt/app');
    assert.equal(homeOfLastRun(['FROM alpine:3.20', 'RUN adduser -D -h /srv/app app', 'USER app', 'RUN pip install x']), '/srv/app');
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'ARG UID=1000', 'ARG NAME=torchuser', 'RUN useradd -l -m -u ${UID} ${NAME}', 'USER ${UID}', 'RUN pip install x']), '/home/torchuser');
  });

  it('takes HOME from the command, an export, ENV or ARG before the user, and root’s /root without one', () => {
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'RUN env HOME=/var/h pip install x']), '/var/h');
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'RUN export HOME=/x && pip install x']), '/x');
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'USER 1234', 'ENV HOME=/home/ray', 'RUN pip install x']), '/home/ray');
    assert.equal(homeOfLastRun(['FROM ubuntu:24.04', 'RUN pip install x']), '/root');
  });

  it('does not guess a home the Dockerfile does not show', () => {
    const unknown = [
      ['FROM jupyter/base-notebook:2024-05-27', 'USER jovyan', 'RUN pip install x'],
      ['FROM ubuntu:24.04', 'RUN useradd app', 'USER app', 'RUN pip install x'],
      ['FROM ubuntu:24.04', 'RUN adduser --system app', 'USER app', 'RUN pip install x'],
      ['FROM ubuntu:24.04', 'RUN useradd -m app && usermod -d /data app', 'USER app', 'RUN pip install x'],
      ['FROM ubuntu:24.04', 'RUN useradd -m app', 'USER app', 'RUN sudo pip install x'],
      ['FROM ubuntu:24.04', 'ARG WHO', 'RUN useradd -m app', 'USER $WHO', 'RUN pip install x'],
      ['FROM ubuntu:24.04', 'ARG H', 'ENV HOME=$H', 'RUN pip install x'],
    ];
    for (const lines of unknown) {
      assert.equal(homeOfLastRun(lines), undefined, lines.join(' / '));
    }
  });
});

describe('round 13: MLD304 under a USER whose cache the mount misses', () => {
  it('says where the cache goes, which mount misses it, and how to fix either', () => {
    // remsky/Kokoro-FastAPI docker/gpu/Dockerfile.
    const text = ['FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04', 'RUN useradd -m -u 1001 appuser', 'USER appuser', 'RUN --mount=type=cache,target=/root/.cache/uv uv sync --extra gpu', ''].join('\n');
    assert.deepEqual(messages('MLD304', text), [
      'uv keeps its download cache in this layer: run as USER appuser, it goes to /home/appuser/.cache/uv, which the cache mount on /root/.cache/uv does not cover; use RUN --mount=type=cache,target=/home/appuser/.cache/uv,uid=1001 instead, set UV_CACHE_DIR to a mounted folder USER appuser can write, or add --no-cache.',
    ]);
  });

  it('lets root keep its mount when only HOME moved the cache, and names the folder the environment chose', () => {
    const text = ['FROM python:3.12', 'ENV HOME=/app', 'RUN --mount=type=cache,target=/root/.cache/pip pip install torch==2.4.0', 'ENV PIP_CACHE_DIR=/opt/pip', 'RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir /var/pip numpy==1.26.4', ''].join('\n');
    assert.deepEqual(messages('MLD304', text), [
      "pip keeps its download cache in this layer: with HOME=/app, it goes to /app/.cache/pip, which the cache mount on /root/.cache/pip does not cover; use RUN --mount=type=cache,target=/app/.cache/pip instead, set PIP_CACHE_DIR=/root/.cache/pip (the mount's folder), or add --no-cache-dir.",
      'pip keeps its download cache in this layer: it goes to /var/pip, which the cache mount on /root/.cache/pip does not cover; use RUN --mount=type=cache,target=/var/pip instead, or replace --cache-dir /var/pip with --no-cache-dir.',
    ]);
  });

  it('names a USER given through a variable by its value, with the UID useradd gave it', () => {
    const text = ['FROM pytorch/pytorch:2.1.0-cuda11.8-cudnn8-runtime', 'ARG UID=1000', 'ARG USERNAME=torchuser', 'RUN useradd -l -m -u ${UID} ${USERNAME}', 'USER ${UID}', 'RUN pip install --user -r requirements.txt', ''].join('\n');
    assert.match(messages('MLD304', text)[0] ?? '', /or use RUN --mount=type=cache,target=\/home\/torchuser\/\.cache\/pip,uid=1000 \(USER 1000's cache\)\.$/);
  });

  it('tells pixi to clean rattler’s cache and conda-lock to clean the conda it runs', () => {
    const text = ['FROM ghcr.io/prefix-dev/pixi:0.40.0', 'RUN pixi install --locked', 'RUN conda-lock install --micromamba -n env lock.yml', ''].join('\n');
    assert.deepEqual(messages('MLD304', text), [
      "pixi leaves its package cache (rattler's, often GBs for CUDA packages) in this layer; append && pixi clean cache --yes to the same RUN, or use RUN --mount=type=cache,target=/root/.cache/rattler.",
      'conda-lock leaves its package cache in this layer; append && micromamba clean -afy to the same RUN, or use a cache mount on /opt/conda/pkgs.',
    ]);
  });
});

describe('round 13: uv add, conda-lock install and pixi install read as installs', () => {
  it('reads uv add as a sync, unless it only edits pyproject.toml or a script', () => {
    const add = first('uv --directory /app add --no-cache torch');
    assert.equal(uvSync(add.command, add.script)?.subWord.value, 'add');
    for (const text of ['uv add --no-sync torch', 'uv add --script run.py requests', 'uv pip add torch', 'uv remove torch']) {
      const { command, script: s } = first(text);
      assert.equal(uvSync(command, s), undefined, text);
    }
  });

  it('reads the lock file conda-lock installs and the manifest pixi installs', () => {
    const read = (text: string): [string, string] | undefined => {
      const { command, script: s } = first(text);
      const env = lockedEnvInstall(command, s);
      return env && [env.tool, env.manifest];
    };
    assert.deepEqual(read('conda-lock install --name env'), ['conda-lock', 'conda-lock.yml']);
    assert.deepEqual(read('conda-lock install -p /opt/env --micromamba lock.yml'), ['conda-lock', 'lock.yml']);
    assert.deepEqual(read('/usr/local/bin/pixi install --manifest-path pyproject.toml -e cuda'), ['pixi', 'pyproject.toml']);
    assert.deepEqual(read('pixi install -m /app --locked'), ['pixi', 'pixi.toml']);
    for (const text of ['pixi global install ruff', 'pixi run install', 'conda-lock lock -f environment.yml', 'conda-lock -f environment.yml']) {
      assert.equal(read(text), undefined, text);
    }
  });

  it('MLD306 names the install and the lock file to copy first', () => {
    const text = ['FROM ghcr.io/prefix-dev/pixi:0.40.0', 'WORKDIR /app', 'COPY . .', 'RUN uv add torch==2.4.0', 'RUN conda-lock install -n env locks/gpu.conda-lock.yml', ''].join('\n');
    const found = messages('MLD306', text);
    assert.equal(found.length, 2);
    assert.match(found[0] ?? '', /^uv add runs after the COPY on line 3 brings in the whole source tree.*; COPY pyproject\.toml first/);
    assert.match(found[1] ?? '', /^conda-lock install runs after the COPY on line 3 .*; COPY locks\/gpu\.conda-lock\.yml first/);
  });
});

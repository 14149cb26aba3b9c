import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const messages = (id: string, lines: readonly string[]): string[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings.map((f) => f.message);

describe('s33 sweep: MLD304 does not take a useradd a build may skip as the home of the USER (fishaudio/fish-speech)', () => {
  const uvSync = 'RUN --mount=type=cache,target=/tmp/uv-cache uv sync --frozen';
  const mld304 = (userRun: string): string => messages('MLD304', ['FROM ubuntu:24.04', userRun, 'USER 1000', uvSync]).join(' | ');

  it('names no /home/app for a useradd in an else branch, after ||, or in a case branch (ubuntu:24.04 already has UID 1000)', () => {
    for (const run of [
      'RUN if id -u 1000 >/dev/null 2>&1; then echo "using existing user"; else useradd -m -u 1000 app; fi',
      'RUN id -u 1000 >/dev/null 2>&1 || useradd -m -u 1000 app',
      'RUN case "$(id -un 1000 2>/dev/null)" in "") useradd -m -u 1000 app ;; esac',
    ]) {
      const message = mld304(run);
      assert.match(message, /UV_CACHE_DIR=\/tmp\/uv-cache/, run);
      assert.doesNotMatch(message, /\/home\/app/, run);
    }
  });

  it('still reads the home of a useradd that always runs, after && too', () => {
    assert.match(mld304('RUN groupadd -g 1000 app && useradd -m -u 1000 -g app app'), /it goes to \/home\/app\/\.cache\/uv/);
    assert.match(mld304('RUN if [ -n "$X" ]; then echo x; fi; useradd -m -u 1000 app'), /it goes to \/home\/app\/\.cache\/uv/);
  });
});

describe('s33 sweep: MLD304 points the tool at the cache mount the RUN already made for it', () => {
  it('leads with UV_CACHE_DIR=<the mount> where a known home misses it, and asks for uid= on a mount root owns', () => {
    const owned = messages('MLD304', ['FROM ubuntu:24.04', 'RUN useradd -m -u 1000 app', 'USER app', 'RUN --mount=type=cache,target=/tmp/uv-cache,uid=1000 uv sync --frozen']);
    assert.deepEqual(owned, [
      'uv keeps its download cache in this layer: run as USER app, it goes to /home/app/.cache/uv, which the cache mount on /tmp/uv-cache does not cover; set UV_CACHE_DIR=/tmp/uv-cache (ENV, or before the command) to send the cache into that mount, or add --no-cache.',
    ]);
    const rootOwned = messages('MLD304', ['FROM ubuntu:24.04', 'RUN useradd -m -u 1000 app', 'USER app', 'RUN --mount=type=cache,target=/tmp/uv-cache uv sync --frozen']);
    assert.match(rootOwned[0] ?? '', /set UV_CACHE_DIR=\/tmp\/uv-cache \(ENV, or before the command\) to send the cache into that mount, and add uid=1000 to the mount \(it belongs to root otherwise, so USER app cannot write it\), or add --no-cache\.$/);
  });

  it('does so for root too, with PIP_CACHE_DIR for pip', () => {
    assert.deepEqual(messages('MLD304', ['FROM python:3.11-slim', 'RUN --mount=type=cache,target=/tmp/pip-cache pip install torch==2.3.0']), [
      'pip keeps its download cache in this layer: it goes to ~/.cache/pip, which the cache mount on /tmp/pip-cache does not cover; set PIP_CACHE_DIR=/tmp/pip-cache (ENV, or before the command) to send the cache into that mount, or add --no-cache-dir.',
    ]);
  });

  it('names no mount made for another tool, a .cache/<tool> folder, or a folder under /root for another user', () => {
    const apt = messages('MLD304', ['FROM python:3.11-slim', 'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y git && pip install torch==2.3.0']);
    assert.doesNotMatch(apt[0] ?? '', /PIP_CACHE_DIR=/);
    const home = messages('MLD304', ['FROM ubuntu:24.04', 'RUN useradd -m -u 1000 app', 'USER app', 'RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen']);
    assert.match(home[0] ?? '', /use RUN --mount=type=cache,target=\/home\/app\/\.cache\/uv,uid=1000 instead, set UV_CACHE_DIR to a mounted folder USER app can write/);
    const rootUv = messages('MLD304', ['FROM ubuntu:24.04', 'RUN useradd -m -u 1000 app', 'USER app', 'RUN --mount=type=cache,target=/root/uv uv sync --frozen']);
    assert.doesNotMatch(rootUv[0] ?? '', /UV_CACHE_DIR=\/root/);
  });
});

describe('s33 sweep: MLD208 names the URL, and splits a multi-source ADD (ultralytics/ultralytics docker/Dockerfile)', () => {
  it('gives each URL of one ADD its own message, with an ADD of its own, since --checksum takes one source', () => {
    const found = messages('MLD208', ['FROM python:3.11-slim', 'ADD https://ultralytics.com/assets/Arial.ttf https://ultralytics.com/assets/Arial.Unicode.ttf /root/.config/Ultralytics/']);
    assert.deepEqual(found, [
      'ADD of https://ultralytics.com/assets/Arial.ttf trusts whatever the server returns today; move it to an ADD of its own with --checksum=sha256:<digest> (--checksum takes one source) so a changed or tampered download fails the build.',
      'ADD of https://ultralytics.com/assets/Arial.Unicode.ttf trusts whatever the server returns today; move it to an ADD of its own with --checksum=sha256:<digest> (--checksum takes one source) so a changed or tampered download fails the build.',
    ]);
  });

  it('asks a single-source ADD for --checksum', () => {
    assert.deepEqual(messages('MLD208', ['FROM python:3.11-slim', 'ADD https://example.com/tokenizer.json /models/']), [
      'ADD of https://example.com/tokenizer.json trusts whatever the server returns today; add --checksum=sha256:<digest> so a changed or tampered download fails the build.',
    ]);
  });
});

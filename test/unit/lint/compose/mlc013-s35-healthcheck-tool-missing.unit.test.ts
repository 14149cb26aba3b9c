import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { emptyConfig } from '../../../../src/core/lint/config';
import { rule } from '../../../../src/core/lint/rules/compose/mlc013-healthcheck-tool-missing';
import type { Finding } from '../../../../src/core/lint/types';

const findings = (lines: readonly string[], dockerfiles?: Record<string, string>): Finding[] =>
  lintCompose(`${lines.join('\n')}\n`, { config: emptyConfig(), rules: [rule], ...(dockerfiles ? { builtDockerfiles: new Map(Object.entries(dockerfiles)) } : {}) }).findings;

/** One service `app` with the given lines, checked with curl. */
const app = (...lines: string[]): string[] => ['services:', '  app:', ...lines.map((l) => `    ${l}`), '    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]'];

const frontend = ['FROM node:18-alpine', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY src/ ./src/', 'RUN npm run build', 'EXPOSE 3000', 'CMD ["npm", "start"]', ''].join('\n');
const backend = ['FROM python:3.11-slim', 'WORKDIR /app', 'RUN apt-get update && apt-get install -y \\', '    curl \\', '    && rm -rf /var/lib/apt/lists/*', 'CMD ["python", "server.py"]', ''].join('\n');

describe('s35: MLC013 a healthcheck that runs a tool the image does not have', () => {
  it('names the tool, the image and the services left waiting, and offers the check the image can run (localGPT ollama)', () => {
    const lines = [
      'services:',
      '  ollama:',
      '    image: ollama/ollama:latest',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:11434/api/tags"]',
      '  rag-api:',
      '    build: .',
      '    depends_on: {ollama: {condition: service_healthy}}',
      '  backend:',
      '    build: .',
      '    depends_on: {ollama: {condition: service_healthy}}',
    ];
    const [f, ...rest] = findings(lines);
    assert.deepEqual(rest, []);
    assert.deepEqual([f?.range.start, f?.range.end], [{ line: 5, column: 21 }, { line: 5, column: 27 }]);
    assert.equal(
      f?.message,
      'Service "ollama"\'s healthcheck runs curl, which the image ollama/ollama:latest does not have, so the check always fails: Docker marks the container unhealthy and "rag-api" and "backend" (depends_on condition: service_healthy) never start; check with the ollama CLI, which the image has (["CMD", "ollama", "list"]), or install curl in an image built FROM ollama/ollama:latest (RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*).',
    );
  });

  it('reads the Dockerfile a service builds: its base and whether anything installs the tool (localGPT frontend and backend)', () => {
    const lines = [
      'services:',
      '  backend:',
      '    build: {context: ., dockerfile: Dockerfile.backend}',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]',
      '  frontend:',
      '    build: {context: ., dockerfile: Dockerfile.frontend}',
      '    depends_on: {backend: {condition: service_healthy}}',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:3000"]',
    ];
    const files = { 'Dockerfile.backend': backend, 'Dockerfile.frontend': frontend };
    const [f, ...rest] = findings(lines, files);
    assert.deepEqual(rest, []);
    assert.equal(f?.range.start.line, 10);
    assert.equal(
      f?.message,
      'Service "frontend"\'s healthcheck runs curl, which the image built from Dockerfile.frontend (FROM node:18-alpine, and nothing after that FROM installs it) does not have, so the check always fails: Docker marks the container unhealthy, and a service waiting for it with condition: service_healthy would never start; check with BusyBox\'s wget, which the image has (["CMD", "wget", "-q", "--spider", "http://localhost:3000"]), or install curl in Dockerfile.frontend (RUN apk add --no-cache curl).',
    );
    assert.deepEqual(findings(lines), [], 'without the Dockerfiles nothing is known about a built image');
  });

  it('judges the stage build.target names, and leaves a variable base that build.args may set', () => {
    const staged = ['FROM python:3.12-slim AS runtime', 'COPY . /app', 'FROM runtime AS dev', 'RUN apt-get update && apt-get install -y curl', ''].join('\n');
    assert.equal(findings(app('build: {context: ., target: runtime}'), { Dockerfile: staged }).length, 1);
    assert.equal(findings(app('build: .'), { Dockerfile: staged }).length, 0, 'the last stage installs curl');
    const variable = ['ARG BASE=python:3.12-slim', 'FROM ${BASE}', 'COPY . /app', ''].join('\n');
    assert.equal(findings(app('build: .'), { Dockerfile: variable }).length, 1, "the ARG's default");
    assert.equal(findings(app('build: {context: ., args: {BASE: python:3.12}}'), { Dockerfile: variable }).length, 0);
  });

  it('reads the image as Compose does, and leaves one whose tag a variable sets', () => {
    assert.equal(findings(app('image: ${OLLAMA_IMAGE:-ollama/ollama:0.6.5}')).length, 1);
    assert.equal(findings(app('image: ollama/ollama:${OLLAMA_TAG}')).length, 0, 'the tag may be rocm');
    assert.equal(findings(app('image: python:3.12')).length, 0);
  });

  it('stays silent when the service brings the tool in itself or may do so', () => {
    for (const lines of [
      ['entrypoint: ["/bin/bash", "-c"]', 'command: ["apt-get update && apt-get install -y curl && /bin/ollama serve"]'],
      ['entrypoint: ["/scripts/entrypoint.sh"]'],
      ['volumes: ["./tools/curl:/usr/local/bin/curl:ro"]'],
      ['volumes: ["./tools:/usr/local/bin"]'],
    ]) {
      assert.deepEqual(findings(app('image: ollama/ollama:0.6.5', ...lines)), [], lines.join(' '));
    }
    assert.equal(findings(app('image: ollama/ollama:0.6.5', 'volumes: ["ollama:/root/.ollama"]', 'command: serve')).length, 1);
  });

  it('reads CMD-SHELL and string tests as the shell runs them, and skips disabled checks and partial services', () => {
    const shell = (test: string, ...extra: string[]): Finding[] => findings(['services:', '  api:', '    image: python:3.12-slim', '    healthcheck:', `      test: ${test}`, ...extra]);
    assert.equal(shell('["CMD-SHELL", "curl -f http://localhost:8000/ || exit 1"]').length, 1);
    assert.equal(shell('curl -f http://localhost:$${PORT}/ || exit 1').length, 1);
    assert.equal(shell('["CMD", "sh", "-c", "wget -qO- http://localhost:8000/"]').length, 1);
    assert.equal(shell('["CMD-SHELL", "curl -f http://localhost:8000/ || true"]').length, 0, "MLC012's case");
    assert.equal(shell('["CMD-SHELL", "curl -f http://localhost:8000/ || python -c \'import sys\'"]').length, 0);
    assert.equal(shell('["CMD", "curl", "-f", "http://localhost:8000/"]', '      disable: true').length, 0);
    assert.deepEqual(findings(['services:', '  app:', '    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost/"]']), [], 'no image: a fragment');
  });

  it('reports a test shared through an anchor once', () => {
    const lines = ['x-check: &check', '  test: ["CMD", "curl", "-f", "http://localhost/"]', 'services:', '  a:', '    image: python:3.12-slim', '    healthcheck: *check', '  b:', '    image: python:3.12-slim', '    healthcheck: *check'];
    assert.equal(findings(lines).length, 1);
  });
});

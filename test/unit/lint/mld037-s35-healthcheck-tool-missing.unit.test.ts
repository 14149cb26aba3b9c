import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld037-healthcheck-tool-missing';

function findings(...lines: string[]) {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: [rule] }).findings;
}

/** Whether MLD037 reports the HEALTHCHECK `check` written after `lines`. */
const fires = (check: string, ...lines: string[]): boolean => findings(...lines, `HEALTHCHECK ${check}`).length > 0;

const curl = 'CMD curl -f http://localhost:8000/ || exit 1';
const wget = 'CMD wget -q --spider http://localhost:8000/ || exit 1';

describe('s35: MLD037 a HEALTHCHECK that runs a tool the image does not have', () => {
  it('names the tool and the base, says the check always fails, and offers what the image has (localGPT frontend)', () => {
    const [f, ...rest] = findings('FROM node:18-alpine', 'WORKDIR /app', 'RUN npm ci', 'HEALTHCHECK --interval=30s --timeout=10s \\', '    CMD curl -f http://localhost:3000 || exit 1', 'CMD ["npm", "start"]');
    assert.deepEqual(rest, []);
    assert.deepEqual([f?.range.start, f?.range.end], [{ line: 5, column: 9 }, { line: 5, column: 13 }]);
    assert.equal(
      f?.message,
      'HEALTHCHECK runs curl, which this image does not have (it is built FROM node:18-alpine and nothing after that FROM installs it), so the check always fails: Docker marks the container unhealthy, and a Compose service waiting for it with condition: service_healthy would never start; check with BusyBox\'s wget, which the image has (HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost:3000"]), or install curl in the Dockerfile (RUN apk add --no-cache curl).',
    );
  });

  it('knows which images lack curl from their own Dockerfiles, and leaves every other image alone', () => {
    const lacking = [
      'ollama/ollama',
      'ollama/ollama:0.6.5',
      'python:3.11-slim',
      'python:3.12-slim-bookworm',
      'python:3.12-alpine3.20',
      'node:18-alpine',
      'node:20-bookworm-slim',
      'alpine:3.20',
      'debian:bookworm-slim',
      'ubuntu:22.04',
      'gcr.io/distroless/static-debian12',
      'gcr.io/distroless/nodejs20-debian12:nonroot',
      'cgr.dev/chainguard/static:latest',
    ];
    for (const image of lacking) {
      assert.ok(fires(curl, `FROM ${image}`), image);
    }
    const having = ['python:3.12', 'python', 'node:20-bookworm', 'ollama/ollama:rocm', 'ollama/ollama:0.3.0-rocm', 'gcr.io/distroless/static-debian12:debug', 'nginx:1.27-alpine', 'cgr.dev/chainguard/python', 'frolvlad/alpine-glibc', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'myorg/ollama:1'];
    for (const image of having) {
      assert.ok(!fires(curl, `FROM ${image}`), image);
    }
  });

  it('wget: missing from slim Debian and Ubuntu images and ollama, present as BusyBox on Alpine', () => {
    for (const image of ['python:3.11-slim', 'node:22-slim', 'debian:12', 'ubuntu:24.04', 'ollama/ollama:latest']) {
      assert.ok(fires(wget, `FROM ${image}`), image);
    }
    for (const image of ['alpine:3.20', 'python:3.12-alpine', 'node:20-alpine', 'python:3.12']) {
      assert.ok(!fires(wget, `FROM ${image}`), image);
    }
  });

  it('reads the check as it runs: exec forms, a shell given a script, and lists that fail when the tool cannot start', () => {
    const from = 'FROM python:3.12-slim';
    for (const check of [
      'CMD curl -f http://localhost:8000/',
      'CMD curl -fsS http://localhost:8000/ && echo ok',
      'CMD curl -fsS http://localhost:8000/ || false',
      'CMD /usr/bin/curl -f http://localhost:8000/',
      'CMD ["curl", "-f", "http://localhost:8000/"]',
      'CMD ["sh", "-c", "curl -f http://localhost:8000/ || exit 1"]',
      '--interval=5s --retries=3 CMD curl --fail http://localhost:8000/',
    ]) {
      assert.ok(fires(check, from), check);
    }
    for (const check of [
      'CMD curl -f http://localhost:8000/ || true',
      'CMD curl -f http://localhost:8000/; exit 0',
      'CMD curl -s http://localhost:8000/ | grep -q ok',
      'CMD curl -f http://localhost:8000/ || wget -q --spider http://localhost:8000/',
      'CMD curl -f http://localhost:8000/ &',
      'CMD if curl -f http://localhost:8000/; then exit 0; else exit 1; fi',
      'CMD command -v curl && curl -f http://localhost:8000/',
      'CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/\')"]',
      'NONE',
    ]) {
      assert.ok(!fires(check, from), check);
    }
  });

  it('stays silent when anything the image is built with may put the tool there', () => {
    const from = 'FROM python:3.12-slim';
    for (const step of [
      'RUN apt-get update && apt-get install -y --no-install-recommends curl',
      'ARG EXTRA_PACKAGES="curl git"',
      'COPY --from=curlimages/curl:8.7.1 /usr/bin/curl /usr/bin/curl',
      'RUN ./docker/setup.sh',
      'RUN bash /tmp/install-deps.sh',
      'RUN apt-get update && apt-get install -y $(cat apt-packages.txt)',
      'RUN xargs -a packages.txt apt-get install -y',
      'COPY --from=builder /usr/local/bin /usr/local/bin',
      'COPY rootfs/ /',
      'COPY --from=builder /opt/conda /opt/conda',
    ]) {
      assert.ok(!fires(curl, from, step), step);
    }
    assert.ok(fires(curl, from, 'COPY --from=builder /opt/venv /opt/venv', 'RUN . /opt/venv/bin/activate && pip install --no-cache-dir -r requirements.txt'), 'a virtualenv brings no curl');
  });

  it('judges the image the Dockerfile builds: its final stage and the stages it is based on', () => {
    const builderOnly = ['FROM python:3.12 AS builder', 'RUN apt-get update && apt-get install -y curl', 'FROM python:3.12-slim', 'COPY --from=builder /app /app', `HEALTHCHECK ${curl}`];
    assert.equal(findings(...builderOnly).length, 1, 'curl installed in another stage only');
    assert.equal(findings('FROM python:3.12-slim AS base', 'RUN apt-get update && apt-get install -y curl', 'FROM base', `HEALTHCHECK ${curl}`).length, 0, 'installed in the stage the final one is based on');
    const inherited = findings('FROM python:3.12-slim AS base', `HEALTHCHECK ${curl}`, 'FROM base', 'COPY . /app');
    assert.equal(inherited[0]?.range.start.line, 2, 'the HEALTHCHECK the final stage inherits, where it is written');
    assert.equal(findings('FROM python:3.12-slim AS test', `HEALTHCHECK ${curl}`, 'FROM python:3.12', 'COPY . /app').length, 0, 'a stage the build does not produce');
    assert.equal(findings('FROM python:3.12-slim', `HEALTHCHECK ${curl}`, 'HEALTHCHECK CMD ["python", "healthcheck.py"]').length, 0, 'only the last HEALTHCHECK counts');
  });

  it('suggests a check with what the image has, with the URL the check used', () => {
    const advice = (image: string, check = curl): string => /; (.*)\.$/.exec(findings(`FROM ${image}`, `HEALTHCHECK ${check}`)[0]?.message ?? '')?.[1] ?? '';
    assert.equal(
      advice('python:3.11-slim'),
      'check with Python, which the image has (HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/\')"]), or install curl in the Dockerfile (RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*)',
    );
    assert.match(advice('node:20-slim', 'CMD curl -fk https://localhost:8443/health'), /\["node", "-e", "require\('https'\)\.get\('https:\/\/localhost:8443\/health', \(r\) => process\.exit\(r\.statusCode < 400 \? 0 : 1\)\)\.on\('error', \(\) => process\.exit\(1\)\)"\]/);
    assert.match(advice('ollama/ollama:0.6.5'), /^check with the ollama CLI, which the image has \(HEALTHCHECK CMD \["ollama", "list"\]\), or install curl/);
    assert.match(advice('python:3.11-slim', 'CMD curl -f "$HEALTH_URL"'), /urlopen\('http:\/\/localhost:<port>\/'\)/, 'a URL it cannot read');
    assert.match(advice('ubuntu:22.04'), /^install curl in the Dockerfile \(RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf \/var\/lib\/apt\/lists\/\*\) or check with a program the image has$/);
    assert.match(advice('gcr.io/distroless/static-debian12'), /^the image has no shell or package manager: check with a program it has/);
    assert.match(advice('gcr.io/distroless/python3-debian12'), /\["python3", "-c", .*\]\); it has no shell or package manager to install curl with$/);
  });
});

import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld033-healthcheck-always-succeeds';

function findings(...lines: string[]) {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: [rule] }).findings;
}

function fixed(...lines: string[]): string {
  const text = `${lines.join('\n')}\n`;
  return applyTextEdits(text, lintDockerfile(text, { rules: [rule] }).findings[0]?.fix?.edits ?? []);
}

function advice(...lines: string[]): string {
  const message = findings(...lines)[0]?.message ?? '';
  return message.slice(message.indexOf('; ') + 2);
}

describe('s36: MLD033 advises a check the image can run, and reports HTTP checks that ignore the status', () => {
  it('advises a check with a program the image has, as MLD513 and MLC012 do', () => {
    assert.equal(
      advice('FROM python:3.11-slim', 'EXPOSE 8000', 'HEALTHCHECK CMD ["/bin/true"]'),
      `check the server itself with Python, as the image, built FROM python:3.11-slim, has no curl (HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/')"]), or write HEALTHCHECK NONE if there is nothing to check.`,
    );
    assert.match(advice('FROM ollama/ollama:0.5.7', 'HEALTHCHECK CMD true'), /^check the server itself with the ollama CLI, as the image, built FROM ollama\/ollama:0\.5\.7, has no curl \(HEALTHCHECK CMD \["ollama", "list"\]\), /);
    assert.match(advice('FROM alpine:3.20', 'EXPOSE 80', 'HEALTHCHECK CMD true'), /^check the server itself with BusyBox's wget, .* \(HEALTHCHECK CMD \["wget", "-q", "--spider", "http:\/\/localhost:80\/"\]\), /);
    assert.match(advice('FROM debian:12', 'HEALTHCHECK CMD true'), /^check the server itself with a program the image has, as the image, built FROM debian:12, has no curl, or write HEALTHCHECK NONE/);
    assert.match(advice('FROM node:20', 'EXPOSE 3000', 'HEALTHCHECK CMD true'), /^check the server itself \(HEALTHCHECK CMD curl -fsS http:\/\/localhost:3000\/ \|\| exit 1\), /);
    assert.match(advice('FROM python:3.11-slim', 'RUN apt-get update && apt-get install -y curl', 'HEALTHCHECK CMD true'), /^check the server itself \(HEALTHCHECK CMD curl -fsS http:\/\/localhost:<port>\/ \|\| exit 1\), /, 'curl installed');
  });

  it('reports curl without -f and requests without raise_for_status(), and adds -f where it is written plainly', () => {
    const [f, ...rest] = findings('FROM node:20', 'HEALTHCHECK CMD curl -sS http://localhost:8000/health || exit 1');
    assert.deepEqual(rest, []);
    assert.equal(
      f?.message,
      "HEALTHCHECK ignores the HTTP status (curl http://localhost:8000/health without -f exits 0 on any HTTP answer, a 503 included), so Docker marks the container healthy while its server is still loading or failing, misleading Compose's service_healthy, Swarm's rolling updates and autoheal; add -f (curl -f http://localhost:8000/health), so an HTTP error status fails the check.",
    );
    assert.equal(fixed('FROM node:20', 'HEALTHCHECK CMD curl http://localhost/'), 'FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/\n');
    assert.equal(fixed('FROM node:20', 'HEALTHCHECK CMD ["curl", "http://localhost/"]'), 'FROM node:20\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n');
    assert.equal(fixed('FROM node:20', 'HEALTHCHECK CMD ["sh", "-c", "curl -s localhost:8000/"]'), 'FROM node:20\nHEALTHCHECK CMD ["sh", "-c", "curl -f -s localhost:8000/"]\n');
    assert.equal(findings('FROM node:20', 'HEALTHCHECK CMD ["sh", "-c", "curl -s \\"http://localhost/\\""]')[0]?.fix, undefined, 'escaped quotes: not written as it runs');
    const [py] = findings('FROM python:3.11', `HEALTHCHECK CMD python -c "import requests; requests.get('http://localhost:8000/')"`);
    assert.match(py?.message ?? '', /\(requests\.get\(\) returns any HTTP answer, a 503 included, without raising\), .*; call raise_for_status\(\) on the response \(requests\.get\(url, timeout=5\)\.raise_for_status\(\)\), so an HTTP error status fails the check\.$/);
    assert.equal(py?.fix, undefined);
  });

  it('leaves checks that fail on an HTTP error, that read the answer, or that it cannot see into', () => {
    for (const check of [
      'curl -f http://localhost/',
      'curl -sSf http://localhost/',
      'curl --fail-with-body http://localhost/',
      'curl -s http://localhost/ | grep -q ok',
      'curl -s http://localhost/ | jq -e .ready',
      'wget -q http://localhost/',
      'curl -K /etc/curlrc http://localhost/',
      '["python3", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost/\')"]',
      '["python3", "-c", "import requests; requests.get(\'http://localhost/\').raise_for_status()"]',
    ]) {
      assert.deepEqual(findings('FROM node:20', `HEALTHCHECK CMD ${check}`), [], check);
    }
    assert.deepEqual(findings('FROM python:3.12-slim', 'HEALTHCHECK CMD curl http://localhost/'), [], 'no curl in the image: MLD037 says what to check with');
    assert.deepEqual(findings('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'HEALTHCHECK CMD curl http://localhost/'), []);
  });
});

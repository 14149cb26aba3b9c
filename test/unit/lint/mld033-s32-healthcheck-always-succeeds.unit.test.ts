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

describe('s32: MLD033 a HEALTHCHECK that always succeeds', () => {
  it('says what the check hides and turns `|| exit 0`, `|| true` and `|| :` into `|| exit 1`', () => {
    const [f, ...rest] = findings('FROM node:20-alpine', 'HEALTHCHECK --interval=30s CMD curl -X GET --fail http://localhost:3000/health || exit 0');
    assert.deepEqual(rest, []);
    assert.equal(
      f?.message,
      "HEALTHCHECK always succeeds (curl -X GET --fail http://localhost:3000/health || exit 0), so Docker marks the container healthy while its server is down, misleading Compose's service_healthy, Swarm's rolling updates and autoheal; end the check with || exit 1 instead of || exit 0.",
    );
    assert.equal(fixed('FROM node:20', 'HEALTHCHECK CMD wget -q --spider http://localhost:3000/ || true'), 'FROM node:20\nHEALTHCHECK CMD wget -q --spider http://localhost:3000/ || exit 1\n');
    assert.equal(fixed('FROM node:20', 'HEALTHCHECK CMD curl -f http://localhost/ || :'), 'FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n');
    assert.equal(
      fixed('FROM node:20', 'HEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost/ || /bin/true"]'),
      'FROM node:20\nHEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost/ || exit 1"]\n',
    );
  });

  it('offers no edit where exit 1 would change nothing or the script is not written as it runs', () => {
    assert.equal(findings('FROM node:20', 'HEALTHCHECK CMD true || true')[0]?.fix, undefined, 'true || exit 1 still always succeeds');
    const escaped = findings('FROM node:20', 'HEALTHCHECK CMD ["sh", "-c", "curl -f \\"http://localhost/\\" || true"]');
    assert.equal(escaped.length, 1);
    assert.equal(escaped[0]?.fix, undefined);
    assert.match(escaped[0]?.message ?? '', /end the check with \|\| exit 1 instead of \|\| true\.$/);
  });

  it('for a check that is not there, names the exposed port and HEALTHCHECK NONE', () => {
    const [f] = findings('FROM python:3.11', 'EXPOSE 8000/tcp', 'HEALTHCHECK CMD ["/bin/true"]');
    assert.match(f?.message ?? '', /\(\/bin\/true\), .*; check the server itself \(HEALTHCHECK CMD curl -fsS http:\/\/localhost:8000\/ \|\| exit 1\), or write HEALTHCHECK NONE if there is nothing to check\.$/);
    assert.equal(f?.fix, undefined);
  });

  it('for a check whose status is dropped (`check; exit 0`), asks for the failure to decide', () => {
    const [f] = findings('FROM python:3.11-slim', 'HEALTHCHECK CMD python -c "import urllib.request as u; u.urlopen(\'http://localhost:8000/\')"; exit 0');
    assert.match(f?.message ?? '', /; make a failed check fail the command: end it with \|\| exit 1, not with a command that always succeeds\.$/);
  });

  it("runs a shell-form check with the image's last SHELL: errexit there ends the script at the failed check", () => {
    assert.deepEqual(findings('FROM node:20', 'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]', 'HEALTHCHECK CMD curl -f http://localhost/; exit 0'), []);
    assert.equal(findings('FROM node:20', 'HEALTHCHECK CMD curl -f http://localhost/; exit 0', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]').length, 1);
    assert.deepEqual(findings('FROM node:20', 'HEALTHCHECK CMD curl -f http://localhost/; exit 0', 'SHELL ["/bin/bash", "-e", "-c"]'), [], 'the SHELL after it is the one in the image');
    assert.equal(findings('FROM node:20', 'SHELL ["/bin/bash", "-e", "-c"]', 'HEALTHCHECK CMD curl -f http://localhost/ || true').length, 1, '|| true succeeds under errexit too');
  });

  it('reads each stage once, at its last HEALTHCHECK, and leaves NONE, Windows images and cmd/PowerShell shells alone', () => {
    assert.deepEqual(findings('FROM node:20', 'HEALTHCHECK CMD true', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1'), []);
    assert.deepEqual(findings('FROM node:20', 'HEALTHCHECK NONE'), []);
    assert.deepEqual(findings('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 0'), []);
    assert.deepEqual(findings('FROM node:20', 'SHELL ["pwsh", "-Command"]', 'HEALTHCHECK CMD true'), []);
    const stages = findings('FROM node:20 AS a', 'HEALTHCHECK CMD true', 'FROM a AS b', 'HEALTHCHECK CMD curl -f http://localhost/ || true');
    assert.deepEqual(stages.map((f) => f.range.start.line), [2, 4]);
  });

  it('leaves checks whose status still depends on the server', () => {
    for (const check of [
      'curl -f http://localhost/ || exit 1',
      'curl -f http://localhost/ || exit',
      'curl -f http://localhost/ || (sleep 2; curl -f http://localhost/)',
      'exec curl -f http://localhost/ || true',
      'curl -f http://localhost/ # || true',
      '["curl", "-f", "http://localhost:5000/health || true"]',
      '["echo ok"]',
      '["sh", "-c", "curl -f http://localhost/"]',
    ]) {
      assert.deepEqual(findings('FROM node:20', `HEALTHCHECK CMD ${check}`), [], check);
    }
  });
});

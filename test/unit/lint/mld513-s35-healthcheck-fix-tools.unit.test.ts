import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule as toolMissing } from '../../../src/core/lint/rules/dockerfile/mld037-healthcheck-tool-missing';
import { rule as healthcheckMissing } from '../../../src/core/lint/rules/dockerfile/mld513-healthcheck-missing';
import type { Finding } from '../../../src/core/lint/types';

// MLD513 is off by default.
const config = { ...emptyConfig(), rules: { MLD513: { severity: 'on' as const } } };
const lint = (text: string, rules = [healthcheckMissing]): Finding[] => lintDockerfile(text, { config, rules }).findings;

/** MLD513's finding on the Dockerfile, the line its quick fix adds, and what MLD513 and MLD037 say once it is applied. */
function fixed(...lines: string[]): { finding?: Finding; added: string; after: string[] } {
  const text = `${lines.join('\n')}\n`;
  const [finding] = lint(text);
  const fixedText = applyTextEdits(text, finding?.fix?.edits ?? []);
  const added = fixedText.split('\n').find((l) => l.startsWith('HEALTHCHECK')) ?? '';
  return { finding, added, after: lint(fixedText, [healthcheckMissing, toolMissing]).map((f) => f.ruleId) };
}

const options = 'HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD';

describe('s35: MLD513 quick fix adds a HEALTHCHECK the image can run', () => {
  it('checks with Python in a python -slim image, which has no curl, and says why', () => {
    const { finding, added, after } = fixed('FROM python:3.12-slim', 'WORKDIR /app', 'COPY . .', 'EXPOSE 8000', 'CMD ["python", "-m", "app"]');
    assert.equal(added, `${options} ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]`);
    assert.equal(finding?.fix?.title, 'Add a HEALTHCHECK template that checks with Python');
    assert.equal(
      finding?.message,
      'The final stage has no HEALTHCHECK, so Compose service_healthy cannot tell when it is ready; add HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"] (the image, built FROM python:3.12-slim, has no curl; Kubernetes uses probes instead).',
    );
    assert.deepEqual(after, []);
  });

  it("checks with BusyBox's wget on Alpine, with Node.js in node -slim, and with the ollama CLI in ollama", () => {
    const alpine = fixed('FROM node:20-alpine', 'EXPOSE 3000', 'CMD ["npm", "start"]');
    assert.equal(alpine.added, `${options} ["wget", "-q", "--spider", "http://localhost:3000/health"]`);
    assert.equal(alpine.finding?.fix?.title, "Add a HEALTHCHECK template that checks with BusyBox's wget");
    assert.deepEqual(alpine.after, []);
    const slim = fixed('FROM node:20-bookworm-slim', 'EXPOSE 3000/tcp', 'CMD ["node", "server.js"]');
    assert.match(slim.added, /CMD \["node", "-e", "require\('http'\)\.get\('http:\/\/localhost:3000\/health', /);
    assert.deepEqual(slim.after, []);
    // ollama's own EXPOSE is not in the file, so there is no port: its CLI needs none.
    const ollama = fixed('FROM ollama/ollama:0.6.5', 'COPY Modelfile /models/Modelfile');
    assert.equal(ollama.added, `${options} ["ollama", "list"]`);
    assert.equal(ollama.finding?.fix?.title, 'Add a HEALTHCHECK template that checks with the ollama CLI');
    assert.deepEqual(ollama.after, []);
  });

  it('judges the final stage: the image it is built on and what its chain installs', () => {
    const multi = fixed('FROM python:3.12 AS builder', 'RUN apt-get update && apt-get install -y curl', 'FROM python:3.11-slim AS runtime', 'COPY --from=builder /app /app', 'EXPOSE 8080', 'CMD ["python", "/app/main.py"]');
    assert.match(multi.added, /CMD \["python", "-c", .*localhost:8080\/health/, 'curl installed in the builder only');
    assert.deepEqual(multi.after, []);
  });

  it('writes a placeholder, not curl, when the image has no program to check with', () => {
    const { finding, added, after } = fixed('FROM ubuntu:22.04', 'COPY server /app/server', 'EXPOSE 8000', 'CMD ["/app/server"]');
    assert.equal(added, `${options} <command that exits 0 when healthy> || exit 1`);
    assert.equal(finding?.fix?.title, 'Add a HEALTHCHECK template');
    assert.match(finding?.message ?? '', /\(the image, built FROM ubuntu:22\.04, has no curl; Kubernetes uses probes instead\)\.$/);
    assert.deepEqual(after.filter((id) => id === 'MLD037'), []);
    assert.equal(fixed('FROM python:3.12-slim', 'CMD ["python", "app.py"]').added, `${options} <command that exits 0 when healthy> || exit 1`, 'no port, so no URL to check');
  });

  it('keeps curl where the image may have it', () => {
    const curl = `${options} curl -fsS http://localhost:8000/health || exit 1`;
    for (const lines of [
      ['FROM python:3.12', 'EXPOSE 8000'],
      ['FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'EXPOSE 8000'],
      ['FROM python:3.12-slim', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*', 'EXPOSE 8000'],
      ['FROM python:3.12-slim AS base', 'RUN ./install-deps.sh', 'FROM base', 'EXPOSE 8000'],
    ]) {
      const { finding, added, after } = fixed(...lines, 'CMD ["python", "app.py"]');
      assert.equal(added, curl, lines.join(' / '));
      assert.equal(finding?.fix?.title, 'Add a HEALTHCHECK template that checks with curl');
      assert.deepEqual(after, []);
    }
  });
});

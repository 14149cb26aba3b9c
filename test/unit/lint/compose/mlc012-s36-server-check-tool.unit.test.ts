import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { ComposeLintOptions } from '../../../../src/core/lint/compose/lint';
import { rule as alwaysSucceeds } from '../../../../src/core/lint/rules/compose/mlc012-healthcheck-always-succeeds';

/** MLC012's message for a service `app` whose healthcheck checks nothing (`["CMD", "true"]`), with the given settings. */
function message(settings: string[], options: ComposeLintOptions = {}): string {
  const text = `${['services:', '  app:', ...settings.map((l) => `    ${l}`), '    healthcheck:', '      test: ["CMD", "true"]'].join('\n')}\n`;
  const found = lintCompose(text, { config: emptyConfig(), rules: [alwaysSucceeds], ...options }).findings;
  assert.equal(found.length, 1, text);
  return found[0]?.message ?? '';
}

const advice = (text: string): string => text.slice(text.indexOf('; ') + 2);

describe('s36: MLC012 proposes a server check the image can run (as MLC007 and MLD513 do)', () => {
  it('checks with the ollama CLI in ollama/ollama, which has no curl', () => {
    assert.equal(
      advice(message(['image: ollama/ollama:latest', 'ports: ["11434:11434"]'])),
      'check the server itself with the ollama CLI, as the image ollama/ollama:latest has no curl (["CMD", "ollama", "list"]), or, if there is nothing to check, remove it.',
    );
  });

  it('checks with Python, Node.js or BusyBox wget at the published port in slim and Alpine images', () => {
    assert.equal(
      advice(message(['image: python:3.12-slim', 'ports: ["8000:8000"]'])),
      'check the server itself with Python, as the image python:3.12-slim has no curl (["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/\')"]), or, if there is nothing to check, remove it.',
    );
    assert.match(advice(message(['image: node:20-slim', 'ports: ["3000:3000"]'])), /^check the server itself with Node\.js, as the image node:20-slim has no curl \(\["CMD", "node", "-e", "require\('http'\)\.get\('http:\/\/localhost:3000\/'/);
    assert.match(advice(message(['image: alpine:3.20'])), /^check the server itself with BusyBox's wget, as the image alpine:3\.20 has no curl \(\["CMD", "wget", "-q", "--spider", "http:\/\/localhost:<port>\/"\]\)/);
  });

  it('proposes no curl where the image has no program to check with', () => {
    const text = message(['image: debian:12']);
    assert.equal(advice(text), 'check the server itself with a program the image has, as the image debian:12 has no curl, or, if there is nothing to check, remove it.');
    assert.doesNotMatch(text, /curl -fsS/);
  });

  it('reads a built image from the Dockerfile the caller read', () => {
    const text = message(['build: ./api', 'ports: ["8080:8080"]'], { builtDockerfiles: new Map([['api/Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "http.server", "8080"]\n']]) });
    assert.match(advice(text), /^check the server itself with Python, as the image built from api\/Dockerfile \(FROM python:3\.12-slim, and nothing after that FROM installs it\) has no curl \(\["CMD", "python", "-c", "import urllib\.request; urllib\.request\.urlopen\('http:\/\/localhost:8080\/'\)"\]\)/);
  });

  it('keeps curl where the image may have it', () => {
    for (const image of ['image: acme/app:1.0', 'image: python:3.12', 'image: ${APP_IMAGE}']) {
      assert.match(advice(message([image, 'ports: ["8080:8080"]'])), /^check the server itself \(\["CMD-SHELL", "curl -fsS http:\/\/localhost:8080\/ \|\| exit 1"\]\), or/, image);
    }
    assert.match(advice(message(['image: python:3.12-slim', 'command: sh -c "apt-get install -y curl && python -m http.server 80"'])), /^check the server itself \(\["CMD-SHELL", "curl -fsS/, 'the command installs curl');
  });
});

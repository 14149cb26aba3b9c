import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { emptyConfig } from '../../../../src/core/lint/config';
import { rule as healthyWithout } from '../../../../src/core/lint/rules/compose/mlc007-depends-on-healthy-without-healthcheck';
import { rule as toolMissing } from '../../../../src/core/lint/rules/compose/mlc013-healthcheck-tool-missing';
import type { Finding } from '../../../../src/core/lint/types';

const lint = (text: string, rules = [healthyWithout]): Finding[] => lintCompose(text, { config: emptyConfig(), rules }).findings;

/** An `app` that waits for `dep` to be healthy; `dep` has no healthcheck and the given settings. */
const waitsFor = (...dep: string[]): string =>
  `${['services:', '  app:', '    image: acme/app:1.0', '    depends_on:', '      dep:', '        condition: service_healthy', '  dep:', ...dep.map((l) => `    ${l}`)].join('\n')}\n`;

/** MLC007's finding, the test line its quick fix adds, and what MLC007 and MLC013 say once it is applied. */
function fixed(text: string): { finding?: Finding; test: string; after: string[] } {
  const [finding] = lint(text);
  const fixedText = applyTextEdits(text, finding?.fix?.edits ?? []);
  const test = fixedText.split('\n').find((l) => l.trim().startsWith('test:'))?.trim() ?? '';
  return { finding, test, after: lint(fixedText, [healthyWithout, toolMissing]).map((f) => f.ruleId) };
}

describe('s35: MLC007 quick fix adds a healthcheck the image can run', () => {
  it('checks with the ollama CLI in ollama/ollama, which has no curl', () => {
    const { finding, test, after } = fixed(waitsFor('image: ollama/ollama:latest', 'volumes:', '  - ollama:/root/.ollama'));
    assert.equal(test, 'test: ["CMD", "ollama", "list"]');
    assert.equal(finding?.fix?.title, 'Add a healthcheck template to "dep" that checks with the ollama CLI');
    assert.deepEqual(after, []);
  });

  it("checks with Python in python -slim, Node.js in node -slim and BusyBox's wget on Alpine, at the URL the template used", () => {
    const python = fixed(waitsFor('image: python:3.12-slim', 'command: ["python", "-m", "http.server", "80"]'));
    assert.equal(python.test, 'test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost/\')"]');
    assert.equal(python.finding?.fix?.title, 'Add a healthcheck template to "dep" that checks with Python');
    assert.deepEqual(python.after, []);
    const node = fixed(waitsFor('image: node:20-slim'));
    assert.match(node.test, /^test: \["CMD", "node", "-e", "require\('http'\)\.get\('http:\/\/localhost\/', /);
    assert.deepEqual(node.after, []);
    const alpine = fixed(waitsFor('image: node:20-alpine'));
    assert.equal(alpine.test, 'test: ["CMD", "wget", "-q", "--spider", "http://localhost/"]');
    assert.deepEqual(alpine.after, []);
  });

  it('writes a placeholder, not curl, when the image has no program to check with', () => {
    const { finding, test, after } = fixed(waitsFor('image: debian:12', 'command: ["/srv/server"]'));
    assert.equal(test, 'test: ["CMD-SHELL", "<command that exits 0 when healthy> || exit 1"]');
    assert.equal(finding?.fix?.title, 'Add a healthcheck template to "dep"');
    assert.deepEqual(after, []);
  });

  it('keeps curl where the image may have it, as MLC013 judges it', () => {
    for (const dep of [
      ['image: postgres:16'],
      ['image: python:3.12'],
      ['image: ${APP_IMAGE}'],
      ['image: python:3.12-slim', 'command: sh -c "apt-get update && apt-get install -y curl && python -m http.server 80"'],
    ]) {
      const { finding, test, after } = fixed(waitsFor(...dep));
      assert.equal(test, 'test: ["CMD-SHELL", "curl -fsS http://localhost/ || exit 1"]', dep.join(' / '));
      assert.equal(finding?.fix?.title, 'Add a healthcheck template to "dep" that checks with curl');
      assert.deepEqual(after, []);
    }
  });
});

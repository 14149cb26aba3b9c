import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintDockerfile, maxDockerfileChars } from '../../../src/core/lint/engine';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { seededRandom } from '../support/seeded-random';

/** Every rule on, so hostile input reaches all of them. */
function allOn() {
  const config = emptyConfig();
  for (const r of dockerfileRules) {
    config.rules[r.meta.id] = { severity: 'on' };
  }
  config.cpuOnly = true;
  return config;
}

/** Lints with every rule on. No timing assertion (a shared machine is noisy): mocha's timeout is the hang guard. */
function lintChecked(text: string) {
  const result = lintDockerfile(text, { config: allOn(), buildContext: { sizeOf: () => 100 * 1024 * 1024 } });
  assert.deepEqual(result.problems.filter((p) => p.message.startsWith('internal error')), []);
  return result;
}

const sample = [
  '# syntax=docker/dockerfile:1',
  'ARG CUDA=12.4.1',
  'FROM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS build',
  'ENV NVIDIA_DRIVER_CAPABILITIES=utility',
  'RUN apt-get update && apt-get install -y --no-install-recommends \\',
  '    cuda-toolkit-12-4 nvidia-driver-550 && \\',
  '    pip install --no-build-isolation flash-attn torch --index-url https://download.pytorch.org/whl/cu118',
  'RUN <<EOF',
  'huggingface-cli download gpt2',
  'EOF',
  'COPY models/ /models/',
  'FROM build',
  'ONBUILD RUN pip install torch',
  'CMD ["python", "serve.py"]',
  '',
].join('\n');

describe('hostile input', () => {
  it('lints empty and whitespace-only files to no findings', () => {
    assert.deepEqual(lintChecked(''), { findings: [], problems: [] });
    assert.deepEqual(lintChecked(' \n\t\r\n\n'), { findings: [], problems: [] });
  });

  it('reports NUL bytes (binary content) as a clear problem', () => {
    const r = lintChecked('FROM a\0\x01\x02RUN');
    assert.deepEqual(r.findings, []);
    assert.match(r.problems[0]?.message ?? '', /NUL bytes/);
  });

  it('survives random bytes and invalid UTF-8 decoded as text', function () {
    this.timeout(60_000);
    const next = seededRandom(42);
    for (let n = 0; n < 50; n++) {
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => 1 + Math.floor(next() * 255)));
      lintChecked(bytes.toString('utf8'));
      lintChecked(bytes.toString('latin1'));
    }
  });

  it('survives mutated realistic Dockerfiles (seeded)', function () {
    this.timeout(60_000);
    const next = seededRandom(7);
    const alphabet = ['\\', '\n', '"', "'", '<<', '$', '{', '}', '[', ']', '&&', '|', ';', '#', ' ', '`', '=', '--', 'EOF', '\r\n'];
    for (let n = 0; n < 300; n++) {
      let text = sample;
      const edits = 1 + Math.floor(next() * 8);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * text.length);
        const op = next();
        if (op < 0.4) {
          text = text.slice(0, at) + (alphabet[Math.floor(next() * alphabet.length)] ?? '') + text.slice(at);
        } else if (op < 0.7) {
          text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 20));
        } else {
          const from = Math.floor(next() * text.length);
          text = text.slice(0, at) + text.slice(from, from + 40) + text.slice(at);
        }
      }
      lintChecked(text);
    }
  });

  it('lints a 1 MB line in bounded time', function () {
    this.timeout(60_000);
    lintChecked(`FROM python:3.11\nRUN pip install ${'torch '.repeat(170_000)}\n`);
    lintChecked(`FROM python:3.11\nRUN echo "${'a'.repeat(1_000_000)}\n`);
    lintChecked(`# syntax=${' '.repeat(1_000_000)}x\nFROM a\n`);
    lintChecked(`FROM a\nRUN ${'<<'.repeat(500_000)}\n`);
    lintChecked(`FROM a\nRUN ${'$('.repeat(500_000)}\n`);
    lintChecked(`FROM a\nRUN x ${'sudo '.repeat(200_000)}\n`);
    lintChecked(`FROM a\nRUN ${'curl http://x | sh; '.repeat(50_000)}\n`);
  });

  it('lints a file just under the size limit in bounded time, and answers a 5 MB one with a clear problem', function () {
    this.timeout(60_000);
    const text = sample.repeat(Math.floor(maxDockerfileChars / sample.length));
    assert.ok(text.length > maxDockerfileChars - sample.length);
    const r = lintChecked(text);
    assert.ok(r.findings.length > 0);
    const five = lintDockerfile(sample.repeat(Math.ceil((5 * 1024 * 1024) / sample.length)));
    assert.deepEqual(five.findings, []);
    assert.match(five.problems[0]?.message ?? '', /more than the \d+ a Dockerfile may have here; not linted/);
  });

  it('handles 100,000 continuation lines and 10,000 unterminated heredocs', function () {
    this.timeout(60_000);
    lintChecked(`FROM a\nRUN echo \\\n${'  x \\\n'.repeat(100_000)}  end\n`);
    lintChecked(`FROM a\n${'RUN <<DOC\n'.repeat(10_000)}`);
  });

  it('treats Object.prototype names as ordinary commands, keys, labels, flags and kinds', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']) {
      const text = [
        `ARG ${name}=1`,
        'FROM ubuntu:22.04',
        `ENV ${name}=1`,
        `LABEL ${name}=x`,
        `RUN ${name} install x && sudo ${name} -u 1 && ${name}`,
        `RUN apt-get install -y ${name} && pip install ${name} && apk add ${name}`,
        `RUN --mount=type=${name},target=/x echo`,
        `COPY --${name}=x a /b/`,
        `HEALTHCHECK --interval=1${name} CMD true`,
        'USER 10001',
        '',
      ].join('\n');
      const r = lintChecked(text);
      const messages = r.findings.map((f) => `${f.ruleId} ${f.message}`);
      assert.ok(messages.some((m) => m.startsWith('MLD003') && m.includes(`unknown mount type "${name}"`)), `${name}: ${messages.join(' | ')}`);
      assert.ok(messages.some((m) => m.startsWith('MLD003') && m.includes(`--${name} is not a flag of COPY`)), `${name}: ${messages.join(' | ')}`);
      assert.ok(messages.some((m) => m.startsWith('MLD204')), `${name}: apt-get install ${name} is unpinned`);
      const manifest = lintManifest(`apiVersion: v1\nkind: ${name}\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: main\n          image: busybox:1.36\n`);
      assert.deepEqual(manifest.problems.filter((p) => p.message.includes('internal error')), []);
      assert.deepEqual(manifest.findings.filter((f) => f.ruleId === 'MLK424' || f.ruleId === 'MLK314'), [], name);
    }
  });

  it('refuses a file over the size limit with a clear problem', function () {
    this.timeout(60_000);
    const r = lintDockerfile('#'.repeat(maxDockerfileChars + 1));
    assert.match(r.problems[0]?.message ?? '', /not linted/);
  });
});

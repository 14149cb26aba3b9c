import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD304');
const message = (text: string): string | undefined => lintDockerfile(text, { rules }).findings[0]?.message;

describe('MLD304 on Windows images', () => {
  it('gives a Windows image (known by tag, or by winamd64/) no Linux cache-mount advice; a Linux one keeps it', () => {
    // thomasjpfan/scipy-windows-test: FROM winamd64/python:$PYTHON_VERSION-windowsservercore
    for (const from of ['winamd64/python:$PYTHON_VERSION-windowsservercore', 'python:3.11-windowsservercore-ltsc2022']) {
      const m = message(`ARG PYTHON_VERSION\nFROM ${from}\nRUN pip install numpy==2.1.0\n`);
      assert.ok(m !== undefined, from);
      assert.doesNotMatch(m, /--mount|\/root\/\.cache/, from);
      assert.match(m, /--no-cache-dir/, from);
    }
    assert.match(message('FROM python:3.11-slim\nRUN pip install numpy==2.1.0\n') ?? '', /--mount=type=cache,target=\/root\/\.cache\/pip/);
  });
});

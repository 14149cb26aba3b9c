import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const mld203 = dockerfileRules.filter((r) => r.meta.id === 'MLD203');
const messages = (text: string): string[] => lintDockerfile(text, { rules: mld203 }).findings.map((f) => f.message);
const uvBase = 'FROM python:3.12.8-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.6.14 /uv /bin/uv\n';

describe('round 11 sweep: uv pip install options that take a value', () => {
  it('names only the unpinned package, not the values of --group, --extra, --link-mode or --python-platform', () => {
    const found = messages(`${uvBase}RUN uv pip install --system --no-cache -r pyproject.toml --group dev --extra gpu --link-mode copy --python-platform x86_64-manylinux_2_28 accelerate\n`);
    assert.deepEqual(found, ['accelerate is not pinned, so rebuilds can pick up a different release; pin it (accelerate==<version>) or install from a requirements/constraints file.']);
  });

  it('reports nothing when the only words after uv options are their values', () => {
    assert.deepEqual(messages(`${uvBase}RUN uv pip install --system --no-cache --exclude-newer 2024-06-01 --override overrides.txt --resolution lowest-direct --prerelease allow -r pyproject.toml\n`), []);
  });

  it("reads uv's plural --requirements like -r: its file is no package", () => {
    assert.deepEqual(messages(`${uvBase}RUN uv pip install --system --no-cache --requirements requirements.txt\n`), []);
    assert.deepEqual(messages(`${uvBase}RUN uv pip install --system --no-cache --requirements requirements.txt peft\n`).length, 1);
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rules on real ML images (round 6)', () => {
  it('MLD302 says a one-dash -no-install-recommends fails the build and replaces the word', () => {
    const text = 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y -no-install-recommends curl\n';
    const findings = lint('MLD302', text);
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]?.message,
      `-no-install-recommends has one dash, so apt-get reads it as the short options -n, -o, … and stops with "Command line option 'n' … is not understood", failing the build; write --no-install-recommends.`,
    );
    assert.deepEqual(
      findings[0]?.fix?.edits.map((e) => e.newText),
      ['--no-install-recommends'],
    );
    assert.deepEqual(findings[0]?.fix?.edits[0]?.range, findings[0]?.range);
  });

  it('MLD013 reports only a destination that nothing proves a directory (/tmp is standard, WORKDIR made /srv/app)', () => {
    const findings = lint('MLD013', 'FROM python:3.11\nWORKDIR /srv/app\nCOPY a.txt b.txt /opt/data\nCOPY c.txt d.txt /tmp\nCOPY e.txt f.txt /srv/app\n');
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'COPY has 2 sources but the destination "/opt/data" does not end in "/": unless /opt/data already exists as a directory, BuildKit copies each source onto that one path, so source files overwrite each other and only the last survives, and the classic builder (DOCKER_BUILDKIT=0) and Kaniko reject it ("the destination must be a directory and end with a /"); write "/opt/data/".',
      ],
    );
  });

  it('MLD413 stays quiet on a pure-Python project built without isolation, but not on its CUDA extras', () => {
    // hiyouga/LLaMA-Factory docker/docker-cuda/Dockerfile: hatchling and editables first, then the editable install.
    const base = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip install --no-cache-dir editables "hatchling>=1.18.0"\nCOPY . /app\nWORKDIR /app\n';
    assert.deepEqual(lint('MLD413', `${base}RUN pip install --no-cache-dir --no-build-isolation -e ".[metrics,deepspeed]"\n`), []);
    assert.equal(lint('MLD413', `${base}RUN pip install --no-cache-dir --no-build-isolation -e ".[metrics,flash-attn]"\n`).length, 1);
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function messages(id: string, text: string): string[] {
  const rules = dockerfileRules.filter((r) => r.meta.id === id);
  return lintDockerfile(text, { rules }).findings.map((f) => f.message);
}

describe('Dockerfile rule messages', () => {
  it('MLD203 suggests @<commit-or-tag> for VCS URLs, not ==<version>', () => {
    const text = [
      'FROM python:3.11-slim',
      'RUN pip install git+https://github.com/facebookresearch/detectron2.git "peft @ git+https://github.com/huggingface/peft.git" torch',
      '',
    ].join('\n');
    const found = messages('MLD203', text);
    assert.equal(found.length, 3);
    assert.match(found[0] ?? '', /\(git\+https:\/\/github\.com\/facebookresearch\/detectron2\.git@<commit-or-tag>\)/);
    assert.match(found[1] ?? '', /\(peft @ git\+https:\/\/github\.com\/huggingface\/peft\.git@<commit-or-tag>\)/);
    assert.match(found[2] ?? '', /\(torch==<version>\)/);
    assert.ok(found.every((m) => !m.includes('.git==')));
  });

  it('MLD025 does not claim that a conda prompt fails the build', () => {
    // huggingface/accelerate docker/accelerate-gpu: `conda create` without -y builds, because conda
    // takes the empty answer from the closed stdin as its default (yes).
    const found = messages('MLD025', 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda create --name accelerate python=3.10 pip && apt-get install curl\n');
    assert.equal(found.length, 2);
    assert.match(found[0] ?? '', /^conda create .*default answer \(yes\)/);
    assert.ok(!(found[0] ?? '').includes('fails the build'));
    assert.match(found[1] ?? '', /^apt-get install may stop to ask for confirmation, which fails the build/);
  });

  it('MLD303 tells microdnf images to run microdnf clean all (ubi-minimal has no dnf)', () => {
    // SeldonIO/MLServer Dockerfile: FROM ubi9/ubi-minimal, microdnf install without a clean.
    const text = 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf update -y && microdnf install -y tar gzip\nRUN dnf install -y git\n';
    const found = lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD303') }).findings;
    assert.equal(found.length, 2);
    assert.match(found[0]?.message ?? '', /&& microdnf clean all,/);
    assert.equal(found[0]?.fix?.edits[0]?.newText, ' && microdnf clean all');
    assert.match(found[1]?.message ?? '', /&& dnf clean all,/);
  });

  it('MLD104 names the resolved value of USER $VAR', () => {
    const found = messages('MLD104', 'FROM python:3.11-slim\nARG UID=0\nUSER $UID:$GID\n');
    assert.deepEqual(found.length, 1);
    assert.match(found[0] ?? '', /runs as \$UID:\$GID \(= 0\)/);
  });
});

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

  it('MLD104 names the resolved value of USER $VAR', () => {
    const found = messages('MLD104', 'FROM python:3.11-slim\nARG UID=0\nUSER $UID:$GID\n');
    assert.deepEqual(found.length, 1);
    assert.match(found[0] ?? '', /runs as \$UID:\$GID \(= 0\)/);
  });
});

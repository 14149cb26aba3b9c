import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const fixesByLine = (text: string, ruleId: string): [number, boolean][] =>
  lintCompose(text, { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => [f.range.start.line, f.fix !== undefined]);

describe('Compose quick fixes on nodes shared through YAML anchors', () => {
  it('offers no fix that would edit an anchored list other services use too', () => {
    // Two vLLM services share one volume list through an alias: mounting a's cache there would mount it in b as well.
    const text = [
      'x-vols: &vols',
      '  - ./data:/data',
      'services:',
      '  a:',
      '    image: vllm/vllm-openai:v0.6.0',
      '    volumes: *vols',
      '  b:',
      '    image: vllm/vllm-openai:v0.6.0',
      '    volumes: *vols',
      '',
    ].join('\n');
    assert.deepEqual(fixesByLine(text, 'MLC409'), [[5, false], [8, false]]);
  });

  it('offers no fix that edits a service block another service is merged from, for a finding outside it', () => {
    // MLC408 reports on the service's own key; its fix would add ulimits to the shared &gpu block `b` merges too.
    const gpu = ['    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', '              count: all', '              capabilities: [gpu]'];
    const text = ['services:', '  a: &gpu', '    image: acme/train:1.0', ...gpu, '  b:', '    <<: *gpu', '    image: acme/train:2.0', ''].join('\n');
    const unshared = ['services:', '  a: &gpu', '    image: acme/train:1.0', ...gpu, ''].join('\n');
    assert.deepEqual(fixesByLine(unshared, 'MLC408'), [[2, true]]);
    assert.equal(fixesByLine(text, 'MLC408').find(([line]) => line === 2)?.[1], false);
  });

  it('keeps the fix of a finding inside the shared node: it fixes every user at once', () => {
    const text = [
      'x-base: &base',
      '  image: vllm/vllm-openai:v0.6.0',
      '  volumes:',
      '    - ./cfg:/cfg',
      'services:',
      '  c: *base',
      '',
    ].join('\n');
    assert.deepEqual(fixesByLine(text, 'MLC409'), [[2, true]]);
  });
});

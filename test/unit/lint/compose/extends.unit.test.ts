import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const findings = (text: string, ruleId: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId);

/** A GPU base service and workers that extend it in the same file (the short and the long form). */
const stack = (workerExtends: string) =>
  [
    'services:',
    '  base:',
    '    image: vllm/vllm-openai:v0.6.3',
    '    deploy:',
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - driver: nvidia',
    '              count: all',
    '              capabilities: [gpu]',
    '  worker:',
    `    extends: ${workerExtends}`,
    '    command: [--model, /models/llama]',
    '',
  ].join('\n');

describe('Compose: services that extend another in the same file', () => {
  it('inherit what they do not set themselves: a worker extending a GPU service is a GPU service (MLC405)', () => {
    for (const form of ['base', '{service: base}']) {
      const lines = findings(stack(form), 'MLC405').map((f) => f.range.start.line);
      assert.deepEqual(lines, [2, 11], form);
    }
  });

  it('a base in another file is not read; a cycle ends', () => {
    assert.deepEqual(findings(stack('{file: common.yaml, service: base}'), 'MLC405').map((f) => f.range.start.line), [2]);
    const cycle = 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n';
    assert.deepEqual(lintCompose(cycle, { config: emptyConfig() }).problems, []);
  });

  it('merge mappings and join lists with the base, as Compose does: the base\'s cache volume and memlock limit count', () => {
    const cache = 'services:\n  base:\n    image: vllm/vllm-openai:v0.6.3\n    environment: {HF_HOME: /cache}\n    volumes: [hf-cache:/cache]\n  worker:\n    extends: base\n    volumes: [./data:/data]\nvolumes:\n  hf-cache: {}\n';
    assert.deepEqual(findings(cache, 'MLC409'), []);
    const gpus = (extra: string) => `services:\n  base:\n    image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime\n    shm_size: 16gb\n    ulimits: {memlock: -1, stack: 67108864}\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\n  trainer:\n    extends: base\n${extra}`;
    assert.deepEqual(findings(gpus('    ulimits: {nofile: 65536}\n'), 'MLC408'), []);
  });
});

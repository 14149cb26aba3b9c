import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { sizeBytes } from '../../../../src/core/lint/rules/compose/mlc405-gpu-service-without-shm';

const gpuService = (shm: string): string =>
  `services:\n  train:\n    image: pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime\n    command: ["torchrun", "train.py"]\n    shm_size: ${shm}\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\n`;
const ruleIds = (text: string): string[] => lintCompose(text, { config: emptyConfig() }).findings.map((f) => f.ruleId);

describe("shm_size as Compose's size parser reads it (go-units RAMInBytes: binary prefixes k to p, optional i and b)", () => {
  it('counts the bytes of every form Compose accepts', () => {
    assert.equal(sizeBytes('8gb'), 8 * 1024 ** 3);
    assert.equal(sizeBytes('1gib'), 1024 ** 3);
    assert.equal(sizeBytes('512Mi'), 512 * 1024 ** 2);
    assert.equal(sizeBytes('2 t'), 2 * 1024 ** 4);
    assert.equal(sizeBytes('1.5g'), 1.5 * 1024 ** 3);
    assert.equal(sizeBytes('1073741824'), 1024 ** 3);
    assert.equal(sizeBytes('100b'), 100);
  });

  it('refuses what Compose refuses: two spaces, two dots, other units', () => {
    for (const text of ['8  gb', '1.5.3g', '2 gigs', 'lots', '8e', '-1g']) {
      assert.equal(sizeBytes(text), undefined, text);
    }
  });

  it('MLC405 takes 1t or 16gib as large enough and 64mib as too small; MLC006 accepts them all', () => {
    assert.deepEqual(ruleIds(gpuService('1t')).filter((r) => r === 'MLC405' || r === 'MLC006'), []);
    assert.deepEqual(ruleIds(gpuService('16gib')).filter((r) => r === 'MLC405' || r === 'MLC006'), []);
    assert.deepEqual(ruleIds(gpuService('64mib')).filter((r) => r === 'MLC405' || r === 'MLC006'), ['MLC405']);
  });
});

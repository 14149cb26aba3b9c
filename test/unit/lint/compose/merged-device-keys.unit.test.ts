import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const ids = (text: string): string[] => lintCompose(text).findings.map((f) => f.ruleId);

// compose-go merges `<<: *anchor` into a device entry before validating it: the anchor's capabilities count.
describe('MLC401 reads a device entry merged from an anchor', () => {
  const file = (entry: string) => `x-gpu: &gpu\n  driver: nvidia\n  count: 1\n  capabilities: [gpu]\nservices:\n  train:\n    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n    shm_size: 8gb\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - ${entry}\n`;

  it('an entry that merges the anchor has its capabilities', () => {
    assert.ok(!ids(file('<<: *gpu')).includes('MLC401'));
    assert.ok(!ids(file('<<: *gpu\n              count: 2')).includes('MLC401'));
  });

  it('an entry without capabilities of its own or merged is still reported', () => {
    assert.ok(ids(file('driver: nvidia\n              count: 1')).includes('MLC401'));
  });
});

import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

describe('KServe model containers', () => {
  it('are named kserve-container in messages when the manifest leaves the name empty, as KServe names them', () => {
    const text = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\nspec:\n  predictor:\n    model:\n      name: ""\n      modelFormat: {name: vllm}\n      resources: {limits: {nvidia.com/gpu: 1}}\n';
    const messages = lintManifest(text).findings.map((f) => f.message).filter((m) => m.startsWith('container '));
    assert.ok(messages.length > 0);
    assert.ok(messages.every((m) => m.startsWith('container "kserve-container"')), messages.join('\n'));
  });
});

import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';

// Qdrant's GPU images index with Vulkan in one process; Open WebUI is also built as `openwebui` (with Ollama inside).
const images = ['qdrant/qdrant:gpu-nvidia-latest', 'openwebui:gpu'];

function deployment(image: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  selector: {matchLabels: {app: app}}\n  template:\n    metadata: {labels: {app: app}}\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n          resources: {limits: {nvidia.com/gpu: 1}}\n`;
}

function compose(image: string): string {
  return `services:\n  app:\n    image: ${image}\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n`;
}

describe('single-process GPU servers: the same allow-list for MLK405 and MLC405', () => {
  for (const image of images) {
    it(`${image} needs no larger /dev/shm in a manifest or a Compose file`, () => {
      assert.deepEqual(lintManifest(deployment(image)).findings.filter((f) => f.ruleId === 'MLK405'), []);
      assert.deepEqual(lintCompose(compose(image)).findings.filter((f) => f.ruleId === 'MLC405'), []);
    });
  }

  it('a look-alike name is still judged', () => {
    assert.equal(lintManifest(deployment('example/openwebuis:gpu')).findings.filter((f) => f.ruleId === 'MLK405').length, 1);
    assert.equal(lintCompose(compose('example/openwebuis:gpu')).findings.filter((f) => f.ruleId === 'MLC405').length, 1);
  });
});

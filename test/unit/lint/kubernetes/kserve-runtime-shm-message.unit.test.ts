import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const service = (runtime: string) =>
  `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: sd}\nspec:\n  predictor:\n    model:\n      modelFormat: {name: pytorch}\n${runtime}      resources: {limits: {nvidia.com/gpu: "1"}}\n`;
const mlk405 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK405').map((f) => f.message);

describe('MLK405 on an InferenceService points at the ServingRuntime it names', () => {
  it('a runtime out of sight (another file) may mount /dev/shm: the message says so and where to mount it', () => {
    assert.deepEqual(mlk405(service('      runtime: stable-diffusion\n')), [
      'container "kserve-container" gets the default 64 MB /dev/shm unless its ServingRuntime "stable-diffusion" mounts one, which breaks DataLoader workers (they pass batches through /dev/shm) and other multi-process work; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm in that runtime.',
    ]);
  });

  it('a model without a named runtime keeps the plain message', () => {
    assert.match(mlk405(service(''))[0] ?? '', /gets the default 64 MB \/dev\/shm, which breaks/);
  });
});

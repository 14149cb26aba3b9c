import * as assert from 'node:assert/strict';
import { isGpuSmokeTest } from '../../../src/core/lint/single-process-servers';

describe('s29: isGpuSmokeTest, decided once per image repository', () => {
  const smokeTests = ['registry.k8s.io/cuda-vector-add', 'nvidia/samples', 'nvcr.io/nvidia/k8s/cuda-sample', 'nvcr.io/nvidia/cloud-native/gpu-operator-validator', 'oguzpastirmaci/gpu-burn'];
  const others = ['', 'vllm/vllm-openai', 'nvidia/cuda', 'example.org/nvidia/samples-extra', 'gpu-burner'];

  it('gives the same answer the first time and every time after', () => {
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(smokeTests.filter((r) => !isGpuSmokeTest(r)), [], `round ${round}`);
      assert.deepEqual(others.filter((r) => isGpuSmokeTest(r)), [], `round ${round}`);
    }
  });
});

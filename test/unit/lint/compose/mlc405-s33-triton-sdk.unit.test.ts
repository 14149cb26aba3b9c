import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** MLC405's messages for one service `app` of `image` running `command` on one reserved GPU. */
function shm(image: string, command: string): string[] {
  const text = ['services:', '  app:', `    image: ${image}`, `    command: ${command}`, '    gpus: [{driver: nvidia, count: 1}]', ''].join('\n');
  return lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC405').map((f) => f.message);
}

const genaiPerf = '["genai-perf", "profile", "-m", "llama", "--url", "triton:8001"]';

describe('MLC405 (s33): Triton\'s client SDK image runs no Triton server', () => {
  it('a -py3-sdk image running GenAI-Perf gets the general reason, not the Python-backend one', () => {
    const found = shm('nvcr.io/nvidia/tritonserver:24.06-py3-sdk', genaiPerf);
    assert.equal(found.length, 1);
    assert.doesNotMatch(found[0] ?? '', /Triton/);
    assert.match(found[0] ?? '', /PyTorch DataLoader workers/);
  });

  it('near miss: the server image, and the SDK image given a tritonserver command, keep the Triton reason', () => {
    assert.match(shm('nvcr.io/nvidia/tritonserver:24.06-py3', '["tritonserver", "--model-repository=/models"]')[0] ?? '', /runs Triton Inference Server/);
    assert.match(shm('nvcr.io/nvidia/tritonserver:24.06-py3-sdk', '["tritonserver", "--model-repository=/models"]')[0] ?? '', /runs Triton Inference Server/);
  });
});

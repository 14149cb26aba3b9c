import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The MLK405 messages of a one-GPU Deployment running `image` (with `command` when given). */
function shm(image: string, command?: string): string[] {
  const text = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: perf-client}', 'spec:', '  strategy: {type: Recreate}',
    '  selector: {matchLabels: {app: perf-client}}', '  template:', '    metadata: {labels: {app: perf-client}}', '    spec:', '      containers:',
    '        - name: client', `          image: ${image}`, ...(command !== undefined ? [`          command: ${command}`] : []),
    '          resources: {limits: {nvidia.com/gpu: 1}}', '',
  ].join('\n');
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK405').map((f) => f.message);
}

const sleepLoop = '[/bin/bash, -c, "while true; do sleep 30; done;"]';

describe('MLK405 (s33): Triton\'s client SDK image runs no Triton server', () => {
  it('a -py3-sdk image in a sleep loop (GenAI-Perf toolbox) gets the general reason, not the Python-backend one', () => {
    const found = shm('nvcr.io/nvidia/tritonserver:24.06-py3-sdk', sleepLoop);
    assert.equal(found.length, 1);
    assert.doesNotMatch(found[0] ?? '', /Triton's Python-backend/);
    assert.match(found[0] ?? '', /breaks DataLoader workers/);
  });

  it('near miss: the server image keeps the Triton reason, and so does the SDK image given a tritonserver command', () => {
    assert.match(shm('nvcr.io/nvidia/tritonserver:24.06-py3')[0] ?? '', /breaks Triton's Python-backend models/);
    assert.match(shm('nvcr.io/nvidia/tritonserver:24.06-py3-sdk', '[tritonserver, --model-repository=/models]')[0] ?? '', /breaks Triton's Python-backend models/);
  });
});

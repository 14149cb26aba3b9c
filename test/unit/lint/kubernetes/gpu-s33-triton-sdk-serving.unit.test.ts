import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The IDs of MLK415 and MLK419 findings on a one-GPU Deployment of `image`, with `args` when given (the entrypoint kept). */
function servingFindings(image: string, args?: string): string[] {
  const text = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: perf-client}', 'spec:', '  strategy: {type: Recreate}',
    '  selector: {matchLabels: {app: perf-client}}', '  template:', '    metadata: {labels: {app: perf-client}}', '    spec:', '      containers:',
    '        - name: client', `          image: ${image}`, ...(args !== undefined ? [`          args: ${args}`] : []), '          resources: {limits: {nvidia.com/gpu: 1}}', '',
  ].join('\n');
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK415' || f.ruleId === 'MLK419').map((f) => f.ruleId);
}

const perfAnalyzer = '[perf_analyzer, -m, resnet50, -u, "triton:8001", -i, grpc]';

describe('Serving images (s33): Triton\'s client SDK image serves no model', () => {
  it('a -py3-sdk image, running perf_analyzer or kept as a toolbox, needs no readiness probe (MLK415) and downloads no model (MLK419)', () => {
    assert.deepEqual(servingFindings('nvcr.io/nvidia/tritonserver:24.06-py3-sdk', perfAnalyzer), []);
    assert.deepEqual(servingFindings('nvcr.io/nvidia/tritonserver:24.06-py3-sdk'), []);
  });

  it('near miss: the server image starting tritonserver is a model server without a readiness probe', () => {
    assert.deepEqual(servingFindings('nvcr.io/nvidia/tritonserver:24.06-py3', '[tritonserver, --model-repository=/models]'), ['MLK415']);
  });
});

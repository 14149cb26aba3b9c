import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

describe('MLK419 on a v1beta1 DynamoGraphDeployment', () => {
  it('advises a claim in the pod template: v1beta1 has no spec.pvcs', () => {
    const text = [
      'apiVersion: nvidia.com/v1beta1',
      'kind: DynamoGraphDeployment',
      'metadata: {name: g}',
      'spec:',
      '  components:',
      '    - name: Worker',
      '      type: worker',
      '      podTemplate:',
      '        spec:',
      '          containers:',
      '            - name: main',
      '              image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.2',
      '              args: [-m, dynamo.vllm, --model, Qwen/Qwen3-0.6B]',
      '              resources: {limits: {nvidia.com/gpu: "1"}}',
      '',
    ].join('\n');
    const messages = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK419').map((f) => f.message);
    assert.deepEqual(messages, ['container "main" downloads its model into /home/dynamo/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.']);
  });
});

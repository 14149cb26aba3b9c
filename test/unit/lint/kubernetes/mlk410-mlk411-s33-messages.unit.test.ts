import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The messages of `ruleId` on a one-container Deployment with these container and pod-spec lines. */
function messages(ruleId: string, container: readonly string[], spec: readonly string[] = []): string[] {
  const text = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: decode}', 'spec:', '  selector: {matchLabels: {app: decode}}', '  template:',
    '    metadata: {labels: {app: decode}}', '    spec:', ...spec.map((l) => `      ${l}`), '      containers:', '        - name: vllm', '          image: vllm/vllm-openai:v0.10.1',
    ...container.map((l) => `          ${l}`), '',
  ].join('\n');
  return lintManifest(text).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}

describe('MLK411 (s33): CUDA_VISIBLE_DEVICES indices past the container\'s GPUs', () => {
  const cuda = (value: string, gpus: number) => messages('MLK411', [`env: [{name: CUDA_VISIBLE_DEVICES, value: "${value}"}]`, `resources: {limits: {nvidia.com/gpu: ${gpus}}}`]);

  it('"1" on a one-GPU container: CUDA sees no such device, since indices are numbered from 0 within the allocation', () => {
    assert.deepEqual(cuda('1', 1), [
      'container "vllm" sets CUDA_VISIBLE_DEVICES to "1", but the container is given 1 GPU, which it sees as index 0 (numbered from 0 within the allocation, not across the node): CUDA finds no device 1 and stops there, so the container\'s processes see no GPU at all; remove it and let the GPU request decide.',
    ]);
    assert.doesNotMatch(cuda('1', 1)[0] ?? '', /overrides the devices/);
  });

  it('a later index past the allocation leaves the processes the GPUs listed before it', () => {
    assert.match(cuda('0,3', 2)[0] ?? '', /given 2 GPUs, which it sees as indices 0-1 .*CUDA stops reading the list at 3, so the container's processes see only the GPUs listed before it;/);
  });

  it('near miss: indices within the allocation are remapping (no finding); UUIDs keep the general message', () => {
    assert.deepEqual(cuda('0', 1), []);
    assert.deepEqual(cuda('1,0', 2), []);
    assert.match(cuda('GPU-6b5b5d55-1c2b-4f0e-9d4b-1e8f4c2a7b10', 1)[0] ?? '', /which overrides the devices the device plugin allocated/);
  });
});

describe('MLK410 (s33): a toleration lets a pod onto a GPU node, it does not put it there', () => {
  const noGpu = ['resources: {limits: {cpu: "1", memory: 1Gi}}'];

  it('tolerating the GPU taint: the pod can be scheduled onto, and then hold, a GPU node', () => {
    const found = messages('MLK410', noGpu, ['tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]']);
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /so it can be scheduled onto, and then hold, an expensive GPU node without using a GPU;/);
    assert.doesNotMatch(found[0] ?? '', /occupies/);
  });

  it('selecting GPU nodes: the pod can only be scheduled onto them', () => {
    assert.match(messages('MLK410', noGpu, ['nodeSelector: {nvidia.com/gpu.present: "true"}'])[0] ?? '', /so it can only be scheduled onto expensive GPU nodes, where it holds capacity without using a GPU;/);
  });
});

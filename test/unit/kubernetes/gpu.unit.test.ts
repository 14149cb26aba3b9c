import * as assert from 'node:assert/strict';
import { clusterGpus, gpuUsageText, nodeGpus, podGpuRequest } from '../../../src/core/kubernetes/gpu';
import { parseQuantity } from '../../../src/core/kubernetes/quantity';
import { cpuNode, gpuNode, pod } from './fixtures';

describe('core/kubernetes/gpu', () => {
  it('parses quantities with decimal and binary suffixes', () => {
    assert.equal(parseQuantity('8'), 8);
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('2Ki'), 2048);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity(4), 4);
    assert.equal(parseQuantity('eight'), undefined);
    assert.equal(parseQuantity(undefined), undefined);
  });

  it('counts a pod\'s GPUs as the scheduler does: sum of containers vs the largest init container', () => {
    assert.equal(podGpuRequest(pod('a', { gpus: 2 })), 2);
    assert.equal(podGpuRequest(pod('b')), 0);
    assert.equal(podGpuRequest(pod('c', { gpus: 1, init: 4 })), 4);
    const two = pod('d', { gpus: 1 });
    two.spec!.containers.push({ name: 'side', resources: { requests: { 'nvidia.com/gpu': '2' } } });
    assert.equal(podGpuRequest(two), 3);
  });

  it('"5 of 8 GPUs in use": allocatable vs the requests of non-terminated pods bound to the node', () => {
    const pods = [
      pod('a', { gpus: 2, node: 'gpu-0' }),
      pod('b', { gpus: 3, node: 'gpu-0' }),
      pod('done', { gpus: 4, node: 'gpu-0', phase: 'Succeeded' }),
      pod('failed', { gpus: 4, node: 'gpu-0', phase: 'Failed' }),
      pod('elsewhere', { gpus: 1, node: 'gpu-1' }),
      pod('pending', { gpus: 8 }),
    ];
    const g = nodeGpus(gpuNode('gpu-0'), pods);
    assert.deepEqual(g, { node: 'gpu-0', capacity: 8, allocatable: 8, requested: 5, free: 3, product: 'NVIDIA-H100-80GB-HBM3' });
    assert.equal(gpuUsageText(g), '5 of 8 GPUs in use');
    assert.deepEqual(
      clusterGpus([gpuNode('gpu-0'), gpuNode('gpu-1'), cpuNode('cpu-0')], pods).map((x) => [x.node, x.requested, x.free, gpuUsageText(x) ?? null]),
      [
        ['gpu-0', 5, 3, '5 of 8 GPUs in use'],
        ['gpu-1', 1, 7, '1 of 8 GPUs in use'],
        ['cpu-0', 0, 0, null],
      ],
    );
  });

  it('never reports negative free GPUs when a node is overcommitted (allocatable shrank)', () => {
    const g = nodeGpus(gpuNode('gpu-0', 2), [pod('a', { gpus: 4, node: 'gpu-0' })]);
    assert.equal(g.free, 0);
    assert.equal(gpuUsageText(g), '4 of 2 GPUs in use');
    assert.equal(gpuUsageText(nodeGpus(gpuNode('one', 1), [])), '0 of 1 GPU in use');
  });
});

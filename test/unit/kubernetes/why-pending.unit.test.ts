import * as assert from 'node:assert/strict';
import { explainPending } from '../../../src/core/kubernetes/why-pending';
import { cpuNode, failedScheduling, gpuNode, pod } from './fixtures';

describe('core/kubernetes/why-pending', () => {
  const nodes = [gpuNode('gpu-0'), gpuNode('gpu-1'), cpuNode('cpu-0')];
  const running = [pod('a', { gpus: 1, node: 'gpu-0', tolerate: true }), pod('b', { gpus: 3, node: 'gpu-1', tolerate: true })];
  const schedulerText = '0/3 nodes are available: 1 node(s) didn\'t match Pod\'s node affinity/selector, 2 Insufficient nvidia.com/gpu.';

  it('a 9-GPU pod: insufficient nvidia.com/gpu, listing how many each GPU node has free, and the scheduler\'s words', () => {
    const big = pod('too-big', { gpus: 9, tolerate: true });
    const e = explainPending({ pod: big, events: [failedScheduling('too-big', schedulerText)], nodes, pods: [...running, big] });
    assert.deepEqual(e.reasons.map((r) => r.kind), ['gpu', 'scheduler']);
    assert.equal(e.reasons[0]?.text, 'Insufficient nvidia.com/gpu: the pod asks for 9, but no node has that many free. gpu-0 has 7 free of 8; gpu-1 has 5 free of 8.');
    assert.equal(e.reasons[1]?.text, `The scheduler says: ${schedulerText}`);
    assert.match(e.summary, /^Pod too-big is Pending\. Insufficient nvidia\.com\/gpu/);
  });

  it('untolerated taints, grouped by taint, and nodeSelector mismatches', () => {
    const p = pod('no-toleration', { gpus: 1 });
    p.spec!.nodeSelector = { 'mlc.test/pool': 'gpu' };
    const e = explainPending({ pod: p, events: [], nodes, pods: running });
    assert.deepEqual(
      e.reasons.map((r) => r.text),
      [
        '2 nodes have the taint nvidia.com/gpu=present:NoSchedule, which the pod does not tolerate: gpu-0, gpu-1.',
        '1 node lacks the label mlc.test/pool=gpu required by the pod\'s nodeSelector: cpu-0.',
      ],
    );
  });

  it('unbound and missing PersistentVolumeClaims', () => {
    const p = pod('with-data', { tolerate: true });
    p.spec!.volumes = [
      { name: 'data', persistentVolumeClaim: { claimName: 'datasets' } },
      { name: 'ckpt', persistentVolumeClaim: { claimName: 'checkpoints' } },
      { name: 'ok', persistentVolumeClaim: { claimName: 'bound' } },
    ];
    const pvcs = [
      { metadata: { name: 'datasets' }, status: { phase: 'Pending' }, spec: { storageClassName: 'fast' } },
      { metadata: { name: 'bound' }, status: { phase: 'Bound' } },
    ];
    const e = explainPending({ pod: p, events: [], nodes: [cpuNode('cpu-0')], pods: [], pvcs });
    assert.deepEqual(
      e.reasons.filter((r) => r.kind === 'pvc').map((r) => r.text),
      ['PersistentVolumeClaim datasets is not bound (Pending); check storage class fast.', 'PersistentVolumeClaim checkpoints (volume ckpt) does not exist.'],
    );
  });

  it('a scheduled pod that cannot pull its image', () => {
    const p = pod('bad-image', { node: 'cpu-0', phase: 'Pending', ready: false });
    p.status!.containerStatuses = [{ name: 'main', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"' } } }];
    const e = explainPending({ pod: p, events: [], nodes, pods: [] });
    assert.deepEqual(e.reasons, [{ kind: 'image', text: 'Container main cannot pull its image (ImagePullBackOff): Back-off pulling image "nope:1".' }]);
    const fromEvent = pod('bad-image-2', { node: 'cpu-0', phase: 'Pending', ready: false });
    const ev = { reason: 'Failed', message: 'Failed to pull image "nope:1": not found', involvedObject: { name: 'bad-image-2' } };
    assert.equal(explainPending({ pod: fromEvent, events: [ev], nodes, pods: [] }).reasons[0]?.text, 'Image pull failed: Failed to pull image "nope:1": not found');
  });

  it('a pod that is not Pending, or that nothing blocks', () => {
    assert.equal(explainPending({ pod: running[0]!, events: [], nodes, pods: running }).summary, 'Pod a is Running, not Pending.');
    const fits = pod('fits', { tolerate: true });
    assert.deepEqual(explainPending({ pod: fits, events: [], nodes: [cpuNode('cpu-0')], pods: [] }).reasons.map((r) => r.kind), ['unknown']);
  });

  it('uses the most recent FailedScheduling event', () => {
    const big = pod('too-big', { gpus: 9, tolerate: true });
    const old = { ...failedScheduling('too-big', 'old words'), lastTimestamp: '2026-11-28T09:00:00Z' };
    const e = explainPending({ pod: big, events: [old, failedScheduling('too-big', 'new words')], nodes, pods: [] });
    assert.equal(e.reasons.at(-1)?.text, 'The scheduler says: new words');
  });
});

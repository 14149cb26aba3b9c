import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

// Azure/AKS end-to-end-AI-codelabs/kueue-gpu-inference-autoscaling: its ResourceFlavor sends the pods to the AKS GPU
// pool (agentpool: gpupool) with a toleration for the pool's sku=gpu:NoSchedule taint.
const flavor = (spec: readonly string[]) => ['apiVersion: kueue.x-k8s.io/v1beta2', 'kind: ResourceFlavor', 'metadata:', '  name: gpu-inference', 'spec:', ...spec].join('\n');
const poolFlavor = ['  nodeLabels:', '    agentpool: gpupool', '  tolerations:', '    - {key: sku, operator: Equal, value: gpu, effect: NoSchedule}'];
const clusterQueue = (covered: string) =>
  [
    'apiVersion: kueue.x-k8s.io/v1beta2',
    'kind: ClusterQueue',
    'metadata:',
    '  name: gpu-inference-cluster-queue',
    'spec:',
    '  resourceGroups:',
    `    - coveredResources: [cpu, memory, ${covered}]`,
    '      flavors:',
    '        - name: gpu-inference',
    '          resources: [{name: cpu, nominalQuota: "12"}]',
  ].join('\n');
const localQueue = ['apiVersion: kueue.x-k8s.io/v1beta2', 'kind: LocalQueue', 'metadata:', '  name: gpu-inference', '  namespace: gpu-inference', 'spec:', '  clusterQueue: gpu-inference-cluster-queue'].join('\n');
const job = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: inference',
  '  namespace: gpu-inference',
  '  labels: {kueue.x-k8s.io/queue-name: gpu-inference}',
  'spec:',
  '  template:',
  '    spec:',
  '      restartPolicy: Never',
  '      containers:',
  '        - name: vllm',
  '          image: vllm/vllm-openai:v0.10.1',
  '          resources: {limits: {nvidia.com/gpu: 1}}',
].join('\n');

const mlk409 = (...documents: string[]) => lintManifest(`${documents.join('\n---\n')}\n`).findings.filter((f) => f.ruleId === 'MLK409');

describe('MLK409: a Kueue flavor for a tainted GPU pool brings its toleration', () => {
  it('is silent when the queue’s flavor selects the pool and tolerates its NoSchedule taint, whatever the key', () => {
    assert.deepEqual(mlk409(flavor(poolFlavor), clusterQueue('nvidia.com/gpu'), localQueue, job), []);
  });

  it('still reports when the flavor selects no nodes, tolerates no NoSchedule taint, or gives no GPU quota', () => {
    assert.equal(mlk409(flavor(poolFlavor.slice(2)), clusterQueue('nvidia.com/gpu'), localQueue, job).length, 1);
    assert.equal(mlk409(flavor([...poolFlavor.slice(0, 3), '    - {key: sku, operator: Equal, value: gpu, effect: PreferNoSchedule}']), clusterQueue('nvidia.com/gpu'), localQueue, job).length, 1);
    assert.equal(mlk409(flavor(poolFlavor), clusterQueue('example.com/fpga'), localQueue, job).length, 1);
  });

  it('still reports a job that names no queue', () => {
    assert.equal(mlk409(flavor(poolFlavor), clusterQueue('nvidia.com/gpu'), localQueue, job.replace('kueue.x-k8s.io/queue-name', 'app')).length, 1);
  });
});

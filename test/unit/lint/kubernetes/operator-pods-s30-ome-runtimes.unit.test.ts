import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas, objectOf, ruleIds } from './support';

/** Role and container names of each pod the object model reads. */
const pods = (text: string) => objectOf(text).podSpecs.map((p) => `${p.role ?? ''}: ${p.containers.map((c) => c.name ?? '?').join(', ')}`);

const messages = (text: string, ruleId: string) => lintManifest(text, { schemas: fixtureSchemas() }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

// After sgl-project/ome config/runtimes/vllm/deepseek-v3-rdma-rt.yaml: the legacy, KServe-like layout.
const legacy = [
  'apiVersion: ome.io/v1beta1',
  'kind: ClusterServingRuntime',
  'metadata: {name: vllm-ray-multi-node-rdma}',
  'spec:',
  '  disabled: false',
  '  annotations: {prometheus.io/scrape: "true"}',
  '  labels: {logging-forward: enabled}',
  '  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]',
  '  dnsPolicy: ClusterFirstWithHostNet',
  '  hostNetwork: true',
  '  pipelineParallelism: true',
  '  modelSizeRange: {min: 650B, max: 700B}',
  '  supportedModelFormats:',
  '    - modelFormat: {name: safetensors, version: "1"}',
  '      modelArchitecture: DeepseekV3ForCausalLM',
  '  protocolVersions: [openAI]',
  '  volumes:',
  '    - {name: dshm, emptyDir: {medium: Memory, sizeLimit: 64Gi}}',
  '    - {name: devinf, hostPath: {path: /dev/infiniband}}',
  '  containers:',
  '    - name: ome-container',
  '      image: vllm/vllm-openai:v0.8.5',
  '      args: ["--model", "$(MODEL_PATH)", "--port", "8080", "--tensor-parallel-size", "8"]',
  '      env: [{name: NCCL_IB_HCA, value: "=mlx5_0,mlx5_1"}]',
  '      volumeMounts:',
  '        - {name: dshm, mountPath: /dev/shm}',
  '        - {name: devinf, mountPath: /dev/infiniband}',
  '      resources:',
  '        requests: {cpu: 64, memory: 216Gi, nvidia.com/gpu: 8}',
  '        limits: {cpu: 64, memory: 216Gi, nvidia.com/gpu: 8}',
  '      securityContext:',
  '        capabilities: {add: [IPC_LOCK, CAP_SYS_ADMIN]}',
  '        privileged: true',
  '      readinessProbe: {httpGet: {path: /health, port: 8080}}',
  '      startupProbe: {httpGet: {path: /health, port: 8080}, periodSeconds: 10, failureThreshold: 60}',
  '  workers:',
  '    size: 1',
  '    containers:',
  '      - name: ome-container',
  '        image: vllm/vllm-openai:v0.8.5',
  '',
].join('\n');

// After sgl-project/ome config/runtimes/srt/deepseek-rdma-pd-rt.yaml: the current layout, with multi-node components.
const current = [
  'apiVersion: ome.io/v1beta1',
  'kind: ClusterServingRuntime',
  'metadata: {name: srt-deepseek-rdma-pd}',
  'spec:',
  '  supportedModelFormats:',
  '    - modelFormat: {name: safetensors, version: "1.0.0"}',
  '  protocolVersions: [openAI]',
  '  engineConfig:',
  '    annotations:',
  '      rdma.ome.io/auto-inject: "true"',
  '      rdma.ome.io/profile: oci-roce',
  '    minReplicas: 1',
  '    leader:',
  '      hostNetwork: true',
  '      runner:',
  '        name: ome-container',
  '        image: docker.io/lmsysorg/sglang:v0.4.8.post1-cu126',
  '        resources: {limits: {nvidia.com/gpu: 8}}',
  '    worker:',
  '      size: 1',
  '      hostNetwork: true',
  '      runner:',
  '        name: ome-container',
  '        image: docker.io/lmsysorg/sglang:v0.4.8.post1-cu126',
  '        resources: {limits: {nvidia.com/gpu: 8}}',
  '  routerConfig:',
  '    runner:',
  '      name: router',
  '      image: ghcr.io/example/sgl-router:0.1.9',
  '      args: ["--service-discovery"]',
  '      resources: {limits: {cpu: "1", memory: 2Gi}}',
  '',
].join('\n');

describe('OME ServingRuntime and ClusterServingRuntime (s30): both layouts are read', () => {
  it('reads the legacy layout as KServe’s: `spec` is the runtime pod, `spec.workers` the worker pod', () => {
    assert.equal(objectOf(legacy).workload, 'serving');
    assert.deepEqual(pods(legacy), ['runtime: ome-container', 'worker: ome-container']);
    assert.deepEqual(pods(legacy.replace('kind: ClusterServingRuntime', 'kind: ServingRuntime')), ['runtime: ome-container', 'worker: ome-container']);
  });

  it('reads the current layout’s component configs; a multi-node component’s pods are its leader and worker', () => {
    assert.deepEqual(pods(current), ['engine leader: ome-container', 'engine worker: ome-container', 'router: router']);
    const single = current.replace('    leader:\n      hostNetwork: true\n      runner:', '    runner:');
    assert.ok(pods(single).includes('engine: ome-container'));
  });

  it('keeps KServe’s `workerSpec` to KServe, and OME’s `workers` to OME', () => {
    const kserve = legacy.replace('apiVersion: ome.io/v1beta1', 'apiVersion: serving.kserve.io/v1alpha1');
    assert.deepEqual(pods(kserve), ['runtime: ome-container']);
    const omeWithWorkerSpec = legacy.replace('  workers:', '  workerSpec:');
    assert.deepEqual(pods(omeWithWorkerSpec), ['runtime: ome-container']);
  });

  it('OME’s own fields beside the pod specs are no schema violation; a typo inside a pod field still is', () => {
    assert.deepEqual(messages(legacy, 'MLK002'), []);
    assert.deepEqual(messages(current, 'MLK002'), []);
    const typo = messages(current.replace('      size: 1\n', '      size: 1\n      tolerations: [{keyy: dedicated, operator: Exists}]\n'), 'MLK002');
    assert.equal(typo.length, 1);
    assert.match(typo[0] ?? '', /keyy/);
  });

  it('a privileged GPU runtime is reported; OME’s own ServiceAccount and node-stored base model are not', () => {
    const ids = ruleIds(legacy);
    assert.ok(ids.includes('MLK418'), ids.join(' '));
    assert.ok(ids.includes('MLK105'), ids.join(' '));
    assert.ok(!ids.includes('MLK120') && !ids.includes('MLK419'), ids.join(' '));
    assert.ok(!ruleIds(current).includes('MLK120'));
  });
});

describe('RDMA pods without a device plugin (s30)', () => {
  it('MLK108: a pod that mounts the node’s InfiniBand devices by hostPath is an RDMA pod', () => {
    assert.deepEqual(messages(legacy, 'MLK108'), []);
    const withoutDevices = legacy.replace('        - {name: devinf, mountPath: /dev/infiniband}\n', '');
    assert.equal(messages(withoutDevices, 'MLK108').length, 1);
  });

  it('MLK108: an OME component whose pods OME’s webhook gives the RDMA devices (rdma.ome.io/auto-inject) is an RDMA pod', () => {
    assert.deepEqual(messages(current, 'MLK108'), []);
    const withoutInjection = current.replace('      rdma.ome.io/auto-inject: "true"\n', '');
    assert.equal(messages(withoutInjection, 'MLK108').length, 2);
  });

  it('MLK112 on /dev/infiniband says to request the RDMA device from a device plugin, not to narrow the path', () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: nccl-test}',
      'spec:',
      '  containers:',
      '    - name: nccl',
      '      image: nvcr.io/nvidia/pytorch:24.08-py3',
      '      resources: {limits: {nvidia.com/gpu: 8}}',
      '      volumeMounts: [{name: devinf, mountPath: /dev/infiniband}]',
      '  volumes:',
      '    - {name: devinf, hostPath: {path: /dev/infiniband/}}',
      '',
    ].join('\n');
    for (const text of [pod, legacy]) {
      const [message] = messages(text, 'MLK112');
      assert.ok(message !== undefined);
      assert.match(message, /InfiniBand devices \(\/dev\/infiniband\)/);
      assert.match(message, /request the RDMA device through a device plugin \(an rdma\/… resource/);
      assert.doesNotMatch(message, /specific path/);
    }
  });

  it('MLK112 on /dev/infiniband beside an RDMA resource request says the request already brings the devices', () => {
    const requested = legacy.replace('limits: {cpu: 64, memory: 216Gi, nvidia.com/gpu: 8}', 'limits: {cpu: 64, memory: 216Gi, nvidia.com/gpu: 8, rdma/hca_shared_devices_a: 1}');
    const [message] = messages(requested, 'MLK112');
    assert.match(message ?? '', /its rdma\/hca_shared_devices_a request already brings the RDMA devices, so remove the hostPath/);
  });
});

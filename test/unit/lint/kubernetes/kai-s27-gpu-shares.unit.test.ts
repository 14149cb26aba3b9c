import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { kaiShareContainer } from '../../../../src/core/lint/kubernetes/gpu-sharing-schedulers';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf } from './support';

const messages = (text: string, id: string, config?: MlcConfig) =>
  lintManifest(text, config ? { config } : {})
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);

/** A bare Pod scheduled by KAI Scheduler with these annotations, tolerations and container lines. */
function kaiPod(options: { annotations: string; tolerations?: string; containers: readonly string[] }): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: share',
    `  annotations: {${options.annotations}}`,
    'spec:',
    '  schedulerName: kai-scheduler',
    '  restartPolicy: Never',
    ...(options.tolerations !== undefined ? [`  tolerations: ${options.tolerations}`] : []),
    '  containers:',
    ...options.containers.map((l) => `    ${l}`),
    '',
  ].join('\n');
}

const training = ['- name: train', '  image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime', '  command: ["python", "train.py"]'];
const tolerated = '[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]';

describe('KAI Scheduler GPU shares in container-level rules', () => {
  it('the share goes to the first app container, or the init or app container gpu-fraction-container-name names', () => {
    const named = (annotations: string) => {
      const obj = objectOf(kaiPod({ annotations, containers: ['- {name: main, image: registry.example/a:1}', '- {name: side, image: registry.example/b:1}'] }).replace('  containers:', '  initContainers:\n    - {name: init, image: registry.example/c:1}\n  containers:'));
      const pod = obj.podSpecs[0];
      assert.ok(pod);
      return kaiShareContainer(obj.view, pod)?.name;
    };
    assert.equal(named('gpu-fraction: "0.5"'), 'main');
    assert.equal(named('gpu-fraction: "0.5", gpu-fraction-container-name: side'), 'side');
    assert.equal(named('gpu-fraction: "0.5", gpu-fraction-container-name: init'), 'init');
    assert.equal(named('gpu-fraction: "0.5", gpu-fraction-container-name: nowhere'), undefined);
  });

  it('MLK405: training on a share of one GPU breaks DataLoader workers, not NCCL (no collective runs between GPUs)', () => {
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', tolerations: tolerated, containers: training }), 'MLK405'), [
      'container "train" gets the default 64 MB /dev/shm, which breaks DataLoader workers (they pass batches through /dev/shm); mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm.',
    ]);
  });

  it('MLK405: the container gpu-fraction-container-name names is the GPU one, not the first', () => {
    const containers = ['- {name: proxy, image: registry.example/proxy:1, command: ["python", "proxy.py"]}', ...training];
    const [finding] = lintManifest(kaiPod({ annotations: 'gpu-memory: "8000", gpu-fraction-container-name: train', tolerations: tolerated, containers })).findings.filter((f) => f.ruleId === 'MLK405');
    assert.equal(finding?.range.start.line, 12);
    assert.match(finding?.message ?? '', /^container "train" /);
  });

  it('MLK405: vLLM on a share of one GPU runs one worker; on shares of two GPUs with --tensor-parallel-size 2 it needs /dev/shm', () => {
    const vllm = (args: string) => ['- name: vllm', '  image: vllm/vllm-openai:v0.8.5', `  args: [${args}]`];
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', tolerations: tolerated, containers: vllm('"--model", "Qwen/Qwen2.5-0.5B-Instruct"') }), 'MLK405'), []);
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', tolerations: tolerated, containers: vllm('"--model", "m", "--tensor-parallel-size", "2"') }), 'MLK405').length, 1, 'the pod asks for two GPUs on one share: vLLM fails anyway, and the message may say why');
    const [message] = messages(kaiPod({ annotations: 'gpu-fraction: "0.5", gpu-fraction-num-devices: "2"', tolerations: tolerated, containers: vllm('"--model", "m", "--tensor-parallel-size", "2"') }), 'MLK405');
    assert.match(message ?? '', /which breaks vLLM's tensor parallelism \(NCCL and PyTorch pass data between its per-GPU worker processes through \/dev\/shm\)/);
  });

  it('MLK405: not without kai-scheduler, nor for a container that only lists the GPU or sleeps on a plain OS image', () => {
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', containers: training }).replace('  schedulerName: kai-scheduler\n', ''), 'MLK405'), []);
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', tolerations: tolerated, containers: ['- {name: smi, image: "nvidia/cuda:13.0.2-base-ubi8", command: ["nvidia-smi"], args: ["-L"]}'] }), 'MLK405'), []);
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', tolerations: tolerated, containers: ['- {name: sleep, image: busybox, args: ["sh", "-c", "sleep infinity"]}'] }), 'MLK405'), []);
  });

  it('MLK409: a share asks for no nvidia.com/gpu, so neither the admission plugin nor GKE adds the toleration', () => {
    const expected = [
      "This pod's GPU share comes from its gpu-fraction annotation (KAI Scheduler), and the ExtendedResourceToleration admission plugin and GKE add the nvidia.com/gpu toleration only to pods that request GPUs in resources.limits, so it stays Pending on GPU node pools tainted nvidia.com/gpu; add a toleration for nvidia.com/gpu.",
    ];
    const text = kaiPod({ annotations: 'gpu-fraction: "0.5"', containers: training });
    assert.deepEqual(messages(text, 'MLK409'), expected);
    const plugin = emptyConfig();
    plugin.cluster.extendedResourceToleration = true;
    assert.deepEqual(messages(text, 'MLK409', plugin), expected, 'the plugin adds nothing for an annotation');
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', tolerations: tolerated, containers: training }), 'MLK409'), []);
  });

  it('MLK409: KAI shares NVIDIA GPUs, so an AMD taint is not for its pods', () => {
    const amd = emptyConfig();
    amd.cluster.gpuTaintKey = 'amd.com/gpu';
    assert.deepEqual(messages(kaiPod({ annotations: 'gpu-fraction: "0.5"', containers: training }), 'MLK409', amd), []);
  });

  it('MLK411: CUDA_VISIBLE_DEVICES=0 remaps within the one shared GPU; another index leaves the share behind', () => {
    const withCuda = (value: string) => kaiPod({ annotations: 'gpu-fraction: "0.25"', tolerations: tolerated, containers: ['- name: app', '  image: registry.example/app:1', `  env: [{name: CUDA_VISIBLE_DEVICES, value: "${value}"}]`] });
    assert.deepEqual(messages(withCuda('0'), 'MLK411'), []);
    assert.deepEqual(messages(withCuda('1'), 'MLK411'), [
      "container \"app\" sets CUDA_VISIBLE_DEVICES to \"1\", but the container is given a share of 1 GPU, which it sees as index 0 (numbered from 0 within the allocation, not across the node): CUDA finds no device 1 and stops there, so the container's processes see no GPU at all; remove it and let KAI Scheduler's share decide.",
    ]);
  });
});

import * as assert from 'node:assert/strict';
import { acceleratorLimit, podRequestsAccelerator } from '../../../../src/core/lint/kubernetes/gpu';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { defaultClusterProfile } from '../../../../src/core/lint/kubernetes/settings';
import { objectOf } from './support';

const findings = (text: string, id: string) => lintManifest(text).findings.filter((f) => f.ruleId === id);

/** A training pod whose one container has these `limits` lines. */
function pod(limits: readonly string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  restartPolicy: Never',
    '  containers:',
    '  - name: c',
    '    image: nvidia/cuda:12.4.1-base-ubuntu22.04',
    '    command: ["python3", "train.py"]',
    '    resources:',
    '      limits:',
    ...limits.map((l) => `        ${l}`),
    '',
  ].join('\n');
}

function gpusOf(text: string): number {
  const obj = objectOf(text);
  const c = obj.podSpecs[0]?.containers[0];
  assert.ok(c);
  return acceleratorLimit(obj.view, c, defaultClusterProfile());
}

describe('Koordinator DeviceShare resources are GPU shares, not unknown accelerators', () => {
  it('MLK404 leaves gpu-core, gpu-memory-ratio, gpu-memory, gpu.shared and koordinator.sh/gpu alone', () => {
    assert.deepEqual(findings(pod(['koordinator.sh/gpu-core: 50', 'koordinator.sh/gpu-memory-ratio: 50']), 'MLK404'), []);
    assert.deepEqual(findings(pod(['koordinator.sh/gpu.shared: 1', 'koordinator.sh/gpu-memory: 4Gi']), 'MLK404'), []);
    assert.deepEqual(findings(pod(['koordinator.sh/gpu: 50']), 'MLK404'), []);
  });

  it('a misspelt Koordinator name is rewritten to Koordinator’s own, not to nvidia.com/gpu.shared', () => {
    const [typo] = findings(pod(['koordinator.sh/gpu-cores: 50', 'koordinator.sh/gpu-memory-ratio: 50']), 'MLK404');
    assert.equal(typo?.fix?.edits[0]?.newText, 'koordinator.sh/gpu-core');
  });

  it('the container shares as many GPUs as gpu.shared says, else whole hundreds of a percentage, else one', () => {
    assert.equal(gpusOf(pod(['koordinator.sh/gpu-core: 50', 'koordinator.sh/gpu-memory-ratio: 50'])), 1);
    assert.equal(gpusOf(pod(['koordinator.sh/gpu-core: 200', 'koordinator.sh/gpu-memory-ratio: 200'])), 2);
    assert.equal(gpusOf(pod(['koordinator.sh/gpu.shared: 2', 'koordinator.sh/gpu-core: 100', 'koordinator.sh/gpu-memory-ratio: 100'])), 2);
    assert.equal(gpusOf(pod(['koordinator.sh/gpu.shared: 1', 'koordinator.sh/gpu-memory: 4Gi'])), 1);
    assert.equal(gpusOf(pod(['koordinator.sh/gpu: 50'])), 1);
    assert.equal(gpusOf(pod(['koordinator.sh/rdma: 100'])), 0, 'an RDMA share is no GPU');
  });

  it('such a pod is a GPU workload (MLK405 asks for its /dev/shm), as with nvidia.com/gpu', () => {
    assert.equal(findings(pod(['koordinator.sh/gpu-core: 50', 'koordinator.sh/gpu-memory-ratio: 50']), 'MLK405').length, 1);
    assert.equal(findings(pod(['cpu: 1']), 'MLK405').length, 0);
  });
});

/** A Deployment whose template (or object) metadata carries `annotations`, with `schedulerName` when given. */
function kaiDeployment(options: { templateAnnotations?: string; objectAnnotations?: string; schedulerName?: string }): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: share',
    ...(options.objectAnnotations !== undefined ? [`  annotations: {${options.objectAnnotations}}`] : []),
    'spec:',
    '  selector: {matchLabels: {app: share}}',
    '  template:',
    '    metadata:',
    '      labels: {app: share, kai.scheduler/queue: default-queue}',
    ...(options.templateAnnotations !== undefined ? [`      annotations: {${options.templateAnnotations}}`] : []),
    '    spec:',
    ...(options.schedulerName !== undefined ? [`      schedulerName: ${options.schedulerName}`] : []),
    '      containers:',
    '        - name: serve',
    '          image: vllm/vllm-openai:v0.8.5',
    '',
  ].join('\n');
}

function requestsGpu(text: string): boolean {
  const obj = objectOf(text);
  const p = obj.podSpecs[0];
  assert.ok(p);
  return podRequestsAccelerator(obj.view, p, defaultClusterProfile());
}

describe('KAI Scheduler GPU sharing: the gpu-fraction or gpu-memory annotation of a kai-scheduler pod', () => {
  it('a pod template annotated gpu-fraction or gpu-memory, scheduled by kai-scheduler, runs a GPU workload', () => {
    assert.equal(requestsGpu(kaiDeployment({ templateAnnotations: 'gpu-fraction: "0.5"', schedulerName: 'kai-scheduler' })), true);
    assert.equal(requestsGpu(kaiDeployment({ templateAnnotations: 'gpu-memory: "2000"', schedulerName: 'kai-scheduler' })), true);
  });

  it('not when another scheduler ignores the annotation, when it sits on the Deployment, not the template, or asks for nothing', () => {
    assert.equal(requestsGpu(kaiDeployment({ templateAnnotations: 'gpu-fraction: "0.5"' })), false);
    assert.equal(requestsGpu(kaiDeployment({ objectAnnotations: 'gpu-fraction: "0.5"', schedulerName: 'kai-scheduler' })), false);
    assert.equal(requestsGpu(kaiDeployment({ templateAnnotations: 'gpu-fraction: "0"', schedulerName: 'kai-scheduler' })), false);
  });

  it('a bare Pod carries the annotation in its own metadata (KAI’s gpu-sharing.yaml)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: gpu-sharing\n  labels: {kai.scheduler/queue: default-queue}\n  annotations: {gpu-fraction: "0.5"}\nspec:\n  schedulerName: kai-scheduler\n  tolerations: [{key: nvidia.com/gpu, operator: Exists}]\n  containers:\n    - name: gpu-workload\n      image: nvidia/cuda:13.0.2-base-ubi8\n      command: ["nvidia-smi"]\n';
    assert.equal(requestsGpu(text), true);
    assert.deepEqual(findings(text, 'MLK410'), [], 'it tolerates the GPU taint for the GPU share it gets');
  });
});

describe('MLK410 knows the GPU node labels of GPU feature discovery and CoreWeave', () => {
  const selecting = (selector: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {${selector}}\n  containers:\n    - name: c\n      image: registry.example/x:1\n`;
  it('a pod pinned by one of them without a GPU request is reported', () => {
    for (const label of ['nvidia.com/gpu.family: hopper', 'nvidia.com/gpu.count: "8"', 'nvidia.com/gpu.memory: "81559"', 'nvidia.com/gpu.machine: DGX-H100', 'gpu.nvidia.com/class: A100_NVLINK_80GB', 'gpu.nvidia.com/model: H100_NVLINK_80GB', 'gpu.nvidia.com/vram: "80"']) {
      assert.equal(findings(selecting(label), 'MLK410').length, 1, label);
    }
  });

  it('not a pod kept off GPU nodes by them, nor one asking for a GPU', () => {
    assert.deepEqual(findings(selecting('nvidia.com/gpu.present: "false"'), 'MLK410'), []);
    assert.deepEqual(findings(selecting('nvidia.com/gpu.count: "0"'), 'MLK410'), []);
    const affinity = (operator: string, values: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: nvidia.com/gpu.present, operator: ${operator}${values}}\n  containers:\n    - name: c\n      image: registry.example/x:1\n`;
    assert.deepEqual(findings(affinity('In', ', values: ["false"]'), 'MLK410'), []);
    assert.deepEqual(findings(affinity('NotIn', ', values: ["true"]'), 'MLK410'), []);
    assert.equal(findings(affinity('In', ', values: ["true"]'), 'MLK410').length, 1);
  });
});

describe('MLK003 on an HPA’s scaleTargetRef', () => {
  const hpa = (apiVersion: string) =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef:\n    apiVersion: ${apiVersion}\n    kind: Deployment\n    name: app\n  minReplicas: 1\n  maxReplicas: 4\n`;
  it('a kind its group no longer serves is reported with a fix to apps/v1', () => {
    const [f] = findings(hpa('extensions/v1beta1'), 'MLK003');
    assert.equal(f?.range.start.line, 6);
    assert.match(f?.message ?? '', /^This HPA's scaleTargetRef names Deployment in extensions\/v1beta1, which Kubernetes 1\.16 removed, .* the HPA controller finds no such target and never scales it; use apps\/v1\.$/);
    assert.equal(f?.fix?.edits[0]?.newText, 'apps/v1');
  });

  it('apps/v1beta1 still finds the apps group’s Deployment: the controller maps by group and kind', () => {
    assert.deepEqual(findings(hpa('apps/v1beta1'), 'MLK003'), []);
    assert.deepEqual(findings(hpa('apps/v1'), 'MLK003'), []);
  });
});

describe('MLK304 claims no model download for llama.cpp loading its GGUF from a claim', () => {
  const llama = (volume: string) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: bonsai}',
      'spec:',
      '  selector: {matchLabels: {app: bonsai}}',
      '  template:',
      '    metadata: {labels: {app: bonsai}}',
      '    spec:',
      '      containers:',
      '        - name: llama',
      '          image: ghcr.io/ggml-org/llama.cpp:server-cuda',
      '          args: ["-m", "/model/Ternary-Bonsai-8B-Q2_0.gguf", "--host", "0.0.0.0", "--port", "8080"]',
      '          resources: {limits: {nvidia.com/gpu: 1}}',
      '          volumeMounts: [{name: model, mountPath: /model, readOnly: true}]',
      '      volumes:',
      `        - name: model`,
      `          ${volume}`,
      '',
    ].join('\n');
  it('-m on a mounted claim: what it writes fills the disk, not a download', () => {
    const [f] = findings(llama('persistentVolumeClaim: {claimName: bonsai-model, readOnly: true}'), 'MLK304');
    assert.match(f?.message ?? '', /so what it writes to its filesystem \(logs, caches, temporary files\) can fill the node disk/);
  });

  it('-m on an emptyDir (filled by a download at start) keeps the download wording', () => {
    const [f] = findings(llama('emptyDir: {}'), 'MLK304');
    assert.match(f?.message ?? '', /so a model download into its filesystem can fill the node disk/);
  });
});

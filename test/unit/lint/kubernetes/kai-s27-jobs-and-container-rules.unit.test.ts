import * as assert from 'node:assert/strict';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const messages = (text: string, id: string, config?: MlcConfig) =>
  lintManifest(text, config ? { config } : {})
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);

/** The pod template's metadata and spec for these annotations and container lines: a KAI share, or (`annotations` empty) none. */
function template(annotations: string, containers: readonly string[], kai = true): string[] {
  return [
    '  template:',
    '    metadata:',
    ...(kai ? ['      labels: {kai.scheduler/queue: default-queue}'] : []),
    `      annotations: {${annotations}}`,
    '    spec:',
    ...(kai ? ['      schedulerName: kai-scheduler'] : []),
    '      restartPolicy: Never',
    '      containers:',
    ...containers.map((l) => `        ${l}`),
  ];
}

/** A batch Job (one pod at a time) whose template has these annotations and containers. */
function job(annotations: string, containers: readonly string[], kai = true): string {
  return ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: run', 'spec:', '  backoffLimit: 2', ...template(annotations, containers, kai), ''].join('\n');
}

/** A Deployment whose template has these annotations and containers. */
function deployment(annotations: string, containers: readonly string[]): string {
  return ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  selector: {matchLabels: {app: app}}', ...template(annotations, containers).filter((l) => l !== '      restartPolicy: Never'), ''].join('\n');
}

const training = ['- name: train', '  image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime', '  command: ["python", "train.py"]'];
const withGpuLimit = (lines: readonly string[]) => [...lines, '  resources: {limits: {nvidia.com/gpu: 1}}'];

describe('KAI Scheduler GPU shares in Job and container rules', () => {
  it('MLK414: a training Job on a share of one GPU is one run on one GPU, not a device check', () => {
    const [message] = messages(job('gpu-fraction: "0.5"', training), 'MLK414');
    assert.equal(message, 'This GPU Job has no activeDeadlineSeconds, so a hung run can hold its GPU indefinitely; set a deadline a little above the expected run time.');
    assert.deepEqual(messages(job('', withGpuLimit(training), false), 'MLK414'), [message]);
  });

  it('MLK414: a share spread over two GPUs (gpu-fraction-num-devices) is not one accelerator', () => {
    const [message] = messages(job('gpu-fraction: "0.5", gpu-fraction-num-devices: "2"', training), 'MLK414');
    assert.match(message ?? '', /collective can hold the GPUs indefinitely/);
  });

  it('MLK414: a device check on a share still reads as one', () => {
    const check = ['- name: check', '  image: nvidia/cuda:12.4.1-base-ubuntu22.04', '  command: ["nvidia-smi"]'];
    assert.match(messages(job('gpu-fraction: "0.5"', check), 'MLK414')[0] ?? '', /a device check that hangs on a wedged GPU or driver/);
  });

  it('MLK414: the annotation without kai-scheduler asks for no GPU, so the Job is no GPU job', () => {
    assert.deepEqual(messages(job('gpu-fraction: "0.5"', training, false), 'MLK414'), []);
  });

  it('MLK104 and MLK304: the container holding the share is read as a GPU container, as with a GPU limit', () => {
    const ranker = ['- name: ranker', '  image: registry.example/ranker:2.1', '  command: ["/app/serve", "--port", "8080", "--model", "BAAI/bge-reranker-base"]'];
    const onShare = deployment('gpu-fraction: "0.5"', ranker);
    const onLimit = deployment('', withGpuLimit(ranker));
    assert.deepEqual(messages(onShare, 'MLK104'), [
      'container "ranker" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at /tmp and the model cache (e.g. /root/.cache/huggingface).',
    ]);
    assert.deepEqual(messages(onShare, 'MLK104'), messages(onLimit, 'MLK104'));
    assert.deepEqual(messages(onShare, 'MLK304'), [
      'container "ranker" has no ephemeral-storage request or limit, so a model download into its filesystem can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.',
    ]);
    assert.deepEqual(messages(onShare, 'MLK304'), messages(onLimit, 'MLK304'));
  });

  it('MLK423: a GPU metrics exporter on a share belongs on every GPU type; a server on one picks none', () => {
    const config = emptyConfig();
    config.cluster.gpuProducts = ['NVIDIA-H100-80GB-HBM3', 'NVIDIA-A100-SXM4-80GB'];
    config.rules.MLK423 = { severity: 'on' };
    const exporter = ['- name: dcgm-exporter', '  image: nvcr.io/nvidia/k8s/dcgm-exporter:4.6.1-4.8.4-distroless'];
    const server = ['- name: tei', '  image: ghcr.io/huggingface/text-embeddings-inference:1.8'];
    assert.deepEqual(messages(deployment('gpu-memory: "1024"', exporter), 'MLK423', config), []);
    assert.equal(messages(deployment('gpu-memory: "1024"', server), 'MLK423', config).length, 1);
  });
});

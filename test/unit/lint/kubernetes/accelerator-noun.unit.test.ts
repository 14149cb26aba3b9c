import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const job = (resource: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: train}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: train
          image: registry.example/train:1
          resources:
            limits: {${resource}: 4}
`;

const deployment = (resource: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: serve}
spec:
  replicas: 1
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector: {matchLabels: {app: serve}}
  template:
    metadata: {labels: {app: serve}}
    spec:
      containers:
        - name: serve
          image: registry.example/serve:1
          resources:
            limits: {${resource}: 8}
`;

const message = (text: string, id: string) => lintManifest(text).findings.find((f) => f.ruleId === id)?.message ?? '';

describe('GPU rules name the accelerators the pods ask for', () => {
  it('a TPU Job is a TPU Job, with no NCCL in the deadline advice', () => {
    assert.match(message(job('google.com/tpu'), 'MLK413'), /^This TPU Job has no backoffLimit, .* on TPUs;/);
    assert.match(message(job('google.com/tpu'), 'MLK414'), /^This TPU Job has no activeDeadlineSeconds, so a hung collective can hold the TPUs indefinitely/);
  });

  it('a Neuron Job is an accelerator Job; a GPU Job keeps its wording', () => {
    assert.match(message(job('aws.amazon.com/neuron'), 'MLK414'), /^This accelerator Job .* hold the accelerators/);
    assert.match(message(job('nvidia.com/gpu'), 'MLK414'), /^This GPU Job .* a hung NCCL collective can hold the GPUs/);
  });

  it('a TPU Deployment waits for the TPUs the old pod holds', () => {
    assert.match(message(deployment('google.com/tpu'), 'MLK417'), /^This TPU Deployment .* waits for the TPUs the old pod holds/);
    assert.match(message(deployment('amd.com/gpu'), 'MLK417'), /^This GPU Deployment .* waits for a GPU the old pod holds/);
  });
});

describe('MLK405 names no NCCL for TPU, Neuron or Gaudi pods', () => {
  const pod = (resource: string, image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n      command: ["python3", "train.py"]\n      resources:\n        limits: {${resource}: 1}\n`;
  it('a Gaudi pod is told about DataLoader workers and collectives, a PyTorch/XLA pod about its multiprocessing, a GPU pod about NCCL', () => {
    assert.match(message(pod('habana.ai/gaudi', 'vault.habana.ai/gaudi-docker/1.18.0/ubuntu22.04/habanalabs/pytorch-installer-2.4.0:latest'), 'MLK405'), /breaks DataLoader workers and multi-process collectives;/);
    assert.match(message(pod('google.com/tpu', 'us-docker.pkg.dev/tpu-pytorch-releases/docker/xla:r2.4.0'), 'MLK405'), /breaks DataLoader workers and PyTorch\/XLA multiprocessing \(one process per TPU chip\);/);
    assert.match(message(pod('nvidia.com/gpu', 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime'), 'MLK405'), /breaks DataLoader workers \(they pass batches through \/dev\/shm\);/);
  });
});

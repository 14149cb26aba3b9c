import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

function mlk413(apiVersion: string, kind: string, replicas: string): string[] {
  const pod = 'template:\n        spec:\n          containers:\n            - name: c\n              image: registry.example/t:1\n              resources: {limits: {nvidia.com/gpu: 1}}';
  const text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: t}\nspec:\n  ${replicas}:\n    Worker:\n      replicas: 2\n      ${pod}\n`;
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK413').map((f) => f.message);
}

describe('MLK413 says what an unset backoffLimit means for the operator at hand', () => {
  it('the training operator (kubeflow.org/v1) sets no limit at all', () => {
    assert.deepEqual(mlk413('kubeflow.org/v1', 'PyTorchJob', 'pytorchReplicaSpecs'), [
      'This GPU PyTorchJob has no runPolicy.backoffLimit, so the training operator sets no limit: with restartPolicy OnFailure or ExitCode a failing run restarts on GPUs indefinitely; set backoffLimit.',
    ]);
  });

  it('mpi-operator\'s v2beta1 MPIJob runs its launcher as a batch Job (6 retries)', () => {
    assert.match(mlk413('kubeflow.org/v2beta1', 'MPIJob', 'mpiReplicaSpecs')[0] ?? '', /retried 6 times/);
  });
});

describe('MLK414 names what can hang', () => {
  // Trimmed from GoogleCloudPlatform/ai-on-gke applications/hcc/run-nvidia-smi-434f.yaml.
  const job = (command: string) =>
    `apiVersion: batch/v1\nkind: Job\nmetadata: {name: run-nvidia-smi}\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: nvidia/cuda:12.4.1-runtime-ubuntu22.04\n          command: ${command}\n          resources: {limits: {nvidia.com/gpu: 8}}\n`;
  const mlk414 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK414').map((f) => f.message);

  it('a Job that only runs nvidia-smi: a device check hanging on a wedged GPU, not NCCL', () => {
    assert.deepEqual(mlk414(job('["nvidia-smi"]')), ['This GPU Job has no activeDeadlineSeconds, so a device check that hangs on a wedged GPU or driver can hold the GPUs indefinitely; set a deadline a little above the expected run time.']);
  });

  it('a CUDA sample image is a device check too; a placeholder that only holds the GPU (perf-tests sleep, pause) needs no deadline', () => {
    const withImage = (image: string, args: string) => job('["sleep"]').replace('nvidia/cuda:12.4.1-runtime-ubuntu22.04', image).replace('command: ["sleep"]', `args: ${args}`);
    assert.match(mlk414(withImage('registry.k8s.io/cuda-vector-add:v0.1', '[]'))[0] ?? '', /a device check that hangs on a wedged GPU or driver/);
    assert.deepEqual(mlk414(withImage('gcr.io/k8s-staging-perf-tests/sleep:v0.1.0', '["10s"]')), []);
    assert.deepEqual(mlk414(withImage('registry.k8s.io/pause:3.9', '[]')), []);
  });

  it('a training Job: a hung NCCL collective', () => {
    assert.match(mlk414(job('["torchrun", "--nproc-per-node", "8", "train.py"]'))[0] ?? '', /a hung NCCL collective can hold the GPUs/);
  });
});

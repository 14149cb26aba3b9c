import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The messages of `ruleId`'s findings on a manifest. */
const messages = (text: string, ruleId: string): string[] => lintManifest(text).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

describe('MLK413 on a training CRD’s runPolicy names the field it has', () => {
  // Trimmed from kubeflow/mpi-operator examples/v2beta1/tensorflow-benchmarks.yaml.
  const mpiJob = (apiVersion: string) =>
    [
      `apiVersion: ${apiVersion}`,
      'kind: MPIJob',
      'metadata: {name: tensorflow-benchmarks}',
      'spec:',
      '  slotsPerWorker: 1',
      '  runPolicy:',
      '    cleanPodPolicy: Running',
      '  mpiReplicaSpecs:',
      '    Launcher:',
      '      replicas: 1',
      '      template:',
      '        spec:',
      '          containers:',
      '          - name: tensorflow-benchmarks',
      '            image: mpioperator/tensorflow-benchmarks:latest',
      '            command: [mpirun, --allow-run-as-root, -np, "2", python, scripts/tf_cnn_benchmarks/tf_cnn_benchmarks.py]',
      '    Worker:',
      '      replicas: 2',
      '      template:',
      '        spec:',
      '          containers:',
      '          - name: tensorflow-benchmarks',
      '            image: mpioperator/tensorflow-benchmarks:latest',
      '            resources: {limits: {nvidia.com/gpu: 1}}',
      '',
    ].join('\n');

  it('an mpi-operator MPIJob: runPolicy.backoffLimit, and no podFailurePolicy, which runPolicy does not have', () => {
    assert.deepEqual(messages(mpiJob('kubeflow.org/v2beta1'), 'MLK413'), ['This GPU MPIJob has no runPolicy.backoffLimit, so a failing run is retried 6 times with back-off on GPUs; set runPolicy.backoffLimit.']);
  });

  it('a batch Job keeps its podFailurePolicy advice', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: train}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: train\n          image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime\n          command: [torchrun, train.py]\n          resources: {limits: {nvidia.com/gpu: 1}}\n';
    assert.match(messages(job, 'MLK413')[0] ?? '', /has no backoffLimit, .*set backoffLimit \(and a podFailurePolicy that fails on application exit codes\)\.$/);
  });
});

describe('MLK408 asks for a memory limit above the sizeLimit only when there is one (with MLK302, which supersedes it there, off)', () => {
  // Trimmed from kubernetes-sigs/lws docs/examples/sglang/lws.yaml (no sizeLimit) and
  // docs/examples/leaderworkerset/topology-aware-scheduling/vllm-kueue.yaml (sizeLimit: 15Gi).
  const pod = (emptyDir: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: sglang}\nspec:\n  containers:\n    - name: sglang-worker\n      image: lmsysorg/sglang:v0.4.6\n      resources: {limits: {nvidia.com/gpu: "1"}}\n      volumeMounts: [{mountPath: /dev/shm, name: dshm}]\n  volumes:\n    - name: dshm\n      emptyDir: ${emptyDir}\n`;
  const off = parseMlcConfig('rules: {MLK302: off}');
  const withoutMlk302 = (text: string) => lintManifest(text, { config: off.ok ? off.config : undefined }).findings.filter((f) => f.ruleId === 'MLK408').map((f) => f.message);

  it('a volume without a sizeLimit: set the limit and give the volume a sizeLimit below it', () => {
    assert.deepEqual(withoutMlk302(pod('{medium: Memory}')), ['container "sglang-worker" mounts the memory volume "dshm" but has no memory limit; tmpfs pages count as container memory, so set resources.limits.memory and give the volume a sizeLimit below it.']);
  });

  it('a volume with a sizeLimit: set the limit above it, named', () => {
    assert.match(withoutMlk302(pod('{medium: Memory, sizeLimit: 15Gi}'))[0] ?? '', /so set resources\.limits\.memory above the volume's sizeLimit \(15Gi\)\.$/);
  });
});

describe('MLK414 blames no collective on one pod with one accelerator', () => {
  // Trimmed from coreweave/kubernetes-cloud sd-finetuner-workflow/sd-finetune-workflow.yaml: a one-GPU Argo step.
  const workflow = (gpus: string) =>
    [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Workflow',
      'metadata: {generateName: sd-finetune-}',
      'spec:',
      '  entrypoint: model-finetuner',
      '  templates:',
      '  - name: model-finetuner',
      '    container:',
      '      image: ghcr.io/coreweave/ml-containers/sd-finetuner:1924bc5',
      '      command: [/usr/bin/python3, /app/finetuner.py]',
      '      resources:',
      '        requests: {memory: 32Gi, cpu: "8"}',
      `        limits: {memory: 96Gi, cpu: "8", nvidia.com/gpu: ${gpus}}`,
      '',
    ].join('\n');

  it('a one-GPU Argo step: a hung run holds its GPU', () => {
    assert.deepEqual(messages(workflow('1'), 'MLK414'), ['The GPU template "model-finetuner" has no activeDeadlineSeconds, so a hung run can hold its GPU indefinitely; set a deadline a little above the expected run time.']);
  });

  it('a one-GPU Job with parallelism 1 too; two GPUs, or parallel pods, keep the collective', () => {
    const job = (parallelism: string, gpus: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: finetune}\nspec:\n  backoffLimit: 1\n${parallelism}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: train\n          image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime\n          command: [accelerate, launch, fine_tune.py]\n          resources: {limits: {nvidia.com/gpu: ${gpus}}}\n`;
    assert.match(messages(job('', '1'), 'MLK414')[0] ?? '', /so a hung run can hold its GPU indefinitely/);
    assert.match(messages(job('  parallelism: 1\n', '1'), 'MLK414')[0] ?? '', /so a hung run can hold its GPU indefinitely/);
    assert.match(messages(job('', '2'), 'MLK414')[0] ?? '', /so a hung NCCL collective can hold the GPUs indefinitely/);
    // Trimmed from GoogleCloudPlatform/kubernetes-engine-samples ai-ml/mix-train-and-inference/workloads/fine-tune-l4-dws.yaml: two indexed pods.
    assert.match(messages(job('  parallelism: 2\n  completions: 2\n  completionMode: Indexed\n', '1'), 'MLK414')[0] ?? '', /so a hung NCCL collective can hold the GPUs indefinitely/);
    assert.match(messages(workflow('2'), 'MLK414')[0] ?? '', /so a hung NCCL collective can hold the GPUs indefinitely/);
  });
});

import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

function deadlineFindings(text: string): number {
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK414').length;
}

describe("MLK414 accepts Kueue's maximum execution time in place of activeDeadlineSeconds", () => {
  // Trimmed from kubernetes-sigs/kueue site/static/examples/provisioning/sample-job.yaml; Kueue deactivates a Workload
  // admitted longer than kueue.x-k8s.io/max-exec-time-seconds, which suspends the Job and frees its GPUs.
  const job = (labels: string) => `apiVersion: batch/v1
kind: Job
metadata:
  generateName: sample-job-
  labels:
    kueue.x-k8s.io/queue-name: user-queue
${labels}spec:
  parallelism: 3
  completions: 3
  suspend: true
  backoffLimit: 0
  template:
    spec:
      containers:
      - name: trainer
        image: registry.example/team/trainer:1.0
        args: ["torchrun", "train.py"]
        resources:
          limits: {nvidia.com/gpu: 1}
      restartPolicy: Never
`;

  it('a Job labelled with it is not reported', () => {
    assert.equal(deadlineFindings(job('    kueue.x-k8s.io/max-exec-time-seconds: "3600"\n')), 0);
  });

  it("a CronJob whose job template carries it is not reported", () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly-finetune}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    metadata:
      labels:
        kueue.x-k8s.io/queue-name: user-queue
        kueue.x-k8s.io/max-exec-time-seconds: "7200"
    spec:
      backoffLimit: 0
      template:
        spec:
          containers:
          - name: trainer
            image: registry.example/team/trainer:1.0
            resources: {limits: {nvidia.com/gpu: 2}}
          restartPolicy: Never
`;
    assert.equal(deadlineFindings(cronJob), 0);
  });

  it('a RayJob labelled with it is not reported', () => {
    // Trimmed from kubernetes-sigs/kueue site/static/examples/jobs/ray-job-autoscaling-sample.yaml, with a GPU worker group.
    const rayJob = (labels: string) => `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: rayjob-autoscaling-sample
  labels:
    kueue.x-k8s.io/queue-name: user-queue
${labels}spec:
  shutdownAfterJobFinishes: true
  entrypoint: python /home/ray/samples/sample_code.py
  rayClusterSpec:
    headGroupSpec:
      template:
        spec:
          containers:
          - {name: ray-head, image: "rayproject/ray:2.52.0"}
    workerGroupSpecs:
    - groupName: gpu-group
      template:
        spec:
          containers:
          - name: ray-worker
            image: rayproject/ray:2.52.0-gpu
            resources: {limits: {nvidia.com/gpu: 1}}
`;
    assert.equal(deadlineFindings(rayJob('    kueue.x-k8s.io/max-exec-time-seconds: "3600"\n')), 0);
    assert.equal(deadlineFindings(rayJob('')), 1, 'near miss: without the label');
  });

  it('near miss: a queued Job without it is still reported', () => {
    assert.equal(deadlineFindings(job('')), 1);
  });

  it('near miss: a value Kueue rejects (not a positive number of seconds) sets no limit', () => {
    assert.equal(deadlineFindings(job('    kueue.x-k8s.io/max-exec-time-seconds: "0"\n')), 1);
  });
});

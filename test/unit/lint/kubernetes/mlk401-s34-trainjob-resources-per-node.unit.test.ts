import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** Kubeflow Trainer's GRPO example (examples/grpo/grpo-trainjob.yaml), reduced: the GPUs are in resourcesPerNode's requests only. */
const trainJob = `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: grpo
spec:
  runtimeRef:
    name: grpo-distributed
  trainer:
    numNodes: 1
    resourcesPerNode:
      requests:
        nvidia.com/gpu: 2
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      containers:
      - name: app
        image: app:1.0
        resources:
          requests:
            nvidia.com/gpu: 2
`;

function mlk401(text: string) {
  return lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK401');
}

describe('MLK401 on a TrainJob: the limit goes in trainer.resourcesPerNode, which replaces the runtime’s resources', () => {
  it('names the TrainJob field and why the runtime’s own GPU limit does not help, and its fix inserts limits there', () => {
    const [f] = mlk401(trainJob);
    assert.ok(f);
    assert.equal(
      f.message,
      'container "node" requests nvidia.com/gpu without a limit; Kubernetes requires accelerators in limits: add "nvidia.com/gpu: 2" under trainer.resourcesPerNode.limits (resourcesPerNode replaces the runtime\'s resources, limits included).',
    );
    assert.equal(f.range.start.line, 12);
    assert.deepEqual(f.fix?.edits.map((e) => e.newText.trim()), ['limits:\n        nvidia.com/gpu: 2']);
    assert.equal(f.fix?.edits[0]?.range.start.line, 13);
  });

  it('keeps resources.limits for a container that writes its own resources', () => {
    const [f] = mlk401(deployment);
    assert.match(f?.message ?? '', /under resources\.limits\.$/);
  });
});

import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A KubeDL GPU PyTorchJob with the spec lines `runPolicy` (KubeDL inlines its RunPolicy into spec). */
function kubeDlJob(runPolicy: readonly string[]): string {
  return [
    'apiVersion: training.kubedl.io/v1alpha1',
    'kind: PyTorchJob',
    'metadata: {name: resnet}',
    'spec:',
    ...runPolicy.map((l) => `  ${l}`),
    '  pytorchReplicaSpecs:',
    '    Worker:',
    '      replicas: 2',
    '      restartPolicy: OnFailure',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: pytorch',
    '              image: kubedl/pytorch-dist-example:v1',
    '              resources: {limits: {nvidia.com/gpu: 1}}',
    '',
  ].join('\n');
}

const runPolicyRules = ['MLK314', 'MLK413', 'MLK414'];
const findings = (text: string) => lintManifest(text).findings.filter((f) => runPolicyRules.includes(f.ruleId));

describe('KubeDL training jobs: the run policy is inline in spec', () => {
  it('reads spec.ttlSecondsAfterFinished, spec.backoffLimit and spec.activeDeadlineSeconds', () => {
    assert.deepEqual(findings(kubeDlJob(['ttlSecondsAfterFinished: 3600', 'backoffLimit: 3', 'activeDeadlineSeconds: 7200', 'cleanPodPolicy: None'])), []);
  });

  it('names spec.<field> in its messages', () => {
    const messages = new Map(findings(kubeDlJob([])).map((f) => [f.ruleId, f.message]));
    assert.match(messages.get('MLK314') ?? '', /has no spec\.ttlSecondsAfterFinished,/);
    assert.match(messages.get('MLK413') ?? '', /has no spec\.backoffLimit, so KubeDL sets no limit: .*; set spec\.backoffLimit\./);
    assert.match(messages.get('MLK414') ?? '', /has no spec\.activeDeadlineSeconds,/);
  });

  it('fixes each by adding the field to spec, after which all three are silent', () => {
    let text = kubeDlJob(['cleanPodPolicy: None']);
    for (const f of findings(text)) {
      assert.ok(f.fix, `${f.ruleId} has a fix`);
    }
    for (const id of runPolicyRules) {
      const fix = findings(text).find((f) => f.ruleId === id)?.fix;
      assert.ok(fix, id);
      text = applyTextEdits(text, fix.edits);
    }
    assert.match(text, /^spec:\n(?: {2}\w+: \S+\n){4} {2}pytorchReplicaSpecs:/m);
    assert.doesNotMatch(text, /runPolicy/);
    assert.deepEqual(findings(text), []);
  });

  it('leaves Kubeflow training jobs on spec.runPolicy', () => {
    const kubeflow = kubeDlJob(['ttlSecondsAfterFinished: 3600', 'backoffLimit: 3', 'activeDeadlineSeconds: 7200']).replace('training.kubedl.io/v1alpha1', 'kubeflow.org/v1');
    const messages = new Map(findings(kubeflow).map((f) => [f.ruleId, f.message]));
    assert.deepEqual([...messages.keys()].sort(), runPolicyRules);
    assert.match(messages.get('MLK413') ?? '', /has no runPolicy\.backoffLimit, so the training operator sets no limit: .*; set backoffLimit\./);
    assert.match(messages.get('MLK414') ?? '', /has no activeDeadlineSeconds,/);
  });
});

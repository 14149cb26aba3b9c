import * as assert from 'node:assert/strict';
import { isMlCommand } from '../../../../src/core/lint/kubernetes/gpu';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const job = (command: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: bitnami/kubectl:1.31
          command: ${command}
          securityContext: {privileged: true}
`;

const messages = (text: string, ruleId: string): string[] =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);

describe('ML command (s31): the words a cluster client takes are no programs', () => {
  it('kubectl, oc and helm name objects: deployment/vllm, pod/torchrun, a release called vllm', () => {
    assert.equal(isMlCommand(['kubectl', 'rollout', 'restart', 'deployment/vllm']), false);
    assert.equal(isMlCommand(['/usr/local/bin/oc', 'delete', 'job/torchrun']), false);
    assert.equal(isMlCommand(['helm', 'uninstall', 'vllm']), false);
    assert.equal(isMlCommand(['sh', '-c', 'echo', '$(kubectl', 'get', 'svc', 'vllm)']), false);
    assert.equal(isMlCommand(['sh', '-c', '"kubectl', 'scale', 'deployment/vllm', '--replicas=0"']), false);
  });

  it('a program after the cluster client’s command still counts', () => {
    assert.equal(isMlCommand(['sh', '-c', 'kubectl', 'wait', 'pod/x', '&&', 'torchrun', 'train.py']), true);
    assert.equal(isMlCommand(['sh', '-c', 'kubectl', 'wait', 'pod/x;', 'vllm', 'serve', 'm']), true);
    assert.equal(isMlCommand(['vllm', 'serve', 'm', '--host', '$(kubectl', 'get', 'pod', '-o', 'name)']), true);
  });

  it('MLK104 gives a kubectl Job the generic advice, not the model cache', () => {
    const [message, ...rest] = messages(job('[kubectl, rollout, restart, deployment/vllm]'), 'MLK104');
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /the paths it writes/);
    assert.doesNotMatch(message ?? '', /model cache/);
  });

  it('MLK418 leaves a privileged kubectl Job to MLK101; a script line after kubectl that trains is still a GPU workload', () => {
    assert.deepEqual(messages(job('[helm, uninstall, vllm]'), 'MLK418'), []);
    assert.equal(messages(job('[kubectl, wait, pod/vllm-0]'), 'MLK101').length, 1);
    assert.equal(messages(job('[sh, -c, "kubectl wait --for=condition=complete job/prep\\ntorchrun train.py"]'), 'MLK418').length, 1);
  });
});

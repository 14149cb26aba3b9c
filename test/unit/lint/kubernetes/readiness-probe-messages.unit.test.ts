import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

// kubeflow/examples' TF Serving Deployment on CPUs: a model server MLK415 leaves to MLK311 (no GPU).
const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: model}
spec:
  selector: {matchLabels: {app: model}}
  template:
    metadata: {labels: {app: model}}
    spec:
      containers:
${container}`;

const mlk311 = (text: string) => lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK311');

describe('MLK311 names the readiness endpoint of a model server it knows', () => {
  it('TensorFlow Serving on CPUs: its model status on the REST port, not a TCP probe', () => {
    const [finding] = mlk311(deployment('        - name: serving\n          image: tensorflow/serving:2.14.1\n          env: [{name: MODEL_NAME, value: finance}]\n          ports: [{containerPort: 8500}, {containerPort: 8501}]\n'));
    assert.ok(finding);
    assert.match(finding.message, /serves models but has no readinessProbe, so it gets traffic while they load; add an HTTP readiness probe on \/v1\/models\/finance\./);
    assert.match(finding.fix?.edits[0]?.newText ?? '', /httpGet:\n\s+path: \/v1\/models\/finance\n\s+port: 8501/);
  });

  it('another server keeps the TCP probe on its port', () => {
    const [finding] = mlk311(deployment('        - name: api\n          image: registry.example/api:1.2.0\n          ports: [{containerPort: 8080}]\n'));
    assert.ok(finding);
    assert.match(finding.message, /listens on port 8080 but has no readinessProbe/);
    assert.match(finding.fix?.edits[0]?.newText ?? '', /tcpSocket:\n\s+port: 8080/);
  });
});

import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig } from '../../../../src/core/lint/config';

function messages(text: string, id: string, config?: MlcConfig): string[] {
  return lintManifest(text, config ? { config } : {})
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);
}

describe('MLK420 names MLflow on port 5000 only with evidence', () => {
  const service = (name: string, selector: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: LoadBalancer\n  selector: {app: ${selector}}\n  ports:\n    - port: 5000\n`;
  // Flask's development server defaults to port 5000 as MLflow's does.
  const flask = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: python:3.12-slim\n          command: [flask, run, --host, 0.0.0.0]\n---\n';

  it('a Flask app on 5000 is an ordinary exposure (MLK124), not MLflow', () => {
    const text = flask + service('web', 'web');
    assert.deepEqual(messages(text, 'MLK420'), []);
    assert.equal(messages(text, 'MLK124').length, 1);
  });

  it('the pod the Service selects runs `mlflow server`', () => {
    const text = flask.replace('python:3.12-slim', 'ghcr.io/mlflow/mlflow:v2.17.0').replace('[flask, run, --host, 0.0.0.0]', '[mlflow, server, --host, 0.0.0.0]') + service('web', 'web');
    assert.deepEqual(messages(text, 'MLK420'), [
      "This LoadBalancer Service exposes MLflow's port 5000 outside the cluster, and such UIs often have no authentication or allow code execution; use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else).",
    ]);
    assert.deepEqual(messages(text, 'MLK124'), []);
  });

  it('the Service is named for MLflow, as a whole word only', () => {
    assert.equal(messages(service('mlflow-tracking', 'tracking'), 'MLK420').length, 1);
    assert.deepEqual(messages(service('mlflowish', 'tracking'), 'MLK420'), []);
  });
});

describe('LocalAI is a serving image', () => {
  // Trimmed from LocalAI's Kubernetes docs (deployment-nvidia.yaml): no containerPort declared.
  const localAi = (image: string, extra = '') =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: local-ai}\nspec:\n  strategy: {type: Recreate}\n  selector: {matchLabels: {app: local-ai}}\n  template:\n    metadata: {labels: {app: local-ai}}\n    spec:\n      containers:\n        - name: local-ai\n          image: ${image}\n${extra}          resources: {limits: {nvidia.com/gpu: 1}}\n`;
  const liveness = '          livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n';

  it('MLK415 reads it as a server without a declared port, in its own words', () => {
    assert.deepEqual(messages(localAi('localai/localai:v2.24.2-cublas-cuda12'), 'MLK415'), [
      "container \"local-ai\" serves a model but has no readinessProbe, so the Service sends it requests before LocalAI's server answers (it listens only once the models it preloads are installed, and loads the others at the first request for them); add an HTTP readiness probe on /readyz.",
    ]);
  });

  it('a command that runs something else on the image is no server', () => {
    assert.deepEqual(messages(localAi('localai/localai:v2.24.2-cublas-cuda12', '          command: [sleep, infinity]\n'), 'MLK415'), []);
    assert.equal(messages(localAi('localai/localai:v2.24.2-cublas-cuda12', '          command: [/local-ai, run]\n'), 'MLK415').length, 1);
  });

  it('MLK416 stays silent when it has no model to install before it listens (it loads them on demand)', () => {
    assert.deepEqual(messages(localAi('quay.io/go-skynet/local-ai:v2.24.2-cublas-cuda12', `          ports: [{containerPort: 8080}]\n${liveness}`), 'MLK416'), []);
  });

  it('MLK416 reports a liveness probe while it installs the models its arguments, variables or all-in-one image name', () => {
    assert.equal(messages(localAi('quay.io/go-skynet/local-ai:v2.24.2-cublas-cuda12', `          args: [phi-2]\n${liveness}`), 'MLK416').length, 1);
    assert.equal(messages(localAi('localai/localai:v2.24.2-cublas-cuda12', `          env: [{name: PRELOAD_MODELS, value: '[{"url": "github:go-skynet/model-gallery/gpt4all-j.yaml"}]'}]\n${liveness}`), 'MLK416').length, 1);
    assert.equal(messages(localAi('localai/localai:latest-aio-gpu-nvidia-cuda-12', liveness), 'MLK416').length, 1);
    // A flag's value is no model.
    assert.deepEqual(messages(localAi('localai/localai:v2.24.2-cublas-cuda12', `          args: [--models-path, /models]\n${liveness}`), 'MLK416'), []);
  });
});

describe('MLK409 and tolerations that do not match a blocking taint', () => {
  const pod = (tolerations: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${tolerations}  containers:\n    - name: c\n      image: registry.example/x:1\n      resources: {limits: {nvidia.com/gpu: 1}}\n`;

  it('says that a PreferNoSchedule toleration is the one that does not match', () => {
    assert.deepEqual(messages(pod('  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: PreferNoSchedule}]\n'), 'MLK409'), [
      'This GPU pod tolerates the nvidia.com/gpu taint only with effect PreferNoSchedule, which matches no taint that keeps pods off a node, so it stays Pending on GPU node pools tainted NoSchedule; remove the effect from the toleration (or set it to the taint\'s).',
    ]);
    assert.deepEqual(messages(pod('  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoExecute}]\n'), 'MLK409'), []);
  });

  it('does not offer the admission plugin for a taint key that names no resource', () => {
    const config = emptyConfig();
    config.cluster.gpuTaintKey = 'dedicated';
    assert.deepEqual(messages(pod(''), 'MLK409', config), [
      'This GPU pod does not tolerate the dedicated taint, so it stays Pending on tainted GPU node pools; add a toleration for dedicated.',
    ]);
  });
});

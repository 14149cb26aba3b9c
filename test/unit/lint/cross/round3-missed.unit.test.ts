import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

/** The findings of one MLX rule on the tree, as `path:line:rule message`, with its fix's text when it has one. */
function lintTree(tree: Record<string, string>, ruleId: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-round3-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    return lintWorkspace(files, { config, fs: fsWorkspaceView(dir) })
      .findings.filter((f) => f.ruleId === ruleId)
      .map((f) => `${f.path}:${f.range.start.line}:${f.ruleId} ${f.message}${f.fix ? ` [fix: ${f.fix.edits.map((e) => e.newText).join(',')}]` : ''}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `path:line:rule` part of each finding. */
function where(findings: readonly string[]): string[] {
  return findings.map((f) => f.split(' ')[0] as string);
}

const loadGenerator = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: load
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: load}
  template:
    metadata:
      labels: {app: load}
    spec:
      containers: [{name: load, image: ghcr.io/example/load:1.0}]
`;

describe('cross-file rules after the third sweep (missed findings)', () => {
  describe('MLX006: the pods of multi-node LLMInferenceServices', () => {
    const tree = (spec: string, selector: string) => ({
      'llm.yaml': `apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata:
  name: qwen
  namespace: llm
spec:
${spec}
---
${loadGenerator('llm')}---
apiVersion: v1
kind: Service
metadata:
  name: qwen-mn
  namespace: llm
spec:
  selector: ${selector}
  ports: [{port: 8000}]
`,
    });
    const leaderAndWorkers = '  template: {containers: [{name: main, image: vllm/vllm-openai:v0.10.0}]}\n  worker: {containers: [{name: main, image: vllm/vllm-openai:v0.10.0}]}';
    const workersOnly = '  worker: {containers: [{name: main, image: vllm/vllm-openai:v0.10.0}]}';

    it('knows the leaders, with role both, when spec.template and spec.worker are set', () => {
      const selector = '{app.kubernetes.io/component: llminferenceservice-workload-leader, kserve.io/component: workload, llm-d.ai/role: both}';
      assert.deepEqual(lintTree(tree(leaderAndWorkers, selector), 'MLX006'), []);
    });

    it('gives the leaders role decode next to prefill pods', () => {
      const spec = `${leaderAndWorkers}\n  prefill: {replicas: 2}`;
      assert.deepEqual(lintTree(tree(spec, '{app.kubernetes.io/component: llminferenceservice-workload-leader, llm-d.ai/role: decode}'), 'MLX006'), []);
      assert.deepEqual(where(lintTree(tree(spec, '{app.kubernetes.io/component: llminferenceservice-workload-leader, llm-d.ai/role: both}'), 'MLX006')), ['llm.yaml:31:MLX006']);
    });

    it('gives the workload labels to the workers when there is no leader template', () => {
      const selector = '{app.kubernetes.io/component: llminferenceservice-workload-worker, kserve.io/component: workload, llm-d.ai/role: decode}';
      assert.deepEqual(lintTree(tree(workersOnly, selector), 'MLX006'), []);
      assert.deepEqual(where(lintTree(tree(leaderAndWorkers, selector), 'MLX006')), ['llm.yaml:30:MLX006']);
    });

    it('knows the prefill leaders and workers of spec.prefill.worker', () => {
      const spec = '  prefill:\n    template: {containers: [{name: main, image: vllm/vllm-openai:v0.10.0}]}\n    worker: {containers: [{name: main, image: vllm/vllm-openai:v0.10.0}]}';
      assert.deepEqual(lintTree(tree(spec, '{app.kubernetes.io/component: llminferenceservice-workload-leader-prefill, llm-d.ai/role: prefill}'), 'MLX006'), []);
      assert.deepEqual(lintTree(tree(spec, '{app.kubernetes.io/component: llminferenceservice-workload-worker-prefill}'), 'MLX006'), []);
    });

    it('knows the multi-node pods a baseRefs config may ask for', () => {
      assert.deepEqual(lintTree(tree('  baseRefs: [{name: multi-node}]', '{app.kubernetes.io/component: llminferenceservice-workload-worker}'), 'MLX006'), []);
    });

    it('still reports leaders or workers of a single-node service', () => {
      assert.deepEqual(where(lintTree(tree('  template: {containers: [{name: main, image: vllm/vllm-openai:v0.10.0}]}', '{app.kubernetes.io/component: llminferenceservice-workload-worker}'), 'MLX006')), ['llm.yaml:29:MLX006']);
    });
  });

  describe('MLX008: OpenShift Routes', () => {
    const route = (spec: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: llm
  namespace: ocp
spec:
${spec}
---
apiVersion: v1
kind: Service
metadata:
  name: vllm
  namespace: ocp
spec:
  selector: {app: vllm}
  ports:
    - {name: http, port: 80, targetPort: 8000}
    - {name: metrics, port: 9090, targetPort: metrics}
`;

    it('does not judge a number when a Service port targets a named pod port', () => {
      assert.deepEqual(lintTree({ 'r.yaml': route('  to: {kind: Service, name: vllm}\n  port: {targetPort: 9000}') }, 'MLX008'), []);
    });

    it('reports a Route port given as the Service port number, and offers the target port', () => {
      const single = route('  to: {kind: Service, name: vllm}\n  port: {targetPort: 80}').replace('    - {name: metrics, port: 9090, targetPort: metrics}\n', '');
      assert.deepEqual(lintTree({ 'r.yaml': single }, 'MLX008'), [
        'r.yaml:8:MLX008 Service "vllm" has no port whose targetPort is 80 (its ports target 8000); a Route\'s targetPort is the name of a Service port or the number of the pod port it targets. [fix: 8000]',
      ]);
    });

    it('checks every alternate backend on the Route port, and skips backends of another kind', () => {
      const spec = '  to: {kind: Service, name: vllm}\n  alternateBackends:\n    - {kind: Service, name: vllm-canary}\n    - {kind: Other, name: elsewhere}\n  port: {targetPort: http}';
      const canary = 'apiVersion: v1\nkind: Service\nmetadata: {name: vllm-canary, namespace: ocp}\nspec:\n  selector: {app: vllm-canary}\n  ports: [{name: web, port: 8000}]\n';
      assert.deepEqual(where(lintTree({ 'r.yaml': route(spec), 'canary.yaml': canary }, 'MLX008')), ['r.yaml:11:MLX008']);
    });

    it('leaves Services KServe makes and Routes of other API groups alone', () => {
      const isvc = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: granite, namespace: ocp}\nspec: {predictor: {model: {modelFormat: {name: vLLM}}}}\n';
      assert.deepEqual(lintTree({ 'r.yaml': route('  to: {kind: Service, name: granite-predictor}\n  port: {targetPort: http}'), 'isvc.yaml': isvc }, 'MLX008'), []);
      const other = route('  to: {kind: Service, name: missing}').replace('route.openshift.io/v1', 'example.com/v1');
      assert.deepEqual(lintTree({ 'r.yaml': other }, 'MLX008'), []);
    });
  });

  describe('MLX017: PodMonitors', () => {
    const app = (namespace: string, ports = '[{name: http, containerPort: 8000}]') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: vllm}
  template:
    metadata:
      labels: {app: vllm}
    spec:
      containers: [{name: vllm, image: vllm/vllm-openai:v0.10.0, ports: ${ports}}]
`;
    const podMonitor = (spec: string, apiVersion = 'monitoring.coreos.com/v1', namespace = 'vllm') => `apiVersion: ${apiVersion}
kind: PodMonitor
metadata:
  name: vllm
  namespace: ${namespace}
spec:
${spec}
`;

    it('reads Azure Managed Prometheus PodMonitors and no other group\'s', () => {
      const spec = '  selector: {matchLabels: {app: vlm}}\n  podMetricsEndpoints: [{port: http}]';
      assert.deepEqual(where(lintTree({ 'app.yaml': app('vllm'), 'pm.yaml': podMonitor(spec, 'azmonitoring.coreos.com/v1') }, 'MLX017')), ['pm.yaml:7:MLX017']);
      assert.deepEqual(lintTree({ 'app.yaml': app('vllm'), 'pm.yaml': podMonitor(spec, 'example.com/v1') }, 'MLX017'), []);
    });

    it('does not judge a namespace list with a namespace that has no pod templates in scope', () => {
      const spec = '  namespaceSelector: {matchNames: [vllm, serving]}\n  selector: {matchLabels: {app: vlm}}\n  podMetricsEndpoints: [{port: http}]';
      assert.deepEqual(lintTree({ 'app.yaml': app('vllm'), 'pm.yaml': podMonitor(spec, undefined, 'monitoring') }, 'MLX017'), []);
    });

    it('matches pods in every namespace with namespaceSelector.any', () => {
      const spec = '  namespaceSelector: {any: true}\n  selector: {matchLabels: {app: vllm}}\n  podMetricsEndpoints: [{port: metrics}]';
      assert.deepEqual(where(lintTree({ 'app.yaml': app('serving'), 'pm.yaml': podMonitor(spec, undefined, 'monitoring') }, 'MLX017')), ['pm.yaml:9:MLX017']);
    });

    it('puts a PodMonitor and pods that name no namespace together, as kubectl apply does', () => {
      const unnamed = app('x').replace('  namespace: x\n', '');
      const pm = podMonitor('  selector: {matchLabels: {app: vllm}}\n  podMetricsEndpoints: [{port: http}]').replace('  namespace: vllm\n', '');
      const kustomization = 'resources: [app.yaml]\nnamespace: serving\n';
      const other = app('x').replace('  namespace: x\n', '').replace(/vllm/g, 'other');
      assert.deepEqual(lintTree({ 'k/app.yaml': unnamed, 'k/kustomization.yaml': kustomization, 'pm.yaml': pm, 'other.yaml': other }, 'MLX017'), []);
      assert.deepEqual(where(lintTree({ 'k/app.yaml': unnamed, 'k/kustomization.yaml': kustomization, 'pm.yaml': pm.replace('metadata:\n', 'metadata:\n  namespace: default\n'), 'other.yaml': other }, 'MLX017')), ['pm.yaml:7:MLX017']);
    });

    it('leaves pods selected by an operator label no template carries, and ports named as a pattern', () => {
      const byOperator = '  selector: {matchLabels: {app.kubernetes.io/managed-by: vllm-operator}}\n  podMetricsEndpoints: [{port: http}]';
      assert.deepEqual(lintTree({ 'app.yaml': app('vllm'), 'pm.yaml': podMonitor(byOperator) }, 'MLX017'), []);
      const pattern = '  selector: {matchLabels: {app: vllm}}\n  podMetricsEndpoints: [{port: "http|metrics"}]';
      assert.deepEqual(lintTree({ 'app.yaml': app('vllm'), 'pm.yaml': podMonitor(pattern) }, 'MLX017'), []);
    });

    it('counts the ports a kustomize patch adds to the pods', () => {
      const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: vllm}\nspec:\n  template:\n    spec:\n      containers:\n        - name: exporter\n          image: ghcr.io/example/exporter:1.0\n          ports: [{name: metrics, containerPort: 9400}]\n';
      const tree = {
        'k/app.yaml': app('vllm'),
        'k/patch.yaml': patch,
        'k/kustomization.yaml': 'resources: [app.yaml, pm.yaml]\npatches: [{path: patch.yaml}]\n',
        'k/pm.yaml': podMonitor('  selector: {matchLabels: {app: vllm}}\n  podMetricsEndpoints: [{port: metrics}]'),
      };
      assert.deepEqual(lintTree(tree, 'MLX017'), []);
      const misnamed = { ...tree, 'k/pm.yaml': tree['k/pm.yaml'].replace('port: metrics', 'port: metric') };
      assert.deepEqual(lintTree(misnamed, 'MLX017'), [
        'k/pm.yaml:8:MLX017 No pod PodMonitor vllm selects declares a container port named "metric" (they declare http, metrics), so Prometheus scrapes nothing there; declare the port in the pod template or scrape one it declares.',
      ]);
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kustomizeFacts } from '../../../../src/core/lint/cross/kustomize';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

/** Writes the tree to a fresh temporary folder and returns it. */
function writeTree(tree: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-sweep-'));
  for (const [rel, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The MLX findings on the tree, as `path:line:rule message`. */
function lintTree(tree: Record<string, string>): string[] {
  const dir = writeTree(tree);
  try {
    const { files, config } = loadWorkspace(dir);
    return lintWorkspace(files, { config, fs: fsWorkspaceView(dir) })
      .findings.filter((f) => f.ruleId.startsWith('MLX'))
      .map((f) => `${f.path}:${f.range.start.line}:${f.ruleId} ${f.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A TorchServe Deployment, its Service and a headless twin, as a base whose labels kustomize rewrites. */
const torchserveBase = {
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: torchserve
  namespace: model-serving
spec:
  selector:
    matchLabels: {app: torchserve, component: model-server}
  template:
    metadata:
      labels: {app: torchserve, component: model-server, project: betterprompts}
    spec:
      containers:
        - name: torchserve
          image: pytorch/torchserve:0.12.0-gpu
          ports:
            - {name: inference, containerPort: 8080}
            - {name: metrics, containerPort: 8082}
`,
  'base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: torchserve
  namespace: model-serving
spec:
  selector: {app: torchserve, component: model-server}
  ports:
    - {name: inference, port: 8080, targetPort: 8080}
    - {name: metrics, port: 8082, targetPort: metrics}
`,
};

describe('cross-file rules after the second sweep of multi-file repositories', () => {
  describe('kustomize labels written into selectors', () => {
    it('reads commonLabels and includeSelectors pairs as selector labels, not includeTemplates-only ones', () => {
      const dir = writeTree({
        'k/kustomization.yaml': [
          'resources: [app.yaml]',
          'commonLabels: {team: ml}',
          'labels:',
          '  - pairs: {tier: gpu}',
          '    includeSelectors: true',
          '  - pairs: {rev: "3"}',
          '    includeTemplates: true',
          '  - pairs: {owner: me}',
          '',
        ].join('\n'),
        'k/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      });
      try {
        const build = kustomizeFacts(['k/app.yaml'], fsWorkspaceView(dir))?.builds.get('k/app.yaml')?.[0];
        assert.deepEqual([...(build?.selectorLabels ?? [])], [['team', 'ml'], ['tier', 'gpu']]);
        assert.deepEqual([...(build?.podLabels ?? [])].map(([k]) => k).sort(), ['rev', 'team', 'tier']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('matches a Service to its pods when a base and its overlay rewrite the same label in both (BetterPrompts model-serving)', () => {
      const tree = {
        ...torchserveBase,
        'base/kustomization.yaml': 'namespace: model-serving\nresources: [deployment.yaml, service.yaml]\ncommonLabels:\n  component: model-serving\n  managed-by: kustomize\n',
        'overlays/production/kustomization.yaml': 'namespace: model-serving\nbases: [../../base]\ncommonLabels:\n  environment: production\n',
      };
      assert.deepEqual(lintTree(tree), []);
    });

    it('still names the Service whose selector a labels entry without includeSelectors leaves behind', () => {
      const tree = {
        ...torchserveBase,
        'base/deployment.yaml': torchserveBase['base/deployment.yaml'].replace('matchLabels: {app: torchserve, component: model-server}', 'matchLabels: {app: torchserve}'),
        'base/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\nlabels:\n  - pairs: {component: model-serving}\n    includeTemplates: true\n',
      };
      assert.deepEqual(lintTree(tree), [
        'base/service.yaml:7:MLX006 Service torchserve selects app=torchserve,component=model-server, which matches no pod template in namespace model-serving; the closest workload is Deployment torchserve with labels app=torchserve,component=model-serving,project=betterprompts; align the selector with the workload\'s template labels.',
      ]);
    });

    it('checks the targetPort against the pods the rewritten selector reaches', () => {
      const tree = {
        ...torchserveBase,
        'base/service.yaml': torchserveBase['base/service.yaml'].replace('targetPort: metrics', 'targetPort: metric'),
        'base/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\ncommonLabels: {component: model-serving}\n',
      };
      assert.deepEqual(
        lintTree(tree).map((f) => f.split(' ')[0]),
        ['base/service.yaml:10:MLX007'],
      );
    });
  });

  describe('pods KServe runs for an LLMInferenceService', () => {
    const llmisvc = (spec: string) => `apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata:
  name: qwen
  namespace: llm
spec:
${spec}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: load
  namespace: llm
spec:
  selector:
    matchLabels: {app: load}
  template:
    metadata:
      labels: {app: load}
    spec:
      containers: [{name: load, image: ghcr.io/example/load:1.0}]
---
apiVersion: v1
kind: Service
metadata:
  name: qwen-prefill
  namespace: llm
spec:
  selector: {app.kubernetes.io/name: qwen, llm-d.ai/role: prefill}
  ports: [{port: 8000}]
`;

    it('knows the prefill pods a spec.prefill asks for', () => {
      assert.deepEqual(lintTree({ 'llm.yaml': llmisvc('  model: {uri: "hf://Qwen/Qwen2.5-7B-Instruct"}\n  prefill:\n    replicas: 2') }), []);
    });

    it('knows the prefill pods a baseRefs config may ask for', () => {
      assert.deepEqual(lintTree({ 'llm.yaml': llmisvc('  baseRefs: [{name: pd-workload}]') }), []);
    });

    it('reports a Service selecting prefill pods of a service that has none', () => {
      assert.deepEqual(
        lintTree({ 'llm.yaml': llmisvc('  model: {uri: "hf://Qwen/Qwen2.5-7B-Instruct"}') }).map((f) => f.split(' ')[0]),
        ['llm.yaml:29:MLX006'],
      );
    });
  });
});

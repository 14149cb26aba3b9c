import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

/** The findings of `rules` on a tree of files, as `path:line:rule`, with their messages. */
function lintTree(tree: Record<string, string>, rules: readonly string[]): { at: string[]; messages: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'references-s26-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
    assert.deepEqual(result.problems, []);
    const found = result.findings.filter((f) => rules.includes(f.ruleId));
    return { at: found.map((f) => `${f.path}:${f.range.start.line}:${f.ruleId}`).sort(), messages: found.map((f) => f.message) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const deployment = (name: string, { requests = true, secret = '' } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: server
        image: ghcr.io/example/${name}:1
${requests ? '        resources: {requests: {cpu: "1"}}\n' : ''}${secret !== '' ? `        envFrom: [{secretRef: {name: ${secret}}}]\n` : ''}`;

const hpa = (target: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  maxReplicas: 4
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`;

const scaledObject = (target: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${target}
spec:
  scaleTargetRef:
    name: ${target}
  triggers:
  - {type: prometheus, metadata: {serverAddress: "http://prometheus:9090", query: "sum(up)", threshold: "5"}}
`;

const kustomization = (resources: string[], extra = '') => `${extra}resources: [${resources.join(', ')}]\n`;

describe('cross-file references resolved among objects applied together (s26)', () => {
  describe('a reference names the object applied with it before a namesake of an unrelated folder', () => {
    // apps/embed sorts before apps/rag: its Deployment is the first "vllm" in file order.
    const namesake = { 'apps/embed/deployment.yaml': deployment('vllm') };

    it("MLX011 judges the HPA's own app's Deployment (no cpu request), not the namesake (one)", () => {
      const seen = lintTree({ ...namesake, 'apps/rag/deployment.yaml': deployment('vllm', { requests: false }), 'apps/rag/hpa.yaml': hpa('vllm') }, ['MLX011']);
      assert.deepEqual(seen.at, ['apps/rag/hpa.yaml:10:MLX011']);
    });

    it('MLX009 reports the ScaledObject that names its build\'s renamed Deployment by its old name, and MLX018 takes it for no autoscaler', () => {
      const rag = { 'apps/rag/kustomization.yaml': kustomization(['deployment.yaml', 'hpa.yaml', 'so.yaml'], 'namePrefix: rag-\n'), 'apps/rag/deployment.yaml': deployment('vllm'), 'apps/rag/hpa.yaml': hpa('vllm'), 'apps/rag/so.yaml': scaledObject('vllm') };
      const seen = lintTree({ ...namesake, ...rag }, ['MLX009', 'MLX018']);
      assert.deepEqual(seen.at, ['apps/rag/so.yaml:7:MLX009']);
      assert.match(seen.messages[0] ?? '', /"rag-vllm"/);
    });

    it('falls back to the namesake when nothing applied with the referrer goes by the name (as before: no finding)', () => {
      assert.deepEqual(lintTree({ ...namesake, 'apps/rag/hpa.yaml': hpa('vllm') }, ['MLX009', 'MLX011']).at, []);
    });

    it('MLX013 takes the headless Service beside the StatefulSet, not a namesake with a cluster IP', () => {
      const service = (clusterIp: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: peers\nspec:\n${clusterIp}  selector: {app: shard}\n  ports: [{port: 7000}]\n`;
      const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: shard\nspec:\n  serviceName: peers\n  selector:\n    matchLabels: {app: shard}\n  template:\n    metadata:\n      labels: {app: shard}\n    spec:\n      containers: [{name: shard, image: "ghcr.io/example/shard:1"}]\n';
      assert.deepEqual(lintTree({ 'apps/embed/service.yaml': service(''), 'apps/shards/service.yaml': service('  clusterIP: None\n'), 'apps/shards/sts.yaml': sts }, ['MLX013']).at, []);
      assert.deepEqual(lintTree({ 'apps/embed/service.yaml': service('  clusterIP: None\n'), 'apps/shards/service.yaml': service(''), 'apps/shards/sts.yaml': sts }, ['MLX013']).at, ['apps/shards/sts.yaml:6:MLX013']);
    });
  });

  describe('MLX018: two autoscalers in sibling folders that one overlay applies together', () => {
    const base = (files: string[]) => ({ 'base/kustomization.yaml': kustomization(files), 'base/deployment.yaml': deployment('embedder'), 'base/hpa.yaml': hpa('embedder') });

    it("reports the overlay's ScaledObject beside the base's HPA", () => {
      const seen = lintTree({ ...base(['deployment.yaml', 'hpa.yaml']), 'overlays/prod/kustomization.yaml': kustomization(['../../base', 'keda.yaml']), 'overlays/prod/keda.yaml': scaledObject('embedder') }, ['MLX018']);
      assert.deepEqual(seen.at, ['overlays/prod/keda.yaml:7:MLX018']);
    });

    it("reports it under a namePrefix too: kustomize rewrites the HPA's target to the name the ScaledObject writes", () => {
      const seen = lintTree({ ...base(['deployment.yaml', 'hpa.yaml']), 'overlays/prod/kustomization.yaml': kustomization(['../../base', 'keda.yaml'], 'namePrefix: prod-\n'), 'overlays/prod/keda.yaml': scaledObject('prod-embedder') }, ['MLX018', 'MLX009']);
      assert.deepEqual(seen.at, ['overlays/prod/keda.yaml:7:MLX018']);
      assert.match(seen.messages[0] ?? '', /^Deployment prod-embedder is scaled by both/);
    });

    it('stays silent when the prefixed names differ (each overlay scales its own copy)', () => {
      const overlay = (env: string, file: string, text: string) => ({ [`overlays/${env}/kustomization.yaml`]: kustomization(['../../base', file], `namePrefix: ${env}-\n`), [`overlays/${env}/${file}`]: text });
      const seen = lintTree({ ...base(['deployment.yaml']), ...overlay('dev', 'hpa.yaml', hpa('embedder')), ...overlay('prod', 'keda.yaml', scaledObject('prod-embedder')) }, ['MLX018']);
      assert.deepEqual(seen.at, []);
    });

    it('stays silent for sibling overlays that no build applies together', () => {
      const seen = lintTree(
        { ...base(['deployment.yaml']), 'base/hpa.yaml': '', 'overlays/dev/kustomization.yaml': kustomization(['../../base', 'hpa.yaml']), 'overlays/dev/hpa.yaml': hpa('embedder'), 'overlays/prod/kustomization.yaml': kustomization(['../../base', 'keda.yaml']), 'overlays/prod/keda.yaml': scaledObject('embedder') },
        ['MLX018'],
      );
      assert.deepEqual(seen.at, []);
    });

    it("stays silent when the base's kustomization leaves the HPA out (an alternative kept beside it)", () => {
      const seen = lintTree({ ...base(['deployment.yaml']), 'overlays/prod/kustomization.yaml': kustomization(['../../base', 'keda.yaml']), 'overlays/prod/keda.yaml': scaledObject('embedder') }, ['MLX018']);
      assert.deepEqual(seen.at, []);
    });
  });

  describe("MLX014: a kustomization's generated Secrets are evidence for its own builds only", () => {
    const generator = (name: string) => `secretGenerator:\n- name: ${name}\n  literals: [token=placeholder]\n`;
    const embed = { 'apps/embed/kustomization.yaml': kustomization(['deployment.yaml'], generator('embed-keys')), 'apps/embed/deployment.yaml': deployment('embedder', { secret: 'embed-keys' }) };

    it("says nothing of another app's Secrets, made elsewhere", () => {
      assert.deepEqual(lintTree({ ...embed, 'apps/chat/deployment.yaml': deployment('chat', { secret: 'chat-vault-token' }) }, ['MLX014']).at, []);
    });

    it('still counts for the files its build includes: a base under the generating overlay', () => {
      const seen = lintTree({ 'base/kustomization.yaml': kustomization(['deployment.yaml']), 'base/deployment.yaml': deployment('model', { secret: 'model-key' }), 'prod/kustomization.yaml': kustomization(['../base'], `namespace: prod\n${generator('model-keys')}`) }, ['MLX014']);
      assert.deepEqual(seen.at, ['base/deployment.yaml:16:MLX014']);
    });

    it('still lets another build\'s generated Secret satisfy a reference by name in the namespace', () => {
      assert.deepEqual(lintTree({ ...embed, 'apps/chat/kustomization.yaml': kustomization(['deployment.yaml'], generator('chat-keys')), 'apps/chat/deployment.yaml': deployment('chat', { secret: 'embed-keys' }) }, ['MLX014']).at, []);
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { podsAppliedAsOneSet } from '../../../../src/core/lint/cross/kind-applied-with';
import { objectsOfKind } from '../../../../src/core/lint/cross/kube';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import type { WorkspaceModel } from '../../../../src/core/lint/cross/model';
import type { CrossRule } from '../../../../src/core/lint/cross/rule';
import { crossRules } from '../../../../src/core/lint/rules/cross';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, loadWorkspace } from './support';

type Finding = ReturnType<typeof lintWorkspace>['findings'][number];

/** The findings of one rule in a folder. */
function lintDir(dir: string, ruleId: string, rules?: readonly CrossRule[]): Finding[] {
  const { files, config } = loadWorkspace(dir);
  const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir), ...(rules ? { rules } : {}) });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** Writes a tree of files to a temporary folder and hands it to `read` while it exists. */
function withTree<T>(tree: Record<string, string>, read: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applied-scope-s30-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return read(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings of one rule on a tree of files. */
function lintTree(tree: Record<string, string>, ruleId: string): Finding[] {
  return withTree(tree, (dir) => lintDir(dir, ruleId));
}

const at = (findings: readonly Finding[]) => findings.map((f) => `${f.path}:${f.range.start.line}`).sort();

const namespaced = (namespace: string | undefined) => (namespace !== undefined ? `\n  namespace: ${namespace}` : '');

const workload = (name: string, labels: string, container: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${namespaced(namespace)}
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
      - ${container}
`;

const deployment = (name: string, labels: string, port: number, namespace?: string) =>
  workload(name, labels, `{name: server, image: "ghcr.io/example/${name}:1.0", ports: [{containerPort: ${port}}]}`, namespace);

const service = (name: string, selector: string, targetPort: number, namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespaced(namespace)}
spec:
  selector: {${selector}}
  ports:
  - {port: 80, targetPort: ${targetPort}}
`;

const networkPolicy = (selector: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: vllm-ingress
spec:
  podSelector:
    matchLabels: {${selector}}
  policyTypes: [Ingress]
`;

const pool = (selector: string) => `apiVersion: inference.networking.k8s.io/v1
kind: InferencePool
metadata:
  name: llama
spec:
  selector:
    matchLabels: {${selector}}
  targetPorts: [{number: 8000}]
  endpointPickerRef: {name: llama-epp}
`;

const monitor = (kind: 'ServiceMonitor' | 'PodMonitor', selector: string, endpoints: string) => `apiVersion: monitoring.coreos.com/v1
kind: ${kind}
metadata:
  name: dcgm
spec:
  selector:
    matchLabels: {${selector}}
  ${endpoints}
`;

const serviceMonitor = (selector: string) => monitor('ServiceMonitor', selector, 'endpoints: [{port: metrics}]');

const podMonitor = (selector: string) => monitor('PodMonitor', selector, 'podMetricsEndpoints: [{port: metrics}]');

const labelledService = (name: string, labels: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: {${labels}}
spec:
  selector: {${labels}}
  ports:
  - {name: metrics, port: 9400}
`;

const vllm = (name: string, labels: string) =>
  workload(name, labels, '{name: vllm, image: "vllm/vllm-openai:v0.10.0", ports: [{containerPort: 8000}], resources: {limits: {nvidia.com/gpu: 1}}}');

describe('selector rules take as evidence only the pods applied as one set with the referrer (s30)', () => {
  describe('MLX006 service-selects-nothing', () => {
    it("stays silent on a Service of one example folder when the only workload is another example's (kubeai's benchmark Service)", () => {
      assert.deepEqual(at(lintDir(path.join(crossFixturesRoot, 'MLX006', 'pass', 'separate-examples'), 'MLX006')), []);
    });

    it("stays silent when the Service's namespace is written and the namespace's only workload is another folder's", () => {
      const tree = { 'monitoring-example/service.yaml': service('dcgm', 'app: nvidia-dcgm-exporter', 9400, 'gpu'), 'training-example/deployment.yaml': deployment('trainer', 'app: trainer', 8080, 'gpu') };
      assert.deepEqual(at(lintTree(tree, 'MLX006')), []);
      assert.deepEqual(at(lintTree({ ...tree, 'monitoring-example/deployment.yaml': deployment('exporter', 'app: exporter', 9400, 'gpu') }, 'MLX006')), ['monitoring-example/service.yaml:7']);
    });

    it("names the workload applied with the Service, not another example's with closer labels, and aligns the selector with it", () => {
      const found = lintDir(path.join(crossFixturesRoot, 'MLX006', 'fail', 'applied-as-one-set'), 'MLX006');
      assert.deepEqual(at(found), ['folder/service.yaml:8', 'kustomized/service/service.yaml:7']);
      const folder = found.find((f) => f.path === 'folder/service.yaml');
      assert.match(folder?.message ?? '', /the closest workload is Deployment reranker with labels app=reranker;/);
      assert.equal(folder?.related?.file, 'folder/deployment.yaml');
      assert.deepEqual(folder?.fix?.edits.map((e) => e.newText), ['"reranker"']);
      const kustomized = found.find((f) => f.path === 'kustomized/service/service.yaml');
      assert.match(kustomized?.message ?? '', /the closest workload is Deployment tokenizer with labels app=tokenizer;/);
    });

    it('points at the pods in another namespace applied with the Service before those of another folder', () => {
      const found = lintTree(
        {
          'another-example/api.yaml': deployment('api', 'app: api', 8080, 'legacy'),
          'app/api.yaml': deployment('api', 'app: api', 8080, 'backend'),
          'app/service.yaml': service('api', 'app: api', 8080),
          'app/web.yaml': deployment('web', 'app: web', 3000),
        },
        'MLX006',
      );
      assert.deepEqual(at(found), ['app/service.yaml:6']);
      assert.match(found[0]?.message ?? '', /Deployment api in namespace backend matches it/);
      assert.equal(found[0]?.related?.file, 'app/api.yaml');
    });
  });

  describe('MLX007 service-target-port-mismatch', () => {
    it("judges the targetPort against the pods applied with the Service, not another example's namesakes", () => {
      const operatorPods = { 'benchmark/service.yaml': service('vllm-direct', 'app: vllm', 8000), 'chat/deployment.yaml': deployment('vllm', 'app: vllm', 3000) };
      assert.deepEqual(at(lintTree(operatorPods, 'MLX007')), []);
      const found = lintTree(
        { 'app/service.yaml': service('vllm', 'app: vllm', 8080), 'app/deployment.yaml': deployment('vllm', 'app: vllm', 8000), 'other/deployment.yaml': deployment('vllm', 'app: vllm', 8080) },
        'MLX007',
      );
      assert.deepEqual(at(found), ['app/service.yaml:8']);
      assert.match(found[0]?.message ?? '', /\(they declare 8000\)/);
    });
  });

  describe('MLX016 networkpolicy-selects-nothing', () => {
    it("stays silent when the only workload is another example folder's, and still fires on the policy's own folder", () => {
      assert.deepEqual(at(lintTree({ 'benchmark/netpol.yaml': networkPolicy('app.kubernetes.io/name: vllm'), 'chat/deployment.yaml': deployment('chat-ui', 'app: chat-ui', 3000) }, 'MLX016')), []);
      assert.deepEqual(at(lintTree({ 'chat/netpol.yaml': networkPolicy('app.kubernetes.io/name: vllm'), 'chat/deployment.yaml': deployment('chat-ui', 'app: chat-ui', 3000) }, 'MLX016')), ['chat/netpol.yaml:6']);
    });
  });

  describe('MLX017 servicemonitor-selects-nothing', () => {
    it("stays silent on a ServiceMonitor of its own namespace when the only Services are another example folder's", () => {
      const other = { 'chat/service.yaml': labelledService('chat-ui', 'app: chat-ui') };
      assert.deepEqual(at(lintTree({ ...other, 'gpu-metrics/servicemonitor.yaml': serviceMonitor('app: nvidia-dcgm-exporter') }, 'MLX017')), []);
      assert.deepEqual(at(lintTree({ ...other, 'chat/servicemonitor.yaml': serviceMonitor('app: chat') }, 'MLX017')), ['chat/servicemonitor.yaml:6']);
    });

    it("judges a PodMonitor of its own namespace against the pods applied with it, not another example's", () => {
      const other = { 'chat/deployment.yaml': deployment('chat-ui', 'app: chat-ui', 3000) };
      assert.deepEqual(at(lintTree({ ...other, 'gpu-metrics/podmonitor.yaml': podMonitor('app: nvidia-dcgm-exporter') }, 'MLX017')), []);
      assert.deepEqual(at(lintTree({ ...other, 'chat/podmonitor.yaml': podMonitor('app: chat') }, 'MLX017')), ['chat/podmonitor.yaml:6']);
      const namesake = { 'exporter/deployment.yaml': deployment('exporter', 'app: dcgm', 3000), 'gpu-metrics/podmonitor.yaml': podMonitor('app: dcgm') };
      assert.deepEqual(at(lintTree({ ...namesake, 'gpu-metrics/trainer.yaml': deployment('trainer', 'app: trainer', 8080) }, 'MLX017')), []);
      assert.deepEqual(at(lintTree({ ...namesake, 'gpu-metrics/exporter.yaml': deployment('dcgm', 'app: dcgm', 3000) }, 'MLX017')), ['gpu-metrics/podmonitor.yaml:8']);
    });
  });

  describe('MLX019 inferencepool-selects-nothing', () => {
    it("stays silent when the only model server is another example folder's, and names the pool's own server, not a closer one elsewhere", () => {
      assert.deepEqual(at(lintTree({ 'gateway/pool.yaml': pool('app: llama'), 'other/vllm.yaml': vllm('qwen', 'app: qwen') }, 'MLX019')), []);
      const found = lintTree({ 'gateway/pool.yaml': pool('app: llama'), 'gateway/vllm.yaml': vllm('llama-3-8b', 'app: llama-3-8b'), 'other/vllm.yaml': vllm('llamas', 'app: llamas') }, 'MLX019');
      assert.deepEqual(at(found), ['gateway/pool.yaml:6']);
      assert.match(found[0]?.message ?? '', /the closest model server is Deployment llama-3-8b with labels app=llama-3-8b;/);
    });
  });

  describe('podsAppliedAsOneSet', () => {
    it('hands the Services of one folder the same list of its pods, and none of another folder', () => {
      const tree = {
        'app/a.yaml': service('a', 'app: x', 80),
        'app/b.yaml': service('b', 'app: y', 80),
        'app/deployment.yaml': deployment('web', 'app: web', 80),
        'other/deployment.yaml': deployment('other', 'app: other', 80),
      };
      const seen: string[][] = [];
      let same = false;
      const meta = crossRules[0]?.meta;
      assert.ok(meta);
      const probe: CrossRule = {
        meta,
        check: (ws: WorkspaceModel) => {
          const [a, b] = objectsOfKind(ws, 'Service').map((svc) => podsAppliedAsOneSet(ws, svc));
          seen.push((a ?? []).map((p) => p.entry.obj.name ?? ''));
          same = a !== undefined && a === b;
          return [];
        },
      };
      withTree(tree, (dir) => lintDir(dir, 'none', [probe]));
      assert.deepEqual(seen, [['web']]);
      assert.ok(same, 'one list for one folder');
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, expectedFindings, loadWorkspace } from './support';

interface Seen {
  at: string[];
  messages: string[];
}

/** The findings of `rules` in a folder, as `path:rule@line:col-line:col`, with their messages. */
function lintDir(dir: string, rules: readonly string[]): Seen {
  const { files, config } = loadWorkspace(dir);
  const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
  assert.deepEqual(result.problems, []);
  const found = result.findings.filter((f) => rules.includes(f.ruleId));
  const r = (f: (typeof found)[number]) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`;
  return { at: found.map((f) => `${f.path}:${f.ruleId}@${r(f)}`).sort(), messages: found.map((f) => f.message) };
}

/** The findings of `rules` on a tree of files, as `path:line:rule`, with their messages. */
function lintTree(tree: Record<string, string>, rules: readonly string[] = ['MLX019']): Seen {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx019-s27-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const seen = lintDir(dir, rules);
    return { at: seen.at.map((a) => a.replace(/^(.*):(MLX\d+)@(\d+):.*$/, '$1:$3:$2')), messages: seen.messages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const namespaced = (namespace: string | undefined) => (namespace !== undefined ? `\n  namespace: ${namespace}` : '');

/** An experimental (v1alpha2) pool: `spec.selector` is a plain label map. */
const poolV1alpha2 = (selector: string, namespace?: string) => `apiVersion: inference.networking.x-k8s.io/v1alpha2
kind: InferencePool
metadata:
  name: llama${namespaced(namespace)}
spec:
  targetPortNumber: 8000
  selector: {${selector}}
  extensionRef: {name: llama-epp}
`;

/** A v1 pool: `spec.selector.matchLabels`. */
const poolV1 = (selector: string, namespace?: string, apiVersion = 'inference.networking.k8s.io/v1') => `apiVersion: ${apiVersion}
kind: InferencePool
metadata:
  name: llama${namespaced(namespace)}
spec:
  selector:
    matchLabels: {${selector}}
  targetPorts: [{number: 8000}]
  endpointPickerRef: {name: llama-epp}
`;

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

const vllm = (name: string, labels: string, namespace?: string) =>
  workload(name, labels, '{name: vllm, image: "vllm/vllm-openai:v0.10.0", ports: [{containerPort: 8000}], resources: {limits: {nvidia.com/gpu: 1}}}', namespace);

const picker = (namespace?: string) =>
  workload('llama-epp', 'app: llama-epp', '{name: epp, image: "registry.k8s.io/gateway-api-inference-extension/epp:v1.0.0", args: [--pool-name, llama], ports: [{containerPort: 9002}]}', namespace);

const redis = (namespace?: string) => workload('redis', 'app: redis', '{name: redis, image: "redis:7.2", ports: [{containerPort: 6379}]}', namespace);

const pickerService = `apiVersion: v1
kind: Service
metadata:
  name: llama-epp
spec:
  selector: {app: llama-epp}
  ports: [{port: 9002}]
`;

describe('MLX019 inferencepool-selects-nothing (s27)', () => {
  describe('golden fixtures', () => {
    it('flags the fail workspace at the expected file and range', () => {
      const dir = path.join(crossFixturesRoot, 'MLX019', 'fail');
      assert.deepEqual(lintDir(dir, ['MLX019']).at, expectedFindings(dir));
    });
    it('stays silent on the near-miss pass workspace', () => {
      assert.deepEqual(lintDir(path.join(crossFixturesRoot, 'MLX019', 'pass'), ['MLX019']).at, []);
    });
  });

  describe('reads the selector of each API version', () => {
    it('v1alpha2 (a plain label map) and v1 (matchLabels): a typo is flagged at the selector, naming the closest model server', () => {
      for (const [pool, line] of [[poolV1alpha2('app: llama-vllm'), 7], [poolV1('app: llama-vllm'), 6]] as const) {
        const seen = lintTree({ 'pool.yaml': pool, 'vllm.yaml': vllm('llama-3-vllm', 'app: llama-3-vllm') });
        assert.deepEqual(seen.at, [`pool.yaml:${line}:MLX019`]);
        assert.match(seen.messages[0] ?? '', /InferencePool llama selects app=llama-vllm, which matches no pod template in namespace default; the closest model server is Deployment llama-3-vllm with labels app=llama-3-vllm/);
      }
    });

    it('the v1alpha1 pool of the experimental group has the same plain label map', () => {
      const pool = poolV1alpha2('app: llama-vllm').replace('v1alpha2', 'v1alpha1');
      assert.deepEqual(lintTree({ 'pool.yaml': pool, 'vllm.yaml': vllm('llama-3-vllm', 'app: llama-3-vllm') }).at, ['pool.yaml:7:MLX019']);
    });

    it('stays silent when the selector matches, when it is empty, and for a v1 pool whose selector lacks matchLabels (not a v1 selector)', () => {
      const server = { 'vllm.yaml': vllm('llama-vllm', 'app: llama-vllm, tier: model') };
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: llama-vllm'), ...server }).at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1alpha2(''), ...server }).at, []);
      const bare = poolV1('').replace('    matchLabels: {}\n', '    app: other\n');
      assert.deepEqual(lintTree({ 'pool.yaml': bare, ...server }).at, []);
    });

    it('stays silent on an InferencePool of another API group', () => {
      const pool = poolV1('app: llama-vllm', undefined, 'inference.example.com/v1');
      assert.deepEqual(lintTree({ 'pool.yaml': pool, 'vllm.yaml': vllm('llama-3-vllm', 'app: llama-3-vllm') }).at, []);
    });
  });

  describe('judges the selector against model servers only', () => {
    it('stays silent when the namespace holds only the endpoint picker and its helpers: the model servers are deployed another way', () => {
      const tree = { 'pool.yaml': poolV1alpha2('app: llama'), 'svc.yaml': pickerService, 'epp.yaml': picker(), 'redis.yaml': redis() };
      assert.deepEqual(lintTree(tree).at, []);
      assert.deepEqual(lintTree({ ...tree, 'vllm.yaml': vllm('embedder', 'app: embedder') }).at, ['pool.yaml:7:MLX019']);
    });

    it('names the model server, not the picker whose labels are nearer, as the closest workload', () => {
      const seen = lintTree({ 'pool.yaml': poolV1alpha2('app: llama-ep'), 'epp.yaml': picker(), 'vllm.yaml': vllm('llama-3-vllm', 'app: llama-3-vllm') });
      assert.deepEqual(seen.at, ['pool.yaml:7:MLX019']);
      assert.match(seen.messages[0] ?? '', /closest model server is Deployment llama-3-vllm/);
    });

    it('stays silent when an operator labels the pods of a custom resource in the namespace (a NIMService), and flags without it', () => {
      const nim = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama-nim
spec:
  image: {repository: nvcr.io/nim/meta/llama-3.1-8b-instruct, tag: "1.3.3"}
  resources: {limits: {nvidia.com/gpu: 1}}
  expose: {service: {port: 8000}}
`;
      const tree = { 'pool.yaml': poolV1('app: llama-nim'), 'vllm.yaml': vllm('embedder', 'app: embedder') };
      assert.deepEqual(lintTree({ ...tree, 'nim.yaml': nim }).at, []);
      assert.deepEqual(lintTree(tree).at, ['pool.yaml:6:MLX019']);
    });

    it('reads the template labels of a LeaderWorkerSet (multi-node serving), whose generated labels it leaves alone', () => {
      const lws = (labels: string) => `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: deepseek
spec:
  leaderWorkerTemplate:
    size: 2
    workerTemplate:
      metadata:
        labels: {${labels}}
      spec:
        containers:
        - {name: vllm, image: "vllm/vllm-openai:v0.10.0", ports: [{containerPort: 8000}], resources: {limits: {nvidia.com/gpu: 8}}}
`;
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: deepseek'), 'lws.yaml': lws('app: deepseek') }).at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('leaderworkerset.sigs.k8s.io/worker-index: "0"'), 'lws.yaml': lws('app: deepseek') }).at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: deepseek-r1'), 'lws.yaml': lws('app: deepseek') }).at, ['pool.yaml:6:MLX019']);
    });
  });

  describe('stays silent where the pods may come from outside the lint set', () => {
    it('envsubst or sed fills the selector, or the pods\' label, in before the files are applied', () => {
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: "${POOL_NAME}"'), 'vllm.yaml': vllm('decode', 'app: decode') }).at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: llama'), 'vllm.yaml': vllm('decode', 'app: REPLACE_POOL_NAME') }).at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: llama'), 'vllm.yaml': vllm('decode', 'app: decode') }).at, ['pool.yaml:6:MLX019']);
    });

    it('a remote kustomize base is built with the pool', () => {
      const tree = { 'pool.yaml': poolV1('app: llama'), 'vllm.yaml': vllm('embedder', 'app: embedder') };
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': 'resources:\n- github.com/example-org/llm-platform/deploy/base?ref=v1.2.0\n- pool.yaml\n- vllm.yaml\n' }).at, []);
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': 'resources:\n- pool.yaml\n- vllm.yaml\n' }).at, ['pool.yaml:6:MLX019']);
    });

    it('a chart a Flux HelmRelease renders into the namespace labels its pods with its release name', () => {
      const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: llama-serving, namespace: ai}
spec:
  interval: 1h
  chart: {spec: {chart: vllm-stack, sourceRef: {kind: HelmRepository, name: vllm}}}
`;
      const tree = { 'pool.yaml': poolV1('app: llama-serving', 'ai'), 'vllm.yaml': vllm('embedder', 'app: embedder', 'ai') };
      assert.deepEqual(lintTree({ ...tree, 'release.yaml': release }).at, []);
      assert.deepEqual(lintTree(tree).at, ['pool.yaml:7:MLX019']);
    });

    it('a kustomization replaces the selector', () => {
      const kustomization = `resources: [pool.yaml, vllm.yaml]
replacements:
- source: {kind: Deployment, name: embedder, fieldPath: metadata.name}
  targets:
  - select: {kind: InferencePool}
    fieldPaths: [spec.selector.matchLabels.app]
`;
      const tree = { 'pool.yaml': poolV1('app: llama'), 'vllm.yaml': vllm('embedder', 'app: embedder') };
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': kustomization }).at, []);
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': 'resources: [pool.yaml, vllm.yaml]\n' }).at, ['pool.yaml:6:MLX019']);
    });
  });

  describe('namespaces', () => {
    it('flags a pool whose model server runs in another namespace, naming it', () => {
      const seen = lintTree({ 'pool.yaml': poolV1('app: llama', 'gateway'), 'embedder.yaml': vllm('embedder', 'app: embedder', 'gateway'), 'vllm.yaml': vllm('llama', 'app: llama', 'models') });
      assert.deepEqual(seen.at, ['pool.yaml:7:MLX019']);
      assert.match(seen.messages[0] ?? '', /Deployment llama in namespace models matches it; a pool only selects pods in its own namespace/);
    });

    it('stays silent when no model server runs in the pool\'s namespace', () => {
      assert.deepEqual(lintTree({ 'pool.yaml': poolV1('app: llama', 'gateway'), 'vllm.yaml': vllm('llama', 'app: llama', 'models') }).at, []);
    });

    it('stays silent when neither manifest names a namespace and a kustomization moved the model server: kubectl apply -f puts them together', () => {
      const tree = { 'pool.yaml': poolV1('app: llama'), 'embedder.yaml': vllm('embedder', 'app: embedder'), 'models/kustomization.yaml': 'namespace: models\nresources: [vllm.yaml]\n' };
      assert.deepEqual(lintTree({ ...tree, 'models/vllm.yaml': vllm('llama', 'app: llama') }).at, []);
      assert.deepEqual(lintTree({ ...tree, 'models/vllm.yaml': vllm('llama', 'app: llama', 'models') }).at, ['pool.yaml:6:MLX019']);
    });
  });

  describe('MLX008 and a Gateway API route to an InferencePool', () => {
    const route = (backendRef: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: llm-route
spec:
  parentRefs: [{name: inference-gateway}]
  rules:
  - backendRefs:
    - ${backendRef}
`;
    it('looks an InferencePool backendRef up among the pools, not the Services (either API group), and still checks a Service backendRef', () => {
      const tree = { 'svc.yaml': pickerService, 'pool.yaml': poolV1('app: llama'), 'vllm.yaml': vllm('llama', 'app: llama') };
      for (const group of ['inference.networking.k8s.io', 'inference.networking.x-k8s.io']) {
        assert.deepEqual(lintTree({ ...tree, 'route.yaml': route(`{group: ${group}, kind: InferencePool, name: llama}`) }, ['MLX008']).at, []);
        assert.deepEqual(lintTree({ ...tree, 'route.yaml': route(`{group: ${group}, kind: InferencePool, name: absent-pool}`) }, ['MLX008']).at, ['route.yaml:9:MLX008']);
      }
      assert.deepEqual(lintTree({ ...tree, 'route.yaml': route('{name: llama, port: 8000}') }, ['MLX008']).at, ['route.yaml:9:MLX008']);
    });
  });
});

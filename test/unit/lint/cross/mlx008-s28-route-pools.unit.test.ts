import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

interface Seen {
  at: string[];
  messages: string[];
  fixes: string[];
}

/** The findings of `rule` on a tree of files, as `path:line:rule`, with their messages and the text their fixes write. */
function lintTree(tree: Record<string, string>, rule: string): Seen {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-pools-s28-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
    assert.deepEqual(result.problems, []);
    const found = result.findings.filter((f) => f.ruleId === rule);
    return {
      at: found.map((f) => `${f.path}:${f.range.start.line}:${f.ruleId}`).sort(),
      messages: found.map((f) => f.message),
      fixes: found.flatMap((f) => f.fix?.edits.map((e) => e.newText) ?? []),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const namespaced = (namespace: string | undefined) => (namespace !== undefined ? `\n  namespace: ${namespace}` : '');

/** A v1 pool; its endpoint picker reference is written as given. */
const pool = (name: string, namespace?: string, pickerRef = `{name: ${name}-epp}`, apiVersion = 'inference.networking.k8s.io/v1') => `apiVersion: ${apiVersion}
kind: InferencePool
metadata:
  name: ${name}${namespaced(namespace)}
spec:
  selector:
    matchLabels: {app: ${name}}
  targetPorts: [{number: 8000}]
  endpointPickerRef: ${pickerRef}
`;

/** An HTTPRoute with one backendRef, written as given (flow mapping), on line 9. */
const route = (backendRef: string, namespace?: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: llm-route${namespaced(namespace)}
spec:
  parentRefs: [{name: inference-gateway}]
  rules:
  - backendRefs:
    - ${backendRef}
`;

const poolRef = (name: string, extra = '', group = 'inference.networking.k8s.io') => `{group: ${group}, kind: InferencePool, name: ${name}${extra}}`;

describe('MLX008 ingress-backend-unresolved: routes to InferencePools (s28)', () => {
  describe('flags a backendRef that names no pool of its namespace in scope', () => {
    it('suggests the nearest pool, with a fix that writes its name, in either API group', () => {
      for (const group of ['inference.networking.k8s.io', 'inference.networking.x-k8s.io']) {
        const seen = lintTree({ 'pool.yaml': pool('qwen3-32b'), 'route.yaml': route(poolRef('qwen3-23b', '', group)) }, 'MLX008');
        assert.deepEqual(seen.at, ['route.yaml:9:MLX008']);
        assert.equal(seen.messages[0], 'backendRef InferencePool "qwen3-23b" is not in namespace default in scope; did you mean "qwen3-32b"?');
        assert.deepEqual(seen.fixes, ['qwen3-32b']);
      }
    });

    it('looks in the namespace the backendRef names, and asks for an existing pool when none is near', () => {
      const tree = { 'pool.yaml': pool('qwen3', 'models') };
      assert.deepEqual(lintTree({ ...tree, 'route.yaml': route(poolRef('qwen3', ', namespace: models'), 'gateway') }, 'MLX008').at, []);
      const seen = lintTree({ ...tree, 'route.yaml': route(poolRef('deepseek-r1', ', namespace: models'), 'gateway') }, 'MLX008');
      assert.deepEqual(seen.at, ['route.yaml:10:MLX008']);
      assert.match(seen.messages[0] ?? '', /InferencePool "deepseek-r1" is not in namespace models in scope; point the backendRef at an existing InferencePool\.$/);
      assert.deepEqual(seen.fixes, []);
    });

    it('finds a pool of the other API group by its name, and leaves a pool kind of another group alone', () => {
      const v1alpha2 = pool('qwen3', undefined, '{name: qwen3-epp}', 'inference.networking.x-k8s.io/v1alpha2');
      assert.deepEqual(lintTree({ 'pool.yaml': v1alpha2, 'route.yaml': route(poolRef('qwen3')) }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef('absent', '', 'inference.example.com')) }, 'MLX008').at, []);
    });
  });

  describe('does not judge the port of a pool backendRef', () => {
    it('a port that matches no target port is ignored by the implementations', () => {
      assert.deepEqual(lintTree({ 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef('qwen3', ', port: 8888')) }, 'MLX008').at, []);
    });
  });

  describe('stays silent where the pool may be made out of scope', () => {
    it('no pool of the namespace is in scope (trap T22): a chart or an operator makes them', () => {
      assert.deepEqual(lintTree({ 'route.yaml': route(poolRef('gaie-inference-scheduling')) }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ 'pool.yaml': pool('qwen3', 'models'), 'route.yaml': route(poolRef('llama')) }, 'MLX008').at, []);
    });

    it('the name is filled in before the files are applied', () => {
      for (const name of ['${POOL_NAME}', '"{{ .Values.pool }}"', '"${MODEL}-pool"', 'REPLACE_POOL_NAME']) {
        assert.deepEqual(lintTree({ 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef(name)) }, 'MLX008').at, [], name);
      }
    });

    it('a Helm chart a Flux HelmRelease renders into the namespace may make it (the inferencepool chart names it after the release)', () => {
      const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: gaie-llama}
spec:
  interval: 1h
  chart: {spec: {chart: inferencepool, sourceRef: {kind: HelmRepository, name: gaie}}}
`;
      const tree = { 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef('gaie-llama')) };
      assert.deepEqual(lintTree({ ...tree, 'release.yaml': release }, 'MLX008').at, []);
      assert.deepEqual(lintTree(tree, 'MLX008').at, ['route.yaml:9:MLX008']);
    });

    it("an operator's custom resource of the namespace may make it (KServe's LLMInferenceService makes <name>-inference-pool)", () => {
      const llmisvc = `apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: {name: llama}
spec:
  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct"}
  router: {scheduler: {}, route: {}}
`;
      const tree = { 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef('llama-inference-pool')) };
      assert.deepEqual(lintTree({ ...tree, 'llmisvc.yaml': llmisvc }, 'MLX008').at, []);
      assert.deepEqual(lintTree(tree, 'MLX008').at, ['route.yaml:9:MLX008']);
    });

    it('a remote kustomize base is built with the route', () => {
      const tree = { 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef('llama')) };
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': 'resources:\n- github.com/example-org/llm-platform/deploy/pools?ref=v1.2.0\n- pool.yaml\n- route.yaml\n' }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': 'resources:\n- pool.yaml\n- route.yaml\n' }, 'MLX008').at, ['route.yaml:9:MLX008']);
    });

    it("a kustomization's replacements write the backendRef's name", () => {
      const kustomization = `resources: [pool.yaml, route.yaml]
replacements:
- source: {kind: InferencePool, name: qwen3, fieldPath: metadata.name}
  targets:
  - select: {kind: HTTPRoute}
    fieldPaths: [spec.rules.*.backendRefs.0.name]
`;
      const tree = { 'pool.yaml': pool('qwen3'), 'route.yaml': route(poolRef('qwen3-next')) };
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': kustomization }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': 'resources: [pool.yaml, route.yaml]\n' }, 'MLX008').at, ['route.yaml:9:MLX008']);
    });

    it('a pool renamed by a namePrefix is found by either name', () => {
      const tree = { 'base/pool.yaml': pool('qwen3'), 'base/kustomization.yaml': 'resources: [pool.yaml, route.yaml]\n', 'prod/kustomization.yaml': 'namePrefix: prod-\nresources: [../base]\n' };
      assert.deepEqual(lintTree({ ...tree, 'base/route.yaml': route(poolRef('prod-qwen3')) }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'base/route.yaml': route(poolRef('qwen3')) }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'base/route.yaml': route(poolRef('qwen3-next')) }, 'MLX008').at, ['base/route.yaml:9:MLX008']);
    });

    it('kubectl apply -f puts a route and a pool whose manifests name no namespace together, wherever a kustomization moved the pool', () => {
      const tree = { 'route.yaml': route(poolRef('qwen3')), 'llama.yaml': pool('llama'), 'models/kustomization.yaml': 'namespace: models\nresources: [pool.yaml]\n' };
      assert.deepEqual(lintTree({ ...tree, 'models/pool.yaml': pool('qwen3') }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'models/pool.yaml': pool('qwen3', 'models') }, 'MLX008').at, ['route.yaml:9:MLX008']);
    });

    it("takes only the pools applied with the route as evidence, not those of another folder (a repository's other examples)", () => {
      const tree = { 'guides/bbr/route.yaml': route(poolRef('vllm-deepseek-r1')) };
      assert.deepEqual(lintTree({ ...tree, 'pool.yaml': pool('vllm-llama3-8b-instruct') }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'other/pool.yaml': pool('vllm-llama3-8b-instruct') }, 'MLX008').at, []);
      assert.deepEqual(lintTree({ ...tree, 'guides/bbr/pool.yaml': pool('vllm-llama3-8b-instruct') }, 'MLX008').at, ['guides/bbr/route.yaml:9:MLX008']);
    });
  });
});

/** A model server Deployment the pool selects. */
const server = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-vllm${namespaced(namespace)}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - {name: vllm, image: "vllm/vllm-openai:v0.10.0", ports: [{containerPort: 8000}], resources: {limits: {nvidia.com/gpu: 1}}}
`;

/** The endpoint picker's Deployment, with its command line as given. */
const picker = (args: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: epp${namespaced(namespace)}
spec:
  selector:
    matchLabels: {app: epp}
  template:
    metadata:
      labels: {app: epp}
    spec:
      containers:
      - {name: epp, image: "registry.k8s.io/gateway-api-inference-extension/epp:v1.0.0", args: [${args}], ports: [{containerPort: 9002}]}
`;

const service = (name: string, app: string, namespace?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespaced(namespace)}
spec:
  selector: {app: ${app}}
  ports: [{port: 9002}]
`;

describe('MLX019 inferencepool-selects-nothing: the endpoint picker Service (s28)', () => {
  const app = { 'vllm.yaml': server('qwen3'), 'epp.yaml': picker('--pool-name, qwen3') };

  describe('flags a picker reference that names no Service in scope while the picker runs there', () => {
    it('suggests the one Service that selects the picker, with a fix, and relates the finding to the picker', () => {
      const seen = lintTree({ ...app, 'pool.yaml': pool('qwen3', undefined, '{name: qwen3-epp}'), 'svc.yaml': service('picker', 'epp') }, 'MLX019');
      assert.deepEqual(seen.at, ['pool.yaml:9:MLX019']);
      assert.equal(
        seen.messages[0],
        'InferencePool qwen3 names endpoint picker Service "qwen3-epp", which is not in namespace default in scope, though the picker runs there; the gateway cannot reach the picker, so requests to the pool fail: did you mean "picker"?',
      );
      assert.deepEqual(seen.fixes, ['picker']);
    });

    it('suggests the nearest name when no one Service selects the picker, and asks for a Service when none is near', () => {
      const near = lintTree({ ...app, 'pool.yaml': pool('qwen3', undefined, '{name: qwen3-ep}'), 'svc.yaml': service('qwen3-epp', 'other') }, 'MLX019');
      assert.deepEqual(near.fixes, ['qwen3-epp']);
      const none = lintTree({ ...app, 'pool.yaml': pool('qwen3', undefined, '{name: scheduler}'), 'svc.yaml': service('vllm', 'qwen3') }, 'MLX019');
      assert.deepEqual(none.at, ['pool.yaml:9:MLX019']);
      assert.match(none.messages[0] ?? '', /add a Service that selects the endpoint picker's pods, or name the one that does\.$/);
    });

    it("reads v1alpha2's extensionRef, and the picker's older and = forms of its flag", () => {
      const v1alpha2 = pool('qwen3', undefined, '{name: qwen3-ep, portNumber: 9002}', 'inference.networking.x-k8s.io/v1alpha2').replace('matchLabels: {app: qwen3}', '{app: qwen3}').replace('endpointPickerRef', 'extensionRef');
      const svc = { 'svc.yaml': service('qwen3-epp', 'epp') };
      for (const args of ['-poolName, qwen3', '"--pool-name=qwen3"', '"-poolName=qwen3"']) {
        assert.deepEqual(lintTree({ ...svc, 'vllm.yaml': server('qwen3'), 'epp.yaml': picker(args), 'pool.yaml': v1alpha2 }, 'MLX019').at, ['pool.yaml:9:MLX019'], args);
      }
    });
  });

  describe('stays silent where the Service may be made out of scope', () => {
    const svc = { 'svc.yaml': service('vllm', 'qwen3') };
    it('the picker of the pool does not run in its namespace, applied with it (a Helm chart installs picker and Service)', () => {
      const ref = '{name: qwen3-epp}';
      assert.deepEqual(lintTree({ ...svc, 'vllm.yaml': server('qwen3'), 'pool.yaml': pool('qwen3', undefined, ref) }, 'MLX019').at, []);
      assert.deepEqual(lintTree({ ...svc, ...app, 'epp.yaml': picker('--pool-name, llama'), 'pool.yaml': pool('qwen3', undefined, ref) }, 'MLX019').at, []);
      assert.deepEqual(lintTree({ ...svc, ...app, 'epp.yaml': picker('--pool-name, qwen3', 'other'), 'pool.yaml': pool('qwen3', undefined, ref) }, 'MLX019').at, []);
      assert.deepEqual(lintTree({ ...svc, 'vllm.yaml': server('qwen3'), 'other-app/epp.yaml': picker('--pool-name, qwen3'), 'pool.yaml': pool('qwen3', undefined, ref) }, 'MLX019').at, []);
    });

    it('no Service of the namespace is in scope (trap T22)', () => {
      assert.deepEqual(lintTree({ ...app, 'pool.yaml': pool('qwen3', undefined, '{name: qwen3-epp}') }, 'MLX019').at, []);
    });

    it('the reference names a Service that exists, another kind, or a name filled in later', () => {
      for (const ref of ['{name: vllm}', '{name: qwen3-epp, group: example.com, kind: Picker}', '{name: "${EPP_NAME}"}']) {
        assert.deepEqual(lintTree({ ...svc, ...app, 'pool.yaml': pool('qwen3', undefined, ref) }, 'MLX019').at, [], ref);
      }
    });

    it("a chart rendered into the namespace, or an operator's custom resource, may make it", () => {
      const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: qwen3-gaie}
spec:
  interval: 1h
  chart: {spec: {chart: inferencepool, sourceRef: {kind: HelmRepository, name: gaie}}}
`;
      const tree = { ...svc, ...app, 'pool.yaml': pool('qwen3', undefined, '{name: qwen3-gaie-epp}') };
      assert.deepEqual(lintTree({ ...tree, 'release.yaml': release }, 'MLX019').at, []);
      assert.deepEqual(lintTree({ ...tree, 'cr.yaml': 'apiVersion: example.ai/v1\nkind: ModelStack\nmetadata: {name: qwen3-gaie}\n' }, 'MLX019').at, []);
      assert.deepEqual(lintTree(tree, 'MLX019').at, ['pool.yaml:9:MLX019']);
    });

    it('a remote kustomize base is built with the pool', () => {
      const tree = { ...svc, ...app, 'pool.yaml': pool('qwen3', undefined, '{name: qwen3-epp}') };
      const resources = '- pool.yaml\n- vllm.yaml\n- epp.yaml\n- svc.yaml\n';
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': `resources:\n- github.com/example-org/gaie/config/epp?ref=v1.0.0\n${resources}` }, 'MLX019').at, []);
      assert.deepEqual(lintTree({ ...tree, 'kustomization.yaml': `resources:\n${resources}` }, 'MLX019').at, ['pool.yaml:9:MLX019']);
    });
  });
});

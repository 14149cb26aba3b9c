import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { kustomizeBuildSpec } from '../../../../src/core/lint/kubernetes/kustomize';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

interface Seen {
  at: string[];
  messages: string[];
  fixes: number;
}

/** The findings of `rules` on a tree of files, as `path:line:rule`, with their messages and how many offer a fix. */
function lintTree(tree: Record<string, string>, rules: readonly string[]): Seen {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-s26-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
    assert.deepEqual(result.problems, []);
    const found = result.findings.filter((f) => rules.includes(f.ruleId));
    return { at: found.map((f) => `${f.path}:${f.range.start.line}:${f.ruleId}`).sort(), messages: found.map((f) => f.message), fixes: found.filter((f) => f.fix !== undefined).length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const deployment = (name: string, replicas = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${replicas}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - {name: server, image: "ghcr.io/example/${name}:1", ports: [{name: http, containerPort: 8000}]}
`;

const hpa = (target: string, kind = 'Deployment', apiVersion = 'apps/v1') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
spec:
  scaleTargetRef: {apiVersion: ${apiVersion}, kind: ${kind}, name: ${target}}
  minReplicas: 1
  maxReplicas: 4
`;

const scaledObject = (target: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${target}
spec:
  scaleTargetRef:
    name: ${target}
  triggers:
  - {type: cpu, metricType: Utilization, metadata: {value: "60"}}
`;

const service = (name: string, app: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${app}}
  ports:
  - {name: http, port: 80, targetPort: http}
`;

const networkPolicy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}
spec:
  podSelector:
    matchLabels: {app: ${app}}
  policyTypes: [Ingress]
`;

/** An overlay that adds an HPA, a Service and a NetworkPolicy for `vllm` to `base`, beside another app's Deployment. */
const overlayOver = (base: string, namespace = 'serving') => ({
  'overlay/kustomization.yaml': `namespace: ${namespace}\nresources:\n- ${base}\n- worker.yaml\n- hpa.yaml\n- service.yaml\n- netpol.yaml\n`,
  'overlay/worker.yaml': deployment('worker'),
  'overlay/hpa.yaml': hpa('vllm'),
  'overlay/service.yaml': service('vllm-metrics', 'vllm'),
  'overlay/netpol.yaml': networkPolicy('vllm'),
});

const absenceRules = ['MLX006', 'MLX009', 'MLX016'];

describe('cross-file rules under kustomize (s26): remote bases', () => {
  it('reads a remote entry of resources as a remote base, whatever form it takes', () => {
    for (const entry of ['github.com/org/repo/deploy/base?ref=v1.2.0', 'https://github.com/org/repo//deploy/base?ref=v1', 'git::https://gitlab.example.com/org/repo.git//base', 'git@github.com:org/repo.git/base', 'ssh://git@github.com/org/repo.git']) {
      const spec = kustomizeBuildSpec(`resources:\n- ${entry}\n- hpa.yaml\n`);
      assert.deepEqual([spec?.files, spec?.folders, spec?.remote], [['hpa.yaml'], [], true], entry);
    }
    assert.equal(kustomizeBuildSpec('components:\n- github.com/org/repo/components/gpu?ref=v1\n')?.remote, true);
    assert.equal(kustomizeBuildSpec('resources:\n- ../base\n- hpa.yaml\n')?.remote, undefined);
  });

  for (const base of ['github.com/example-org/llm-platform/deploy/base?ref=v1.2.0', 'https://github.com/example-org/llm-platform//deploy/base?ref=v1.2.0', 'git::https://example.com/org/platform.git//deploy/base?ref=v1']) {
    it(`stays silent on what names objects a remote base may hold (${base.slice(0, 24)}…), another workload in the namespace notwithstanding`, () => {
      assert.deepEqual(lintTree(overlayOver(base), absenceRules).at, []);
    });
  }

  it('still reports the same overlay over a local base that lacks the workload, and offers the Service a fix then', () => {
    const seen = lintTree({ ...overlayOver('../base'), 'base/kustomization.yaml': 'resources: [api.yaml]\n', 'base/api.yaml': deployment('api') }, absenceRules);
    assert.deepEqual(seen.at, ['overlay/hpa.yaml:6:MLX009', 'overlay/netpol.yaml:6:MLX016', 'overlay/service.yaml:6:MLX006']);
    assert.equal(seen.fixes, 1);
  });

  it('a remote base below a local one counts for the overlay over both', () => {
    const seen = lintTree({ ...overlayOver('../base'), 'base/kustomization.yaml': 'resources:\n- github.com/example-org/llm-platform/deploy/base?ref=v1\n' }, absenceRules);
    assert.deepEqual(seen.at, []);
  });

  it('a remote base put into a namespace counts for another build into that namespace, not for one into another', () => {
    const remote = { 'platform/kustomization.yaml': 'namespace: serving\nresources:\n- github.com/example-org/llm-platform/deploy/base?ref=v1\n' };
    assert.deepEqual(lintTree({ ...overlayOver('../app', 'serving'), ...remote, 'app/kustomization.yaml': 'resources: [api.yaml]\n', 'app/api.yaml': deployment('api') }, absenceRules).at, []);
    assert.deepEqual(lintTree({ ...overlayOver('../app', 'staging'), ...remote, 'app/kustomization.yaml': 'resources: [api.yaml]\n', 'app/api.yaml': deployment('api') }, ['MLX009']).at, ['overlay/hpa.yaml:6:MLX009']);
  });
});

describe('cross-file rules under kustomize (s26): operator-made Service names', () => {
  const rayCluster = (name: string) => `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: ${name}
spec:
  headGroupSpec:
    rayStartParams: {}
    template:
      spec:
        containers: [{name: ray-head, image: "rayproject/ray:2.41.0"}]
`;
  const ingress = (backend: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dashboard
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${backend}
            port: {number: 8265}
`;

  it('takes <release>-kuberay-head-svc for the ray-cluster Helm chart release it is, though a sample RayCluster is in scope', () => {
    const seen = lintTree({ 'ray.yaml': rayCluster('raycluster-kuberay'), 'svc.yaml': service('vllm', 'vllm'), 'ingress.yaml': ingress('ray-cluster-kuberay-head-svc') }, ['MLX008']);
    assert.deepEqual(seen.at, []);
  });

  it('offers no "did you mean" that differs from the name only by dashes', () => {
    const seen = lintTree({ 'svc.yaml': service('ray-cluster-dashboard', 'ray'), 'ingress.yaml': ingress('raycluster-dashboard') }, ['MLX008']);
    assert.deepEqual(seen.at, ['ingress.yaml:13:MLX008']);
    assert.equal(seen.fixes, 0);
    assert.doesNotMatch(seen.messages[0] ?? '', /did you mean/);
  });

  it('still suggests the Service of the RayCluster in scope for a typo', () => {
    const seen = lintTree({ 'ray.yaml': rayCluster('batch'), 'svc.yaml': service('vllm', 'vllm'), 'ingress.yaml': ingress('bacth-head-svc') }, ['MLX008']);
    assert.match(seen.messages[0] ?? '', /did you mean "batch-head-svc"/);
  });
});

describe('cross-file rules under kustomize (s26): references kustomize does not rename', () => {
  const prefixed = (extra: Record<string, string>, baseFiles: string[], overlay = 'namePrefix: prod-\n') => ({
    'base/kustomization.yaml': `resources: [${['deployment.yaml', ...baseFiles].join(', ')}]\n`,
    'base/deployment.yaml': deployment('vllm'),
    'prod/kustomization.yaml': `${overlay}resources: [../base]\n`,
    ...extra,
  });

  it("reports a ScaledObject's scaleTargetRef written before a nameSuffix, saying kustomize does not rewrite it", () => {
    const seen = lintTree(prefixed({ 'base/so.yaml': scaledObject('vllm') }, ['so.yaml'], 'nameSuffix: -v2\n'), ['MLX009', 'MLX018']);
    assert.deepEqual(seen.at, ['base/so.yaml:7:MLX009']);
    assert.match(seen.messages[0] ?? '', /"vllm-v2".*does not rewrite a KEDA ScaledObject's scaleTargetRef/);
  });

  it("reports an HPA's scaleTargetRef to a kind kustomize does not rewrite it for (a LeaderWorkerSet)", () => {
    const lws = 'apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata:\n  name: vllm\nspec:\n  replicas: 1\n';
    const seen = lintTree(prefixed({ 'base/lws.yaml': lws, 'base/hpa.yaml': hpa('vllm', 'LeaderWorkerSet', 'leaderworkerset.x-k8s.io/v1') }, ['lws.yaml', 'hpa.yaml']), ['MLX009']);
    assert.deepEqual(seen.at, ['base/hpa.yaml:6:MLX009']);
  });

  it('stays silent when the base is also built on its own, where the name holds', () => {
    const seen = lintTree({ ...prefixed({ 'base/so.yaml': scaledObject('vllm') }, ['so.yaml']), 'dev/kustomization.yaml': 'resources: [../base]\n' }, ['MLX009']);
    assert.deepEqual(seen.at, []);
  });

  it('stays silent without a prefix, and on an HTTPRoute, whose backendRefs kustomize rewrites', () => {
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: vllm\nspec:\n  rules:\n  - backendRefs:\n    - {name: vllm, port: 80}\n';
    assert.deepEqual(lintTree(prefixed({ 'base/so.yaml': scaledObject('vllm') }, ['so.yaml'], ''), ['MLX009']).at, []);
    assert.deepEqual(lintTree(prefixed({ 'base/svc.yaml': service('vllm', 'vllm'), 'base/route.yaml': route }, ['svc.yaml', 'route.yaml']), ['MLX008']).at, []);
  });
});

describe('cross-file rules under kustomize (s26): replicas set by overlays', () => {
  const layout = (prod: string, extra: Record<string, string> = {}) => ({
    'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'base/deployment.yaml': deployment('vllm'),
    'prod/kustomization.yaml': prod,
    'prod/hpa.yaml': hpa('vllm'),
    ...extra,
  });

  it('reports at the HPA a patch with a target selector that sets spec.replicas in its build', () => {
    const patch = 'resources: [../base, hpa.yaml]\npatches:\n- target: {kind: Deployment, name: vllm}\n  patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 3\n';
    const seen = lintTree(layout(patch), ['MLX010']);
    assert.deepEqual(seen.at, ['prod/hpa.yaml:6:MLX010']);
    assert.match(seen.messages[0] ?? '', /kustomization in prod\/ sets spec\.replicas of Deployment vllm/);
    assert.equal(seen.fixes, 0);
  });

  it('reports the replicas an overlay below the one that adds the HPA sets, not those of a sibling overlay', () => {
    const withReplicas = { 'sized/kustomization.yaml': 'resources: [../base]\nreplicas: [{name: vllm, count: 2}]\n' };
    assert.deepEqual(lintTree(layout('resources: [../sized, hpa.yaml]\n', withReplicas), ['MLX010']).at, ['prod/hpa.yaml:6:MLX010']);
    assert.deepEqual(lintTree(layout('resources: [../base, hpa.yaml]\n', { 'dev/kustomization.yaml': 'resources: [../base]\nreplicas: [{name: vllm, count: 2}]\n' }), ['MLX010']).at, []);
  });

  it("reports a ScaledObject's target that sets spec.replicas in its manifest", () => {
    const seen = lintTree({ 'app.yaml': deployment('vllm', '  replicas: 2\n'), 'so.yaml': scaledObject('vllm') }, ['MLX010']);
    assert.deepEqual(seen.at, ['app.yaml:6:MLX010']);
    assert.match(seen.messages[0] ?? '', /ScaledObject vllm/);
  });
});

describe('cross-file rules under kustomize (s26): Secrets of unrelated folders', () => {
  const consumer = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
  - name: api
    image: ghcr.io/example/api:1
    envFrom:
    - secretRef: {name: api-env}
`;
  const secret = (name: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\nstringData: {a: b}\n`;

  it('takes a Secret of another kustomize build or another folder as no evidence', () => {
    assert.deepEqual(lintTree({ 'apps/api/pod.yaml': consumer, 'apps/ray/secret.yaml': secret('ray-tls') }, ['MLX014']).at, []);
    const builds = { 'apps/api/kustomization.yaml': 'resources: [pod.yaml]\n', 'apps/api/pod.yaml': consumer, 'apps/ray/kustomization.yaml': 'resources: [secret.yaml]\n', 'apps/ray/secret.yaml': secret('ray-tls') };
    assert.deepEqual(lintTree(builds, ['MLX014']).at, []);
  });

  it('takes a Secret of the same build, or of a folder above, as evidence', () => {
    const builds = { 'apps/api/kustomization.yaml': 'resources: [pod.yaml, ../shared]\n', 'apps/api/pod.yaml': consumer, 'apps/shared/kustomization.yaml': 'resources: [secret.yaml]\n', 'apps/shared/secret.yaml': secret('db') };
    assert.deepEqual(lintTree(builds, ['MLX014']).at, ['apps/api/pod.yaml:10:MLX014']);
    assert.deepEqual(lintTree({ 'apps/api/pod.yaml': consumer, 'apps/secret.yaml': secret('db') }, ['MLX014']).at, ['apps/api/pod.yaml:10:MLX014']);
  });
});

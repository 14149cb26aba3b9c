import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { crossRules } from '../../../../src/core/lint/rules/cross';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, expectedFindings, loadWorkspace } from './support';

function lintDir(dir: string) {
  const { files, config } = loadWorkspace(dir);
  const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((f) => f.ruleId === 'MLX018');
}

/** The MLX018 findings on a tree of files, as `path:line`, with their messages. */
function lintTree(tree: Record<string, string>): { at: string[]; messages: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx018-s26-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const findings = lintDir(dir);
    return { at: findings.map((f) => `${f.path}:${f.range.start.line}`).sort(), messages: findings.map((f) => f.message) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const deployment = (name: string, containers = ['server']) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
${containers.map((c) => `      - {name: ${c}, image: ghcr.io/example/${c}:1, resources: {requests: {cpu: "1", memory: 1Gi}}}`).join('\n')}
`;

const hpa = (name: string, target: string, metrics = '') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  annotations: {}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  minReplicas: 1
  maxReplicas: 4
${metrics}`;

const cpuUtilization = `  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`;

const scaledObject = (name: string, target: string, extra = '', triggers = '  - {type: prometheus, metadata: {serverAddress: "http://prometheus:9090", query: "sum(q)", threshold: "4"}}\n') => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${name}
${extra}spec:
  scaleTargetRef: {name: ${target}}
  triggers:
${triggers}`;

const vpa = (target: string, spec = '') => `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: ${target}-vpa}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
${spec}`;

const docs = (...parts: string[]) => parts.join('---\n');

describe('MLX018 workload-scaled-by-two-autoscalers (s26)', () => {
  it('is registered as a warning that is on by default', () => {
    const rule = crossRules.find((r) => r.meta.id === 'MLX018');
    assert.equal(rule?.meta.name, 'workload-scaled-by-two-autoscalers');
    assert.equal(rule?.meta.severity, 'warning');
    assert.equal(rule?.meta.enabledByDefault, true);
  });

  it('flags the golden fail workspace at the expected lines and stays silent on the pass one', () => {
    const dir = path.join(crossFixturesRoot, 'MLX018', 'fail');
    const found = lintDir(dir).map((f) => `${f.path}:${f.ruleId}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
    assert.deepEqual(found.sort(), expectedFindings(dir));
    assert.deepEqual(lintDir(path.join(crossFixturesRoot, 'MLX018', 'pass')), []);
  });

  it('names both autoscalers, relates the first, and says what to do', () => {
    const [finding] = lintDir(path.join(crossFixturesRoot, 'MLX018', 'fail')).filter((f) => f.path === 'two-hpas.yaml');
    assert.match(finding?.message ?? '', /^Deployment vllm is scaled by both HorizontalPodAutoscaler vllm-cpu and HorizontalPodAutoscaler vllm-queue: .*AmbiguousSelector; keep one HPA/);
    assert.equal(finding?.related?.file, 'two-hpas.yaml');
    assert.equal(finding?.related?.range.start.line, 24);
  });

  describe('HPA and KEDA ScaledObject', () => {
    it('is silent when the ScaledObject takes that very HPA over, and flags a takeover naming another HPA', () => {
      const adopt = (hpaName: string) => docs(deployment('worker'), hpa('worker-hpa', 'worker'), scaledObject('worker', 'worker', '  annotations: {scaledobject.keda.sh/transfer-hpa-ownership: "true"}\n', undefined).replace('spec:\n', `spec:\n  advanced: {horizontalPodAutoscalerConfig: {name: ${hpaName}}}\n`));
      assert.deepEqual(lintTree({ 'app.yaml': adopt('worker-hpa') }).at, []);
      assert.deepEqual(lintTree({ 'app.yaml': adopt('keda-hpa-worker') }).at, ['app.yaml:31']);
    });

    it('is silent when the HPA (or, as some KEDA docs have it, the ScaledObject) opts out of ownership validation', () => {
      const optOut = hpa('worker-hpa', 'worker').replace('annotations: {}', 'annotations: {validations.keda.sh/hpa-ownership: "false"}');
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('worker'), optOut, scaledObject('worker', 'worker')) }).at, []);
      const onScaledObject = scaledObject('worker', 'worker', '  annotations: {validations.keda.sh/hpa-ownership: "true"}\n');
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('worker'), hpa('worker-hpa', 'worker'), onScaledObject) }).at, []);
    });

    it('tells how to let KEDA take the HPA over', () => {
      const { messages } = lintTree({ 'app.yaml': docs(deployment('worker'), hpa('worker-hpa', 'worker'), scaledObject('worker', 'worker')) });
      assert.match(messages[0] ?? '', /scaledobject\.keda\.sh\/transfer-hpa-ownership: "true" and spec\.advanced\.horizontalPodAutoscalerConfig\.name: worker-hpa\.$/);
    });

    it('ignores a ScaledObject of another API group', () => {
      const other = scaledObject('worker', 'worker').replace('keda.sh/v1alpha1', 'example.com/v1');
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('worker'), hpa('worker-hpa', 'worker'), other) }).at, []);
    });
  });

  describe('VPA beside an HPA', () => {
    it('flags a VPA in the default mode beside an HPA without metrics (80% cpu utilization)', () => {
      const { at, messages } = lintTree({ 'app.yaml': docs(deployment('api'), hpa('api', 'api'), vpa('api')) });
      assert.deepEqual(at, ['app.yaml:28']);
      assert.match(messages[0] ?? '', /VPA \(default updateMode\) keeps resizing the cpu requests that HorizontalPodAutoscaler api measures/);
    });

    it('flags a VPA beside a ScaledObject with a cpu Utilization trigger, not one with AverageValue', () => {
      const trigger = (type: string) => `  - {type: cpu, metricType: ${type}, metadata: {value: "60"}}\n`;
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('api'), scaledObject('api', 'api', '', trigger('Utilization')), vpa('api')) }).at, ['app.yaml:27']);
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('api'), scaledObject('api', 'api', '', trigger('AverageValue')), vpa('api')) }).at, []);
    });

    it('follows container policies: Off for every container is silent, a container left to the defaults is not', () => {
      const policies = (...lines: string[]) => `  resourcePolicy:\n    containerPolicies:\n${lines.map((l) => `    - ${l}`).join('\n')}\n`;
      const app = (spec: string) => ({ 'app.yaml': docs(deployment('api', ['api', 'proxy']), hpa('api', 'api', cpuUtilization), vpa('api', spec)) });
      assert.deepEqual(lintTree(app(policies('{containerName: "*", mode: "Off"}'))).at, []);
      assert.deepEqual(lintTree(app(policies('{containerName: api, controlledResources: [memory]}', '{containerName: "*", mode: "Off"}'))).at, []);
      assert.deepEqual(lintTree(app(policies('{containerName: api, controlledResources: [memory]}'))).at, ['app.yaml:32']);
    });

    it('leaves two VPAs of one workload alone: neither scales it out', () => {
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('api'), vpa('api'), vpa('api').replace('api-vpa', 'api-vpa-2')) }).at, []);
    });

    it('is silent for a memory utilization HPA beside a VPA that controls cpu only', () => {
      const memory = cpuUtilization.replace('name: cpu', 'name: memory');
      const spec = '  resourcePolicy:\n    containerPolicies:\n    - {containerName: "*", controlledResources: [cpu]}\n';
      assert.deepEqual(lintTree({ 'app.yaml': docs(deployment('api'), hpa('api', 'api', memory), vpa('api', spec)) }).at, []);
    });
  });

  describe('scope', () => {
    it('flags autoscalers in separate files of one folder, or of a folder below the other', () => {
      assert.deepEqual(lintTree({ 'k8s/deploy.yaml': deployment('api'), 'k8s/hpa.yaml': hpa('api', 'api'), 'k8s/keda/so.yaml': scaledObject('api', 'api') }).at, ['k8s/keda/so.yaml:6']);
    });

    it('is silent for an autoscaler the folder\'s kustomization leaves out (an alternative kept beside it)', () => {
      const tree = (resources: string) => ({ 'k8s/kustomization.yaml': `resources: [${resources}]\n`, 'k8s/deploy.yaml': deployment('api'), 'k8s/hpa.yaml': hpa('api', 'api'), 'k8s/keda.yaml': scaledObject('api', 'api') });
      assert.deepEqual(lintTree(tree('deploy.yaml, hpa.yaml')).at, []);
      assert.deepEqual(lintTree(tree('deploy.yaml, hpa.yaml, keda.yaml')).at, ['k8s/keda.yaml:6']);
    });

    it('is silent for autoscalers of sibling environment folders, which are not applied together', () => {
      assert.deepEqual(lintTree({ 'base/deploy.yaml': deployment('api'), 'dev/hpa.yaml': hpa('api', 'api'), 'prod/hpa.yaml': hpa('api-prod', 'api') }).at, []);
    });

    it('takes two documents of one HPA (a patch in a folder below) for one object', () => {
      const patch = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  maxReplicas: 10\n';
      assert.deepEqual(lintTree({ 'k8s/deploy.yaml': deployment('api'), 'k8s/hpa.yaml': hpa('api', 'api'), 'k8s/overlays/prod/hpa-patch.yaml': patch }).at, []);
    });

    it('tells apart the workloads that name prefixes make of one manifest', () => {
      const tree = (first: string, second: string) => ({
        'top/kustomization.yaml': 'resources: [../a, ../b, hpa.yaml]\n',
        'top/hpa.yaml': docs(hpa(`${first}-hpa`, first), hpa(`${second}-hpa-2`, second)),
        'a/kustomization.yaml': 'namePrefix: a-\nresources: [../base]\n',
        'b/kustomization.yaml': 'namePrefix: b-\nresources: [../base]\n',
        'base/kustomization.yaml': 'resources: [web.yaml]\n',
        'base/web.yaml': deployment('web'),
      });
      assert.deepEqual(lintTree(tree('a-web', 'b-web')).at, []);
      assert.deepEqual(lintTree(tree('a-web', 'a-web')).at, ['top/hpa.yaml:17']);
    });

    it('is silent when the target is not in scope (the workload may be scaled by one of them elsewhere)', () => {
      assert.deepEqual(lintTree({ 'hpa.yaml': docs(hpa('a', 'api'), hpa('b', 'api')) }).at, []);
    });

    it('keeps overlays that put one base in two namespaces apart', () => {
      const kustomization = (ns: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources: [../../base]\n`;
      const tree = {
        'base/kustomization.yaml': 'resources: [deploy.yaml, hpa.yaml]\n',
        'base/deploy.yaml': deployment('api'),
        'base/hpa.yaml': hpa('api', 'api'),
        'overlays/dev/kustomization.yaml': kustomization('dev'),
        'overlays/prod/kustomization.yaml': kustomization('prod'),
      };
      assert.deepEqual(lintTree(tree).at, []);
      const sameNamespace = { ...tree, 'overlays/dev/kustomization.yaml': kustomization('ml'), 'overlays/prod/kustomization.yaml': kustomization('ml') };
      assert.deepEqual(lintTree(sameNamespace).at, []);
    });
  });
});

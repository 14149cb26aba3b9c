import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useLintRepo } from './support/lint-repo';

/*
 * Trimmed from GoogleCloudPlatform/accelerated-platforms (platforms/gke/base/use-cases/inference-ref-arch/
 * kubernetes-manifests): the batch-inference vLLM base adds an HPA (minReplicas 1, scaling on the vLLM queue) over
 * the online-inference vLLM base, whose Deployment it scales. The GPU request comes from the repository's
 * patch-resources.yaml (nvidia.com/gpu "4"), folded into the Deployment here.
 */
const layout: Record<string, string> = {
  'online-inference-gpu/vllm/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'online-inference-gpu/vllm/base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
  namespace: replaced-by-kustomize
spec:
  selector:
    matchLabels:
      app: vllm
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app: vllm
    spec:
      containers:
        - command:
            - python3
            - "-m"
            - vllm.entrypoints.openai.api_server
          image: replaced-by-kustomize
          name: inference-server
          ports:
            - containerPort: 8000
              name: metrics
          readinessProbe:
            httpGet:
              path: /health
              port: 8000
          resources:
            limits:
              cpu: "64"
              memory: 512G
              nvidia.com/gpu: "4"
            requests:
              cpu: "64"
              memory: 512G
              nvidia.com/gpu: "4"
`,
  'batch-inference-gpu/vllm/base/kustomization.yaml': 'resources:\n  - ../../../online-inference-gpu/vllm/base\n  - hpa.yaml\n',
  'batch-inference-gpu/vllm/base/hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: vllm-hpa
  namespace: replaced-by-kustomize
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: vllm
  minReplicas: 1
  maxReplicas: 8
  metrics:
    - type: External
      external:
        metric:
          name: prometheus.googleapis.com|vllm:num_requests_waiting|gauge
        target:
          type: AverageValue
          averageValue: "10"
`,
};

/** The same HPA scaling on CPU only, as an HPA on a GPU workload should not (MLX402). */
const cpuMetrics = `  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 60
`;

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

describe('mlc lint on an overlay reads what it builds from outside the paths linted, for facts only', () => {
  const repo = useLintRepo('kustomize-facts');
  const { write, lint } = repo;
  const run = async (...paths: string[]) => {
    const r = await lint('--format', 'json', '--min-severity', 'info', ...paths);
    return { findings: JSON.parse(r.out) as JsonFinding[], err: r.err };
  };
  const keys = (findings: readonly JsonFinding[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`).sort();
  const under = (prefix: string, findings: readonly JsonFinding[]) => findings.filter((f) => f.file.startsWith(prefix));

  it('an HPA in the overlay keeps minReplicas 1 for the GPU Deployment of the base it builds on (MLK310), as when the whole repository is linted', async () => {
    Object.entries(layout).forEach(([p, t]) => write(p, t));
    const overlay = await run('batch-inference-gpu');
    assert.deepEqual(overlay.findings.filter((f) => f.ruleId === 'MLK310'), []);
    assert.deepEqual(under('online-inference-gpu/', overlay.findings), [], 'the base is read for facts, never reported on');
    assert.deepEqual(keys(overlay.findings), keys(under('batch-inference-gpu/', (await run('.')).findings)));
    // The overlay's hpa.yaml and its kustomization.yaml (read by the cross-file rules): none of the base's files.
    assert.match((await lint('batch-inference-gpu')).err, /mlc lint: 2 file\(s\) linted, /);
  });

  it('an overlay HPA that scales the base\'s GPU Deployment on CPU only is reported (MLX402), once when both are linted', async () => {
    Object.entries(layout).forEach(([p, t]) => write(p, t));
    const hpa = 'batch-inference-gpu/vllm/base/hpa.yaml';
    write(hpa, (layout[hpa] as string).replace(/ {2}metrics:[\s\S]*$/, cpuMetrics));
    const whole = (await run('.')).findings;
    const overlay = await run('batch-inference-gpu');
    assert.deepEqual(overlay.findings.filter((f) => f.ruleId === 'MLX402').map((f) => f.file), [hpa]);
    assert.deepEqual(keys(overlay.findings), keys(under('batch-inference-gpu/', whole)));
    const both = await run('batch-inference-gpu', 'online-inference-gpu/');
    assert.deepEqual(keys(both.findings), keys(whole));
    assert.equal(new Set(keys(both.findings)).size, both.findings.length, 'no finding twice');
  });

  it('a base linted alone sees the HPA an overlay beside it adds (MLK306, MLX010), as when the whole repository is linted; an overlay alone reports nothing in the base', async () => {
    write('base/kustomization.yaml', 'resources: [deployment.yaml]\n');
    write('base/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "example/web:1.0"}]\n');
    write('overlays/dev/kustomization.yaml', 'namespace: dev\nresources: [../../base, hpa.yaml]\n');
    write('overlays/dev/hpa.yaml', 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 6\n');
    const whole = (await run('.')).findings;
    const base = await run('base');
    assert.deepEqual(base.findings.filter((f) => f.ruleId === 'MLK306'), []);
    assert.deepEqual(keys(base.findings), keys(under('base/', whole)));
    assert.ok(base.findings.some((f) => f.ruleId === 'MLX010'), 'the replicas the HPA overrides are reported on the base linted');
    const overlay = await run('overlays/dev');
    assert.deepEqual(under('base/', overlay.findings), [], 'nor on the base read for facts only');
    assert.deepEqual(keys(overlay.findings), keys(under('overlays/', whole)));
  });

  it('does not follow a listed file out of the repository', async () => {
    Object.entries(layout).forEach(([p, t]) => write(p, t));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-lint-outside-'));
    try {
      const deployment = path.join(repo.root, 'online-inference-gpu/vllm/base/deployment.yaml');
      fs.renameSync(deployment, path.join(outside, 'deployment.yaml'));
      fs.symlinkSync(path.join(outside, 'deployment.yaml'), deployment);
      const overlay = await run('batch-inference-gpu');
      assert.deepEqual(overlay.findings.filter((f) => f.ruleId === 'MLK310').map((f) => f.file), ['batch-inference-gpu/vllm/base/hpa.yaml']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

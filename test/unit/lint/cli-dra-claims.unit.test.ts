import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { draClaimsNear } from '../../../src/infra/lint/dra-near';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { useLintRepo } from './support/lint-repo';

const claims = [
  'apiVersion: resource.k8s.io/v1',
  'kind: ResourceClaimTemplate',
  'metadata: {name: one-gpu}',
  'spec:',
  '  spec:',
  '    devices:',
  '      requests:',
  '        - name: gpu',
  '          exactly: {deviceClassName: gpu.nvidia.com}',
  '',
].join('\n');

/** A Deployment whose pods claim their GPU through the template in claims.yaml, without the GPU taint's toleration. */
const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: trainer}',
  'spec:',
  '  selector: {matchLabels: {app: trainer}}',
  '  template:',
  '    metadata: {labels: {app: trainer}}',
  '    spec:',
  '      containers:',
  '        - name: trainer',
  '          image: nvcr.io/nvidia/pytorch:24.08-py3',
  '          resources:',
  '            claims: [{name: gpu}]',
  '      resourceClaims:',
  '        - name: gpu',
  '          resourceClaimTemplateName: one-gpu',
  '',
].join('\n');

interface JsonFinding {
  file: string;
  ruleId: string;
  line: number;
}

describe('mlc lint: DRA claim templates in other files', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('dra');
  const mlk409 = async (...paths: string[]) => (JSON.parse((await lint('--format', 'json', '--min-severity', 'info', ...paths)).out) as JsonFinding[]).filter((f) => f.ruleId === 'MLK409').map((f) => `${f.file}:${f.line}`);

  it('a Deployment claiming GPUs through a template in claims.yaml is a GPU workload (MLK409 asks for the toleration)', async () => {
    write('k8s/deployment.yaml', deployment);
    assert.deepEqual(await mlk409('.'), [], 'the template is unknown: the claim may be for any device');
    write('k8s/claims.yaml', claims);
    assert.deepEqual(await mlk409('.'), ['k8s/deployment.yaml:10']);
    assert.deepEqual(await mlk409('k8s/deployment.yaml', 'k8s/claims.yaml'), ['k8s/deployment.yaml:10']);
  });

  it('a template of the same name in an unrelated folder is not the Deployment\'s', async () => {
    write('a/deployment.yaml', deployment);
    write('b/claims.yaml', claims);
    assert.deepEqual(await mlk409('.'), []);
  });

  it('a template in another folder that the same kustomization applies counts', async () => {
    write('k8s/kustomization.yaml', 'resources: [deploy/deployment.yaml, claims/claims.yaml]\n');
    write('k8s/deploy/deployment.yaml', deployment);
    write('k8s/claims/claims.yaml', claims);
    assert.deepEqual(await mlk409('.'), ['k8s/deploy/deployment.yaml:10']);
  });

  it('a file with the claiming Deployment and its HPA keeps the claims the HPA pass reads it for', async () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: trainer}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: trainer}\n  minReplicas: 1\n  maxReplicas: 2\n  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]\n';
    write('k8s/deployment.yaml', `${deployment}---\n${hpa}`);
    write('k8s/claims.yaml', claims);
    write('k8s/other-hpa.yaml', hpa.replace('name: trainer}\nspec', 'name: other}\nspec'));
    assert.deepEqual(await mlk409('.'), ['k8s/deployment.yaml:10']);
  });

  it('gives the same report when worker threads lint the files', async () => {
    for (let i = 0; i < 60; i++) {
      write(`k8s/filler-${String(i).padStart(2, '0')}.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c' + String(i) + '}\ndata: {a: b}\n');
    }
    write('k8s/claims.yaml', claims);
    write('k8s/zz-deployment.yaml', deployment);
    const one = await lintWithWorkers(0, '--format', 'json', '.');
    const pooled = await lintWithWorkers(1, '--format', 'json', '.');
    assert.equal(pooled.out, one.out);
    assert.ok((JSON.parse(one.out) as JsonFinding[]).some((f) => f.ruleId === 'MLK409' && f.file === 'k8s/zz-deployment.yaml'));
  });
});

describe('draClaimsNear (the editor: templates beside the file linted)', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-dra-near-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the GPU claim templates of the other YAML files of the folder, and lintManifest uses them', async () => {
    const own = path.join(dir, 'deployment.yaml');
    fs.writeFileSync(own, deployment);
    assert.equal(await draClaimsNear(dir, own), undefined);
    fs.writeFileSync(path.join(dir, 'claims.yaml'), claims);
    const near = await draClaimsNear(dir, own);
    assert.ok(near);
    assert.deepEqual([...near.templates.keys()], ['/one-gpu']);
    const ids = (options: Parameters<typeof lintManifest>[1]) => lintManifest(deployment, options).findings.map((f) => f.ruleId).filter((id) => id === 'MLK409');
    assert.deepEqual(ids({}), []);
    assert.deepEqual(ids({ draClaims: near }), ['MLK409']);
  });

  it('reads the files the kustomizations apply with the linted one, in other folders', async () => {
    const own = path.join(dir, 'deploy', 'deployment.yaml');
    const other = path.join(dir, 'claims', 'claims.yaml');
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(own, deployment);
    fs.writeFileSync(other, claims);
    assert.equal(await draClaimsNear(path.dirname(own), own), undefined);
    assert.deepEqual([...((await draClaimsNear(path.dirname(own), own, [other, own]))?.templates.keys() ?? [])], ['/one-gpu']);
  });

  it('says nothing for a folder that cannot be read', async () => {
    assert.equal(await draClaimsNear(path.join(dir, 'missing')), undefined);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gpuWorkloadKeysOf, isGpuWorkload } from '../../../../src/core/lint/kubernetes/gpu-workloads';
import { hpaTargetKey } from '../../../../src/core/lint/kubernetes/hpa-targets';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { defaultClusterProfile } from '../../../../src/core/lint/kubernetes/settings';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { gpuWorkloadsNear } from '../../../../src/infra/lint/hpa-near';
import { useLintRepo } from '../support/lint-repo';

/** A vLLM server in deployment.yaml and its HPA in hpa.yaml (the layout of vLLM production-stack-style examples). */
const deployment = (namespace = '') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: vllm${namespace ? `, namespace: ${namespace}` : ''}}`,
    'spec:',
    '  selector: {matchLabels: {app: vllm}}',
    '  template:',
    '    metadata: {labels: {app: vllm}}',
    '    spec:',
    '      containers:',
    '        - name: vllm',
    '          image: vllm/vllm-openai:v0.6.3',
    '          resources: {limits: {nvidia.com/gpu: 1}}',
    '',
  ].join('\n');
const hpa = (namespace = '') =>
  [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    `metadata: {name: vllm${namespace ? `, namespace: ${namespace}` : ''}}`,
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: vllm}',
    '  minReplicas: 1',
    '  maxReplicas: 4',
    '',
  ].join('\n');

const mlk310 = (text: string, gpuWorkloads?: ReadonlySet<string>) => lintManifest(text, gpuWorkloads ? { gpuWorkloads } : {}).findings.filter((f) => f.ruleId === 'MLK310').length;

describe('MLK310 and GPU workloads in other files', () => {
  it('gpuWorkloadKeysOf keeps the objects that request accelerators, limited to the names asked for', () => {
    const cpu = deployment().replace('nvidia.com/gpu: 1', 'cpu: "1"').replace(/vllm/g, 'web');
    const file = parseYaml(`${deployment('serving')}---\n${cpu}`);
    const cluster = defaultClusterProfile();
    const anyNamespace = hpaTargetKey('*', 'Deployment', 'vllm');
    assert.deepEqual(gpuWorkloadKeysOf(file, cluster), [hpaTargetKey('serving', 'Deployment', 'vllm'), anyNamespace]);
    assert.deepEqual(gpuWorkloadKeysOf(file, cluster, 'prod'), [hpaTargetKey('prod', 'Deployment', 'vllm'), anyNamespace]);
    assert.deepEqual(gpuWorkloadKeysOf(parseYaml(deployment()), cluster), [hpaTargetKey(undefined, 'Deployment', 'vllm')]);
    assert.deepEqual(gpuWorkloadKeysOf(file, cluster, undefined, new Set(['web'])), []);
  });

  it('isGpuWorkload matches a side without a namespace to the other\'s, and keeps two namespaces apart', () => {
    const keys = new Set([...gpuWorkloadKeysOf(parseYaml(deployment('serving')), defaultClusterProfile()), hpaTargetKey(undefined, 'StatefulSet', 'llm')]);
    assert.ok(isGpuWorkload(keys, 'serving', 'Deployment', 'vllm'));
    assert.ok(isGpuWorkload(keys, undefined, 'Deployment', 'vllm'));
    assert.ok(!isGpuWorkload(new Set([hpaTargetKey('serving', 'Deployment', 'vllm')]), undefined, 'Deployment', 'vllm'), 'a namespaced key alone (from anywhere) does not stand for any namespace');
    assert.ok(isGpuWorkload(keys, 'prod', 'StatefulSet', 'llm'));
    assert.ok(!isGpuWorkload(keys, 'staging', 'Deployment', 'vllm'));
    assert.ok(!isGpuWorkload(keys, 'serving', 'StatefulSet', 'vllm'));
  });

  it('an HPA whose target requests GPUs in another file keeps minReplicas 1 (trap T5)', () => {
    assert.equal(mlk310(hpa()), 1, 'alone, the HPA does not know its target');
    assert.equal(mlk310(hpa(), new Set([hpaTargetKey(undefined, 'Deployment', 'vllm')])), 0);
    assert.equal(mlk310(hpa(), new Set([hpaTargetKey(undefined, 'Deployment', 'other')])), 1);
  });

  describe('mlc lint', () => {
    const { write, lint } = useLintRepo('hpa-gpu');
    const countOf = async (ruleId: string, ...args: string[]) => (JSON.parse((await lint('--format', 'json', '--min-severity', 'info', ...args)).out) as { ruleId: string }[]).filter((f) => f.ruleId === ruleId).length;
    const count = (...args: string[]) => countOf('MLK310', ...args);

    it('reads the GPU Deployment beside hpa.yaml, whichever file is named', async () => {
      write('k8s/deployment.yaml', deployment());
      write('k8s/hpa.yaml', hpa());
      assert.equal(await count('.'), 0);
      assert.equal(await count('k8s/hpa.yaml', 'k8s/deployment.yaml'), 0);
      write('k8s/deployment.yaml', deployment().replace('nvidia.com/gpu: 1', 'cpu: "1"'));
      assert.equal(await count('.'), 1, 'a CPU target is held to the minimum');
    });

    it('a GPU Deployment without a namespace in another folder is not the one an HPA without one scales', async () => {
      write('a/deployment.yaml', deployment());
      write('b/hpa.yaml', hpa());
      assert.equal(await count('.'), 1);
      write('a/deployment.yaml', deployment('serving'));
      write('b/hpa.yaml', hpa('serving'));
      assert.equal(await count('.'), 0, 'both in namespace serving');
    });

    it('an unrelated GPU Deployment of the same name in a namespace elsewhere is not the one an HPA without one scales', async () => {
      write('a/deploy.yaml', deployment('gpu-team').replace(/vllm/g, 'api'));
      write('b/deploy.yaml', deployment().replace('nvidia.com/gpu: 1', 'cpu: "1"').replace(/vllm/g, 'api'));
      write('b/hpa.yaml', hpa().replace(/vllm/g, 'api'));
      assert.equal(await count('.'), 1);
      assert.equal(await count('b'), 1);
      write('b/deploy.yaml', deployment('serving').replace(/vllm/g, 'api'));
      assert.equal(await count('.'), 0, 'a namespaced GPU Deployment beside the HPA is the one it scales');
    });

    it('a CPU target in the HPA\'s own file decides over a GPU one of the same name elsewhere', async () => {
      write('a/deploy.yaml', deployment('gpu-team').replace(/vllm/g, 'api'));
      write('b/app.yaml', `${deployment('gpu-team').replace('nvidia.com/gpu: 1', 'cpu: "1"').replace(/vllm/g, 'api')}---\n${hpa('gpu-team').replace(/vllm/g, 'api')}`);
      assert.equal(await count('.'), 1);
    });

    it('overlays that build on a base see its GPU Deployment (MLK310), and its Deployment sees their HPAs (MLK306)', async () => {
      write('base/kustomization.yaml', 'resources: [deployment.yaml]\n');
      write('base/deployment.yaml', deployment().replace('spec:\n  selector', 'spec:\n  replicas: 1\n  selector'));
      for (const env of ['dev', 'prod']) {
        write(`overlays/${env}/kustomization.yaml`, `namespace: ${env}\nresources: [../../base, hpa.yaml]\n`);
        write(`overlays/${env}/hpa.yaml`, hpa());
      }
      assert.equal(await count('.'), 0);
      const cpu = deployment().replace('nvidia.com/gpu: 1', 'cpu: "1"').replace('spec:\n  selector', 'spec:\n  replicas: 1\n  selector');
      write('base/deployment.yaml', cpu);
      assert.equal(await count('.'), 2, 'a CPU target is held to the minimum');
      assert.equal(await countOf('MLK306', '.'), 0, 'the overlays\' HPAs scale the base Deployment');
    });

    it('a single overlay without a namespace joins its base', async () => {
      write('base/kustomization.yaml', 'resources: [deployment.yaml]\n');
      write('base/deployment.yaml', deployment().replace('spec:\n  selector', 'spec:\n  replicas: 1\n  selector'));
      write('overlays/dev/kustomization.yaml', 'resources: [../../base, hpa.yaml]\n');
      write('overlays/dev/hpa.yaml', hpa());
      assert.equal(await count('.'), 0);
      write('base/deployment.yaml', deployment().replace('nvidia.com/gpu: 1', 'cpu: "1"').replace('spec:\n  selector', 'spec:\n  replicas: 1\n  selector'));
      assert.equal(await countOf('MLK306', '.'), 0, 'the overlay\'s HPA scales the base Deployment');
    });

    it('a kustomization that applies both files joins their folders', async () => {
      write('k8s/kustomization.yaml', 'resources: [serve/deployment.yaml, autoscale/hpa.yaml]\n');
      write('k8s/serve/deployment.yaml', deployment());
      write('k8s/autoscale/hpa.yaml', hpa());
      assert.equal(await count('.'), 0);
    });
  });

  describe('the editor\'s view (infra/lint/hpa-near)', () => {
    let dir = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-gpu-near-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads the GPU workloads of the folder\'s other YAML files, and honours the cluster\'s accelerator names', async () => {
      fs.writeFileSync(path.join(dir, 'deployment.yaml'), deployment());
      fs.writeFileSync(path.join(dir, 'hpa.yaml'), hpa());
      fs.writeFileSync(path.join(dir, 'custom.yaml'), deployment().replace(/vllm/g, 'npu').replace('nvidia.com/gpu', 'example.com/npu'));
      assert.deepEqual([...(await gpuWorkloadsNear(dir, path.join(dir, 'hpa.yaml')))], [hpaTargetKey(undefined, 'Deployment', 'vllm')]);
      const cluster = { ...defaultClusterProfile(), acceleratorResources: ['example.com/npu'] };
      assert.deepEqual([...(await gpuWorkloadsNear(dir, path.join(dir, 'hpa.yaml'), cluster))].sort(), [hpaTargetKey(undefined, 'Deployment', 'npu'), hpaTargetKey(undefined, 'Deployment', 'vllm')].sort());
      assert.equal((await gpuWorkloadsNear(path.join(dir, 'missing'))).size, 0);
      // A Deployment in another folder that the HPA's kustomization applies with it (builtWith).
      fs.mkdirSync(path.join(dir, 'serve'));
      fs.renameSync(path.join(dir, 'deployment.yaml'), path.join(dir, 'serve', 'deployment.yaml'));
      assert.equal((await gpuWorkloadsNear(dir, path.join(dir, 'hpa.yaml'))).size, 0);
      assert.deepEqual([...(await gpuWorkloadsNear(dir, path.join(dir, 'hpa.yaml'), defaultClusterProfile(), [path.join(dir, 'serve', 'deployment.yaml')]))], [hpaTargetKey(undefined, 'Deployment', 'vllm')]);
    });
  });
});

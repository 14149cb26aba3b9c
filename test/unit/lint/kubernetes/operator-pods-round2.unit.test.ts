import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf, ruleIds, ruleIdsAt } from './support';

const ids = ruleIds;
const idsAt = ruleIdsAt;

/** The items of a container's or pod's list field, as plain data. */
const plain = (node: unknown): unknown => JSON.parse(JSON.stringify(node)) as unknown;

describe('Kubeflow Trainer TrainJob: podTemplateOverrides and runtimePatches of the trainer’s job', () => {
  const trainJob = (overrides: string[], apiVersion = 'trainer.kubeflow.org/v1alpha1') =>
    [`apiVersion: ${apiVersion}`, 'kind: TrainJob', 'metadata: {name: t, namespace: ml}', 'spec:', '  runtimeRef: {name: torch-distributed}', '  trainer:', '    image: registry.example/train:1.0', '    resourcesPerNode:', '      limits: {nvidia.com/gpu: 2}', ...overrides, ''].join('\n');
  const override = (job: string, spec: string[]) => ['    - targetJobs: [{name: ' + job + '}]', '      spec:', ...spec.map((l) => `        ${l}`)];

  it('tolerations set for the trainer’s job replace the runtime’s, so MLK409 judges them (without a fix: the list exists)', () => {
    const text = trainJob(['  podTemplateOverrides:', ...override('node', ['tolerations:', '  - {key: dedicated, operator: Equal, value: training, effect: NoSchedule}'])]);
    assert.ok(idsAt(text, 6).includes('MLK409'), 'at the trainer');
    assert.ok(!lintManifest(text).findings.some((f) => f.ruleId === 'MLK409' && f.fix));
    const tolerated = text.replace('{key: dedicated, operator: Equal, value: training, effect: NoSchedule}', '{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}');
    assert.ok(!ids(tolerated).includes('MLK409'));
  });

  it('the last override that sets tolerations wins; one for another job, or none, leaves the runtime’s (MLK409 silent)', () => {
    const later = trainJob(['  podTemplateOverrides:', ...override('node', ['tolerations: [{key: nvidia.com/gpu, operator: Exists}]']), ...override('node', ['tolerations: [{key: dedicated, operator: Exists}]'])]);
    assert.ok(ids(later).includes('MLK409'), 'the second override replaces the first');
    const otherJob = trainJob(['  podTemplateOverrides:', ...override('dataset-initializer', ['tolerations: [{key: dedicated, operator: Exists}]'])]);
    assert.ok(!ids(otherJob).includes('MLK409'));
    const noTolerations = trainJob(['  podTemplateOverrides:', ...override('node', ['nodeSelector: {gpu-type: nvidia-a100}'])]);
    assert.ok(!ids(noTolerations).includes('MLK409'));
    assert.deepEqual(plain(objectOf(noTolerations).podSpecs[0]?.spec.get('nodeSelector')), { 'gpu-type': 'nvidia-a100' });
  });

  it('runtimePatches (the successor API) patch the trainer’s pod through its replicated job `node`', () => {
    const text = trainJob(
      [
        '  runtimePatches:',
        '    - manager: trainer.kubeflow.org/kubeflow-sdk',
        '      trainingRuntimeSpec:',
        '        template:',
        '          spec:',
        '            replicatedJobs:',
        '              - name: node',
        '                template:',
        '                  spec:',
        '                    template:',
        '                      spec:',
        '                        tolerations: [{key: dedicated, operator: Exists}]',
        '                        volumes: [{name: sock, hostPath: {path: /var/run/docker.sock}}]',
        '                        containers:',
        '                          - name: node',
        '                            volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}]',
      ],
      'trainer.kubeflow.org/v2alpha1',
    );
    assert.ok(idsAt(text, 6).includes('MLK409'));
    assert.ok(idsAt(text, 22).includes('MLK112'), 'the patch’s hostPath volume');
    const node = objectOf(text).podSpecs[0]?.containers[0]?.node;
    assert.deepEqual(plain(node?.get('volumeMounts')), [{ name: 'sock', mountPath: '/var/run/docker.sock' }]);
  });

  it('volumes merge by name and the node container’s mounts by path, later overrides winning', () => {
    const text = trainJob([
      '  podTemplateOverrides:',
      ...override('node', ['volumes: [{name: data, persistentVolumeClaim: {claimName: a}}, {name: out, emptyDir: {}}]', 'containers: [{name: node, volumeMounts: [{name: data, mountPath: /data}]}]']),
      ...override('node', ['volumes: [{name: data, persistentVolumeClaim: {claimName: b}}]', 'containers: [{name: node, volumeMounts: [{name: out, mountPath: /out}]}, {name: sidecar, volumeMounts: [{name: out, mountPath: /x}]}]']),
    ]);
    const pod = objectOf(text).podSpecs[0];
    assert.deepEqual(plain(pod?.spec.get('volumes')), [
      { name: 'out', emptyDir: {} },
      { name: 'data', persistentVolumeClaim: { claimName: 'b' } },
    ]);
    assert.deepEqual(plain(pod?.containers[0]?.node.get('volumeMounts')), [
      { name: 'data', mountPath: '/data' },
      { name: 'out', mountPath: '/out' },
    ]);
  });

  it('a quick fix on the trainer still lands in the trainer’s resourcesPerNode, not in an override', () => {
    const text = trainJob(['  podTemplateOverrides:', ...override('node', ['tolerations: [{key: nvidia.com/gpu, operator: Exists}]'])]).replace('      limits: {nvidia.com/gpu: 2}', '      requests:\n        nvidia.com/gpu: 2');
    const fix = lintManifest(text).findings.find((f) => f.ruleId === 'MLK401' && f.fix)?.fix;
    const spec = (parse(applyTextEdits(text, fix?.edits ?? [])) as { spec: { trainer: { resourcesPerNode: { limits?: Record<string, unknown> } }; podTemplateOverrides: { spec: Record<string, unknown> }[] } }).spec;
    assert.equal(spec.trainer.resourcesPerNode.limits?.['nvidia.com/gpu'], 2);
    assert.deepEqual(Object.keys(spec.podTemplateOverrides[0]?.spec ?? {}), ['tolerations']);
  });

  it('a TrainJob without a trainer still has the pod its overrides patch', () => {
    const text = ['apiVersion: trainer.kubeflow.org/v1alpha1', 'kind: TrainJob', 'metadata: {name: t}', 'spec:', '  runtimeRef: {name: torch-distributed}', '  podTemplateOverrides:', ...override('node', ['volumes: [{name: root, hostPath: {path: /}}]']), ''].join('\n');
    assert.deepEqual(objectOf(text).podSpecs.map((p) => p.role), ['trainer']);
    assert.ok(idsAt(text, 9).includes('MLK112'));
  });
});

describe('vLLM production stack VLLMRuntime: storageConfig and the served model', () => {
  const runtime = (storage: string[], extra: string[] = []) =>
    [
      'apiVersion: production-stack.vllm.ai/v1alpha1',
      'kind: VLLMRuntime',
      'metadata: {name: llama}',
      'spec:',
      '  model: {modelURL: meta-llama/Llama-3.1-8B-Instruct}',
      ...extra,
      ...storage,
      '  deploymentConfig:',
      '    resources: {cpu: "4", memory: 32Gi, gpu: "1"}',
      '    image: {registry: docker.io, name: "vllm/vllm-openai:v0.9.2"}',
      '    toleration: [{key: nvidia.com/gpu, operator: Exists}]',
      '',
    ].join('\n');

  it('an enabled storageConfig is a PersistentVolumeClaim named after the object, mounted at mountPath (default /data)', () => {
    const pod = objectOf(runtime(['  storageConfig: {enabled: true, volumeName: models}'])).podSpecs[0];
    assert.deepEqual(plain(pod?.spec.get('volumes')), [{ name: 'models', persistentVolumeClaim: { claimName: 'llama' } }]);
    assert.deepEqual(plain(pod?.containers[0]?.node.get('volumeMounts')), [{ name: 'models', mountPath: '/data' }]);
    assert.deepEqual(plain(pod?.containers[0]?.node.get('args')), ['meta-llama/Llama-3.1-8B-Instruct']);
    const off = objectOf(runtime(['  storageConfig: {enabled: false}'])).podSpecs[0];
    assert.equal(off?.spec.get('volumes'), undefined);
  });

  it('MLK419 judges where the storage volume is: off the Hugging Face cache it reports, at it (or HF_HOME there) it does not', () => {
    const offCache = runtime(['  storageConfig:', '    enabled: true']);
    assert.deepEqual(
      lintManifest(offCache).findings.filter((f) => f.ruleId === 'MLK419').map((f) => [f.range.start.line, f.fix]),
      [[8, undefined]],
      'at deploymentConfig, and no fix (the object has no volumeMounts to write)',
    );
    assert.ok(!ids(runtime(['  storageConfig:', '    enabled: true', '    mountPath: /root/.cache/huggingface'])).includes('MLK419'));
    assert.ok(!ids(runtime(['  storageConfig:', '    enabled: true'], ['  vllmConfig:', '    env: [{name: HF_HOME, value: /data/hf}]'])).includes('MLK419'));
    assert.ok(!ids(runtime(['  storageConfig:', '    enabled: true'], ['  vllmConfig:', '    extraArgs: [--download-dir, /data/weights]'])).includes('MLK419'), '--download-dir in extraArgs');
  });

  it('a model at a local path on the storage volume downloads nothing; without storageConfig a hub model downloads at every restart', () => {
    const local = runtime(['  storageConfig:', '    enabled: true']).replace('modelURL: meta-llama/Llama-3.1-8B-Instruct', 'modelURL: /data/models/llama-3.1-8b');
    assert.ok(!ids(local).includes('MLK419'));
    assert.ok(ids(runtime([])).includes('MLK419'));
    assert.ok(ids(runtime(['  storageConfig: {enabled: false}'])).includes('MLK419'));
  });

  it('the sidecar mounts the same volume at its own mountPath', () => {
    const text = runtime(['  storageConfig: {enabled: true}']).replace('    toleration:', '    sidecarConfig: {enabled: true, name: lora, mountPath: /adapters, image: {registry: docker.io, name: "lmcache/lmstack-sidecar:0.1"}}\n    toleration:');
    const sidecar = objectOf(text).podSpecs[0]?.containers[1];
    assert.deepEqual(plain(sidecar?.node.get('volumeMounts')), [{ name: 'pvc-storage', mountPath: '/adapters' }]);
  });
});

describe('NVIDIA Dynamo DynamoGraphDeployment: `envs` of the graph and the service', () => {
  const graph = (serviceEnvs: string[], mainEnv: string[] = [], graphEnvs: string[] = []) =>
    [
      'apiVersion: nvidia.com/v1alpha1',
      'kind: DynamoGraphDeployment',
      'metadata: {name: g, namespace: d}',
      'spec:',
      ...graphEnvs,
      '  services:',
      '    worker:',
      ...serviceEnvs,
      '      resources: {limits: {gpu: "1"}}',
      '      extraPodSpec:',
      '        mainContainer:',
      '          image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.0',
      ...mainEnv,
      '',
    ].join('\n');

  it('are the main container’s env, merged by name: the main container’s own over the service’s over the graph’s', () => {
    const text = graph(['      envs: [{name: A, value: service}, {name: B, value: service}]'], ['          env: [{name: B, value: main}]'], ['  envs: [{name: A, value: graph}, {name: C, value: graph}]']);
    const env = objectOf(text).podSpecs[0]?.containers[0]?.node.get('env');
    assert.deepEqual(plain(env), [
      { name: 'C', value: 'graph' },
      { name: 'A', value: 'service' },
      { name: 'B', value: 'main' },
    ]);
    assert.ok(!ids(text).includes('MLK007'), 'an override across levels is no duplicate');
    assert.ok(ids(graph(['      envs: [{name: A, value: x}, {name: A, value: y}]'])).includes('MLK007'), 'a repeat within one level is');
  });

  it('MLK117 sees a literal token in the service’s envs, and not one the service overrides with a secretKeyRef', () => {
    const token = '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';
    const text = graph(['      envs:', '        - name: HF_TOKEN', `          value: ${token}`]);
    assert.ok(idsAt(text, 9).includes('MLK117'));
    const overridden = graph(['      envs: [{name: HF_TOKEN, valueFrom: {secretKeyRef: {name: hf, key: token}}}]'], [], ['  envs:', '    - name: HF_TOKEN', `      value: ${token}`]);
    assert.ok(!ids(overridden).includes('MLK117'));
  });

  it('MLK411’s removal fix takes the variable out of the service’s envs', () => {
    const text = graph(['      envs:', '        - name: CUDA_VISIBLE_DEVICES', '          value: "0,1,2,3"', '        - name: DYN_LOG', '          value: info']);
    const fix = lintManifest(text).findings.find((f) => f.ruleId === 'MLK411' && f.fix)?.fix;
    const service = (parse(applyTextEdits(text, fix?.edits ?? [])) as { spec: { services: { worker: { envs: { name: string }[] } } } }).spec.services.worker;
    assert.deepEqual(
      service.envs.map((e) => e.name),
      ['DYN_LOG'],
    );
  });
});

describe('AIBrix StormService, RoleSet and RayClusterFleet; Katib Trial', () => {
  const gpuContainer = (indent: string, name: string) => [`${indent}- name: ${name}`, `${indent}  image: registry.example/${name}:1.0`, `${indent}  resources:`, `${indent}    limits: {nvidia.com/gpu: 1, memory: 16Gi}`, `${indent}    requests: {cpu: "2", memory: 16Gi}`];

  it('a StormService’s roles and a RoleSet’s are pod templates, named by the role', () => {
    const role = (indent: string, name: string) => [`${indent}- name: ${name}`, `${indent}  template:`, `${indent}    spec:`, `${indent}      containers:`, ...gpuContainer(`${indent}        `, name)];
    const storm = ['apiVersion: orchestration.aibrix.ai/v1alpha1', 'kind: StormService', 'metadata: {name: s}', 'spec:', '  template:', '    spec:', '      roles:', ...role('        ', 'prefill'), ...role('        ', 'decode'), ''].join('\n');
    const obj = objectOf(storm);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs.map((p) => [p.role, p.path]), [
      ['prefill', ['spec', 'template', 'spec', 'roles', 0, 'template', 'spec']],
      ['decode', ['spec', 'template', 'spec', 'roles', 1, 'template', 'spec']],
    ]);
    assert.ok(idsAt(storm, 12).includes('MLK409'), 'at the prefill container');
    const roleSet = ['apiVersion: orchestration.aibrix.ai/v1alpha1', 'kind: RoleSet', 'metadata: {name: r}', 'spec:', '  roles:', ...role('    ', 'worker'), ''].join('\n');
    assert.deepEqual(objectOf(roleSet).podSpecs.map((p) => p.role), ['worker']);
  });

  it('a RayClusterFleet’s RayCluster template: its head and worker groups', () => {
    const text = [
      'apiVersion: orchestration.aibrix.ai/v1alpha1',
      'kind: RayClusterFleet',
      'metadata: {name: f}',
      'spec:',
      '  template:',
      '    spec:',
      '      headGroupSpec:',
      '        template:',
      '          spec:',
      '            containers:',
      '              - {name: head, image: "rayproject/ray:2.10.0", resources: {requests: {cpu: "2", memory: 8Gi}, limits: {memory: 8Gi}}}',
      '      workerGroupSpecs:',
      '        - groupName: gpu',
      '          template:',
      '            spec:',
      '              containers:',
      ...gpuContainer('                ', 'worker'),
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'ray');
    assert.deepEqual(obj.podSpecs.map((p) => p.role), ['head', 'gpu']);
    assert.ok(idsAt(text, 17).includes('MLK409'), 'the GPU worker');
    assert.ok(!idsAt(text, 11).includes('MLK409'), 'the CPU head');
  });

  it('kinds of other API groups stay unread', () => {
    for (const kind of ['StormService', 'RoleSet', 'RayClusterFleet']) {
      const text = ['apiVersion: example.com/v1', `kind: ${kind}`, 'metadata: {name: x}', 'spec:', '  roles: [{name: a, template: {spec: {containers: [{name: a, image: a}]}}}]', ''].join('\n');
      assert.equal(objectOf(text).podSpecs.length, 0, kind);
    }
  });

  it('a Katib Trial: the pods of its runSpec, at their paths in the document', () => {
    const text = [
      'apiVersion: kubeflow.org/v1beta1',
      'kind: Trial',
      'metadata: {name: random-abc, namespace: kubeflow}',
      'spec:',
      '  objective: {type: maximize, objectiveMetricName: accuracy}',
      '  runSpec:',
      '    apiVersion: batch/v1',
      '    kind: Job',
      '    spec:',
      '      template:',
      '        spec:',
      '          restartPolicy: Never',
      '          containers:',
      ...gpuContainer('            ', 'training-container'),
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'other');
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['spec', 'runSpec', 'spec', 'template', 'spec']]);
    assert.ok(idsAt(text, 14).includes('MLK405'), 'the GPU trial container without /dev/shm');
    const other = text.replace('kubeflow.org/v1beta1', 'example.com/v1');
    assert.equal(objectOf(other).podSpecs.length, 0);
  });
});

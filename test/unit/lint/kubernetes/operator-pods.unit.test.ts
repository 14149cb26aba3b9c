import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf, ruleIds, ruleIdsAt } from './support';
import { operatorPodSchemaDiagnostics } from '../../../../src/core/lint/kubernetes/operator-pod-schema';
import { bundledStore } from '../../../fixtures/schemas/instances';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { parse } from 'yaml';

const idsAt = ruleIdsAt;
const ids = ruleIds;

const gpuContainer = (indent: string, name: string, extra: string[] = []) =>
  [`${indent}- name: ${name}`, `${indent}  image: registry.example/${name}:1.0`, ...extra.map((l) => `${indent}  ${l}`), `${indent}  resources:`, `${indent}    limits: {nvidia.com/gpu: 1, memory: 16Gi}`, `${indent}    requests: {cpu: "2", memory: 16Gi}`];

describe('Pods of operator kinds beyond the catalogue path map', () => {
  it('a Kubeflow Notebook: its template is linted, but a Jupyter port on a GPU is no model server (interactive, not serving)', () => {
    const text = ['apiVersion: kubeflow.org/v1', 'kind: Notebook', 'metadata: {name: nb, namespace: team-a}', 'spec:', '  template:', '    spec:', '      containers:', ...gpuContainer('        ', 'nb', ['ports: [{containerPort: 8888, name: notebook-port}]']), ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'interactive');
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['spec', 'template', 'spec']]);
    assert.ok(idsAt(text, 8).includes('MLK405'), 'the GPU notebook without /dev/shm');
    assert.ok(!ids(text).includes('MLK415'), 'no readiness demanded of a notebook');
  });

  it('a Notebook of another API group is not Kubeflow’s', () => {
    const text = ['apiVersion: example.com/v1', 'kind: Notebook', 'metadata: {name: nb}', 'spec:', '  template:', '    spec:', '      containers:', ...gpuContainer('        ', 'nb'), ''].join('\n');
    assert.equal(objectOf(text).podSpecs.length, 0);
  });

  it('a Trainer ClusterTrainingRuntime: the JobSet template’s pods and Job fields; the node container’s resources are the TrainJob’s', () => {
    const text = [
      'apiVersion: trainer.kubeflow.org/v1alpha1',
      'kind: ClusterTrainingRuntime',
      'metadata: {name: torch-distributed}',
      'spec:',
      '  mlPolicy: {numNodes: 1, torch: {numProcPerNode: auto}}',
      '  template:',
      '    spec:',
      '      replicatedJobs:',
      '        - name: dataset-initializer',
      '          template:',
      '            spec:',
      '              template:',
      '                spec:',
      '                  containers:',
      '                    - name: dataset-initializer',
      '                      image: ghcr.io/kubeflow/trainer/dataset-initializer:v2.0.0',
      '        - name: node',
      '          template:',
      '            spec:',
      '              template:',
      '                spec:',
      '                  containers:',
      '                    - name: node',
      '                      image: pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime',
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'training');
    assert.deepEqual(obj.podSpecs.map((p) => p.role), ['dataset-initializer', 'node']);
    assert.ok(idsAt(text, 15).includes('MLK301'), 'the initializer has no CPU request, and nothing fills one in');
    for (const id of ['MLK301', 'MLK302', 'MLK303', 'MLK304', 'MLK305']) {
      assert.ok(!idsAt(text, 23).includes(id), `${id}: resourcesPerNode fills the node container in`);
    }
  });

  it('a GPU training runtime reports retries and deadline on its replicated job, not on the kind line', () => {
    const text = ['apiVersion: trainer.kubeflow.org/v1alpha1', 'kind: TrainingRuntime', 'metadata: {name: rt}', 'spec:', '  template:', '    spec:', '      replicatedJobs:', '        - name: node', '          template:', '            spec:', '              template:', '                spec:', '                  containers:', ...gpuContainer('                    ', 'node'), ''].join('\n');
    const at = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK413' || f.ruleId === 'MLK414').map((f) => f.range.start.line);
    assert.deepEqual(at, [11, 11]);
  });

  it('a KServe ServingRuntime: spec holds the containers; kserve-container’s resources are the InferenceService’s', () => {
    const text = [
      'apiVersion: serving.kserve.io/v1alpha1',
      'kind: ServingRuntime',
      'metadata: {name: vllm-runtime}',
      'spec:',
      '  supportedModelFormats: [{name: huggingface, autoSelect: true}]',
      '  containers:',
      '    - name: kserve-container',
      '      image: kserve/huggingfaceserver:v0.16.0',
      '      args: [--model_name={{.Name}}]',
      '    - name: sidecar',
      '      image: registry.example/sidecar:1.0',
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['spec']]);
    assert.ok(!idsAt(text, 7).some((id) => /^MLK30[1-5]$/.test(id)), 'no resource findings on kserve-container');
    assert.ok(idsAt(text, 10).includes('MLK301'), 'the sidecar is the runtime’s own');
    assert.ok(!lintManifest(text).problems.some((p) => /template/i.test(p.message)), '{{.Name}} is KServe’s placeholder, not Helm');
  });

  it('a Katib Experiment: the trial’s pods, at their paths in the document; the trial job judged as its own kind, no TTL asked', () => {
    const text = [
      'apiVersion: kubeflow.org/v1beta1',
      'kind: Experiment',
      'metadata: {name: mnist, namespace: kubeflow}',
      'spec:',
      '  objective: {type: minimize, objectiveMetricName: loss}',
      '  algorithm: {algorithmName: random}',
      '  trialTemplate:',
      '    primaryContainerName: pytorch',
      '    trialSpec:',
      '      apiVersion: kubeflow.org/v1',
      '      kind: PyTorchJob',
      '      spec:',
      '        pytorchReplicaSpecs:',
      '          Master:',
      '            replicas: 1',
      '            restartPolicy: OnFailure',
      '            template:',
      '              spec:',
      '                containers:',
      ...gpuContainer('                  ', 'pytorch', ['command: [python3, /opt/mnist.py, "--lr=${trialParameters.learningRate}"]']),
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['spec', 'trialTemplate', 'trialSpec', 'spec', 'pytorchReplicaSpecs', 'Master', 'template', 'spec']]);
    assert.equal(obj.podSpecs[0]?.role, 'Master');
    assert.ok(idsAt(text, 20).includes('MLK405'), 'the GPU trial container without /dev/shm');
    // The embedded PyTorchJob is judged as one: Katib does not retry inside a trial, and a PyTorchJob with OnFailure and
    // no runPolicy.backoffLimit restarts without end; Katib deletes finished trial jobs, so no TTL is asked for.
    for (const id of ['MLK413', 'MLK414']) {
      assert.ok(idsAt(text, 11).includes(id), `${id} on the trial's PyTorchJob`);
    }
    assert.ok(!ids(text).includes('MLK314'), 'MLK314: Katib deletes the trials');
  });

  it('a Knative Service: its template is linted; Knative’s own TCP readiness probe stands in for MLK415', () => {
    const text = ['apiVersion: serving.knative.dev/v1', 'kind: Service', 'metadata: {name: llm}', 'spec:', '  template:', '    spec:', '      containers:', ...gpuContainer('        ', 'vllm', ['ports: [{containerPort: 8000}]']), ''].join('\n');
    assert.equal(objectOf(text).workload, 'serving');
    assert.ok(idsAt(text, 8).includes('MLK405'));
    assert.ok(!ids(text).includes('MLK415'));
  });

  it('a Knative Service written for Cloud Run has no Kubernetes pods: none of the pod rules speak of it', () => {
    const spec = ['spec:', '  template:', '    spec:', '      containers:', ...gpuContainer('        ', 'vllm', ['ports: [{containerPort: 8000}]'])];
    const variants = [
      ['metadata:', '  name: llm', '  labels: {cloud.googleapis.com/location: us-central1}', ...spec],
      ['metadata:', '  name: llm', '  annotations: {run.googleapis.com/launch-stage: BETA}', ...spec],
      ['metadata: {name: llm}', 'spec:', '  template:', '    metadata:', '      annotations: {run.googleapis.com/cpu-throttling: "false"}', ...spec.slice(2)],
      ['metadata: {name: llm}', ...spec, '      nodeSelector: {run.googleapis.com/accelerator: nvidia-l4}'],
    ];
    for (const lines of variants) {
      for (const kind of ['Service', 'Configuration']) {
        const text = ['apiVersion: serving.knative.dev/v1', `kind: ${kind}`, ...lines, ''].join('\n');
        assert.equal(objectOf(text).podSpecs.length, 0, text);
        assert.deepEqual(ids(text), [], text);
      }
    }
    // Other annotations (Knative's own, an ingress class) leave it a Kubernetes workload.
    const plain = ['apiVersion: serving.knative.dev/v1', 'kind: Service', 'metadata:', '  name: llm', '  annotations: {networking.knative.dev/ingress-class: kourier.ingress.networking.knative.dev, autoscaling.knative.dev/max-scale: "3"}', ...spec, ''].join('\n');
    assert.equal(objectOf(plain).podSpecs.length, 1);
    assert.ok(ids(plain).includes('MLK409'));
  });

  it('the same container in a Deployment still needs a readiness probe (MLK415)', () => {
    const text = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: llm}', 'spec:', '  selector: {matchLabels: {app: llm}}', '  template:', '    metadata: {labels: {app: llm}}', '    spec:', '      containers:', ...gpuContainer('        ', 'vllm', ['ports: [{containerPort: 8000}]']), ''].join('\n');
    assert.ok(idsAt(text, 10).includes('MLK415'));
  });

  it('an Argo Rollout is linted like a Deployment’s template, its replicas next to it', () => {
    const text = ['apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata: {name: ui}', 'spec:', '  replicas: 3', '  selector: {matchLabels: {app: ui}}', '  template:', '    metadata: {labels: {app: ui}}', '    spec:', '      containers:', '        - name: ui', '          image: registry.example/ui:1.0', ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'controller');
    assert.ok(idsAt(text, 11).includes('MLK301'));
  });

  it('a SeldonDeployment: every predictor’s component specs, with the predictor as role', () => {
    const text = ['apiVersion: machinelearning.seldon.io/v1', 'kind: SeldonDeployment', 'metadata: {name: s}', 'spec:', '  predictors:', '    - name: main', '      graph: {name: clf, type: MODEL}', '      componentSpecs:', '        - spec:', '            containers:', ...gpuContainer('              ', 'clf'), ''].join('\n');
    const obj = objectOf(text);
    assert.deepEqual(obj.podSpecs.map((p) => [p.role, p.path]), [['main', ['spec', 'predictors', 0, 'componentSpecs', 0, 'spec']]]);
    assert.ok(idsAt(text, 11).includes('MLK405'));
  });
});

describe('Operators\' pod templates checked as pods, for the editor\'s schema diagnostics', () => {
  const schemas = { store: bundledStore(), version: '1.34' };
  const at = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

  it('reports what the pods would be rejected for, with its path, in every document of the text', () => {
    const text = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', '---',
      'apiVersion: kubeflow.org/v1', 'kind: Notebook', 'metadata: {name: nb}', 'spec:', '  template:', '    spec:', '      containers:', '        - name: nb', '          image: registry.example/nb:1.0', '          imagePullPolicy: ifNotPresent', '          resource: {limits: {nvidia.com/gpu: 1}}', '',
    ].join('\n');
    const found = operatorPodSchemaDiagnostics(text, schemas).map((d) => [d.code, d.path, at(text, d.start)]);
    assert.deepEqual(found, [
      ['enum', 'spec.template.spec.containers[0].imagePullPolicy', 14],
      ['unknown-field', 'spec.template.spec.containers[0].resource', 15],
    ]);
  });

  it('says nothing of built-in kinds (their own schema covers them) or of valid templates', () => {
    const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec:', '  template:', '    spec:', '      containers: [{name: d, image: x, imagePullPolicy: ifNotPresent}]', ''].join('\n');
    assert.deepEqual(operatorPodSchemaDiagnostics(deployment, schemas), []);
    const rollout = ['apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata: {name: r}', 'spec:', '  template:', '    spec:', '      containers: [{name: r, image: x, imagePullPolicy: IfNotPresent}]', ''].join('\n');
    assert.deepEqual(operatorPodSchemaDiagnostics(rollout, schemas), []);
  });
});

describe('KServe multi-node serving runtimes', () => {
  it('lint the worker pods of spec.workerSpec too, without readiness or resource demands on the worker container', () => {
    const text = [
      'apiVersion: serving.kserve.io/v1alpha1',
      'kind: ClusterServingRuntime',
      'metadata: {name: kserve-huggingfaceserver-multinode}',
      'spec:',
      '  supportedModelFormats: [{name: huggingface, autoSelect: true}]',
      '  containers:',
      '    - name: kserve-container',
      '      image: kserve/huggingfaceserver:v0.16.0-gpu',
      '      command: [bash, -c]',
      '      args: ["ray start --head && python -m huggingfaceserver --model_dir=/mnt/models"]',
      '  workerSpec:',
      '    tensorParallelSize: 1',
      '    pipelineParallelSize: 2',
      '    containers:',
      '      - name: worker-container',
      '        image: kserve/huggingfaceserver:v0.16.0-gpu',
      '        command: [bash, -c]',
      '        args: ["ray start --address=$RAY_HEAD_ADDRESS --block"]',
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.deepEqual(obj.podSpecs.map((p) => [p.role, p.path]), [['runtime', ['spec']], ['worker', ['spec', 'workerSpec']]]);
    const onWorker = idsAt(text, 15);
    assert.ok(onWorker.includes('MLK102'), `the worker container is linted: ${onWorker.join(' ')}`);
    for (const id of ['MLK301', 'MLK302', 'MLK415']) {
      assert.ok(!onWorker.includes(id), id);
    }
  });
});

describe('core/v1 PodTemplate', () => {
  it('lints the pod of its template (Flyte and Argo read pods from PodTemplates)', () => {
    const text = ['apiVersion: v1', 'kind: PodTemplate', 'metadata: {name: gpu-template, namespace: flyte}', 'template:', '  metadata: {labels: {app: flyte}}', '  spec:', '    containers:', ...gpuContainer('      ', 'primary'), ''].join('\n');
    const obj = objectOf(text);
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['template', 'spec']]);
    assert.ok(idsAt(text, 8).includes('MLK405'));
  });

  it('Flyte\'s base containers (default, primary) take their resources from the task; other containers never run', () => {
    const text = ['apiVersion: v1', 'kind: PodTemplate', 'metadata: {name: base, namespace: flyte}', 'template:', '  spec:', '    containers:', '      - name: primary', '        image: docker.io/rwgrim/docker-noop', '      - name: sidecar', '        image: registry.example/sidecar:1.0', ''].join('\n');
    assert.ok(!idsAt(text, 7).some((id) => /^MLK30[1-5]$/.test(id)), idsAt(text, 7).join(' '));
    // Flyte's mergePodSpecs replaces the template's containers with the task's: the sidecar is dropped.
    assert.deepEqual(idsAt(text, 9), []);
    assert.deepEqual(objectOf(text).podSpecs[0]?.containers.map((c) => c.name), ['primary']);
  });

  it('a PodTemplate without a default or primary container is no Flyte base: all its containers are linted', () => {
    const text = ['apiVersion: v1', 'kind: PodTemplate', 'metadata: {name: a3-h100-pod-template, namespace: default}', 'template:', '  spec:', '    containers:', '      - name: placeholder', '        image: registry.example/pytorch:24.03-py3', '      - name: sidecar', '        image: registry.example/sidecar:1.0', ''].join('\n');
    assert.deepEqual(objectOf(text).podSpecs[0]?.containers.map((c) => c.name), ['placeholder', 'sidecar']);
    assert.ok(idsAt(text, 9).includes('MLK301'));
  });
});

describe('Flyte base PodTemplates', () => {
  it('the default and primary containers take the task\'s image: no floating-tag or pull-policy finding on Flyte\'s placeholder', () => {
    const text = ['apiVersion: v1', 'kind: PodTemplate', 'metadata: {name: flyte-template, namespace: flyte}', 'template:', '  spec:', '    containers:', '      - name: default', '        image: docker.io/rwgrim/docker-noop', '        imagePullPolicy: IfNotPresent', '      - name: logs', '        image: fluent/fluent-bit', ''].join('\n');
    assert.ok(!idsAt(text, 8).includes('MLK201') && !idsAt(text, 9).includes('MLK202'), ids(text).join(' '));
    assert.ok(!idsAt(text, 11).includes('MLK201'), 'another container never runs (Flyte keeps only the task\'s containers)');
  });
});

describe('KAITO Workspace', () => {
  const workspace = (apiVersion: string, inference: string[]) =>
    [`apiVersion: ${apiVersion}`, 'kind: Workspace', 'metadata: {name: workspace-custom-llm}', 'resource:', '  instanceType: Standard_NC24ads_A100_v4', '  labelSelector: {matchLabels: {apps: llm-inference}}', 'inference:', ...inference, ''].join('\n');
  const custom = ['  template:', '    spec:', '      containers:', ...gpuContainer('        ', 'custom-llm-container', ['command: [accelerate]'])];

  it('inference.template (at the document root) is the pod template of the Deployment KAITO makes', () => {
    const text = workspace('kaito.sh/v1alpha1', custom);
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs.map((p) => p.path), [['inference', 'template', 'spec']]);
    assert.ok(idsAt(text, 11).includes('MLK405'), 'the GPU container without /dev/shm');
    assert.ok(!ids(text).includes('MLK409'), 'KAITO adds the GPU tolerations itself');
  });

  it('a preset Workspace holds no pod template, and a Workspace of another group is not KAITO\'s', () => {
    assert.equal(objectOf(workspace('kaito.sh/v1beta1', ['  preset: {name: microsoft/Phi-3-mini-4k-instruct}'])).podSpecs.length, 0);
    assert.equal(objectOf(workspace('example.com/v1', custom)).podSpecs.length, 0);
  });
});

describe('Argo Workflows\' containers checked as Containers, for the editor\'s schema diagnostics', () => {
  it('reports a container\'s typo at its path, and neither Argo\'s own fields nor {{…}} parameters', () => {
    const schemas = { store: bundledStore(), version: '1.34' };
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Workflow',
      'metadata: {generateName: scripts-}',
      'spec:',
      '  entrypoint: gen',
      '  templates:',
      '    - name: gen',
      '      inputs: {parameters: [{name: pull}]}',
      '      script:',
      '        image: python:3.12',
      '        imagePullPolicy: "{{inputs.parameters.pull}}"',
      '        command: [python]',
      '        source: print(1)',
      '        resource: {limits: {cpu: "1"}}',
      '      sidecars:',
      '        - {name: dind, image: "docker:27-dind", mirrorVolumeMounts: true}',
      '',
    ].join('\n');
    assert.deepEqual(operatorPodSchemaDiagnostics(text, schemas).map((d) => [d.code, d.path]), [['unknown-field', 'spec.templates[0].script.resource']]);
  });
});

describe('Pods ML operators assemble from fields of their own', () => {
  it('a SparkApplication: a driver and an executor pod, run to completion; `gpu` is a limit, cores and memory are spark-submit’s', () => {
    const text = [
      'apiVersion: sparkoperator.k8s.io/v1beta2',
      'kind: SparkApplication',
      'metadata: {name: app, namespace: spark}',
      'spec:',
      '  image: apache/spark:3.5.1',
      '  volumes: [{name: data, hostPath: {path: /var/run/docker.sock}}]',
      '  driver:',
      '    cores: 1',
      '    serviceAccount: spark',
      '    volumeMounts: [{name: data, mountPath: /data}]',
      '  executor:',
      '    cores: 4',
      '    gpu: {name: nvidia.com/gpu, quantity: 1}',
      '',
    ].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'job');
    assert.deepEqual(obj.podSpecs.map((p) => p.role), ['driver', 'executor']);
    assert.ok(idsAt(text, 11).includes('MLK409'), 'the GPU executor tolerates no GPU taint');
    assert.ok(!idsAt(text, 7).includes('MLK409'), 'the driver takes no GPU');
    assert.ok(idsAt(text, 6).includes('MLK112'), 'the application’s volumes are the pods’');
    for (const id of ['MLK301', 'MLK302', 'MLK405', 'MLK413', 'MLK414', 'MLK006', 'MLK501', 'MLK120', 'MLK002']) {
      assert.ok(!ids(text).includes(id), `${id} does not apply`);
    }
  });

  it('a NIMService: the spec is the container; the operator’s probes, /dev/shm and cache leave their rules silent', () => {
    const text = ['apiVersion: apps.nvidia.com/v1alpha1', 'kind: NIMService', 'metadata: {name: llm, namespace: nim}', 'spec:', '  image: {repository: nvcr.io/nim/meta/llama3-8b-instruct, tag: 1.0.0}', '  resources:', '    limits: {nvidia.com/gpu: 1}', '  expose: {service: {port: 8000}}', ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.ok(idsAt(text, 5).includes('MLK302'), 'no memory request, and the operator sets none');
    for (const id of ['MLK405', 'MLK415', 'MLK419', 'MLK103', 'MLK304', 'MLK002']) {
      assert.ok(!ids(text).includes(id), `${id} does not apply`);
    }
  });

  it('a DynamoGraphDeployment: one pod per service, `gpu` in the service’s resources is nvidia.com/gpu', () => {
    const text = [
      'apiVersion: nvidia.com/v1alpha1',
      'kind: DynamoGraphDeployment',
      'metadata: {name: g, namespace: d}',
      'spec:',
      '  services:',
      '    Frontend:',
      '      extraPodSpec:',
      '        mainContainer: {image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.0}',
      '    worker:',
      '      resources: {limits: {gpu: "0.5"}}',
      '      extraPodSpec:',
      '        mainContainer: {image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.0}',
      '',
    ].join('\n');
    assert.deepEqual(objectOf(text).podSpecs.map((p) => p.role), ['Frontend', 'worker']);
    assert.ok(idsAt(text, 10).includes('MLK403'), 'half a GPU');
    for (const id of ['MLK301', 'MLK405', 'MLK415', 'MLK002']) {
      assert.ok(!ids(text).includes(id), `${id} does not apply`);
    }
  });

  it('a TrainJob: the trainer overrides the runtime’s node container; only what it writes is judged', () => {
    const text = ['apiVersion: trainer.kubeflow.org/v1alpha1', 'kind: TrainJob', 'metadata: {name: t, namespace: ml}', 'spec:', '  runtimeRef: {name: torch-distributed}', '  trainer:', '    image: pytorch/pytorch', '    resourcesPerNode:', '      requests: {nvidia.com/gpu: 2}', ''].join('\n');
    assert.equal(objectOf(text).workload, 'training');
    assert.ok(idsAt(text, 7).includes('MLK201'), 'no tag');
    assert.ok(idsAt(text, 9).includes('MLK401'), 'GPUs requested, not limited');
    for (const id of ['MLK405', 'MLK409', 'MLK413', 'MLK301', 'MLK103', 'MLK002']) {
      assert.ok(!ids(text).includes(id), `${id} is the runtime’s`);
    }
  });

  it('a DisaggregatedSet: each role’s leader and worker templates, v1alpha1 (roles[]) and v1 (roles[].spec)', () => {
    const role = (name: string, spec: boolean) => {
      const i = spec ? '      ' : '    ';
      return [`  - name: ${name}`, ...(spec ? ['    spec:'] : []), `${i}leaderWorkerTemplate:`, `${i}  workerTemplate:`, `${i}    spec:`, `${i}      containers:`, ...gpuContainer(`${i}        `, name)];
    };
    for (const spec of [false, true]) {
      const text = ['apiVersion: disaggregatedset.x-k8s.io/v1', 'kind: DisaggregatedSet', 'metadata: {name: pd, namespace: s}', 'spec:', '  roles:', ...role('prefill', spec), ...role('decode', spec), ''].join('\n');
      const obj = objectOf(text);
      assert.equal(obj.workload, 'serving');
      assert.deepEqual(obj.podSpecs.map((p) => p.role), ['prefill worker', 'decode worker']);
      assert.ok(ids(text).includes('MLK405'));
    }
  });

  it('kinds of other API groups stay unread', () => {
    for (const [apiVersion, kind] of [['example.com/v1', 'SparkApplication'], ['example.com/v1', 'NIMService'], ['example.com/v1', 'DynamoGraphDeployment'], ['example.com/v1', 'TrainJob']]) {
      const text = [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata: {name: x}', 'spec:', '  trainer: {image: a:1}', '  driver: {cores: 1}', '  image: {repository: a, tag: "1"}', ''].join('\n');
      assert.equal(objectOf(text).podSpecs.length, 0, kind);
    }
  });
  it('quick fixes on an assembled Spark pod write into that role, not the application the executor borrows its image from', () => {
    const text = ['apiVersion: sparkoperator.k8s.io/v1beta2', 'kind: SparkApplication', 'metadata: {name: s}', 'spec:', '  type: Python', '  image: registry.example/spark-gpu:3.5.1', '  volumes:', '    - {name: data, emptyDir: {}}', '  driver:', '    cores: 1', '    gpu: {name: nvidia.com/gpu, quantity: 1}', '  executor:', '    cores: 1', '    instances: 2', '    gpu: {name: nvidia.com/gpu, quantity: 1}', ''].join('\n');
    const fixed = lintManifest(text).findings.filter((f) => (f.ruleId === 'MLK409' || f.ruleId === 'MLK102') && f.fix);
    assert.deepEqual([...new Set(fixed.map((f) => f.ruleId))].sort(), ['MLK102', 'MLK409']);
    for (const f of fixed) {
      const spec = (parse(applyTextEdits(text, f.fix?.edits ?? [])) as { spec: Record<string, Record<string, unknown>> }).spec;
      const role = f.range.start.line === 9 ? 'driver' : 'executor';
      const key = f.ruleId === 'MLK409' ? 'tolerations' : 'securityContext';
      assert.ok(spec[role]?.[key] !== undefined, `${f.ruleId} on the ${role}: ${JSON.stringify(f.fix?.edits)}`);
      assert.equal(spec[key], undefined, `${f.ruleId} wrote ${key} into the application's spec`);
    }
  });
});

describe('Serving operators: Seldon Core 2 Server, KubeAI Model, vLLM production stack VLLMRuntime, NIM images', () => {
  it('a NIMService image {repository, tag} is read as repository:tag, its pullPolicy as imagePullPolicy', () => {
    const text = ['apiVersion: apps.nvidia.com/v1alpha1', 'kind: NIMService', 'metadata: {name: llm, namespace: nim}', 'spec:', '  image:', '    repository: nvcr.io/nim/meta/llama3-8b-instruct', '    tag: latest', '    pullPolicy: IfNotPresent', '  resources:', '    limits: {nvidia.com/gpu: 1}', ''].join('\n');
    const c = objectOf(text).podSpecs[0]?.containers[0];
    assert.equal(c?.node.get('image')?.toString(), 'nvcr.io/nim/meta/llama3-8b-instruct:latest');
    assert.ok(idsAt(text, 7).includes('MLK201'), 'the floating tag, at the tag');
    const numeric = text.replace('tag: latest', 'tag: 1.10');
    assert.equal(objectOf(numeric).podSpecs[0]?.containers[0]?.node.get('image')?.toString(), 'nvcr.io/nim/meta/llama3-8b-instruct:1.10', 'the tag as written, not the number 1.1');
    assert.ok(!ids(numeric).includes('MLK201'));
  });

  it('a Seldon Core 2 Server: spec.podSpec overrides its ServerConfig’s pod, so only what it writes is judged', () => {
    const text = ['apiVersion: mlops.seldon.io/v1alpha1', 'kind: Server', 'metadata: {name: triton-gpu, namespace: seldon-mesh}', 'spec:', '  serverConfig: triton', '  podSpec:', '    containers:', '    - name: triton', '      image: nvcr.io/nvidia/tritonserver:latest', '      resources:', '        requests: {nvidia.com/gpu: 1, memory: 3Gi}', ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs.map((p) => [p.path, p.role]), [[['spec', 'podSpec'], 'server']]);
    assert.ok(idsAt(text, 9).includes('MLK201'));
    assert.ok(idsAt(text, 11).includes('MLK401'));
    for (const id of ['MLK405', 'MLK409', 'MLK415', 'MLK103', 'MLK301', 'MLK120']) {
      assert.ok(!ids(text).includes(id), `${id} is the ServerConfig’s`);
    }
    const fixed = lintManifest(text).findings.find((f) => f.ruleId === 'MLK401' && f.fix);
    const container = (parse(applyTextEdits(text, fixed?.fix?.edits ?? [])) as { spec: { podSpec: { containers: { resources: { limits?: Record<string, unknown> } }[] } } }).spec.podSpec.containers[0];
    assert.equal(container?.resources.limits?.['nvidia.com/gpu'], 1, 'the GPU limit lands in the override’s own resources');
  });

  it('a KubeAI Model: the server container’s image, args and env mapping are the Model’s; the rest is KubeAI’s', () => {
    const text = ['apiVersion: kubeai.org/v1', 'kind: Model', 'metadata: {name: llama}', 'spec:', '  url: hf://org/model', '  engine: VLLM', '  image: vllm/vllm-openai', '  env:', '    HF_TOKEN: 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', '  resourceProfile: nvidia-gpu-l4:1', ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs.map((p) => p.role), ['server']);
    assert.ok(idsAt(text, 7).includes('MLK201'), 'an image override without a tag');
    assert.ok(idsAt(text, 9).includes('MLK117'), 'a token literal in the env mapping');
    for (const id of ['MLK405', 'MLK409', 'MLK415', 'MLK103', 'MLK301', 'MLK302', 'MLK419', 'MLK120', 'MLK002']) {
      assert.ok(!ids(text).includes(id), `${id} is KubeAI’s`);
    }
    const profileImage = text.replace('  image: vllm/vllm-openai\n', '');
    assert.equal(objectOf(profileImage).podSpecs[0]?.containers[0]?.imageAtRunTime, true, 'no image: the profile’s');
  });

  it('a VLLMRuntime: the vLLM container and its sidecar, one pod or a prefill and a decode one', () => {
    const runtime = (indent: string, extra: string[] = []) => [
      `${indent}deploymentConfig:`,
      `${indent}  resources: {cpu: "2", memory: 16Gi, gpu: "0.5"}`,
      `${indent}  image: {registry: docker.io, name: "lmcache/vllm-openai:v0.3.13", pullPolicy: IfNotPresent}`,
      ...extra.map((l) => `${indent}  ${l}`),
    ];
    const text = ['apiVersion: production-stack.vllm.ai/v1alpha1', 'kind: VLLMRuntime', 'metadata: {name: v}', 'spec:', '  model: {modelURL: meta-llama/Llama-3.1-8B-Instruct}', ...runtime('  ', ['sidecarConfig:', '  enabled: true', '  name: sidecar', '  image: {registry: docker.io, name: "lmcache/lmstack-sidecar:latest"}']), ''].join('\n');
    const obj = objectOf(text);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(obj.podSpecs[0]?.containers.map((c) => [c.name, c.node.get('image')?.toString()]), [['vllm', 'docker.io/lmcache/vllm-openai:v0.3.13'], ['sidecar', 'docker.io/lmcache/lmstack-sidecar:latest']]);
    assert.ok(idsAt(text, 12).includes('MLK201'), 'the sidecar’s floating tag');
    assert.deepEqual(lintManifest(text).findings.filter((f) => f.ruleId === 'MLK403').map((f) => f.range.start.line), [7], 'half a GPU, reported once though it is request and limit');
    assert.ok(idsAt(text, 6).includes('MLK409'), 'no deploymentConfig.toleration');
    assert.ok(!lintManifest(text).findings.some((f) => f.ruleId === 'MLK409' && f.fix), 'no fix: the object’s key is `toleration`, not tolerations');
    for (const id of ['MLK405', 'MLK415', 'MLK103', 'MLK301', 'MLK302', 'MLK305', 'MLK120', 'MLK002']) {
      assert.ok(!ids(text).includes(id), `${id} does not apply`);
    }
    assert.ok(idsAt(text, 6).includes('MLK419'), 'no storageConfig: the hub model downloads at every restart');
    const pd = ['apiVersion: production-stack.vllm.ai/v1alpha1', 'kind: VLLMRuntime', 'metadata: {name: v}', 'spec:', '  topology:', '    prefill:', ...runtime('      '), '    decode:', ...runtime('      '), ''].join('\n');
    assert.deepEqual(objectOf(pd).podSpecs.map((p) => [p.role, p.path]), [['prefill', ['spec', 'topology', 'prefill', 'deploymentConfig']], ['decode', ['spec', 'topology', 'decode', 'deploymentConfig']]]);
  });

  it('Server, Model and VLLMRuntime of other API groups stay unread (Linkerd’s Server, the Ollama operator’s Model)', () => {
    for (const [apiVersion, kind] of [['policy.linkerd.io/v1beta1', 'Server'], ['ollama.ayaka.io/v1', 'Model'], ['example.com/v1', 'VLLMRuntime']]) {
      const text = [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata: {name: x}', 'spec:', '  image: phi', '  podSpec: {containers: [{name: a, image: a}]}', '  deploymentConfig: {image: {registry: r, name: a}}', ''].join('\n');
      assert.equal(objectOf(text).podSpecs.length, 0, kind);
      assert.equal(objectOf(text).workload, 'other', kind);
    }
  });
});

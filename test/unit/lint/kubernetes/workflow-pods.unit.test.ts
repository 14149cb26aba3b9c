import * as assert from 'node:assert/strict';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf, ruleIds } from './support';

const ids = ruleIds;

/** A KEDA ScaledJob in the shape of a GPU queue worker (vllm-aks-keda-worker, flux_training_aca). */
const scaledJob = (apiVersion: string, jobFields: string[] = []) =>
  [
    `apiVersion: ${apiVersion}`,
    'kind: ScaledJob',
    'metadata: {name: whisper-batch, namespace: speech}',
    'spec:',
    '  jobTargetRef:',
    '    parallelism: 1',
    ...jobFields.map((l) => `    ${l}`),
    '    template:',
    '      spec:',
    '        containers:',
    '          - name: worker',
    '            image: registry.example/asr-batch:1.0',
    '            command: [python, worker.py]',
    '            resources:',
    '              limits: {nvidia.com/gpu: "1", memory: 16Gi}',
    '              requests: {cpu: "2", memory: 16Gi}',
    '  maxReplicaCount: 5',
    '  triggers:',
    '    - type: azure-servicebus',
    '      metadata: {queueName: audio}',
    '',
  ].join('\n');

describe('Pods of ML workflow tools', () => {
  it('a KEDA ScaledJob: the Job spec at spec.jobTargetRef and its pod template, a batch workload', () => {
    const obj = objectOf(scaledJob('keda.sh/v1alpha1'));
    assert.equal(obj.workload, 'job');
    assert.deepEqual(
      obj.podSpecs.map((p) => p.path),
      [['spec', 'jobTargetRef', 'template', 'spec']],
    );
    assert.deepEqual(obj.podSpecs[0]?.containers.map((c) => c.name), ['worker']);
    assert.equal(obj.view.text(obj.podSpecs[0]?.jobFields, 'parallelism'), '1', 'the Job-level fields are jobTargetRef');
  });

  it('a KEDA ScaledJob gets the pod rules and the GPU Job rules read its jobTargetRef', () => {
    const found = ids(scaledJob('keda.sh/v1alpha1'));
    assert.ok(found.includes('MLK405'), 'the GPU worker without /dev/shm');
    assert.ok(found.includes('MLK413') && found.includes('MLK414'), 'no backoffLimit or activeDeadlineSeconds in jobTargetRef');
    const set = ids(scaledJob('keda.sh/v1alpha1', ['backoffLimit: 2', 'activeDeadlineSeconds: 3600']));
    assert.ok(!set.includes('MLK413') && !set.includes('MLK414'), 'both set in jobTargetRef');
  });

  it('a KEDA ScaledJob: no restartPolicy finding (KEDA sets OnFailure), no Job TTL (history limits prune), no readiness', () => {
    const found = ids(scaledJob('keda.sh/v1alpha1'));
    for (const id of ['MLK006', 'MLK314', 'MLK311', 'MLK415']) {
      assert.ok(!found.includes(id), id);
    }
  });

  it('a ScaledJob of another API group, and a KEDA ScaledObject (it scales a Deployment), hold no pods', () => {
    assert.equal(objectOf(scaledJob('example.com/v1')).podSpecs.length, 0);
    const scaledObject = ['apiVersion: keda.sh/v1alpha1', 'kind: ScaledObject', 'metadata: {name: vllm}', 'spec:', '  scaleTargetRef: {name: vllm}', '  triggers:', '    - type: prometheus', '      metadata: {threshold: "5"}', ''].join('\n');
    assert.equal(objectOf(scaledObject).podSpecs.length, 0);
  });

  it('an Argo template with a podSpecPatch (fv3net\'s GPU training) is a pod whose resources the patch sets: no resource or idle-GPU-node findings', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: WorkflowTemplate',
      'metadata: {name: training}',
      'spec:',
      '  templates:',
      '    - name: train',
      '      container:',
      '        image: registry.example/fv3fit:1.0',
      '      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]',
      '      podSpecPatch: |',
      '        containers:',
      '          - name: main',
      '            resources: {limits: {nvidia.com/gpu: 1}}',
      '',
    ].join('\n');
    const pod = objectOf(text).podSpecs[0];
    assert.equal(pod?.specPatch, true);
    assert.equal(pod?.containers[0]?.resourcesAtRunTime, true);
    for (const id of ['MLK301', 'MLK302', 'MLK303', 'MLK305', 'MLK410']) {
      assert.ok(!ids(text).includes(id), id);
    }
  });

  it('a Kubeflow Pipelines IR (PipelineSpec: no apiVersion or kind) lints to nothing and does not throw', () => {
    const text = [
      '# PIPELINE DEFINITION',
      'components:',
      '  comp-trainer:',
      '    executorLabel: exec-trainer',
      'deploymentSpec:',
      '  executors:',
      '    exec-trainer:',
      '      container:',
      '        image: gcr.io/my-project/my-fancy-trainer',
      '        resources:',
      '          accelerator: {count: "1", type: tpu-v3}',
      '          resourceMemoryLimit: 14Gi',
      'pipelineInfo: {name: two-step}',
      'root:',
      '  dag:',
      '    tasks:',
      '      trainer:',
      '        componentRef: {name: comp-trainer}',
      'schemaVersion: 2.1.0',
      'sdkVersion: kfp-2.13.0',
      '',
    ].join('\n');
    assert.equal(objectOf(text).podSpecs.length, 0);
    assert.deepEqual(ids(text), []);
  });
});

/** argo-workflows' examples: steps, a script, a container with an init container and a sidecar, a DAG with an inline template, a resource and a suspend template. */
const argoWorkflow = (kind = 'Workflow', specLines: string[] = []) => {
  const body = [
    'entrypoint: main',
    ...specLines,
    'templates:',
    '  - name: main',
    '    steps:',
    '      - - {name: gen, template: gen-random-int}',
    '      - - {name: print, template: print-message}',
    '  - name: gen-random-int',
    '    script:',
    '      image: python:alpine3.6',
    '      command: [python]',
    '      source: |',
    '        import random',
    '        print(random.randint(1, 100))',
    '  - name: print-message',
    '    container:',
    '      image: alpine:3.20',
    '      command: [sh, -c]',
    '      args: ["echo result was: {{inputs.parameters.message}}"]',
    '    initContainers:',
    '      - {name: hello, image: alpine:3.20, mirrorVolumeMounts: true}',
    '    sidecars:',
    '      - {name: dind, image: docker:19.03.13-dind}',
    '  - name: dag',
    '    dag:',
    '      tasks:',
    '        - name: a',
    '          inline:',
    '            container: {image: argoproj/argosay:v2}',
    '  - name: create-job',
    '    resource: {action: create, manifest: "apiVersion: batch/v1"}',
    '  - name: approve',
    '    suspend: {}',
  ];
  const indent = kind === 'CronWorkflow' ? '    ' : '  ';
  return [
    'apiVersion: argoproj.io/v1alpha1',
    `kind: ${kind}`,
    'metadata: {generateName: example-}',
    'spec:',
    ...(kind === 'CronWorkflow' ? ['  schedules: ["0 * * * *"]', '  workflowSpec:'] : []),
    ...body.map((l) => `${indent}${l}`),
    '',
  ].join('\n');
};

describe('Argo Workflows', () => {
  it('one pod per container or script template (inline ones too); steps, DAG, resource and suspend templates run none', () => {
    for (const kind of ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']) {
      const obj = objectOf(argoWorkflow(kind));
      assert.equal(obj.workload, 'job', kind);
      const base = kind === 'CronWorkflow' ? ['spec', 'workflowSpec'] : ['spec'];
      assert.deepEqual(
        obj.podSpecs.map((p) => [p.role, p.path]),
        [
          ['gen-random-int', [...base, 'templates', 1]],
          ['print-message', [...base, 'templates', 2]],
          ['a', [...base, 'templates', 3, 'dag', 'tasks', 0, 'inline']],
        ],
        kind,
      );
      // The main container is named "main", as Argo names it (kubectl logs -c main); the finding's line says which template.
      assert.deepEqual(obj.podSpecs[1]?.containers.map((c) => [c.name, c.kind]), [['main', 'containers'], ['dind', 'containers'], ['hello', 'initContainers']]);
    }
  });

  it('an Argo Rollout, and a Workflow of another group, stay what they were', () => {
    assert.equal(objectOf(argoWorkflow().replace('argoproj.io/v1alpha1', 'example.com/v1')).podSpecs.length, 0);
  });

  it('no ServiceAccount-token advice: Argo\'s executor in every pod needs the token', () => {
    assert.ok(!ids(argoWorkflow()).includes('MLK120'));
  });

  it('workflow-level pod fields reach every template pod, and one a template sets wins', () => {
    const text = argoWorkflow('Workflow', ['securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}', 'podPriorityClassName: batch-low', 'hostNetwork: true']);
    const found = lintManifest(text).findings;
    assert.ok(!found.some((f) => f.ruleId === 'MLK103' || f.ruleId === 'MLK107' || f.ruleId === 'MLK316'), found.map((f) => f.ruleId).join(' '));
    // The workflow's hostNetwork line is every pod's: one finding, not one per template.
    assert.equal(found.filter((f) => f.ruleId === 'MLK108').length, 1);
    const rootUser = argoWorkflow('Workflow', ['securityContext: {runAsNonRoot: true, runAsUser: 1000}']).replace('      script:\n', '      securityContext: {runAsUser: 0}\n      script:\n');
    assert.deepEqual(lintManifest(rootUser).findings.filter((f) => f.ruleId === 'MLK103').map((f) => f.range.start.line), [13]);
  });

  it('a workflow-level field every pod shares gives one cross-file finding, not one per template', () => {
    const text = argoWorkflow('Workflow', ['serviceAccountName: argo-workflow']).replace('metadata: {generateName: example-}', 'metadata: {name: example, namespace: ml}');
    const account = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata: {name: other, namespace: ml}', ''].join('\n');
    const found = lintWorkspace([{ path: 'wf.yaml', kind: 'kubernetes', text }, { path: 'sa.yaml', kind: 'kubernetes', text: account }]).findings.filter((f) => f.ruleId === 'MLX015');
    assert.equal(found.length, 1);
  });

  it('workflow volumes and volumeClaimTemplates join the pods that mount them', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Workflow',
      'metadata: {generateName: volumes-pvc-}',
      'spec:',
      '  volumeClaimTemplates:',
      '    - metadata: {name: workdir}',
      '      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}',
      '  volumes:',
      '    - {name: cache, emptyDir: {}}',
      '  templates:',
      '    - name: whalesay',
      '      container:',
      '        image: docker/whalesay:1.0',
      '        volumeMounts: [{name: workdir, mountPath: /mnt/vol}]',
      '    - name: print',
      '      volumes: [{name: own, emptyDir: {}}]',
      '      container:',
      '        image: alpine:3.20',
      '        volumeMounts: [{name: cache, mountPath: /cache}]',
      '',
    ].join('\n');
    const obj = objectOf(text);
    const volumes = obj.podSpecs.map((p) => obj.view.list(obj.view.get(p.spec, 'volumes')).map((v) => [obj.view.text(v, 'name'), obj.view.get(v, 'persistentVolumeClaim') !== undefined]));
    assert.deepEqual(volumes, [[['workdir', true]], [['own', false], ['cache', false]]]);
  });

  it('templateDefaults merge into a template key by key (Argo applies them as a strategic merge patch)', () => {
    const text = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: WorkflowTemplate',
    'metadata:',
    '  name: train',
    'spec:',
    '  entrypoint: train',
    '  templateDefaults:',
    '    container:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        runAsUser: 1000',
    '        allowPrivilegeEscalation: false',
    '        capabilities:',
    '          drop: [ALL]',
    '      resources:',
    '        requests:',
    '          cpu: "2"',
    '          memory: 8Gi',
    '  templates:',
    '    - name: train',
    '      container:',
    '        image: python:3.11-slim',
    '        command: [python, train.py]',
    '        securityContext:',
    '          readOnlyRootFilesystem: true',
    '        resources:',
    '          limits:',
    '            memory: 8Gi',
      '',
    ].join('\n');
    const found = ids(text);
    for (const id of ['MLK102', 'MLK103', 'MLK106', 'MLK301', 'MLK302']) {
      assert.ok(!found.includes(id), `${id}: the defaults' nested fields still apply: ${found.join(' ')}`);
    }
    assert.ok(found.includes('MLK107'), 'no seccomp profile anywhere');
  });

  it('templateDefaults\' named lists merge with the template\'s item by item (env by name, volumeMounts by mountPath, tolerations by key)', () => {
    // A GPU training template whose defaults carry the /dev/shm mount and the GPU toleration (Argo's workflow_types.go:
    // patchMergeKey on Template.tolerations and the Container lists), while the template adds its own.
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: WorkflowTemplate',
      'metadata: {name: train, namespace: ml}',
      'spec:',
      '  entrypoint: train',
      '  activeDeadlineSeconds: 86400',
      '  templateDefaults:',
      '    tolerations:',
      '      - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}',
      '    container:',
      '      env:',
      '        - {name: HF_HOME, value: /cache}',
      '        - {name: EPOCHS, value: "1"}',
      '      volumeMounts:',
      '        - {name: dshm, mountPath: /dev/shm}',
      '    volumes:',
      '      - {name: dshm, emptyDir: {medium: Memory, sizeLimit: 8Gi}}',
      '    sidecars:',
      '      - {name: metrics, image: registry.example/exporter:1.0}',
      '  templates:',
      '    - name: train',
      '      tolerations:',
      '        - {key: dedicated, operator: Equal, value: ml, effect: NoSchedule}',
      '      container:',
      '        image: registry.example/train:1.0',
      '        command: [torchrun, train.py]',
      '        env:',
      '          - {name: EPOCHS, value: "3"}',
      '        volumeMounts:',
      '          - {name: data, mountPath: /data}',
      '        resources:',
      '          limits: {nvidia.com/gpu: 1, memory: 32Gi, cpu: "8"}',
      '          requests: {nvidia.com/gpu: 1, memory: 32Gi, cpu: "8"}',
      '      volumes:',
      '        - {name: data, persistentVolumeClaim: {claimName: data}}',
      '',
    ].join('\n');
    const found = ids(text);
    for (const id of ['MLK405', 'MLK406', 'MLK409', 'MLK007']) {
      assert.ok(!found.includes(id), `${id}: ${found.join(' ')}`);
    }
    const obj = objectOf(text);
    const pod = obj.podSpecs[0];
    const main = pod?.containers[0];
    const env = obj.view.list(obj.view.get(main?.node, 'env')).map((e) => `${obj.view.text(e, 'name') ?? ''}=${obj.view.text(e, 'value') ?? ''}`);
    assert.deepEqual(env, ['EPOCHS=3', 'HF_HOME=/cache'], 'the template\'s EPOCHS wins over the defaults\'');
    assert.deepEqual(pod?.containers.map((c) => c.name), ['main', 'metrics'], 'the defaults\' sidecar runs in the pod');
  });

  describe('a GPU count given as a parameter (ai2cm/fv3net\'s training templates)', () => {
    /** A WorkflowTemplate whose container asks for `{{<reference>}}` GPUs; `parameters` are spec lines. */
    const template = (reference: string, parameters: string[], inputs: string[] = []) =>
      [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: WorkflowTemplate',
        'metadata: {name: training}',
        'spec:',
        '  entrypoint: train',
        ...parameters.map((l) => `  ${l}`),
        '  templates:',
        '    - name: train',
        ...(inputs.length > 0 ? ['      inputs:', '        parameters:', ...inputs.map((l) => `          ${l}`)] : []),
        '      container:',
        '        image: registry.example/fv3fit:1.0',
        '        command: [python3, -m, fv3fit.train]',
        '        resources:',
        `          limits: {nvidia.com/gpu: "{{${reference}}}", memory: 8Gi}`,
        '',
      ].join('\n');
    const gpuRules = (text: string) => ids(text).filter((id) => id === 'MLK405' || id === 'MLK409').sort();
    const some = ['MLK405', 'MLK409'];

    it('a parameter whose only value is "0" asks for no GPU', () => {
      const zero = template('inputs.parameters.gpus', ['arguments: {parameters: [{name: gpus, value: "0"}]}'], ['- {name: gpus, default: "0"}']);
      assert.deepEqual(gpuRules(zero), []);
      assert.deepEqual(gpuRules(template('workflow.parameters.gpus', ['arguments: {parameters: [{name: gpus, value: "0"}]}'])), []);
    });

    it('the largest literal value counts, and a value the document does not give is some GPUs', () => {
      assert.deepEqual(gpuRules(template('inputs.parameters.gpus', [], ['- {name: gpus, default: "0", enum: ["0", "2"]}'])), some);
      assert.deepEqual(gpuRules(template('workflow.parameters.gpus', ['arguments: {parameters: [{name: gpus, value: "2"}]}'])), some);
      assert.deepEqual(gpuRules(template('workflow.parameters.gpus', [])), some, 'given at submission');
      assert.deepEqual(gpuRules(template('inputs.parameters.gpus', [], ['- {name: gpus}'])), some, 'given by the caller');
      assert.deepEqual(gpuRules(template('workflow.parameters.gpus', ['arguments: {parameters: [{name: gpus, value: "{{workflow.parameters.n}}"}]}'])), some);
    });

    it('a step that passes a template a count gives that parameter a value', () => {
      const text = template('inputs.parameters.gpus', [], ['- {name: gpus, default: "0"}']).replace(
        '  templates:\n',
        '  templates:\n    - name: main\n      steps:\n        - - {name: train, template: train, arguments: {parameters: [{name: gpus, value: "4"}]}}\n',
      );
      assert.deepEqual(gpuRules(text), some);
    });
  });
});

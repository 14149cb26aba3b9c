import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import type { ManifestLintOptions } from '../../../../src/core/lint/kubernetes/lint';
import { goDurationSeconds } from '../../../../src/core/lint/kubernetes/appwrapper-fault-tolerance';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectDocuments } from '../../../../src/core/lint/kubernetes/list-items';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { validateText } from '../../../../src/core/schemas/validate';
import { fixtureSchemas } from './support';

/** An AppWrapper (project-codeflare/appwrapper's v1beta2 CRD) holding `components`, each a template given at column 0. */
function appWrapper(components: readonly string[], metadata = '  name: sample\n', apiVersion = 'workload.codeflare.dev/v1beta2'): string {
  const indent = (text: string) => text.trimEnd().split('\n').map((l) => (l === '' ? l : `      ${l}`)).join('\n');
  return `apiVersion: ${apiVersion}\nkind: AppWrapper\nmetadata:\n${metadata}spec:\n  components:\n${components.map((c) => `  - template:\n${indent(c)}\n`).join('')}`;
}

/** Lines an AppWrapper with one component puts before the component's first line. */
const headerLines = (metadata = '  name: sample\n') => appWrapper(['x: 1'], metadata).split('\n').length - 2;

// Trimmed from kubernetes-sigs/kueue site/static/examples/jobs/appwrapper-pytorch-sample.yaml, with a GPU.
const pytorchJob = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: pytorch-simple
spec:
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      restartPolicy: OnFailure
      template:
        spec:
          containers:
          - name: pytorch
            image: docker.io/kubeflowkatib/pytorch-mnist-cpu:v1beta1-fc858d1
            command: ["python3", "/opt/pytorch-mnist/mnist.py", "--epochs=1"]
            resources:
              requests: {cpu: 1}
              limits: {nvidia.com/gpu: 1}
`;

const job = (restartPolicy: string, labels = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: train
${labels}spec:
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - name: train
        image: registry.example/team/train:1.0
        args: ["torchrun", "train.py"]
        resources:
          limits: {nvidia.com/gpu: 1}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "2"
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Sometimes
`;

type Seen = { id: string; line: number; message: string };

function lint(text: string, options: ManifestLintOptions = {}): Seen[] {
  return lintManifest(text, options).findings.map((f) => ({ id: f.ruleId, line: f.range.start.line, message: f.message }));
}

const ids = (seen: readonly Seen[], id: string) => seen.filter((f) => f.id === id);

/** The wrapped GPU Job is linted (it has no activeDeadlineSeconds: MLK414), and `id` says nothing of it. */
function judgedWithout(seen: readonly Seen[], id: string): void {
  assert.equal(ids(seen, 'MLK414').length, 1, 'the wrapped Job is linted');
  assert.deepEqual(ids(seen, id), []);
}

describe('AppWrapper components (workload.codeflare.dev/v1beta2): each linted as an object of its own kind', () => {
  it('a wrapped GPU PyTorchJob gets the findings it gets alone, at its lines in the AppWrapper, less MLK314', () => {
    const alone = lint(pytorchJob);
    const wrapped = lint(appWrapper([pytorchJob]));
    assert.ok(ids(alone, 'MLK413').length === 1 && ids(alone, 'MLK405').length === 1, 'the GPU job rules judge it alone');
    const shift = headerLines();
    assert.deepEqual(
      wrapped,
      alone.filter((f) => f.id !== 'MLK314').map((f) => ({ ...f, line: f.line + shift })),
    );
  });

  it('reads every component (a Job and a PyTorchJob), and no other layout: MCAD’s v1beta1 GenericItems, another group', () => {
    const both = lint(appWrapper([job('OnFailure'), pytorchJob]));
    assert.equal(ids(both, 'MLK413').length, 2);
    assert.equal(objectDocuments(parseYaml(appWrapper([job('Never'), pytorchJob]))).length, 3);
    for (const other of [appWrapper([pytorchJob], undefined, 'workload.codeflare.dev/v1beta1'), appWrapper([pytorchJob], undefined, 'example.com/v1beta2')]) {
      const file = parseYaml(other);
      assert.equal(objectDocuments(file), file.documents);
      assert.deepEqual(lint(other), []);
    }
  });

  it('MLK002 checks each component against its own kind, at its path in the AppWrapper, and takes the AppWrapper’s own fields', () => {
    const text = appWrapper([deployment]).replace('  components:\n  - template:\n', '  suspend: true\n  components:\n  - podSets:\n    - {replicas: 2, path: template.spec.template}\n    annotations: {note: kept}\n    template:\n');
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    const schema = lint(text, { schemas: fixtureSchemas() }).filter((f) => f.id === 'MLK002').map((f) => [f.line, f.message]);
    assert.deepEqual(schema, [
      [lineOf('replicas: "2"'), 'spec.components[0].template.spec.replicas: Expected integer, got string.'],
      [lineOf('imagePullPolicy: Sometimes'), 'spec.components[0].template.spec.template.spec.containers[0].imagePullPolicy: Value "Sometimes" is not allowed; expected one of Always, IfNotPresent, Never.'],
    ]);
    // The editor's schema diagnostics read the same.
    const { store, version } = fixtureSchemas();
    assert.deepEqual(validateText(text, 'aw.yaml', store, version).map((d) => d.path), ['spec.components[0].template.spec.replicas', 'spec.components[0].template.spec.template.spec.containers[0].imagePullPolicy']);
  });

  it('honours a suppression comment inside a component', () => {
    const text = appWrapper([job('OnFailure').replace('spec:\n', '# mlc-ignore MLK413 retried by hand\nspec:\n')]);
    judgedWithout(lint(text), 'MLK413');
  });
});

describe('What the AppWrapper controller does for its components', () => {
  it('MLK413: a Job whose pods never restart is reset by the AppWrapper (retryLimit), so its backoffLimit is not asked for', () => {
    assert.equal(ids(lint(job('Never')), 'MLK413').length, 1, 'alone, the Job retries 6 times');
    judgedWithout(lint(appWrapper([job('Never')])), 'MLK413');
  });

  it('MLK413: a failureGracePeriodDuration longer than the default minute lets the Job’s own retries run first', () => {
    const graced = (duration: string) => appWrapper([job('Never')], `  name: sample\n  annotations:\n    workload.codeflare.dev.appwrapper/failureGracePeriodDuration: "${duration}"\n`);
    assert.equal(ids(lint(graced('10m')), 'MLK413').length, 1);
    judgedWithout(lint(graced('30s')), 'MLK413');
    judgedWithout(lint(graced('ten minutes')), 'MLK413');
    assert.deepEqual(['90s', '1h30m', '1.5m', '0', '-1m', '500ms', '10', 'm', ''].map(goDurationSeconds), [90, 5400, 90, 0, -60, 0.5, undefined, undefined, undefined]);
  });

  it('MLK413: with restartPolicy OnFailure the containers restart in place, unseen by the AppWrapper: still reported, saying so', () => {
    const [finding] = ids(lint(appWrapper([job('OnFailure')])), 'MLK413');
    assert.equal(finding?.message, 'This GPU Job has no backoffLimit, so a failing run is retried 6 times with back-off on GPUs, and all over again after each reset by its AppWrapper (up to its retryLimit, 3 by default): with restartPolicy OnFailure the containers restart in place, where the AppWrapper sees no failed pod; set backoffLimit, or restartPolicy: Never to leave the retries to the AppWrapper.');
  });

  it('MLK314: the AppWrapper deletes its finished components, so no TTL is asked for', () => {
    assert.equal(ids(lint(job('Never')), 'MLK314').length, 1);
    judgedWithout(lint(appWrapper([job('Never')])), 'MLK314');
  });

  it('MLK414: Kueue’s maximum execution time on the AppWrapper caps its components', () => {
    assert.equal(ids(lint(appWrapper([job('Never')])), 'MLK414').length, 1);
    const capped = appWrapper([job('Never')], '  name: sample\n  labels:\n    kueue.x-k8s.io/queue-name: user-queue\n    kueue.x-k8s.io/max-exec-time-seconds: "3600"\n');
    assert.deepEqual(ids(lint(capped), 'MLK414'), []);
  });

  it('MLK422: Kueue admits the components with the AppWrapper, by its label', () => {
    const parsed = parseMlcConfig('cluster:\n  kueue: true\n');
    assert.ok(parsed.ok);
    const config = { config: parsed.config };
    assert.equal(ids(lint(job('Never'), config), 'MLK422').length, 1, 'alone, the Job is not queued');
    const queued = appWrapper([job('Never')], '  name: sample\n  annotations:\n    kueue.x-k8s.io/queue-name: user-queue\n');
    judgedWithout(lint(queued, config), 'MLK422');
    // A queue label on the wrapped Job's pod template is no mistake of the Job's.
    const templateLabel = appWrapper([job('Never').replace('  template:\n    spec:\n', '  template:\n    metadata:\n      labels: {kueue.x-k8s.io/queue-name: user-queue}\n    spec:\n')]);
    judgedWithout(lint(templateLabel), 'MLK422');
  });

  it('MLK409: the tolerations of the flavors behind the AppWrapper’s queue reach its components, in its namespace', () => {
    const setup = [
      'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ResourceFlavor\nmetadata:\n  name: gpu-flavor\nspec:\n  nodeLabels: {nvidia.com/gpu.present: "true"}\n  tolerations:\n    - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}\n',
      'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ClusterQueue\nmetadata:\n  name: gpu-cluster-queue\nspec:\n  resourceGroups:\n    - coveredResources: ["nvidia.com/gpu"]\n      flavors:\n        - name: gpu-flavor\n          resources: [{name: nvidia.com/gpu, nominalQuota: 8}]\n',
      'apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: gpu-local-queue\n  namespace: team-a\nspec:\n  clusterQueue: gpu-cluster-queue\n',
      'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ResourceFlavor\nmetadata:\n  name: cpu-flavor\n',
      'apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: gpu-local-queue\n  namespace: team-b\nspec:\n  clusterQueue: cpu-cluster-queue\n',
      'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ClusterQueue\nmetadata:\n  name: cpu-cluster-queue\nspec:\n  resourceGroups:\n    - coveredResources: ["cpu"]\n      flavors:\n        - name: cpu-flavor\n          resources: [{name: cpu, nominalQuota: 8}]\n',
    ].join('---\n');
    const wrapped = (namespace: string) => `${setup}---\n${appWrapper([job('Never')], `  name: sample\n  namespace: ${namespace}\n  labels:\n    kueue.x-k8s.io/queue-name: gpu-local-queue\n`)}`;
    const config = { config: (() => { const p = parseMlcConfig('rules:\n  MLK409: on\n'); assert.ok(p.ok); return p.config; })() };
    assert.deepEqual(ids(lint(wrapped('team-a'), config), 'MLK409'), []);
    assert.equal(ids(lint(wrapped('team-b'), config), 'MLK409').length, 1, 'team-b’s queue gives the CPU flavor, which tolerates nothing');
  });
});

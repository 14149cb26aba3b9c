import * as assert from 'node:assert/strict';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas, objectOf } from './support';

/**
 * kthena's multi-node example (volcano-sh/kthena examples/model-serving/multi-node.yaml): a role's entry pod runs the
 * vLLM server and the Ray head, its worker joins it. `address` is how the worker names the entry pod.
 */
const podSpec = (container: string, script: string, extra: string[] = []): string[] => [
  'spec:',
  '  containers:',
  `    - name: ${container}`,
  '      image: vllm/vllm-openai:latest',
  '      env:',
  '        - name: HUGGING_FACE_HUB_TOKEN',
  '          value: $HUGGING_FACE_HUB_TOKEN',
  `      command: [sh, -c, "${script}"]`,
  '      resources:',
  '        limits: {nvidia.com/gpu: "8", memory: 1124Gi, ephemeral-storage: 800Gi}',
  '        requests: {ephemeral-storage: 800Gi, cpu: 125}',
  ...extra.map((l) => `      ${l}`),
  '      volumeMounts:',
  '        - {mountPath: /dev/shm, name: dshm}',
  '  volumes:',
  '    - name: dshm',
  '      emptyDir: {medium: Memory, sizeLimit: 15Gi}',
];

const leader = (size: string): string[] =>
  podSpec('leader', `bash /vllm-workspace/examples/online_serving/multi-node-serving.sh leader --ray_cluster_size=${size}; python3 -m vllm.entrypoints.openai.api_server --port 8080 --model meta-llama/Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline_parallel_size 2`, ['ports: [{containerPort: 8080}]']);
const worker = (address: string): string[] => podSpec('worker', `bash /vllm-workspace/examples/online_serving/multi-node-serving.sh worker --ray_address=${address}`);
const indent = (lines: string[], by: number): string[] => lines.map((l) => `${' '.repeat(by)}${l}`);

const modelServing = [
  'apiVersion: workload.serving.volcano.sh/v1alpha1',
  'kind: ModelServing',
  'metadata: {name: llama-multinode, namespace: default}',
  'spec:',
  '  replicas: 1',
  '  template:',
  '    roles:',
  '      - name: llama-405b',
  '        replicas: 2',
  '        entryTemplate:',
  ...indent(leader('$(GROUP_SIZE)'), 10),
  '        workerReplicas: 1',
  '        workerTemplate:',
  ...indent(worker('$(ENTRY_ADDRESS)'), 10),
  '',
].join('\n');

const leaderWorkerSet = [
  'apiVersion: leaderworkerset.x-k8s.io/v1',
  'kind: LeaderWorkerSet',
  'metadata: {name: llama-multinode, namespace: default}',
  'spec:',
  '  replicas: 2',
  '  leaderWorkerTemplate:',
  '    size: 2',
  '    leaderTemplate:',
  ...indent(leader('$(LWS_GROUP_SIZE)'), 6),
  '    workerTemplate:',
  ...indent(worker('$(LWS_LEADER_ADDRESS)'), 6),
  '',
].join('\n');

/** Each finding as rule, line offset from the pod's `spec:` line, and message: the two kinds place the pods at different lines. */
function findings(text: string): string[] {
  const specLines = text.split('\n').flatMap((l, i) => (/^\s+spec:$/.test(l) && i > 3 ? [i + 1] : []));
  return lintManifest(text, { schemas: fixtureSchemas() })
    .findings.map((f) => {
      const base = specLines.filter((n) => n <= f.range.start.line).at(-1) ?? 0;
      return `${f.ruleId} +${f.range.start.line - base} ${f.message}`;
    })
    .sort();
}

describe('kthena ModelServing (workload.serving.volcano.sh): each role’s entry and worker pod templates', () => {
  it('reads spec.template.roles[].entryTemplate and .workerTemplate as serving pods named by the role', () => {
    const obj = objectOf(modelServing);
    assert.equal(obj.workload, 'serving');
    assert.deepEqual(
      obj.podSpecs.map((p) => [p.role, p.path.join('.'), p.containers.map((c) => c.name)]),
      [
        ['llama-405b entry', 'spec.template.roles.0.entryTemplate.spec', ['leader']],
        ['llama-405b worker', 'spec.template.roles.0.workerTemplate.spec', ['worker']],
      ],
    );
  });

  it('reports what the same pods get inside a LeaderWorkerSet: floating tags, literal $VAR tokens, the uncached 405B model on both pods', () => {
    const served = findings(modelServing);
    assert.deepEqual(served, findings(leaderWorkerSet));
    for (const id of ['MLK201', 'MLK419', 'MLK429']) {
      assert.equal(served.filter((f) => f.startsWith(`${id} `)).length, 2, id);
    }
    assert.ok(served.some((f) => f.startsWith('MLK419 ') && f.includes("loads its leader's model (meta-llama/Llama-3.1-405B-Instruct) as a Ray worker")));
  });

  it('leaves a Service that selects the labels kthena puts on the pods (modelserving.volcano.sh/…) to the controller, and judges one on the template’s', () => {
    const service = (name: string, selector: string): string =>
      ['apiVersion: v1', 'kind: Service', `metadata: {name: ${name}, namespace: default}`, 'spec:', `  selector: {${selector}}`, '  ports: [{port: 80, targetPort: 8000}]', ''].join('\n');
    const labelled = modelServing.replace('        entryTemplate:\n', '        entryTemplate:\n          metadata: {labels: {app: llama}}\n');
    const files = [labelled, service('by-controller', 'modelserving.volcano.sh/name: llama-multinode, modelserving.volcano.sh/entry: "true"'), service('by-template', 'app: llama')];
    const result = lintWorkspace(files.map((text, i) => ({ path: `k8s/${i}.yaml`, kind: 'kubernetes' as const, text })));
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId.startsWith('MLX')).map((f) => `${f.path}:${f.ruleId}`),
      ['k8s/2.yaml:MLX007'],
      'the entry pod declares port 8080 only',
    );
  });

  it('leaves other API groups’ ModelServing kinds alone', () => {
    assert.equal(objectOf(modelServing.replace('workload.serving.volcano.sh/v1alpha1', 'example.com/v1')).podSpecs.length, 0);
  });
});

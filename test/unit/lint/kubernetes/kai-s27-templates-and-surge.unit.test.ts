import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { isGpuContainer } from '../../../../src/core/lint/kubernetes/gpu';
import { kaiShareAnnotation, kaiShareLeavesRoom } from '../../../../src/core/lint/kubernetes/gpu-sharing-schedulers';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf } from './support';

const messages = (text: string, id: string) =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);

/** The share annotation KAI Scheduler reads from each pod of the object, by role (or `pod` when it has none). */
function sharesByRole(text: string): Record<string, string | undefined> {
  const obj = objectOf(text);
  return Object.fromEntries(obj.podSpecs.map((pod) => [pod.role ?? 'pod', kaiShareAnnotation(obj.view, pod)]));
}

/** A Deployment whose pod template carries these annotations and pod spec lines, with one container. */
function deployment(options: { annotations: string; spec?: readonly string[]; container?: readonly string[] }): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: share',
    'spec:',
    '  replicas: 1',
    '  selector: {matchLabels: {app: share}}',
    '  template:',
    '    metadata:',
    '      labels: {app: share}',
    `      annotations: {${options.annotations}}`,
    '    spec:',
    ...(options.spec ?? ['  schedulerName: kai-scheduler']).map((l) => `    ${l}`),
    '      containers:',
    ...(options.container ?? ['- {name: app, image: registry.example/app:1}']).map((l) => `        ${l}`),
    '',
  ].join('\n');
}

/** A Ray object (RayCluster, RayJob, RayService) with this metadata, its cluster spec under `clusterKey`, and a worker group with gpu-fraction. */
function rayObject(kind: string, options: { labels?: string; clusterKey?: string; workerSpec?: readonly string[]; apiVersion?: string }): string {
  const indent = options.clusterKey !== undefined ? '    ' : '  ';
  return [
    `apiVersion: ${options.apiVersion ?? 'ray.io/v1'}`,
    `kind: ${kind}`,
    'metadata:',
    '  name: half-gpu',
    ...(options.labels !== undefined ? [`  labels: {${options.labels}}`] : []),
    'spec:',
    ...(options.clusterKey !== undefined ? [`  ${options.clusterKey}:`] : []),
    `${indent}headGroupSpec:`,
    `${indent}  template:`,
    `${indent}    spec:`,
    `${indent}      containers: [{name: head, image: "rayproject/ray:2.46.0"}]`,
    `${indent}workerGroupSpecs:`,
    `${indent}  - groupName: shared-gpu`,
    `${indent}    template:`,
    `${indent}      metadata:`,
    `${indent}        annotations: {gpu-fraction: "0.5"}`,
    `${indent}      spec:`,
    ...(options.workerSpec ?? []).map((l) => `${indent}        ${l}`),
    `${indent}        containers: [{name: worker, image: "rayproject/ray:2.46.0"}]`,
    '',
  ].join('\n');
}

const queue = 'kai.scheduler/queue: team-a';

describe('KAI Scheduler shares on pod templates, /dev/shm volumes and rolling updates', () => {
  describe('MLK417: a KAI share leaves room on the card for the surge pod', () => {
    it('a gpu-fraction below 1 or a gpu-memory amount, on one or several devices, does not deadlock the rollout', () => {
      assert.deepEqual(messages(deployment({ annotations: 'gpu-fraction: "0.5"' }), 'MLK417'), []);
      assert.deepEqual(messages(deployment({ annotations: 'gpu-memory: "8000"' }), 'MLK417'), []);
      assert.deepEqual(messages(deployment({ annotations: 'gpu-fraction: "0.5", gpu-fraction-num-devices: "2"' }), 'MLK417'), []);
    });

    it('still reports a whole GPU: the annotation without kai-scheduler, or a fraction of 1 (KAI admits only fractions below 1)', () => {
      const wholeGpu = ['- name: app', '  image: registry.example/app:1', '  resources: {limits: {nvidia.com/gpu: 1}}'];
      assert.equal(messages(deployment({ annotations: 'gpu-fraction: "0.5"', spec: [], container: wholeGpu }), 'MLK417').length, 1);
      assert.equal(messages(deployment({ annotations: 'gpu-fraction: "1"' }), 'MLK417').length, 1);
      const obj = objectOf(deployment({ annotations: 'gpu-fraction: "1"' }));
      assert.equal(kaiShareLeavesRoom(obj.view, obj.podSpecs[0]!), false);
    });
  });

  describe('MLK406: the container KAI shares a GPU with needs its memory volume at /dev/shm', () => {
    const training = ['- name: train', '  image: registry.example/finetune:2.1', '  volumeMounts: [{name: shm, mountPath: /shm}]'];
    const volume = '  volumes: [{name: shm, emptyDir: {medium: Memory, sizeLimit: 8Gi}}]';

    it('reports the share container mounting it elsewhere, as for a container with nvidia.com/gpu', () => {
      assert.deepEqual(messages(deployment({ annotations: 'gpu-fraction: "0.5"', spec: ['  schedulerName: kai-scheduler', volume], container: training }), 'MLK406'), [
        'The memory volume "shm" is mounted at /shm, not /dev/shm, so shared memory stays 64 MB; set mountPath: /dev/shm.',
      ]);
    });

    it('not without kai-scheduler, nor for the pod\'s other containers', () => {
      assert.deepEqual(messages(deployment({ annotations: 'gpu-fraction: "0.5"', spec: [volume], container: training }), 'MLK406'), []);
      const sidecarFirst = ['- {name: proxy, image: registry.example/proxy:1}', ...training];
      assert.deepEqual(messages(deployment({ annotations: 'gpu-fraction: "0.5", gpu-fraction-container-name: proxy', spec: ['  schedulerName: kai-scheduler', volume], container: sidecarFirst }), 'MLK406'), []);
    });
  });

  describe('Ray objects: KubeRay sets kai-scheduler on the pods of an object labelled with a KAI queue', () => {
    it('a RayCluster, RayJob or RayService worker template with gpu-fraction asks KAI for a share; the head asks for none', () => {
      assert.deepEqual(sharesByRole(rayObject('RayCluster', { labels: queue })), { head: undefined, 'shared-gpu': 'gpu-fraction' });
      assert.deepEqual(sharesByRole(rayObject('RayJob', { labels: queue, clusterKey: 'rayClusterSpec' })), { head: undefined, 'shared-gpu': 'gpu-fraction' });
      assert.deepEqual(sharesByRole(rayObject('RayService', { labels: queue, clusterKey: 'rayClusterConfig' })), { head: undefined, 'shared-gpu': 'gpu-fraction' });
    });

    it('without the queue label only the template\'s own schedulerName counts; another one there wins over the label', () => {
      assert.deepEqual(sharesByRole(rayObject('RayCluster', {})), { head: undefined, 'shared-gpu': undefined });
      assert.deepEqual(sharesByRole(rayObject('RayCluster', { workerSpec: ['schedulerName: kai-scheduler'] })), { head: undefined, 'shared-gpu': 'gpu-fraction' });
      assert.deepEqual(sharesByRole(rayObject('RayCluster', { labels: queue, workerSpec: ['schedulerName: volcano'] })), { head: undefined, 'shared-gpu': undefined });
    });

    it('the pod templates of a Deployment and of a Job are read as a bare Pod\'s metadata is', () => {
      assert.deepEqual(sharesByRole(deployment({ annotations: 'gpu-memory: "2000"' })), { pod: 'gpu-memory' });
      const job = deployment({ annotations: 'gpu-fraction: "0.25"' }).replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: batch/v1\nkind: Job').replace('  selector: {matchLabels: {app: share}}\n', '');
      assert.deepEqual(sharesByRole(job), { pod: 'gpu-fraction' });
    });

    it('MLK409 reports the shared worker without the GPU toleration; MLK405 leaves it, KubeRay mounts /dev/shm', () => {
      const text = rayObject('RayCluster', { labels: queue });
      assert.deepEqual(
        lintManifest(text)
          .findings.filter((f) => f.ruleId === 'MLK409')
          .map((f) => f.range.start.line),
        [17],
      );
      assert.deepEqual(messages(text, 'MLK405'), []);
    });
  });

  it('isGpuContainer counts the KAI share only when asked with the pod', () => {
    const obj = objectOf(deployment({ annotations: 'gpu-fraction: "0.5"' }));
    const pod = obj.podSpecs[0]!;
    const container = pod.containers[0]!;
    const cluster = emptyConfig().cluster;
    assert.equal(isGpuContainer(obj.view, container, cluster), false);
    assert.equal(isGpuContainer(obj.view, container, cluster, pod), true);
  });
});

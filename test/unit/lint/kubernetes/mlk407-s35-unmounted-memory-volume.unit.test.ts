import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk407-shm-size-limit-unset';

/** A Pod with a memory limit, these annotations, a memory volume `volume` and these mounts of its container. */
function pod(volume: string, mountLines: string[], annotations: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: worker',
    ...(annotations.length > 0 ? ['  annotations:', ...annotations.map((a) => `    ${a}`)] : []),
    'spec:',
    '  containers:',
    '    - name: main',
    '      image: registry.example/maxtext:1.0',
    '      resources:',
    '        requests: {cpu: "8", memory: 16Gi}',
    '        limits: {memory: 16Gi}',
    ...(mountLines.length > 0 ? ['      volumeMounts:', ...mountLines.map((l) => `        ${l}`)] : []),
    '  volumes:',
    `    - name: ${volume}`,
    '      emptyDir:',
    '        medium: Memory',
    '',
  ].join('\n');
}

function mlk407(text: string) {
  return lintManifest(text, { rules: [rule], fixes: true }).findings;
}

const oom = /sized to the pod's memory limit and filling it gets the container OOM-killed/;
const gcsfuse = 'gke-gcsfuse/volumes: "true"';

describe('MLK407: a memory volume that no container mounts', () => {
  it('says it is mounted by no container and to remove it, naming the gcsfuse cache volume on a gcsfuse pod, with no sizeLimit fix', () => {
    const [f, ...rest] = mlk407(pod('gcs-fuse-cache', [], [gcsfuse]));
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(f.message, 'The memory volume "gcs-fuse-cache" is mounted by no container, so a sizeLimit changes nothing; remove it (GKE\'s Cloud Storage FUSE sidecar uses a cache volume only when it is named gke-gcsfuse-cache).');
    assert.equal(f.fix, undefined);
    assert.equal(mlk407(pod('scratch', []))[0]?.message, 'The memory volume "scratch" is mounted by no container, so a sizeLimit changes nothing; remove it.');
  });

  it('keeps the OOM wording for a mounted volume, the gcsfuse sidecar volumes, and a volume an annotation hands to a sidecar', () => {
    assert.match(mlk407(pod('dshm', ['- name: dshm', '  mountPath: /dev/shm']))[0]?.message ?? '', oom);
    for (const name of ['gke-gcsfuse-cache', 'gke-gcsfuse-tmp', 'gke-gcsfuse-buffer']) {
      assert.match(mlk407(pod(name, [], [gcsfuse]))[0]?.message ?? '', oom, name);
    }
    const istio = `sidecar.istio.io/userVolumeMount: '{"proxy-cache":{"mountPath":"/var/cache/proxy"}}'`;
    assert.match(mlk407(pod('proxy-cache', [], [istio]))[0]?.message ?? '', oom);
  });

  it('keeps it for a volume named like shm (MLK406 asks to mount it at /dev/shm) and for pods an operator merges from several objects', () => {
    assert.match(mlk407(pod('dshm', []))[0]?.message ?? '', oom);
    const runtime = [
      'apiVersion: serving.kserve.io/v1alpha1',
      'kind: ServingRuntime',
      'metadata:',
      '  name: vllm-runtime',
      'spec:',
      '  supportedModelFormats: [{name: vllm}]',
      '  containers:',
      '    - name: kserve-container',
      '      image: vllm/vllm-openai:v0.10.2',
      '      resources: {limits: {memory: 16Gi}}',
      '  volumes:',
      '    - name: scratch',
      '      emptyDir: {medium: Memory}',
      '',
    ].join('\n');
    assert.match(mlk407(runtime)[0]?.message ?? '', oom);
    const podTemplate = ['apiVersion: v1', 'kind: PodTemplate', 'metadata:', '  name: flyte-base', 'template:', '  spec:', '    containers:', '      - name: primary', '        image: registry.example/task:1.0', '    volumes:', '      - name: scratch', '        emptyDir: {medium: Memory}', ''].join('\n');
    assert.match(mlk407(podTemplate)[0]?.message ?? '', /^The memory volume "scratch" has no sizeLimit, and the pod has no memory limit/);
  });
});

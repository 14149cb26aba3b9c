import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { mounts, volumes } from '../../../../src/core/lint/rules/kubernetes/helpers';
import { objectOf } from './support';

/** A DynamoGraphDeployment with one vLLM worker; `service` lines go under the worker, `graph` lines under spec. */
function graph(service: readonly string[], graphLines: readonly string[] = []): string {
  return [
    'apiVersion: nvidia.com/v1alpha1',
    'kind: DynamoGraphDeployment',
    'metadata: {name: vllm-agg}',
    'spec:',
    ...graphLines.map((l) => `  ${l}`),
    '  services:',
    '    VllmWorker:',
    '      componentType: worker',
    '      resources:',
    '        limits: {gpu: "1"}',
    ...service.map((l) => `      ${l}`),
    '      extraPodSpec:',
    '        mainContainer:',
    '          image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.0',
    '          command: [python3, -m, dynamo.vllm]',
    '          args: [--model, Qwen/Qwen3-0.6B]',
    '',
  ].join('\n');
}

const mlk419 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK419');

describe('MLK419 on Dynamo: the claims a service mounts are its pod’s volumes', () => {
  it('volumeMounts [{name, mountPoint}] become PVC volumes and mounts of the main container', () => {
    const text = graph(['volumeMounts:', '  - {name: model-cache, mountPoint: /root/.cache/huggingface}', '  - {name: compile, useAsCompilationCache: true}'], ['pvcs:', '  - {create: false, name: model-cache}']);
    const obj = objectOf(text);
    const pod = obj.podSpecs[0];
    const main = pod?.containers[0];
    assert.ok(pod && main);
    const podVolumes = volumes(obj.view, pod).map((v) => `${v.name}=${obj.view.text(obj.view.get(v.node, 'persistentVolumeClaim'), 'claimName') ?? '?'}`);
    assert.deepEqual(podVolumes, ['model-cache=model-cache', 'compile=compile']);
    assert.deepEqual(mounts(obj.view, main.node).map((m) => `${m.name}@${m.mountPath ?? '?'}`), ['model-cache@/root/.cache/huggingface'], 'a compilation cache without a mountPoint has no mount read here');
  });

  it('the older single `pvc` is mounted the same way, after the main container’s own mounts and volumes', () => {
    const text = graph(['pvc: {name: models, mountPoint: /root/.cache/huggingface}']).replace(
      '        mainContainer:',
      '        volumes: [{name: scratch, emptyDir: {}}]\n        mainContainer:\n          volumeMounts: [{name: scratch, mountPath: /scratch}]',
    );
    const obj = objectOf(text);
    const pod = obj.podSpecs[0];
    const main = pod?.containers[0];
    assert.ok(pod && main);
    assert.deepEqual(volumes(obj.view, pod).map((v) => v.name), ['scratch', 'models']);
    assert.deepEqual(mounts(obj.view, main.node).map((m) => m.mountPath), ['/scratch', '/root/.cache/huggingface']);
    assert.deepEqual(mlk419(text), []);
  });

  it('a worker serving a hub model without a claim at its cache is reported at its main container', () => {
    const bare = mlk419(graph([]));
    assert.equal(bare.length, 1);
    assert.equal(bare[0]?.range.start.line, 11);
    assert.match(bare[0]?.message ?? '', /downloads its model/);
    assert.equal(mlk419(graph(['volumeMounts:', '  - {name: scratch, mountPoint: /data}'])).length, 1, 'a claim elsewhere holds no cache');
    assert.deepEqual(mlk419(graph(['volumeMounts:', '  - {name: model-cache, mountPoint: /root/.cache}'])), [], 'a claim above the cache holds it');
  });

  it('a claim at the dynamo user’s cache is not reported: with HF_HOME there it is judged, without it MLK419 stays out', () => {
    const home = ['volumeMounts:', '  - {name: model-cache, mountPoint: /home/dynamo/.cache/huggingface}'];
    assert.deepEqual(mlk419(graph(home)), []);
    assert.deepEqual(mlk419(graph([...home, 'envs:', '  - {name: HF_HOME, value: /home/dynamo/.cache/huggingface}'])), []);
    assert.equal(mlk419(graph(home, ['envs:', '  - {name: HF_HOME, value: /tmp/hf}'])).length, 1, 'HF_HOME elsewhere: the claim holds no cache');
  });

  it('resources: `custom` entries are resources of their own names, `gpu` is named by `gpuType`', () => {
    const text = graph([]).replace('        limits: {gpu: "1"}', '        limits: {gpu: "1", gpuType: gpu.intel.com/xe}\n        requests: {custom: {ephemeral-storage: 20Gi}}');
    const obj = objectOf(text);
    const main = obj.podSpecs[0]?.containers[0];
    assert.ok(main);
    assert.equal(obj.view.str(obj.view.at(main.node, ['resources', 'limits', 'gpu.intel.com/xe'])), '1');
    assert.equal(obj.view.at(main.node, ['resources', 'limits', 'gpuType']), undefined);
    assert.equal(obj.view.str(obj.view.at(main.node, ['resources', 'requests', 'ephemeral-storage'])), '20Gi');
  });
});

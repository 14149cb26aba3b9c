import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const pod = (image: string, resources = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n${resources}`;
const mlk104 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK104').map((f) => f.message)[0] ?? '';

describe('MLK104 names the model cache only where models are loaded', () => {
  it('a database, exporter or controller is told of the paths it writes; a serving container of the model cache too, a training image of its dataset directory when it names one', () => {
    assert.equal(mlk104(pod('postgres:16.4')), 'container "c" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at the paths it writes (e.g. /tmp).');
    const gpu = '      resources: {limits: {nvidia.com/gpu: 1}}\n';
    assert.match(mlk104(pod('registry.example/train:1.0.0', `      args: [--dataset_name, wikitext]\n${gpu}`)), /at \/tmp and the directory it downloads its dataset to \(its data or cache directory\)\.$/);
    assert.match(mlk104(pod('registry.example/train:1.0.0', gpu)), /and mount emptyDir volumes at the paths it writes \(e\.g\. \/tmp\)\.$/);
    assert.match(mlk104(pod('vllm/vllm-openai:v0.6.3')), /the model cache \(e\.g\. \/root\/\.cache\/huggingface\)/);
    assert.match(mlk104(pod('nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3')), /the model cache \(e\.g\. \/opt\/nim\/\.cache\)/);
  });
});

describe('MLK104 leaves out the paths the container already mounts volumes at', () => {
  const server = (extra: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: vllm/vllm-openai:v0.8.5\n${extra}  volumes:\n    - {name: models, persistentVolumeClaim: {claimName: models}}\n    - {name: tmp, emptyDir: {}}\n`;

  it('a model cache on a volume (moved there by HF_HOME or --download-dir) leaves /tmp to mount', () => {
    const moved = server('      env: [{name: HF_HOME, value: /models/hf}]\n      volumeMounts: [{name: models, mountPath: /models}]\n');
    assert.match(mlk104(moved), /and mount an emptyDir volume at \/tmp \(its model cache already has a volume\)\.$/);
    const downloadDir = server('      args: [--model, Qwen/Qwen2.5-7B-Instruct, --download-dir, /models]\n      volumeMounts: [{name: models, mountPath: /models}]\n');
    assert.match(mlk104(downloadDir), /mount an emptyDir volume at \/tmp \(its model cache already has a volume\)/);
  });

  it('with /tmp and the cache mounted only the setting is asked for; with /tmp alone, the cache the variable names', () => {
    const both = server('      volumeMounts: [{name: models, mountPath: /root/.cache/huggingface}, {name: tmp, mountPath: /tmp}]\n');
    assert.match(mlk104(both), /set readOnlyRootFilesystem: true and keep writes on its volumes \(it already mounts \/tmp and its model cache\)\.$/);
    const tmpOnly = server('      env: [{name: HF_HOME, value: /data/hf}]\n      volumeMounts: [{name: tmp, mountPath: /tmp}]\n');
    assert.match(mlk104(tmpOnly), /mount a volume at its model cache \(e\.g\. \/data\/hf\)\.$/);
    const cacheUnderTmp = server('      env: [{name: HF_HOME, value: /tmp/hf_home}]\n');
    assert.match(mlk104(cacheUnderTmp), /mount an emptyDir volume at \/tmp \(its model cache, \/tmp\/hf_home, is there too\)\.$/);
  });
});

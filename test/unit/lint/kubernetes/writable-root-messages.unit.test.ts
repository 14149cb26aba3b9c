import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const pod = (image: string, resources = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n${resources}`;
const mlk104 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK104').map((f) => f.message)[0] ?? '';

describe('MLK104 names the model cache only where models are loaded', () => {
  it('a database, exporter or controller is told of the paths it writes; a GPU or serving container of the model cache too', () => {
    assert.equal(mlk104(pod('postgres:16.4')), 'container "c" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at the paths it writes (e.g. /tmp).');
    assert.match(mlk104(pod('registry.example/train:1.0.0', '      resources: {limits: {nvidia.com/gpu: 1}}\n')), /at \/tmp and the model cache \(e\.g\. \/root\/\.cache\/huggingface\)\.$/);
    assert.match(mlk104(pod('vllm/vllm-openai:v0.6.3')), /the model cache \(e\.g\. \/root\/\.cache\/huggingface\)/);
    assert.match(mlk104(pod('nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3')), /the model cache \(e\.g\. \/opt\/nim\/\.cache\)/);
  });
});

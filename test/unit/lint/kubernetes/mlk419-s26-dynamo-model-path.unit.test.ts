import * as assert from 'node:assert/strict';
import { emptyConfig, settingsFromConfig } from '../../../../src/core/lint/config';
import { documentObject } from '../../../../src/core/lint/kubernetes/document-object';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { KubernetesContext } from '../../../../src/core/lint/kubernetes/rule';
import { rule as mlk419 } from '../../../../src/core/lint/rules/kubernetes/mlk419-model-cache-not-persisted';
import { containerImageCache } from '../../../../src/core/lint/rules/kubernetes/model-source';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { objectOf } from './support';

/** A Deployment whose one container has the given image, command and extra lines (volumeMounts, env…), and the pod's volumes. */
function deployment(image: string, command: readonly string[], container: readonly string[] = [], podVolumes: readonly string[] = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: llm}',
    'spec:',
    '  selector: {matchLabels: {app: llm}}',
    '  template:',
    '    metadata: {labels: {app: llm}}',
    '    spec:',
    '      containers:',
    '        - name: server',
    `          image: ${image}`,
    `          command: [${command.map((w) => JSON.stringify(w)).join(', ')}]`,
    '          resources: {limits: {nvidia.com/gpu: "1"}}',
    ...container.map((l) => `          ${l}`),
    ...(podVolumes.length > 0 ? ['      volumes:', ...podVolumes.map((l) => `        ${l}`)] : []),
    '',
  ].join('\n');
}

/** A DynamoGraphDeployment with one worker; `service` lines go under the worker. */
function graph(image: string, args: readonly string[], service: readonly string[] = [], module = 'dynamo.sglang'): string {
  return [
    'apiVersion: nvidia.com/v1alpha1',
    'kind: DynamoGraphDeployment',
    'metadata: {name: agg}',
    'spec:',
    '  pvcs: [{create: false, name: model-cache}]',
    '  services:',
    '    decode:',
    '      componentType: worker',
    '      resources: {limits: {gpu: "1"}}',
    ...service.map((l) => `      ${l}`),
    '      extraPodSpec:',
    '        mainContainer:',
    `          image: ${image}`,
    `          command: [python3, -m, ${module}]`,
    `          args: [${args.join(', ')}]`,
    '',
  ].join('\n');
}

const messages = (text: string, ruleId = 'MLK419') =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);

/** MLK419's own findings, whatever rules the operator kind leaves out (operator-pods.ts decides those). */
function mlk419Alone(text: string): string[] {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document);
  const object = documentObject(file, document);
  assert.ok(object);
  const config = emptyConfig();
  const ctx: KubernetesContext = { file, document, view: object.view, object, settings: settingsFromConfig(config), cluster: config.cluster, fixes: false, scaledByHpa: () => false };
  return mlk419.check(ctx).map((f) => f.message);
}

/** The image cache containerImageCache reads for a container of this image. */
function cacheOf(image: string): string | undefined {
  const obj = objectOf(deployment(image, ['python3']));
  const c = obj.podSpecs[0]?.containers[0];
  assert.ok(c);
  return containerImageCache(obj.view, c.node);
}

describe('Dynamo runtime images keep the model in the dynamo user’s cache', () => {
  it('the vLLM, SGLang and TensorRT-LLM runtimes from 0.7 on, with or without a registry, tagged or not', () => {
    for (const image of [
      'nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.0',
      'nvcr.io/nvidia/ai-dynamo/sglang-runtime:1.3.0',
      'nvcr.io/nvidia/ai-dynamo/tensorrtllm-runtime:1.3.0-dev.1-cuda13',
      'nvidia/ai-dynamo/vllm-runtime:0.8.1.post1',
      'nvcr.io/nvstaging/ai-dynamo/sglang-runtime:0.8.0rc2-amd64',
      'mirror.example.com/ai-dynamo/tensorrtllm-runtime',
      'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag',
    ]) {
      assert.equal(cacheOf(image), '/home/dynamo/.cache/huggingface', image);
    }
  });

  it('releases before 0.7 ran as root, and images only named like the runtimes are not Dynamo’s', () => {
    for (const image of ['nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.4.1', 'nvcr.io/nvidia/ai-dynamo/sglang-runtime:0.6.1.post1', 'nvcr.io/nvidia/ai-dynamo/tensorrtllm-runtime:0.5.1-rc0.pre3', 'example/vllm-runtime:0.7.0', 'nvcr.io/nvidia/ai-dynamo/frontend:0.8.0']) {
      assert.equal(cacheOf(image), undefined, image);
    }
  });

  it('MLK419 names that cache for a 0.7+ worker without a claim, root’s for an older one', () => {
    const hub = ['--model-path', 'Qwen/Qwen3-0.6B'];
    assert.match(messages(graph('nvcr.io/nvidia/ai-dynamo/sglang-runtime:0.8.0', hub))[0] ?? '', /into \/home\/dynamo\/\.cache\/huggingface on every restart; list a PersistentVolumeClaim in spec\.pvcs and mount it there from the service's volumeMounts/);
    assert.match(messages(graph('nvcr.io/nvidia/ai-dynamo/sglang-runtime:0.6.1', hub))[0] ?? '', /into \/root\/\.cache\/huggingface on every restart/);
  });

  it('MLK419 itself counts a claim at the dynamo user’s cache, and not once a variable moves the cache elsewhere', () => {
    const image = 'nvcr.io/nvidia/ai-dynamo/sglang-runtime:0.8.0';
    const claim = ['volumeMounts: [{name: model-cache, mountPoint: /home/dynamo/.cache/huggingface}]'];
    const hub = ['--model-path', 'Qwen/Qwen3-0.6B'];
    assert.equal(mlk419Alone(graph(image, hub)).length, 1);
    assert.deepEqual(mlk419Alone(graph(image, hub, claim)), []);
    assert.deepEqual(mlk419Alone(graph(image, hub, ['volumeMounts: [{name: model-cache, mountPoint: /home/dynamo/.cache}]'])), [], 'a claim above the cache holds it');
    assert.equal(mlk419Alone(graph(image, hub, [...claim, 'envs: [{name: HF_HOME, value: /tmp/hf}]'])).length, 1, 'HF_HOME elsewhere: the claim holds no cache');
    assert.deepEqual(mlk419Alone(graph(image, hub, [...claim, 'envs: [{name: HF_HOME, value: /home/dynamo/.cache/huggingface}]'])), []);
  });

  it('on a graph, a claim at a home’s cache counts for a runtime image of its own; on a Deployment only the image’s user counts', () => {
    const custom = 'registry.example.com/team/dynamo-vllm-custom:2025-12';
    const claim = ['volumeMounts: [{name: model-cache, mountPoint: /home/dynamo/.cache/huggingface}]'];
    assert.deepEqual(mlk419Alone(graph(custom, ['--model', 'Qwen/Qwen3-0.6B'], claim, 'dynamo.vllm')), []);
    assert.equal(mlk419Alone(graph(custom, ['--model', 'Qwen/Qwen3-0.6B'], ['volumeMounts: [{name: model-cache, mountPoint: /data}]'], 'dynamo.vllm')).length, 1);
    const onDeployment = deployment(custom, ['vllm', 'serve', 'Qwen/Qwen3-0.6B'], ['volumeMounts: [{name: cache, mountPath: /home/dynamo/.cache/huggingface}]'], ['- {name: cache, persistentVolumeClaim: {claimName: hf}}']);
    assert.equal(messages(onDeployment).length, 1, 'an image MLK419 does not know runs as root');
    assert.deepEqual(messages(onDeployment.replace(custom, 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.1')), []);
  });

  it('MLK304 knows the claim at the dynamo user’s cache holds the model download', () => {
    const text = deployment('nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.1', ['python3', '-m', 'dynamo.vllm', '--model', 'Qwen/Qwen3-0.6B'], ['volumeMounts: [{name: cache, mountPath: /home/dynamo/.cache/huggingface}]'], ['- {name: cache, persistentVolumeClaim: {claimName: hf}}']);
    assert.deepEqual(messages(text, 'MLK304'), []);
    assert.match(messages(text.replace('/home/dynamo/.cache/huggingface', '/scratch'), 'MLK304')[0] ?? '', /a model download into its filesystem/);
  });
});

describe('MLK419 reads `--model-path org/name` as a hub model', () => {
  const image = 'registry.example.com/ml/llm-server:0.4.6';
  const sglang = (model: string) => ['python3', '-m', 'sglang.launch_server', '--model-path', model, '--port', '30000'];

  it('SGLang’s server and Dynamo’s SGLang and TensorRT-LLM workers download it', () => {
    assert.match(messages(deployment(image, sglang('meta-llama/Llama-3.1-8B-Instruct')))[0] ?? '', /downloads its model into \/root\/\.cache\/huggingface on every restart/);
    assert.equal(messages(deployment(image, ['python3', '-m', 'sglang.launch_server', '--model-path=Qwen/Qwen3-0.6B'])).length, 1);
    assert.equal(messages(graph('nvcr.io/nvidia/ai-dynamo/tensorrtllm-runtime:0.8.0', ['--model-path', 'Qwen/Qwen3-0.6B', '--served-model-name', 'Qwen/Qwen3-0.6B'], [], 'dynamo.trtllm')).length, 1);
  });

  it('a persistent volume at the cache keeps it', () => {
    const text = deployment(image, sglang('meta-llama/Llama-3.1-8B-Instruct'), ['volumeMounts: [{name: cache, mountPath: /root/.cache/huggingface}]'], ['- {name: cache, persistentVolumeClaim: {claimName: hf}}']);
    assert.deepEqual(messages(text), []);
  });

  it('a local path is no hub model: absolute, `./`, or relative to a volume', () => {
    const models = ['volumeMounts: [{name: models, mountPath: /models}]'];
    const claim = ['- {name: models, persistentVolumeClaim: {claimName: weights}}'];
    assert.deepEqual(messages(deployment(image, sglang('/models/Llama-3.1-8B-Instruct'), models, claim)), []);
    assert.deepEqual(messages(deployment(image, sglang('./Llama-3.1-8B-Instruct'))), []);
    assert.deepEqual(messages(deployment(image, sglang('models/Llama-3.1-8B-Instruct'), models, claim)), [], 'relative to the working directory, beside the volume');
    const workspace = ['workingDir: /workspace', 'volumeMounts: [{name: models, mountPath: /workspace}]'];
    assert.deepEqual(messages(deployment(image, sglang('llama/Llama-3.1-8B-Instruct'), workspace, claim)), [], 'under the volume once resolved against workingDir');
  });

  it('only a model server’s flag: a fine-tuning script’s `--model-path` is not read', () => {
    assert.deepEqual(messages(deployment(image, ['python3', 'finetune.py', '--model-path', 'meta-llama/Llama-3.1-8B'])), []);
    assert.deepEqual(messages(deployment(image, ['python3', '-m', 'sglang.launch_server', '--tokenizer-path', 'meta-llama/Llama-3.1-8B', '--model-path', '/models/x'])), []);
  });

  it('SGLang’s own image was already judged as a serving image: the same findings', () => {
    const own = 'lmsysorg/sglang:v0.4.6.post1-cu124';
    assert.equal(messages(deployment(own, sglang('meta-llama/Llama-3.1-8B-Instruct'))).length, 1);
    assert.deepEqual(messages(deployment(own, sglang('meta-llama/Llama-3.1-8B-Instruct'), ['volumeMounts: [{name: cache, mountPath: /root/.cache/huggingface}]'], ['- {name: cache, hostPath: {path: /mnt/hf}}'])), []);
  });
});

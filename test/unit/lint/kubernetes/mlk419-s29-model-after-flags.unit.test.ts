import * as assert from 'node:assert/strict';
import type { Node } from 'yaml';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { commandLine, localModelPaths, positionalModelOf } from '../../../../src/core/lint/rules/kubernetes/model-source';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** The view of a one-document text and its `containers` sequence's items. */
function containersOf(text: string): { view: YamlView; containers: readonly Node[] } {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document, 'one document');
  const view = new YamlView(file, document);
  return { view, containers: view.list(view.get(view.root, 'containers')) };
}

/** A GPU Deployment whose one container is `container` (indented YAML lines), with a claim `models` and an emptyDir `scratch`. */
function workload(container: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: llm}
spec:
  selector: {matchLabels: {app: llm}}
  template:
    metadata: {labels: {app: llm}}
    spec:
      containers:
      - name: server
${container}        resources: {limits: {nvidia.com/gpu: "1"}}
      volumes:
      - {name: models, persistentVolumeClaim: {claimName: models}}
      - {name: scratch, emptyDir: {}}
`;
}

function messages(text: string, ruleId = 'MLK419'): string[] {
  return lintManifest(text).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}

const onClaim = '        volumeMounts: [{name: models, mountPath: /models}]\n';
const downloads = 'container "server" downloads its model into /root/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.';

describe('MLK419 reads a model named by position after the server flags', () => {
  it('positionalModelOf: vllm serve after known flags, and the vLLM images’ args for their `vllm serve` entry point', () => {
    const { view, containers } = containersOf(
      [
        'containers:',
        '  - command: [vllm, serve, --port, "8000", /models/a]',
        '  - image: vllm/vllm-openai:v0.10.1',
        '    args: [--port, "8000", --max-model-len, "8192", org/name]',
        '  - image: vllm/vllm-openai-cpu:v0.10.1',
        '    args: [--dtype, bfloat16, /models/cpu]',
        '  - image: registry.example.com/ml/runtime:1',
        '    args: [--port, "8000", /models/b]',
        '  - image: vllm/vllm-openai:v0.10.1',
        '    command: [python3, -m, vllm.entrypoints.openai.api_server]',
        '    args: [--port, "8000", /models/c]',
        '  - image: vllm/vllm-openai:v0.10.1',
        '    args: [--some-future-flag, x, /models/d]',
      ].join('\n'),
    );
    const read = (c: Node | undefined) => positionalModelOf(view, c as Node, commandLine(view, c as Node).match(/\S+/g) ?? []);
    const [command, vllmImage, cpuImage, otherImage, apiServer, unknownFlag] = containers;
    assert.equal(read(command), '/models/a');
    assert.equal(read(vllmImage), 'org/name');
    assert.equal(read(cpuImage), '/models/cpu');
    // Another image's entry point is unknown, and a command replaces the vLLM image's: no positional model is read.
    assert.equal(read(otherImage), undefined);
    assert.equal(read(apiServer), undefined);
    // A flag whose arity is unknown makes the next word a guess.
    assert.equal(read(unknownFlag), undefined);
  });

  it('localModelPaths lists the positional path once, beside flag values and the first argument', () => {
    const { view, containers } = containersOf(
      ['containers:', '  - command: [vllm, serve, --port, "8000", /models/a]', '  - command: [vllm, serve, /models/a]', '  - image: vllm/vllm-openai:v0.10.1', '    args: [--port, "8000", /models/b]'].join(
        '\n',
      ),
    );
    const [afterFlags, first, imageArgs] = containers;
    assert.deepEqual(localModelPaths(view, afterFlags as Node, commandLine(view, afterFlags as Node)), ['/models/a']);
    assert.deepEqual(localModelPaths(view, first as Node, commandLine(view, first as Node)), ['/models/a']);
    assert.deepEqual(localModelPaths(view, imageArgs as Node, commandLine(view, imageArgs as Node)), ['/models/b']);
  });

  it('near miss: a local model after flags on a claim, in the image, or streamed from a bucket downloads nothing', () => {
    for (const container of [
      `        image: vllm/vllm-openai:v0.10.1\n        command: [vllm, serve, --port, "8000", /models/llama-3.1-8b]\n${onClaim}`,
      `        image: vllm/vllm-openai:v0.10.1\n        args: [--port, "8000", --tensor-parallel-size, "1", /models/llama-3.1-8b]\n${onClaim}`,
      `        image: registry.example.com/ml/llm-runtime:2025.06\n        command: [sh, -c, "exec vllm serve --host 0.0.0.0 --port 8000 /models/llama-3.1-8b"]\n${onClaim}`,
      '        image: vllm/vllm-openai:v0.10.1\n        args: [--port, "8000", /opt/models/llama-3.1-8b]\n',
      '        image: registry.example.com/ml/llm-runtime:2025.06\n        command: [vllm, serve, --port, "8000", --load-format, runai_streamer, s3://models/llama-3.1-8b]\n',
    ]) {
      assert.deepEqual(messages(workload(container)), [], container);
    }
  });

  it('near miss: a positional variable the manifest leaves unresolved, on an image of another name', () => {
    const container = '        image: registry.example.com/ml/llm-runtime:2025.06\n        command: [sh, -c, "vllm serve --port 8000 $MODEL"]\n';
    assert.deepEqual(messages(workload(container)), []);
  });

  it('a hub model after flags downloads, also on a claim elsewhere, and a local model after flags on an emptyDir is lost with the pod', () => {
    assert.deepEqual(messages(workload(`        image: vllm/vllm-openai:v0.10.1\n        args: [--port, "8000", meta-llama/Llama-3.1-8B-Instruct]\n${onClaim}`)), [downloads]);
    assert.deepEqual(messages(workload('        image: registry.example.com/ml/llm-runtime:2025.06\n        command: [vllm, serve, --port, "8000", meta-llama/Llama-3.1-8B-Instruct]\n')), [downloads]);
    assert.deepEqual(messages(workload('        image: vllm/vllm-openai:v0.10.1\n        command: [vllm, serve, --port, "8000", /scratch/llama]\n        volumeMounts: [{name: scratch, mountPath: /scratch}]\n')), [
      'container "server" serves its model from /scratch/llama on the emptyDir "scratch", which lasts only as long as the pod, so every new pod (a rollout, a rescheduled or added replica) fetches it again; put the model on a PersistentVolumeClaim (or another persistent volume).',
    ]);
  });

  it('MLK304 and MLK104 read the same local model after flags: no model download is named for them', () => {
    const text = workload(`        image: vllm/vllm-openai:v0.10.1\n        args: [--port, "8000", /models/llama-3.1-8b]\n${onClaim}`);
    assert.ok(
      messages(text, 'MLK304').every((m) => !m.includes('model download')),
      'MLK304 does not warn of a model download',
    );
    assert.ok(
      messages(text, 'MLK104').every((m) => !m.includes('model cache')),
      'MLK104 does not ask for a model cache volume',
    );
  });
});

import * as assert from 'node:assert/strict';
import type { Node } from 'yaml';
import { downloadDirOf } from '../../../../src/core/lint/rules/kubernetes/download-dir';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** A view of each document of `text`, and the containers of its Pod. */
function podsOf(text: string): { view: YamlView; containers: Node[] }[] {
  const file = parseYaml(text);
  return file.documents.map((document) => {
    const view = new YamlView(file, document);
    return { view, containers: view.list(view.at(view.root, ['spec', 'containers'])).slice() };
  });
}

const pod = (...containers: string[]): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers.map((c, i) => `    - name: c${i}\n      image: vllm/vllm-openai:v0.9.2\n${c}`).join('')}`;

describe('s29: downloadDirOf, worked out once per container', () => {
  it('gives each container of a document its own directory', () => {
    const [only] = podsOf(pod('      args: [--model, org/m, --download-dir, /models/]\n', '      args: [--model, org/m]\n', '      args: ["--download-dir=/weights"]\n'));
    assert.ok(only);
    assert.deepEqual(only.containers.map((c) => downloadDirOf(only.view, c)), ['/models', undefined, '/weights']);
    assert.deepEqual(only.containers.map((c) => downloadDirOf(only.view, c)), ['/models', undefined, '/weights']);
  });

  it('is never carried over from an earlier document with the same shape', () => {
    const docs = podsOf([pod('      args: [--download-dir, /a]\n'), pod('      args: [--download-dir, /b]\n'), pod('      args: [--download-dir, models]\n')].join('---\n'));
    assert.deepEqual(docs.map(({ view, containers }) => downloadDirOf(view, containers[0] as Node)), ['/a', '/b', undefined]);
  });

  it('reads a flag in command and its path in args as one command line, and TGI\'s --huggingface-hub-cache', () => {
    const [split, tgi] = podsOf([pod('      command: [vllm, serve, org/m, --download-dir]\n      args: [/data/hf]\n'), pod('      args: ["--huggingface-hub-cache /cache"]\n')].join('---\n'));
    assert.ok(split && tgi);
    assert.equal(downloadDirOf(split.view, split.containers[0] as Node), '/data/hf');
    assert.equal(downloadDirOf(tgi.view, tgi.containers[0] as Node), '/cache');
  });

  it('reads a container\'s command line once for all the rules that ask', () => {
    const [only] = podsOf(pod('      args: [--download-dir, /models]\n'));
    assert.ok(only);
    const container = only.containers[0] as Node;
    let reads = 0;
    const get = only.view.get.bind(only.view);
    only.view.get = (node, key) => {
      reads += node === container ? 1 : 0;
      return get(node, key);
    };
    downloadDirOf(only.view, container);
    const first = reads;
    downloadDirOf(only.view, container);
    downloadDirOf(only.view, container);
    assert.ok(first > 0);
    assert.equal(reads, first);
  });
});

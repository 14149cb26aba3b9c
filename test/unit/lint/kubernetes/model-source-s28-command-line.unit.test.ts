import { strict as assert } from 'node:assert';
import type { Node } from 'yaml';
import { commandLine, localModelPaths } from '../../../../src/core/lint/rules/kubernetes/model-source';
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

describe('commandLine and localModelPaths: what MLK104 and MLK419 read of a command', () => {
  it('joins command and args with spaces, a non-string word as an empty one, each container on its own', () => {
    const { view, containers } = containersOf(
      ['containers:', '  - command: [vllm, serve]', '    args: [/models/m, "--port", 8000, {a: b}, x]', '  - args: [--model, org/name]', '  - command: []', '    args: [{}, a]', '  - image: nginx'].join('\n'),
    );
    const [both, argsOnly, leadingBlank, none] = containers;
    assert.equal(commandLine(view, both as Node), 'vllm serve /models/m --port 8000  x');
    assert.equal(commandLine(view, argsOnly as Node), '--model org/name');
    assert.equal(commandLine(view, leadingBlank as Node), ' a');
    assert.equal(commandLine(view, none as Node), '');
    // Asked again (another rule), the same text.
    assert.equal(commandLine(view, both as Node), 'vllm serve /models/m --port 8000  x');
  });

  it('lists every absolute model flag value, then the positional model of an image whose entry point stays', () => {
    const { view, containers } = containersOf(
      ['containers:', '  - args: [/models/a, --model-repository=/repo, --model, "/models/b"]', '  - command: [tritonserver]', '    args: [--model-store=/store, --model, org/name]', '  - args: [--model, org/name]'].join('\n'),
    );
    const [positional, triton, hub] = containers;
    assert.deepEqual(localModelPaths(view, positional as Node, commandLine(view, positional as Node)), ['/repo', '/models/b', '/models/a']);
    assert.deepEqual(localModelPaths(view, triton as Node, commandLine(view, triton as Node)), ['/store']);
    assert.deepEqual(localModelPaths(view, hub as Node, commandLine(view, hub as Node)), []);
    // The shared pattern starts afresh on every call.
    assert.deepEqual(localModelPaths(view, positional as Node, commandLine(view, positional as Node)), ['/repo', '/models/b', '/models/a']);
  });
});

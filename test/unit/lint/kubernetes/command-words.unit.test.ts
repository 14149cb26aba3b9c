import { strict as assert } from 'node:assert';
import { commandWords } from '../../../../src/core/lint/kubernetes/gpu';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

describe('commandWords', () => {
  it('splits command and args on any whitespace, as /\\s+/ does, dropping empty words', () => {
    const file = parseYaml('command: ["  torchrun\\t--nproc 8 ", "x\\u00a0y"]\nargs:\n  - ""\n  - 42\n  - "a\\u2028b  c"\n  - {not: text}\n');
    const document = file.documents[0];
    assert.ok(document);
    const view = new YamlView(file, document);
    const expected = ['  torchrun\t--nproc 8 ', 'x\u00a0y', '', '42', 'a\u2028b  c'].flatMap((s) => s.split(/\s+/).filter((w) => w !== ''));
    assert.deepEqual(commandWords(view, view.root as NonNullable<typeof view.root>), expected);
    assert.deepEqual(expected, ['torchrun', '--nproc', '8', 'x', 'y', '42', 'a', 'b', 'c']);
  });
});

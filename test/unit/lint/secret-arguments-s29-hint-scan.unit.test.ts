import * as assert from 'node:assert/strict';
import { secretArguments } from '../../../src/core/lint/secret-arguments';
import { YamlView } from '../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../src/core/lint/yaml/parse';

const vocab = { allow: [], names: [] };

/** `flag value` of each literal the command and args of `container` (a flow mapping) pass as a credential. */
function passed(container: string): string[] {
  const file = parseYaml(`c: ${container}\n`);
  const document = file.documents[0];
  assert.ok(document);
  const view = new YamlView(file, document);
  const c = view.get(view.root, 'c');
  return secretArguments(view, vocab, view.list(view.get(c, 'command')), view.list(view.get(c, 'args'))).map((a) => `${a.flag} ${a.value}`);
}

describe('s29: secretArguments scans each item once for both hints', () => {
  it('finds a credential flag in command whose value is in args, and one in args alone', () => {
    assert.deepEqual(passed('{command: [server, --api-key], args: [sk-live-7f3kQ92mZp]}'), ['--api-key sk-live-7f3kQ92mZp']);
    assert.deepEqual(passed('{args: [--port, 8000, "--hf-token=hf_aBcDeFgHiJkLmNoPqRsT"]}'), ['--hf-token hf_aBcDeFgHiJkLmNoPqRsT']);
  });

  it('finds a client\'s own password flag with no credential word on the line', () => {
    assert.deepEqual(passed('{command: [redis-cli, -a, Sup3rS3cretPw, ping]}'), ['redis-cli -a Sup3rS3cretPw']);
  });

  it('finds both kinds on one line, a credential flag first and a client after', () => {
    assert.deepEqual(passed('{command: [sh, -c], args: ["serve --api-key sk-live-7f3kQ92mZp & redis-cli -a Sup3rS3cretPw ping"]}'), ['--api-key sk-live-7f3kQ92mZp', 'redis-cli -a Sup3rS3cretPw']);
  });

  it('passes over numbers, empty items, maps and lines with neither hint', () => {
    assert.deepEqual(passed('{command: [python, serve.py], args: [--port, 8000, 1.5, true, "", {a: b}, null]}'), []);
    assert.deepEqual(passed('{command: [vllm, serve, org/model]}'), []);
    assert.deepEqual(passed('{}'), []);
  });
});

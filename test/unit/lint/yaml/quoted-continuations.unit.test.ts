import * as assert from 'node:assert/strict';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { indentQuotedContinuations } from '../../../../src/core/schemas/quoted-continuations';

const values = (text: string) => parseYaml(text).documents.map((d) => d.doc.toJS() as unknown);
const issues = (text: string) => parseYaml(text).documents.flatMap((d) => d.issues.map((i) => `${i.code}@${i.range.start.line}`));

describe('multi-line quoted values continued at their key\'s indentation (PyYAML\'s output, read by kubectl)', () => {
  it('reads PyYAML\'s double-quoted continuation lines (`\\` line ends, `\\ ` line starts) as PyYAML does', () => {
    const text = 'spec:\n  script:\n    source: "import os\\nimport sys\\nfrom datasets\\\n    \\ import load_from_disk\\n\\\n    print(1)"\n    image: python:3.12\n';
    assert.deepEqual(issues(text), []);
    assert.deepEqual(values(text), [{ spec: { script: { source: 'import os\nimport sys\nfrom datasets import load_from_disk\nprint(1)', image: 'python:3.12' } } }]);
  });

  it('reads a single-quoted JSON config and a sequence entry continued below its dash', () => {
    const config = "spec:\n  config: '{\n  \"type\": \"sriov\",\n  \"vlan\": 1000\n  }'\n";
    assert.deepEqual(issues(config), []);
    assert.deepEqual(values(config), [{ spec: { config: '{ "type": "sriov", "vlan": 1000 }' } }]);
    const args = 'args:\n  - "aws s3 sync s3://b /tmp/b && \\\n tensorflow_model_server --port=9000"\n  - next\n';
    assert.deepEqual(issues(args), []);
    assert.deepEqual(values(args), [{ args: ['aws s3 sync s3://b /tmp/b && tensorflow_model_server --port=9000', 'next'] }]);
  });

  it('keeps line numbers: a later document\'s findings stay on their lines', () => {
    const text = 'a:\n  b: "x\\\n  \\ y"\n---\nc: [\n';
    const file = parseYaml(text);
    assert.equal(file.documents[0]?.issues.length, 0);
    assert.ok((file.documents[1]?.issues.length ?? 0) > 0);
    assert.equal(file.documents[1]?.startLine, 4);
    assert.equal(file.documents[1]?.issues[0]?.range.start.line, 5);
  });

  it('still reports a quote that is never closed, and leaves block scalars and plain values alone', () => {
    assert.ok(issues('a:\n  b: "never closed\n  c: 1\n').some((i) => i.startsWith('MISSING_CHAR')));
    assert.equal(indentQuotedContinuations('run: |\n  echo "a\n  b"\nk: it\'s\n'), undefined);
    assert.equal(indentQuotedContinuations('a: "one line"\n- \'x\'\n# "comment\n'), undefined);
  });

  it('does not indent for a key past column 256 (hostile input stays about its own size)', () => {
    const deep = `${' '.repeat(300)}k: "x\ny"\n`;
    assert.equal(indentQuotedContinuations(deep), undefined);
    const long = `${'- '.repeat(200_000)}"x\n`;
    assert.equal(indentQuotedContinuations(long), undefined);
  });
});

describe('indentQuotedContinuations offsets', () => {
  it('maps offsets of the indented text back to the input (offsets in added spaces: their line start)', () => {
    const text = 'a:\n  b: "x\\\n  \\ y"\n  c: 1\n';
    const indented = indentQuotedContinuations(text);
    assert.ok(indented);
    assert.equal(indented.text, 'a:\n  b: "x\\\n   \\ y"\n  c: 1\n');
    const c = indented.text.indexOf('c: 1');
    assert.equal(text.slice(indented.toSource(c), indented.toSource(c) + 4), 'c: 1');
    const lineStart = indented.text.indexOf('   \\ y');
    assert.equal(indented.toSource(lineStart), text.indexOf('  \\ y'));
    assert.equal(indented.toSource(lineStart + 3), text.indexOf('\\ y'));
    assert.equal(indented.toSource(1), 1);
  });
});

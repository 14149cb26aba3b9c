import * as assert from 'node:assert/strict';
import { expandVars, findVarRefs } from '../../../src/core/lint/dockerfile/variables';

const vars: Record<string, string> = { CUDA_VERSION: '11.3.1', EMPTY: '' };
const lookup = (name: string): string | undefined => vars[name];

describe('Dockerfile variable expansion: nested modifier words', () => {
  it('expands and unquotes a ${VAR:+word} word that holds another variable (mosaicml/composer)', () => {
    const r = expandVars('${CUDA_VERSION:+"nvidia/cuda:${CUDA_VERSION}-cudnn8-devel-ubuntu20.04"}', lookup);
    assert.equal(r.value, 'nvidia/cuda:11.3.1-cudnn8-devel-ubuntu20.04');
    assert.deepEqual(r.unresolved, []);
    assert.deepEqual(r.names, ['CUDA_VERSION', 'CUDA_VERSION']);
  });

  it('uses the default word only when the variable is unset (or empty with :-)', () => {
    assert.equal(expandVars('${BASE:-"ubuntu:20.04"}', lookup).value, 'ubuntu:20.04');
    assert.equal(expandVars('${EMPTY-x}', lookup).value, '');
    assert.equal(expandVars('${EMPTY:-x}', lookup).value, 'x');
    assert.equal(expandVars('${CUDA_VERSION:-${MISSING}}', lookup).value, '11.3.1');
    assert.deepEqual(expandVars('${CUDA_VERSION:-${MISSING}}', lookup).unresolved, []);
    assert.deepEqual(expandVars('${NOPE:-${MISSING}}', lookup).unresolved, ['MISSING']);
    assert.equal(expandVars('${EMPTY:+set}${NOPE:+set}', lookup).value, '');
  });

  it('keeps a brace inside quotes in the word, and text after the closing brace', () => {
    assert.equal(expandVars('a${CUDA_VERSION:+"{x}"}b', lookup).value, 'a{x}b');
    assert.equal(expandVars('${CUDA_VERSION}-${CUDA_VERSION:+y}', lookup).value, '11.3.1-y');
  });

  it('reports references nested in a modifier word, with their offsets', () => {
    const text = 'x${A:+"n:${B}-c"}';
    const refs = findVarRefs(text);
    assert.deepEqual(
      refs.map((r) => [r.name, text.slice(r.start, r.end), r.modifier]),
      [
        ['A', '${A:+"n:${B}-c"}', ':+"n:${B}-c"'],
        ['B', '${B}', ''],
      ],
    );
  });

  it('expands nested words only a few levels deep: 10,000 nested ${A:-…} neither overflow the stack nor take quadratic time', () => {
    const n = 10_000;
    const text = '${A:-'.repeat(n) + 'x' + '}'.repeat(n);
    const expanded = expandVars(text, () => undefined);
    assert.ok(expanded.value.startsWith('${A:-'), 'the words below the depth limit stay as written');
    assert.ok(findVarRefs(text).length <= 10, 'references below the depth limit are not listed');
    assert.equal(expandVars('${A:-${B:-${C:-deep}}}', () => undefined).value, 'deep');
  });

  it('lists no nested reference when the modifier word has no $ (an index of -1 is no position)', () => {
    assert.deepEqual(findVarRefs('${A:-plain}').map((r) => r.name), ['A']);
  });

  it('pairs escape characters from the start of the text, whatever precedes the first $', () => {
    const names = (text: string, escape?: string) => findVarRefs(text, escape).map((r) => [r.name, r.start]);
    assert.deepEqual(names('no references here'), []);
    assert.deepEqual(names('a $B'), [['B', 2]]);
    assert.deepEqual(names('a\\$B $C'), [['C', 5]], 'an escaped $ is no reference');
    assert.deepEqual(names('a\\\\$B'), [['B', 3]], 'an escaped escape leaves the $ a reference');
    assert.deepEqual(names('x\\y $B'), [['B', 4]]);
    assert.deepEqual(names('C:\\dir `$B $C', '`'), [['C', 11]], 'a backtick escape');
  });
});

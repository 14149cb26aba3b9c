import * as assert from 'node:assert/strict';
import { isGoSpace } from '../../../src/core/lint/dockerfile/heredoc-words';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { hasVersionSpecifier, pythonInstalls, runCommands } from '../../../src/core/lint/dockerfile/installs';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { valuesAt } from '../../../src/core/lint/dockerfile/scope-values';
import { modelFromParsed } from '../../../src/core/lint/dockerfile/semantic';
import { posixRunCommands, posixRunCommandsNamed } from '../../../src/core/lint/rules/dockerfile/posix-runs';

/** Every string of up to `length` characters drawn from `alphabet`. */
function strings(alphabet: readonly string[], length: number): string[] {
  let level = [''];
  const out = [''];
  for (let n = 0; n < length; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...level);
  }
  return out;
}

const modelOf = (lines: readonly string[]) => modelFromParsed(parseDockerfile(`${lines.join('\n')}\n`));

describe('s36: faster Dockerfile lint helpers answer as the code they replace', () => {
  it('hasVersionSpecifier holds for exactly the strings the former expression matched', () => {
    const former = /(?:===|==|~=|>=|<=|!=|<|>|(?<![=<>!~])=)/;
    for (const spec of strings(['=', '<', '>', '!', '~', 'a', '1', ' '], 4)) {
      assert.equal(hasVersionSpecifier(spec), former.test(spec), JSON.stringify(spec));
    }
  });

  it("isGoSpace holds for exactly Go's unicode.IsSpace characters, as the former expression did", () => {
    const former = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      assert.equal(isGoSpace(c), former.test(c), code.toString(16));
    }
    assert.equal(isGoSpace('ab'), false);
    assert.equal(isGoSpace('a b'), true);
  });

  it('parseImageRef splits registry, path and tag as before', () => {
    assert.deepEqual(parseImageRef('nvcr.io/nvidia/pytorch:24.05-py3'), { ok: true, ref: { domain: 'nvcr.io', path: 'nvidia/pytorch', tag: '24.05-py3', tagOffset: 23 } });
    assert.deepEqual(parseImageRef('python'), { ok: true, ref: { domain: 'docker.io', path: 'library/python' } });
    assert.deepEqual(parseImageRef('nvidia/cuda:12.4.1-runtime-ubuntu22.04'), { ok: true, ref: { domain: 'docker.io', path: 'nvidia/cuda', tag: '12.4.1-runtime-ubuntu22.04', tagOffset: 12 } });
    assert.deepEqual(parseImageRef('localhost:5000/team/app:1'), { ok: true, ref: { domain: 'localhost:5000', path: 'team/app', tag: '1', tagOffset: 24 } });
    assert.deepEqual(parseImageRef('index.docker.io/library/ubuntu'), { ok: true, ref: { domain: 'docker.io', path: 'library/ubuntu' } });
    assert.deepEqual(parseImageRef('a//b'), { ok: false, reason: 'the repository name is empty' });
    assert.deepEqual(parseImageRef('Team/app'), { ok: false, reason: 'the repository name must be lowercase' });
  });

  it('posixRunCommandsNamed gives the commands of the named programs in the order of posixRunCommands', () => {
    const model = modelOf(['FROM debian:12', 'RUN curl -o a https://x/a && wget https://x/b && curl -o c https://x/c', 'RUN apt-get update && wget https://x/d']);
    const named = posixRunCommandsNamed(model, ['wget', 'curl']).map((c) => c.nameWord.range.start);
    const all = posixRunCommands(model)
      .filter((c) => c.name === 'curl' || c.name === 'wget')
      .map((c) => c.nameWord.range.start);
    assert.deepEqual(named, all);
    assert.equal(named.length, 4);
    assert.deepEqual(
      posixRunCommandsNamed(model, ['apt-get']).map((c) => c.name),
      ['apt-get'],
    );
    assert.deepEqual(posixRunCommandsNamed(model, ['yum']), []);
  });

  it('valuesAt gives each step the values it sees, whatever order the steps are asked in', () => {
    const lines = ['ARG A=1', 'FROM debian:12', 'ARG A', 'ENV B=${A}x', 'RUN echo 1', 'ENV B=2 C=3', 'RUN echo 2', 'ARG A=4', 'RUN echo 3'];
    const expected = (model: ReturnType<typeof modelOf>) => {
      const stage = model.stages[0];
      assert.ok(stage);
      return stage.instructions.map((i) => [...valuesAt(model, stage, i)]);
    };
    const inOrder = expected(modelOf(lines));
    const model = modelOf(lines);
    const stage = model.stages[0];
    assert.ok(stage);
    const reversed = [...stage.instructions].reverse().map((i) => [...valuesAt(model, stage, i)]).reverse();
    assert.deepEqual(reversed, inOrder);
    assert.deepEqual(inOrder[3], [
      ['A', '1'],
      ['B', '1x'],
    ]);
    assert.deepEqual(inOrder[6], [
      ['A', '4'],
      ['B', '2'],
      ['C', '3'],
    ]);
  });

  it('an instruction other than RUN has no commands or installs', () => {
    const copy = parseDockerfile('FROM debian:12\nCOPY a /a\n').instructions[1];
    assert.ok(copy);
    assert.deepEqual(runCommands(copy), []);
    assert.deepEqual(pythonInstalls(copy), []);
  });
});

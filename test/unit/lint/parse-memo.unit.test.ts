import { strict as assert } from 'node:assert';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { memoOn, memoSlot } from '../../../src/core/lint/dockerfile/memo';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { effectiveCommand, splitShell } from '../../../src/core/lint/dockerfile/shell';

const commandsOf = (s: string) => splitShell(MappedText.build([{ text: s, line: 1, column: 1 }])).commands;

describe('memoOn (values kept on parse objects)', () => {
  it('computes once per object and slot, and each slot keeps its own value', () => {
    const first = memoSlot();
    const second = memoSlot();
    const target = { words: ['a', 'b'] };
    let calls = 0;
    const count = (t: { words: string[] }) => {
      calls++;
      return t.words.length;
    };
    assert.equal(memoOn(target, first, count), 2);
    assert.equal(memoOn(target, first, count), 2);
    assert.equal(calls, 1);
    assert.equal(memoOn(target, second, () => 'other'), 'other');
    assert.equal(memoOn(target, first, count), 2);
    assert.equal(memoOn({ words: [] }, first, count), 0);
    assert.equal(calls, 2);
  });

  it('leaves the object deep-equal to a fresh one: no key, no prototype change, same JSON', () => {
    const target = { words: ['a'] };
    memoOn(target, memoSlot(), () => 1);
    assert.deepStrictEqual(target, { words: ['a'] });
    assert.deepEqual(Object.getOwnPropertySymbols(target), []);
    assert.equal(Object.getPrototypeOf(target), Object.prototype);
    assert.equal(JSON.stringify(target), '{"words":["a"]}');
  });

  it('memoized parses stay deep-equal to fresh parses (effective commands, instruction words)', () => {
    const text = 'FROM python:3.12\nRUN sudo -E env A=1 pip install torch && apt-get install -y curl\n';
    const used = parseDockerfile(text);
    for (const instr of used.instructions) {
      void instr.words;
    }
    const commands = commandsOf('sudo -E env A=1 pip install torch');
    assert.equal(effectiveCommand(commands[0]!)?.name, 'pip');
    assert.equal(effectiveCommand(commands[0]!), effectiveCommand(commands[0]!));
    assert.deepStrictEqual(commands, commandsOf('sudo -E env A=1 pip install torch'));
    const slot = memoSlot();
    for (const instr of used.instructions) {
      assert.equal(memoOn(instr, slot, (i) => i.keyword), instr.keyword);
    }
    const fresh = parseDockerfile(text);
    for (const instr of fresh.instructions) {
      void instr.words;
    }
    assert.deepStrictEqual(used, fresh);
  });
});

describe('lintDockerfile: message strings', () => {
  const text = 'FROM python:3.12\nRUN pip install torch\nRUN pip install numpy\n';

  it('gives the same findings whether messages are shared or not', () => {
    assert.deepStrictEqual(lintDockerfile(text, { shareMessages: true }), lintDockerfile(text));
  });
});

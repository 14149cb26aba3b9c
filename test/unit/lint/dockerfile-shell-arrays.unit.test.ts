import * as assert from 'node:assert/strict';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { splitShell } from '../../../src/core/lint/dockerfile/shell';

describe('shell splitter: bash array assignments', () => {
  const split = (s: string) => splitShell(MappedText.build([{ text: s, line: 1, column: 1 }])).commands;
  const summary = (s: string) => split(s).map((c) => [c.assignments.map((a) => a.raw), c.words.map((w) => w.value)]);

  it('keeps the words of NAME=( … ) in the assignment, not as commands', () => {
    assert.deepEqual(summary('PKGS=(\n  sudo\n  git\n)\napt-get install -y "${PKGS[@]}"'), [
      [['PKGS=(\n  sudo\n  git\n)'], []],
      [[], ['apt-get', 'install', '-y', '${PKGS[@]}']],
    ]);
  });

  it('handles +=, quoted words with parentheses, and declare/local', () => {
    assert.deepEqual(summary('A+=("x )" y) B=1 make; declare -a C=(sudo vim) && local D=()'), [
      [['A+=("x )" y)', 'B=1'], ['make']],
      [[], ['declare', '-a', 'C=(sudo vim)']],
      [[], ['local', 'D=()']],
    ]);
  });

  it('still splits a subshell that follows a command or an assignment with a value', () => {
    assert.deepEqual(summary('X=1 (sudo ls); echo =(y)'), [
      [['X=1'], []],
      [[], ['sudo', 'ls']],
      [[], ['echo', '=']],
      [[], ['y']],
    ]);
  });
});

import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { lengthsOfLines } from '../../../src/core/lint/line-lengths';

/** The lengths as a plain split gives them. */
function expected(text: string): number[] {
  return text.split(/\r\n|\n|\r/).map((l) => l.length);
}

describe('lengthsOfLines', () => {
  it('splits at LF, CRLF and a lone CR, and counts the line after the last break', () => {
    assert.deepEqual(lengthsOfLines(''), [0]);
    assert.deepEqual(lengthsOfLines('FROM a\nRUN b\n'), [6, 5, 0]);
    assert.deepEqual(lengthsOfLines('FROM a\r\nRUN b'), [6, 5]);
    assert.deepEqual(lengthsOfLines('a\rbc\n\nd'), [1, 2, 0, 1]);
    assert.deepEqual(lengthsOfLines('\n\n'), [0, 0, 0]);
  });

  it('agrees with a split on random texts of line breaks and characters', () => {
    const text = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', 'é'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, (t) => assert.deepEqual(lengthsOfLines(t), expected(t))), { numRuns: 500 });
  });
});

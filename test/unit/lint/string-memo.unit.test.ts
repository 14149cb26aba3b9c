import { strict as assert } from 'node:assert';
import { memoByString } from '../../../src/core/lint/string-memo';

describe('memoByString', () => {
  it('computes once per string, undefined results included', () => {
    const asked: string[] = [];
    const lengthOrNothing = memoByString((text: string) => {
      asked.push(text);
      return text === '' ? undefined : text.length;
    });
    assert.equal(lengthOrNothing('abc'), 3);
    assert.equal(lengthOrNothing('abc'), 3);
    assert.equal(lengthOrNothing(''), undefined);
    assert.equal(lengthOrNothing(''), undefined);
    assert.deepEqual(asked, ['abc', '']);
  });

  it('starts afresh past its limit, still giving the right values', () => {
    let calls = 0;
    const double = memoByString((text: string) => {
      calls++;
      return text + text;
    }, 2);
    assert.equal(double('a'), 'aa');
    assert.equal(double('b'), 'bb');
    assert.equal(double('c'), 'cc');
    assert.equal(calls, 3);
    assert.equal(double('c'), 'cc');
    assert.equal(calls, 3);
    assert.equal(double('a'), 'aa');
    assert.equal(calls, 4);
  });
});

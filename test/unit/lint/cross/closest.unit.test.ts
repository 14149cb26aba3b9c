import * as assert from 'node:assert/strict';
import { closest } from '../../../../src/core/lint/cross/closest';
import { distance } from '../../../../src/core/lint/rules/kubernetes/helpers';
import { seededRandom } from '../../support/seeded-random';

/** The definition: the first candidate (other than the value itself) at the least case-insensitive distance, if within the typo threshold. */
function definition(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(value.toLowerCase(), c.toLowerCase());
    if (d < bestD && c !== value) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

describe('closest (typo suggestions)', () => {
  it('agrees with scoring every candidate in full, asked again and again with the same lists', () => {
    const r = seededRandom(5);
    const word = (): string => Array.from({ length: Math.floor(r() * 12) }, () => 'abAB.-_İ'[Math.floor(r() * 8)]).join('');
    const lists = Array.from({ length: 40 }, () => Array.from({ length: Math.floor(r() * 10) }, word));
    let suggested = 0;
    for (let i = 0; i < 6000; i++) {
      const list = lists[Math.floor(r() * lists.length)] as string[];
      const value = list.length > 0 && r() < 0.3 ? (list[0] as string) : word();
      const expected = definition(value, list);
      assert.equal(closest(value, list), expected, JSON.stringify([value, list]));
      suggested += expected === undefined ? 0 : 1;
    }
    assert.ok(suggested > 500, `only ${suggested} cases had a suggestion`);
  });

  it('suggests a sibling file for a misspelt COPY source, and nothing for an unrelated name', () => {
    const names = ['requirements.txt', 'requirements-dev.txt', 'setup.py', 'src'];
    assert.equal(closest('requirement.txt', names), 'requirements.txt');
    assert.equal(closest('Setup.PY', names), 'setup.py');
    assert.equal(closest('configs', names), undefined);
  });

  it('answers for a list as it is now when the caller changed it since the last call', () => {
    const names = ['alpha.txt', 'beta.txt'];
    assert.equal(closest('alpah.txt', names), 'alpha.txt');
    names.push('gamma.txt');
    assert.equal(closest('gamma.tx', names), 'gamma.txt');
    names[0] = 'delta.txt';
    assert.equal(closest('delta.tx', names), 'delta.txt');
    assert.equal(closest('alpah.txt', names), undefined);
  });
});

import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { compileWildcard, wildcardEngines, type WildcardSyntax } from '../../../src/core/wildcard/wildcard';

const dockerignore: WildcardSyntax = { globstar: true, escapes: true, classBody: (body) => body.replace(/^!/, '^').replace(/\\/g, '\\\\') };
const buildContext: WildcardSyntax = { globstar: true, escapes: true, classBody: (body) => body, dotAll: true };
const mlcGlob: WildcardSyntax = { globstar: true, escapes: false };
const segment: WildcardSyntax = { globstar: false, escapes: false };
const syntaxes = { dockerignore, buildContext, mlcGlob, segment };

/** Patterns and texts over a small alphabet, so that they often match. */
const patternChar = fc.constantFrom('a', 'b', '/', '*', '*', '?', '[ab]', '[!a]', '\\*', '.', '\n');
const textChar = fc.constantFrom('a', 'b', '/', '*', '.', '\n');
const pattern = fc.array(patternChar, { maxLength: 9 }).map((cs) => cs.join(''));
const text = fc.array(textChar, { maxLength: 12 }).map((cs) => cs.join(''));

describe('core/wildcard', () => {
  for (const [name, syntax] of Object.entries(syntaxes)) {
    it(`the state-set engine agrees with the regular expression on random patterns and texts (${name} syntax)`, () => {
      fc.assert(
        fc.property(pattern, text, (p, t) => {
          let expected: boolean;
          try {
            expected = wildcardEngines.regExp(p, syntax).test(t);
          } catch {
            return; // an invalid class: both engines refuse it at compile time
          }
          assert.equal(wildcardEngines.states(p, syntax).test(t), expected, `${JSON.stringify(p)} on ${JSON.stringify(t)}`);
        }),
        { numRuns: 3000, seed: 20261129 },
      );
    });
  }

  it('matches the documented cases', () => {
    const cases: [string, WildcardSyntax, string, boolean][] = [
      ['**/*.pt', dockerignore, 'models/v1/best.pt', true],
      ['**/*.pt', dockerignore, 'best.pt', true],
      ['**/*.pt', dockerignore, 'models/best.ptx', false],
      ['data/*', dockerignore, 'data/a/b', false],
      ['data/**', dockerignore, 'data/a/b', true],
      ['[!a]x', dockerignore, 'bx', true],
      ['[!a]x', dockerignore, 'ax', false],
      ['\\*x', dockerignore, '*x', true],
      ['\\*x', dockerignore, 'ax', false],
      ['a*b*c*d', dockerignore, 'a/b/c/d', false],
      ['a**b**c**d', dockerignore, 'a/x/b/y/c/z/d', true],
      ['**/**/**/x', mlcGlob, 'a/b/c/d/x', true],
      ['**/**/**/x', mlcGlob, 'x', true],
      ['**/**/**/x', mlcGlob, 'a/b/c/d/y', false],
      ['[ab]', mlcGlob, '[ab]', true],
      ['*.py?', segment, 'train.pyc', true],
      ['**', segment, 'a/b', false],
    ];
    for (const [p, syntax, t, expected] of cases) {
      assert.equal(compileWildcard(p, syntax).test(t), expected, `${p} on ${t}`);
      assert.equal(wildcardEngines.states(p, syntax).test(t), expected, `${p} on ${t} (state-set engine)`);
    }
  });

  it('matches many-star patterns against long names in steps linear in the name (no catastrophic backtracking)', () => {
    // As a backtracking regular expression the first took 17 s on a 40-character name; at 5,000 it would never end.
    assert.equal(compileWildcard('*a*a*a*a*a*a*a*a*a*a*a*c', segment).test('a'.repeat(5000)), false);
    assert.equal(compileWildcard('*a*a*a*a*a*a*a*a*a*a*a*c', segment).test(`${'a'.repeat(5000)}c`), true);
    assert.equal(compileWildcard('**/**/**/**/**/**/**/**/**/**/x', mlcGlob).test(`${'a/'.repeat(2000)}b`), false);
    assert.equal(compileWildcard('**a**a**a**a**a**a**a**a**c', dockerignore).test('a/'.repeat(2000)), false);
  });

  it('refuses an invalid class as a regular expression would', () => {
    assert.throws(() => compileWildcard('[z-a]', dockerignore), SyntaxError);
    assert.equal(compileWildcard('[z-a', dockerignore).test('[z-a'), true); // no closing bracket: literal
  });
});

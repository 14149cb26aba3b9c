import * as assert from 'node:assert/strict';
import { type ServedCrd } from '../../../src/core/schemas/cluster-crds';
import { backtrackingRisk, keyMatchesPattern, maxTestedKeyLength } from '../../../src/core/schemas/key-pattern';
import { validateText } from '../../../src/core/schemas/validate';
import { completeAt } from '../../../src/core/schemas/complete';
import { bundledStore } from '../../fixtures/schemas/instances';

/** A cluster CRD whose spec takes keys matching `pattern` (integer values) and nothing else. */
function widgetStore(pattern: string) {
  const crd: ServedCrd = {
    metadata: { name: 'widgets.example.com', resourceVersion: '1' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget' },
      versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', patternProperties: { [pattern]: { type: 'integer' } }, additionalProperties: false } } } } }],
    },
  };
  return bundledStore().withClusterCrds({ context: 'c', crds: [crd] });
}

function problems(pattern: string, key: string, value = '1'): string[] {
  const text = `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  ${key}: ${value}\n`;
  return validateText(text, 'w.yaml', widgetStore(pattern), '1.34').map((d) => `${d.path}: ${d.message}`);
}

describe('patternProperties patterns against manifest keys', () => {
  it('a safe pattern places matching keys under its schema and leaves the others unknown', () => {
    assert.deepEqual(problems('^gpu-[a-z]+$', 'gpu-a', '"x"'), ['spec.gpu-a: Expected integer, got string.']);
    assert.deepEqual(problems('^gpu-[a-z]+$', 'gpu-a'), []);
    assert.deepEqual(problems('^gpu-[a-z]+$', 'cpu-a'), ['spec.cpu-a: Unknown field "cpu-a".']);
  });

  it('a pattern JavaScript rejects (Go\'s inline flags) no longer throws out of validation: its keys are not checked', () => {
    const goInlineFlags = '(?i)^gpu$';
    assert.throws(() => new RegExp(goInlineFlags, 'u'));
    assert.deepEqual(problems('(?i)^gpu$', 'GPU', '"x"'), []);
  });

  it('a backtracking pattern is refused, not run: a long key that does not match answers at once', () => {
    // On the old code this key took seconds at 27 characters and doubled with each one more.
    assert.deepEqual(problems('^(a+)+$', `${'a'.repeat(60)}!`), []);
    assert.equal(keyMatchesPattern('^(a+)+$', `${'a'.repeat(60)}!`), undefined);
  });

  it('keys past the tested length are not tested', () => {
    assert.equal(keyMatchesPattern('^x-', `x-${'y'.repeat(maxTestedKeyLength)}`), undefined);
    assert.equal(keyMatchesPattern('^x-', `x-${'y'.repeat(maxTestedKeyLength - 2)}`), true);
  });

  it('another pattern that matches still decides; an untold one only opens keys nothing else places', () => {
    const crd: ServedCrd = {
      metadata: { name: 'widgets.example.com', resourceVersion: '1' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget' },
        versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', patternProperties: { '^(a|b)+$': { type: 'string' }, '^n-': { type: 'integer' } }, additionalProperties: false } } } } }],
      },
    };
    const store = bundledStore().withClusterCrds({ context: 'c', crds: [crd] });
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  n-1: "x"\n  ab: 1\n';
    assert.deepEqual(validateText(text, 'w.yaml', store, '1.34').map((d) => d.path), ['spec.n-1']);
  });

  it('completion under an untold key offers nothing and does not throw', () => {
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  GPU:\n    \n';
    assert.doesNotThrow(() => completeAt(text, text.length - 1, 'w.yaml', widgetStore('(?i)^gpu$'), '1.34'));
  });

  it('names what makes a pattern risky, and passes the patterns schemas use', () => {
    assert.equal(backtrackingRisk('^(a+)+$'), 'a repeated group that itself repeats or alternates');
    assert.equal(backtrackingRisk('^(?:a|ab)*c$'), 'a repeated group that itself repeats or alternates');
    assert.equal(backtrackingRisk('^((a)*){2,}$'), 'a repeated group that itself repeats or alternates');
    assert.equal(backtrackingRisk('^(\\w+)\\1$'), 'a back-reference');
    assert.equal(backtrackingRisk('^(?<x>a)\\k<x>$'), 'a back-reference');
    assert.equal(backtrackingRisk('^a*a*a*b$'), 'more than 2 unbounded repeats');
    for (const safe of ['^x-', '^[a-zA-Z0-9._-]+$', '^.+$', '.+', '^[a-z]+$', 'type', '^(ab){1,5}$', '^(a+)?$', '^[(+*]+$', '^a{2}$', '\\(a+\\)+', '^[a-z]([-a-z0-9]*[a-z0-9])?$']) {
      assert.equal(backtrackingRisk(safe), undefined, safe);
    }
  });
});

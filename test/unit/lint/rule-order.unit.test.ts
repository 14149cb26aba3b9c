import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { compareRuleIds } from '../../../src/core/lint/rule-order';
import { composeRules } from '../../../src/core/lint/rules/compose';
import { crossRules } from '../../../src/core/lint/rules/cross';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { kubernetesRules } from '../../../src/core/lint/rules/kubernetes';

const sign = (n: number): number => Math.sign(n);

describe('compareRuleIds', () => {
  it('orders every registered rule ID as localeCompare does', () => {
    const ids = [...dockerfileRules, ...kubernetesRules, ...composeRules, ...crossRules].map((r) => r.meta.id);
    assert.ok(ids.length > 200);
    for (const a of ids) {
      for (const b of ids) {
        assert.equal(sign(compareRuleIds(a, b)), sign(a.localeCompare(b)), `${a} vs ${b}`);
      }
    }
  });

  it('agrees with localeCompare on random IDs, plain or not', () => {
    const plain = fc.tuple(fc.stringMatching(/^[A-Z]{1,4}$/), fc.stringMatching(/^[0-9]{1,4}$/)).map(([l, d]) => l + d);
    const id = fc.oneof(plain, fc.string({ maxLength: 8 }), fc.constantFrom('MLD001', 'mld001', 'MLD01', 'MLD-001', 'ÉTÉ1'));
    fc.assert(fc.property(id, id, (a, b) => sign(compareRuleIds(a, b)) === sign(a.localeCompare(b))), { numRuns: 2000 });
  });
});

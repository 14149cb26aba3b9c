import * as assert from 'node:assert/strict';
import { expandReferences } from '../../../../src/core/lint/rules/kubernetes/env-references';

const vars = new Map([
  ['PROTOCOL', 'https'],
  ['SERVICE_IP', '172.17.0.1'],
  ['SERVICE_PORT', '80'],
]);

describe("expandReferences: the kubelet's $(NAME) expansion", () => {
  it('replaces references to known variables', () => {
    assert.equal(expandReferences('$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)', vars), 'https://172.17.0.1:80');
  });

  it('leaves references to unknown variables as written', () => {
    assert.equal(expandReferences('$(UNKNOWN)/x', vars), '$(UNKNOWN)/x');
  });

  it('turns $$ into $ and never expands an escaped reference', () => {
    assert.equal(expandReferences('$$(PROTOCOL)://$(SERVICE_IP)', vars), '$(PROTOCOL)://172.17.0.1');
    assert.equal(expandReferences('cost: $$5', vars), 'cost: $5');
  });

  it('keeps shell syntax and an unclosed reference as written', () => {
    assert.equal(expandReferences('${PROTOCOL} $PROTOCOL $(PROTOCOL', vars), '${PROTOCOL} $PROTOCOL $(PROTOCOL');
  });
});

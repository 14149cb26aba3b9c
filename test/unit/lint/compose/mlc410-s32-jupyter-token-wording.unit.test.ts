import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

describe('s32: MLC410 says what switches Jupyter\'s login off', () => {
  // jupyter_server reads JUPYTER_TOKEN only when it is non-empty (an empty one leaves the generated token in place);
  // an empty --ServerApp.token (or --NotebookApp.token) is what disables the login.
  it('names the empty token option, not an empty JUPYTER_TOKEN', () => {
    const text = ['services:', '  notebook:', '    image: quay.io/jupyter/pytorch-notebook:2024-10-07', '    ports:', '      - "8888:8888"', ''].join('\n');
    const found = lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC410');
    assert.equal(found.length, 1);
    assert.match(found[0]?.message ?? '', /started with an empty token \(--ServerApp\.token=''\)/);
    assert.doesNotMatch(found[0]?.message ?? '', /JUPYTER_TOKEN/);
  });
});

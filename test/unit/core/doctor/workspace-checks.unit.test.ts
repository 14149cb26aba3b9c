import * as assert from 'node:assert/strict';
import { checkWorkspaceTrust } from '../../../../src/core/doctor/workspace-checks';

describe('core/doctor/workspace-checks', () => {
  it('is ok in a trusted workspace', () => {
    const f = checkWorkspaceTrust({ trusted: true });
    assert.deepEqual(f, {
      id: 'workspace.trust',
      area: 'workspace',
      status: 'ok',
      title: 'Workspace trust',
      summary: 'The workspace is trusted: building, running and applying are available.',
    });
  });

  it('warns in restricted mode and says how to trust', () => {
    const f = checkWorkspaceTrust({ trusted: false });
    assert.equal(f.status, 'warning');
    assert.match(f.summary, /^Restricted mode: /);
    assert.match(f.summary, /building images, running containers and applying manifests are disabled/);
    assert.equal(f.fix, 'Trust the workspace (Manage Workspace Trust) if you trust its authors.');
  });

  it('is info outside VS Code (trust undefined)', () => {
    const f = checkWorkspaceTrust({});
    assert.equal(f.status, 'info');
    assert.equal(f.summary, 'Not applicable outside VS Code.');
    assert.equal(f.fix, undefined);
  });
});

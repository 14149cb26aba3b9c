import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld210-apt-upgrade-in-build';

function mld210(run: string): string[] {
  return lintDockerfile(`FROM opensuse/leap:15.6\nRUN ${run}\n`, { rules: [rule] }).findings.map((f) => f.message);
}

describe('s32: MLD210 reports zypper patch as it reports zypper update', () => {
  it('reports zypper patch with no named fix, a category or severity included, with a message about patches', () => {
    for (const run of ['zypper --non-interactive patch --auto-agree-with-licenses', 'zypper -n patch --category security', 'zypper -n patch -g security --severity important', 'zypper --root /mnt -n patch']) {
      const [message, ...rest] = mld210(run);
      assert.deepEqual(rest, [], run);
      assert.match(message ?? '', /^zypper patch installs every patch the repositories list as needed on build day .*refreshed base image/, run);
    }
  });

  it('stays silent for patches named by CVE or bug, the update stack alone, and commands that only list or check', () => {
    for (const run of ['zypper -n patch --cve=CVE-2024-3094', 'zypper -n patch --bugzilla=1221493', 'zypper -n patch -b 1221493', 'zypper -n patch --updatestack-only', 'zypper -n list-patches', 'zypper patch-check']) {
      assert.deepEqual(mld210(run), [], run);
    }
  });

  it('keeps zypper update as it was', () => {
    assert.match(mld210('zypper -n up')[0] ?? '', /^zypper up makes the image depend on the day it was built/);
    assert.deepEqual(mld210('zypper -n update curl'), []);
  });
});

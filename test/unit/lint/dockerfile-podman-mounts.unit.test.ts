import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';

// instructlab/instructlab containers/rocm/Containerfile: Podman builds it, and Buildah reads SELinux relabelling on mounts.
const text = 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf,z \\\n    dnf install -y gcc\n';
const mld003 = (path?: string): string[] => lintDockerfile(text, path !== undefined ? { path } : {}).findings.filter((f) => f.ruleId === 'MLD003').map((f) => f.message);

describe('MLD003 on Podman/Buildah mount options', () => {
  it('accepts z, Z, U and relabel in a Containerfile', () => {
    assert.deepEqual(mld003('containers/rocm/Containerfile'), []);
    assert.deepEqual(mld003('Containerfile.cuda'), []);
  });

  it('says docker build rejects them elsewhere, and still reports unknown options in a Containerfile', () => {
    assert.deepEqual(mld003('Dockerfile'), ['"z" is a Podman/Buildah mount option, which docker build (BuildKit) rejects.']);
    assert.deepEqual(mld003(), ['"z" is a Podman/Buildah mount option, which docker build (BuildKit) rejects.']);
    const typo = lintDockerfile('FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf,shared=locked dnf install -y gcc\n', { path: 'Containerfile' });
    assert.deepEqual(typo.findings.filter((f) => f.ruleId === 'MLD003').map((f) => f.message), ['"shared" is not a cache mount option.']);
  });
});

import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { addGitSource, floatingRef } from '../../../src/core/lint/dockerfile/git-commands';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD212');
const messages = (...lines: string[]): string[] => lintDockerfile(`FROM python:3.11-slim\n${lines.join('\n')}\n`, { rules }).findings.map((f) => f.message);

describe('s34: MLD212 git-clone-unpinned', () => {
  it('says the default branch is built and how to pin it (ultralytics/ultralytics docker/Dockerfile)', () => {
    assert.deepEqual(messages('RUN git clone https://github.com/ultralytics/ultralytics /usr/src/ultralytics'), [
      'git clone of https://github.com/ultralytics/ultralytics builds whatever its default branch holds on the day of the build; pin a tag (--branch <tag>) or check out a commit after the clone (git -C /usr/src/ultralytics checkout <commit>), so that rebuilds get the same source.',
    ]);
    assert.equal(rules[0]?.meta.severity, 'info');
    assert.equal(rules[0]?.meta.family, 'reproducibility');
  });

  it('names the moving branch, and leaves a shallow clone only the tag to pin', () => {
    assert.match(messages('RUN git clone -b master https://github.com/a/b.git')[0] ?? '', /^git clone --branch master of https:\/\/github\.com\/a\/b\.git builds a branch, which moves with every push; .*git -C b checkout <commit>/);
    assert.match(messages('RUN git clone --depth=1 https://github.com/a/b.git')[0] ?? '', /pin a tag \(--branch <tag>; a shallow clone has no older commit to check out\), so that/);
  });

  it('takes a tag, a build argument, --revision or a commit checked out in the clone as pins', () => {
    for (const run of [
      'RUN git clone --single-branch --branch release-2.4 https://github.com/a/b.git',
      'RUN git clone -bv1.0 https://github.com/a/b.git',
      'RUN git clone --branch "$REF" https://github.com/a/b.git',
      'RUN git clone --revision=1a2b3c4d https://github.com/a/b.git',
      'RUN git clone https://github.com/a/b.git && cd b && git fetch --depth 1 origin "$SHA" && git checkout FETCH_HEAD',
      'RUN git clone https://github.com/a/b.git src/b && cd src && cd b && git checkout -b build v1.2',
      'RUN git clone https://github.com/a/b.git /b && cd /tmp && git --git-dir=/b/.git --work-tree=/b checkout v1',
      'RUN git clone https://github.com/a/b.git /b && cd /b/sub && git switch --detach v1',
      'RUN git clone git@github.com:a/b.git && cd - && git checkout v1',
      'RUN git clone "$REPO_URL" /b',
    ]) {
      assert.deepEqual(messages(run), [], run);
    }
  });

  it('does not take a checkout of a moving branch, of no ref, or in another clone for a pin', () => {
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && cd /b && git checkout main').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && cd /b && git checkout -b topic').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && cd /b && git reset --hard').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && git clone https://github.com/a/c.git /c && cd /c && git checkout v1').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && cd /c && git checkout v1').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && (cd /c && git checkout v1) && git checkout v1').length, 1, 'the subshell left /c');
    assert.equal(messages('RUN git clone https://github.com/a/b.git /b && (cd /c && git checkout v1) && cd /b && git checkout v1').length, 0);
  });

  it('reads a later RUN of the stage in the clone folder, but not an unknown folder there', () => {
    assert.deepEqual(messages('RUN git clone https://github.com/a/b.git /opt/b', 'WORKDIR /opt/b', 'RUN git checkout v1.0'), []);
    assert.deepEqual(messages('RUN git clone https://github.com/a/b.git', 'RUN cd b && git checkout v1.0'), [], 'both RUNs start in the base image folder');
    assert.equal(messages('RUN git clone https://github.com/a/b.git', 'WORKDIR /elsewhere', 'RUN cd b && git checkout v1.0').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /opt/b', 'RUN cd "$DIR" && git checkout v1.0').length, 1);
    assert.equal(messages('RUN git clone https://github.com/a/b.git /opt/b', 'FROM python:3.11-slim', 'WORKDIR /opt/b', 'RUN git checkout v1.0').length, 1);
  });

  it('reads ADD of a git repository: a ref after # or ?ref=, a commit by --checksum or ?checksum=', () => {
    assert.deepEqual(addGitSource('https://github.com/moby/buildkit.git#v0.10.1:docs'), { ref: 'v0.10.1', commit: false });
    assert.deepEqual(addGitSource('https://github.com/moby/buildkit.git?ref=v0.12.0&subdir=docs'), { ref: 'v0.12.0', commit: false });
    assert.deepEqual(addGitSource('git@github.com:moby/buildkit.git'), { commit: false });
    assert.equal(addGitSource('https://example.com/file.tar.gz'), undefined);
    assert.deepEqual(messages('ADD --checksum=sha256:abc https://github.com/moby/buildkit.git /src'), []);
    assert.deepEqual(messages('ADD https://github.com/moby/buildkit.git?checksum=782fb6ac /src'), []);
    assert.match(messages('ADD https://github.com/moby/buildkit.git#main /src')[0] ?? '', /fetches the branch main, which moves with every push; name a tag or commit after # \(https:\/\/github\.com\/moby\/buildkit\.git#<tag>\)/);
  });

  it('treats the floating tag names, HEAD and a remote branch as moving refs', () => {
    for (const ref of ['main', 'master', 'dev', 'develop', 'nightly', 'origin/main', 'HEAD', 'HEAD~1']) {
      assert.equal(floatingRef(ref), true, ref);
    }
    for (const ref of ['v1.2.3', '1a2b3c4d', 'release/2.3', '${REF}', 'FETCH_HEAD', 'tags/v1']) {
      assert.equal(floatingRef(ref), false, ref);
    }
  });
});

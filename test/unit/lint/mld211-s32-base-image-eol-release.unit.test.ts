import * as assert from 'node:assert/strict';
import { eolDistroRelease } from '../../../src/core/lint/dockerfile/eol-distro-releases';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const rules = dockerfileRules.filter((r) => r.meta.id === 'MLD211');
const findings = (lines: readonly string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules }).findings;
const update = 'RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*';
const codename = (image: string): string | undefined => {
  const parsed = parseImageRef(image);
  return parsed.ok ? eolDistroRelease(parsed.ref)?.codename : undefined;
};

describe('s32 MLD211: end-of-life distribution releases', () => {
  it('reads Ubuntu interim releases by version or codename tag, on the official image only', () => {
    assert.equal(codename('ubuntu:23.04'), 'lunar');
    assert.equal(codename('library/ubuntu:mantic-20240530'), 'mantic');
    assert.equal(codename('docker.io/library/ubuntu:25.04'), 'plucky');
    assert.equal(codename('ubuntu:21.10@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'impish');
    for (const supported of ['ubuntu:22.04', 'ubuntu:20.04', 'ubuntu:24.04', 'ubuntu:noble', 'ubuntu:26.04', 'ubuntu:rolling', 'ubuntu', 'quay.io/ubuntu/ubuntu:23.04', 'myorg/ubuntu:23.04']) {
      assert.equal(codename(supported), undefined, supported);
    }
  });

  it('reads Debian releases by codename or version, and official images built on them by the codename in their tag', () => {
    assert.equal(codename('debian:buster-slim'), 'buster');
    assert.equal(codename('debian:10.13'), 'buster');
    assert.equal(codename('debian:9-slim'), 'stretch');
    assert.equal(codename('debian:jessie'), 'jessie');
    assert.equal(codename('python:3.9-slim-bullseye'), 'bullseye');
    assert.equal(codename('node:14-buster-slim'), 'buster');
    for (const supported of ['debian:bookworm', 'debian:12-slim', 'debian:trixie', 'python:3.11-slim', 'python:3.12-bookworm', 'debian/eol:buster', 'rust:1.80-bookworm']) {
      assert.equal(codename(supported), undefined, supported);
    }
  });

  it('names the release, its end of life, the failing update and the two ways out', () => {
    const [f] = findings(['FROM ubuntu:23.10', update, 'USER 10001']);
    assert.equal(
      f?.message,
      'Ubuntu 23.10 (mantic) reached end of life in July 2024 and its packages moved to old-releases.ubuntu.com, so the apt-get update on line 2 fails ("does not have a Release file"); use an LTS tag (ubuntu:24.04), or point the apt sources at old-releases.ubuntu.com before it.',
    );
    assert.deepEqual(f?.range, { start: { line: 1, column: 6 }, end: { line: 1, column: 18 } });
    assert.match(findings(['FROM debian:stretch', update])[0]?.message ?? '', /^Debian 9 \(stretch\) is end-of-life and its packages moved to archive\.debian\.org, .*or point the apt sources at archive\.debian\.org before it\.$/);
    assert.match(findings(['FROM debian:bullseye', update])[0]?.message ?? '', /Release file … is expired"\); move to a supported release \(trixie or bookworm\)\.$/);
  });

  it('needs an apt update in a stage built on the image (an alias chain counts once), before any change to the sources', () => {
    assert.deepEqual(findings(['FROM ubuntu:23.04', 'RUN pip install --no-cache-dir uv==0.4.0']), []);
    assert.deepEqual(findings(['FROM ubuntu:23.04', 'ONBUILD RUN apt-get update']), []);
    assert.equal(findings(['FROM ubuntu:23.04 AS a', 'FROM a AS b', update, 'FROM b', update]).length, 1);
    assert.equal(findings(['FROM ubuntu:23.04 AS a', 'FROM python:3.11-slim', update]).length, 0);
    assert.deepEqual(findings(['FROM ubuntu:23.04', 'RUN sed -i s/archive.ubuntu.com/old-releases.ubuntu.com/g /etc/apt/sources.list', update]), []);
    assert.deepEqual(findings(['FROM ubuntu:23.04', 'COPY ubuntu.sources /etc/apt/sources.list.d/ubuntu.sources', update]), []);
    assert.equal(findings(['FROM ubuntu:23.04', update, 'RUN sed -i s/archive.ubuntu.com/old-releases.ubuntu.com/g /etc/apt/sources.list']).length, 1);
  });
});

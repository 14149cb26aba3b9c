import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld210-apt-upgrade-in-build';

function mld210(run: string, from = 'rockylinux:9'): string[] {
  return lintDockerfile(`FROM ${from}\nRUN ${run}\n`, { rules: [rule] }).findings.map((f) => f.message);
}

describe('s31: MLD210 reports whole-system upgrades of every package manager, not only apt', () => {
  it('reports dnf, yum and microdnf upgrade/update/distro-sync with options but no package', () => {
    for (const run of ['dnf -y upgrade --refresh', 'yum update -y', 'yum -y update --exclude=kernel*', 'microdnf update -y --nodocs', 'dnf distro-sync -y', 'dnf upgrade-minimal -y', 'dnf --setopt install_weak_deps=False upgrade -y']) {
      const [message, ...rest] = mld210(run);
      assert.deepEqual(rest, [], run);
      assert.match(message ?? '', /makes the image depend on the day it was built; pin or refresh the base image/, run);
    }
  });

  it('names packages or advisories as a targeted upgrade: silent', () => {
    for (const run of ['dnf update -y openssl', 'yum update -y --setopt tsflags=nodocs ca-certificates', 'dnf upgrade -y "$PACKAGES"', 'dnf upgrade -y --advisory=RHSA-2024:1234', 'dnf upgrade -y --cve CVE-2024-3094']) {
      assert.deepEqual(mld210(run), [], run);
    }
  });

  it('reports --security: whichever advisories the repositories list on build day, with a message that says so', () => {
    const [message] = mld210('dnf upgrade --security -y');
    assert.match(message ?? '', /^dnf upgrade --security installs whichever security updates the repositories hold on build day/);
    assert.match(message ?? '', /refreshed base image/);
  });

  it('reports zypper update and apk upgrade without packages; leaves zypper dup to MLD209', () => {
    assert.equal(mld210('zypper --non-interactive up', 'opensuse/leap:15.6').length, 1);
    assert.equal(mld210('zypper -n update -t patch', 'opensuse/leap:15.6').length, 1);
    assert.deepEqual(mld210('zypper -n update curl', 'opensuse/leap:15.6'), []);
    assert.deepEqual(mld210('zypper -n dup', 'opensuse/leap:15.6'), []);
    const all = lintDockerfile('FROM opensuse/leap:15.6\nRUN zypper -n dup\n').findings.map((f) => f.ruleId);
    assert.ok(all.includes('MLD209') && !all.includes('MLD210'));
    assert.equal(mld210('apk update && apk upgrade --no-cache', 'alpine:3.20').length, 1);
    assert.deepEqual(mld210('apk add --no-cache --upgrade apk-tools', 'alpine:3.20'), []);
    assert.deepEqual(mld210('apk upgrade --no-cache openssl', 'alpine:3.20'), []);
  });

  it('finds the apt subcommand after an option that takes a value (`-o Dpkg::Options::=…`)', () => {
    assert.equal(mld210('apt-get -y -o Dpkg::Options::=--force-confold dist-upgrade', 'ubuntu:22.04').length, 1);
  });
});

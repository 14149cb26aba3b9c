import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { floatingTagTest } from '../../../src/core/lint/floating-tags';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';

function config(yaml: string) {
  const parsed = parseMlcConfig(yaml);
  assert.ok(parsed.ok);
  return parsed.config;
}

describe('floating tags: latest, its variants and branch builds, as whole tags (MLD202, MLK201, MLC201 share one list)', () => {
  const floating = floatingTagTest(undefined);

  it('the default list: latest, latest-/-latest variants and the branch or channel builds', () => {
    for (const tag of ['latest', 'latest-gpu', 'main-latest', 'main', 'master', 'develop', 'devel', 'dev', 'nightly', 'edge', 'unstable', 'canary']) {
      assert.ok(floating(tag), tag);
    }
  });

  it('not a flavour or pre-release inside a versioned tag, a release channel, or a word that only contains one', () => {
    for (const tag of ['2.1.0-devel-ubuntu22.04', '12.4.1-devel', 'v1.2-dev3', '24.05-py3', 'nightly_main_20250401', 'stable', 'lts', 'mainline', 'latest_gpu', 'devel2', '1.0']) {
      assert.ok(!floating(tag), tag);
    }
  });

  it('a configured list replaces the default; `*` stands for any run of characters', () => {
    assert.ok(floatingTagTest(['latest'])('latest'));
    assert.ok(!floatingTagTest(['latest'])('main'));
    assert.ok(floatingTagTest(['stable', '*-rc'])('2.0-rc'));
    assert.ok(!floatingTagTest(['stable', '*-rc'])('2.0-rc1'));
    assert.ok(!floatingTagTest([])('latest'));
    assert.ok(floatingTagTest(['latest', 3])('latest'));
    assert.ok(!floatingTagTest(['v1.2'])('v1x2'), 'a dot is a dot');
  });

  it('MLK201, MLD202 and MLC201 report a branch tag by default, and not when their configured list leaves it out', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: train\n      image: axolotlai/axolotl:main-latest\n';
    const ids = (findings: readonly { ruleId: string }[], id: string) => findings.filter((f) => f.ruleId === id).length;
    assert.deepEqual(
      lintManifest(pod).findings.filter((f) => f.ruleId === 'MLK201').map((f) => f.message),
      ['container "train" uses the floating tag "main-latest", so each node may run a different image; pin a version tag (and ideally a @sha256 digest).'],
    );
    assert.equal(ids(lintDockerfile('FROM ghcr.io/org/img:master\n').findings, 'MLD202'), 1);
    assert.equal(ids(lintCompose('services:\n  a:\n    image: intel/intel-gpu-plugin:devel\n').findings, 'MLC201'), 1);
    const onlyLatest = config('rules:\n  MLK201: {options: {floatingTags: [latest]}}\n  MLD202: {options: {floatingTags: [latest]}}\n  MLC201: {options: {floatingTags: [latest]}}\n');
    assert.equal(ids(lintManifest(pod, { config: onlyLatest }).findings, 'MLK201'), 0);
    assert.equal(ids(lintDockerfile('FROM ghcr.io/org/img:master\n', { config: onlyLatest }).findings, 'MLD202'), 0);
    assert.equal(ids(lintCompose('services:\n  a:\n    image: intel/intel-gpu-plugin:devel\n', { config: onlyLatest }).findings, 'MLC201'), 0);
  });
});

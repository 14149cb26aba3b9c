import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

const fixture = fs.readFileSync(path.join(kubernetesFixturesRoot, 'MLK302', 'fail', 'shm-without-memory-limit.yaml'), 'utf8');

function findings(text: string, rulesYaml?: string): string[] {
  const parsed = rulesYaml !== undefined ? parseMlcConfig(rulesYaml) : undefined;
  assert.ok(parsed === undefined || parsed.ok);
  const config = parsed?.ok ? parsed.config : undefined;
  return lintManifest(text, config ? { config } : {})
    .findings.filter((f) => f.ruleId === 'MLK302' || f.ruleId === 'MLK408')
    .map((f) => `${f.ruleId}@${f.range.start.line}: ${f.message}`);
}

describe('MLK408 leaves a missing memory limit to MLK302, which names the /dev/shm it counts', () => {
  it('a sized memory /dev/shm on a container without a memory limit: MLK302 alone', () => {
    assert.deepEqual(findings(fixture), [
      'MLK302@17: container "vllm" has no resources.requests.memory and no resources.limits.memory; set both (its memory-backed /dev/shm counts against the limit).',
    ]);
  });

  it('with MLK302 off, MLK408 reports it on the container', () => {
    assert.deepEqual(findings(fixture, 'rules: {MLK302: off}'), [
      'MLK408@17: container "vllm" mounts the memory volume "dshm" but has no memory limit; tmpfs pages count as container memory, so set resources.limits.memory above the volume\'s sizeLimit (8Gi).',
    ]);
  });

  it('a sizeLimit at least the memory limit is still MLK408\'s, beside MLK302\'s missing request', () => {
    const text = fixture.replace('              nvidia.com/gpu: 1\n', '              nvidia.com/gpu: 1\n              memory: 8Gi\n');
    assert.deepEqual(findings(text).map((f) => f.slice(0, f.indexOf(':'))), ['MLK302@17', 'MLK408@29']);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

const fixture = (rule: string, rel: string) => fs.readFileSync(path.join(kubernetesFixturesRoot, rule, rel), 'utf8');
const lines = (text: string) =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK307')
    .map((f) => f.range.start.line);

/** A Deployment of three GPU replicas with the given pod spec lines (indented under `spec:`) and container resources. */
const deployment = (podSpec: string[], limits = 'nvidia.com/gpu: 1') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: d}',
    'spec:',
    '  replicas: 3',
    '  selector: {matchLabels: {app: d}}',
    '  template:',
    '    metadata: {labels: {app: d}}',
    '    spec:',
    ...podSpec.map((l) => `      ${l}`),
    '      containers:',
    `        - {name: c, image: registry.example/x:1, resources: {limits: {${limits}}}}`,
    '',
  ].join('\n');

describe('MLK307 leaves replicas that share GPUs together', () => {
  it('GPU Operator\'s MPS test, time-sliced node affinity and Kueue\'s HAMi example are not told to spread', () => {
    assert.deepEqual(lines(fixture('MLK307', 'pass/gpu-sharing-replicas.yaml')), []);
  });

  it('the sharing labels GPU feature discovery sets: sharing-strategy mps or time-slicing, mps.capable, a -SHARED product', () => {
    assert.deepEqual(lines(deployment(['nodeSelector: {nvidia.com/gpu.sharing-strategy: time-slicing}'])), []);
    assert.deepEqual(lines(deployment(['nodeSelector: {nvidia.com/mps.capable: "true"}'])), []);
    assert.deepEqual(lines(deployment(['nodeSelector: {nvidia.com/gpu.product: Tesla-T4-SHARED}'])), []);
  });

  it('KAI Scheduler fractions and Koordinator shares are slices too', () => {
    const kai = deployment(['schedulerName: kai-scheduler']).replace('    metadata: {labels: {app: d}}', '    metadata: {labels: {app: d}, annotations: {gpu-fraction: "0.5"}}');
    assert.deepEqual(lines(kai), []);
    assert.deepEqual(lines(deployment([], 'koordinator.sh/gpu-core: 50, koordinator.sh/gpu-memory-ratio: 50')), []);
  });

  it('near misses are still reported: unshared nodes, a whole card through HAMi, one term of several, mps.capable false', () => {
    assert.deepEqual(lines(fixture('MLK307', 'fail/gpu-nodes-not-shared.yaml')), [9, 32, 54]);
    assert.deepEqual(lines(deployment(['nodeSelector: {nvidia.com/mps.capable: "false"}'])), [5]);
    assert.deepEqual(lines(deployment([], 'nvidia.com/gpu: 1, nvidia.com/gpumem-percentage: 100')), [5]);
    assert.deepEqual(lines(deployment(['nodeSelector: {example.com/gpu.sharing-strategy: mps}'])), [5]);
  });
});

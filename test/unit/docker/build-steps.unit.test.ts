import * as assert from 'node:assert/strict';
import type { BuildEvent } from '../../../src/core/docker/build-progress';
import { buildStages, buildSteps, locateFailure } from '../../../src/core/docker/build-steps';

const dockerfile = [
  '# syntax=docker/dockerfile:1',
  'ARG CUDA=12.4',
  'FROM nvidia/cuda:${CUDA}-runtime AS deps',
  'RUN apt-get update && \\',
  '    apt-get install -y python3',
  '',
  'FROM deps AS train',
  'COPY . /app',
  'RUN python3 /app/train.py',
  'FROM deps',
  'CMD ["python3"]',
].join('\n');

describe('build steps ↔ Dockerfile lines', function () {
  it('lists stages with names and FROM lines', function () {
    assert.deepEqual(buildStages(dockerfile), [
      { index: 0, name: 'deps', line: 3 },
      { index: 1, name: 'train', line: 7 },
      { index: 2, line: 10 },
    ]);
  });

  it('numbers steps as the legacy builder does: meta ARGs, then each stage up to the target', function () {
    const all = buildSteps(dockerfile);
    assert.deepEqual(all.map((s) => `${s.step}:${s.keyword}@${s.range.start.line}`), ['1:ARG@2', '2:FROM@3', '3:RUN@4', '4:FROM@7', '5:COPY@8', '6:RUN@9', '7:FROM@10', '8:CMD@11']);
    const train = buildSteps(dockerfile, 'TRAIN');
    assert.equal(train.length, 6);
    const labelled = buildSteps(dockerfile, 'deps', true);
    assert.deepEqual(labelled.map((s) => s.keyword), ['ARG', 'FROM', 'RUN', 'LABEL']);
    assert.equal(labelled[3]?.synthetic, true);
  });

  it('maps the error to the last announced step, spanning its continuation lines', function () {
    const events: BuildEvent[] = [
      { kind: 'step', step: 2, total: 8, instruction: 'FROM nvidia/cuda:12.4-runtime AS deps' },
      { kind: 'step', step: 3, total: 8, instruction: 'RUN apt-get update &&     apt-get install -y python3' },
      { kind: 'container', id: 'abcdefabcdef' },
      { kind: 'error', message: 'returned a non-zero code: 100', code: 100 },
    ];
    const f = locateFailure(events, buildSteps(dockerfile));
    assert.equal(f?.step?.range.start.line, 4);
    assert.equal(f?.step?.range.end.line, 5);
    assert.equal(f?.message, 'returned a non-zero code: 100');
  });

  it('no step when the announced keyword does not match (Dockerfile edited since) or nothing failed', function () {
    const f = locateFailure([{ kind: 'step', step: 3, total: 8, instruction: 'COPY x y' }, { kind: 'error', message: 'boom' }], buildSteps(dockerfile));
    assert.deepEqual(f, { message: 'boom' });
    assert.equal(locateFailure([{ kind: 'step', step: 1, total: 1, instruction: 'ARG X' }], buildSteps(dockerfile)), undefined);
    assert.deepEqual(locateFailure([{ kind: 'error', message: 'context canceled' }], buildSteps(dockerfile)), { message: 'context canceled' });
  });
});

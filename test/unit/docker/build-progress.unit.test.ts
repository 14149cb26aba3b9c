import * as assert from 'node:assert/strict';
import { BuildStreamParser, stepProgress, type BuildEvent } from '../../../src/core/docker/build-progress';

const lines = [
  { stream: 'Step 1/3 : FROM busybox\n' },
  { stream: ' ---> 5bb600f2e3ae\n' },
  { stream: 'Step 2/3 : RUN pip install -r requirements.txt --no-cache-dir --disable-pip-version-check --quiet\n' },
  { stream: ' ---> Running in 0123456789ab\n' },
  { stream: 'Collecting torch\n' },
  { stream: 'Removing intermediate container 0123456789ab\n' },
  { stream: ' ---> 2351f1548cac\n' },
  { stream: 'Step 3/3 : RUN exit 3\n' },
  { stream: ' ---> Running in ba9876543210\n' },
  { errorDetail: { code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" }, error: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" },
];

describe('build progress stream', function () {
  it('parses steps, containers and the error, whatever the chunk boundaries', function () {
    const raw = lines.map((l) => `${JSON.stringify(l)}\r\n`).join('');
    for (const size of [1, 7, 64, raw.length]) {
      const parser = new BuildStreamParser();
      const events: BuildEvent[] = [];
      for (let i = 0; i < raw.length; i += size) {
        events.push(...parser.push(raw.slice(i, i + size)));
      }
      events.push(...parser.end());
      const shape = events.filter((e) => e.kind !== 'output');
      assert.deepEqual(shape, [
        { kind: 'step', step: 1, total: 3, instruction: 'FROM busybox' },
        { kind: 'step', step: 2, total: 3, instruction: 'RUN pip install -r requirements.txt --no-cache-dir --disable-pip-version-check --quiet' },
        { kind: 'container', id: '0123456789ab' },
        { kind: 'container-removed', id: '0123456789ab' },
        { kind: 'step', step: 3, total: 3, instruction: 'RUN exit 3' },
        { kind: 'container', id: 'ba9876543210' },
        { kind: 'error', code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" },
      ], `chunk size ${size}`);
      assert.equal(events.filter((e) => e.kind === 'output').length, 9);
    }
  });

  it('reads the built image from aux and from "Successfully built"; non-JSON lines become output', function () {
    const p = new BuildStreamParser();
    assert.deepEqual(p.push('{"aux":{"ID":"sha256:abc"}}\n{"stream":"Successfully built 2351f1548cac\\n"}\nnot json\n'), [
      { kind: 'built', imageId: 'sha256:abc' },
      { kind: 'output', text: 'Successfully built 2351f1548cac\n' },
      { kind: 'built', imageId: '2351f1548cac' },
      { kind: 'output', text: 'not json\n' },
    ]);
  });

  it('progress message and increment per step', function () {
    const long = stepProgress({ kind: 'step', step: 7, total: 15, instruction: 'RUN pip install torch torchvision torchaudio --index-url http://127.0.0.1:9/simple' }, 6, 20);
    assert.equal(long.message, 'Step 7/15: RUN pip install torc…');
    assert.ok(Math.abs(long.increment - 100 / 15) < 1e-9);
    assert.equal(stepProgress({ kind: 'step', step: 1, total: 0, instruction: 'FROM x' }, 5).increment, 0);
  });
});

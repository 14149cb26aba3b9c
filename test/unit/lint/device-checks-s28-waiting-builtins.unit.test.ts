import * as assert from 'node:assert/strict';
import { onlySleeps } from '../../../src/core/lint/device-checks';

describe('onlySleeps: builtins that only print or set the environment', () => {
  it('a script that prints its environment, traps TERM and sleeps only waits (dra-example-driver demo pods)', () => {
    assert.equal(onlySleeps(['bash', '-c', "export; trap 'exit 0' TERM; sleep 9999 & wait"]), true);
    assert.equal(onlySleeps(['sh', '-c', 'set -e; printenv; sleep infinity']), true);
  });

  it('a program started by env, or anything else beside the sleep, is still work', () => {
    assert.equal(onlySleeps(['sh', '-c', 'env CUDA_VISIBLE_DEVICES=0 python3 train.py; sleep 10']), false);
    assert.equal(onlySleeps(['bash', '-c', 'export X=1; python3 serve.py & sleep 9999']), false);
    assert.equal(onlySleeps(['bash', '-c', 'export; trap "exit 0" TERM; wait']), false, 'no sleep at all');
  });
});

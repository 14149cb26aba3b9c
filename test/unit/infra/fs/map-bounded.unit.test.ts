import * as assert from 'node:assert/strict';
import { mapBounded } from '../../../../src/infra/fs/map-bounded';

describe('mapBounded', () => {
  it('keeps the input order whatever order the calls finish in', async () => {
    const delays = [30, 0, 20, 5, 10, 0, 25];
    const out = await mapBounded(delays, 3, (d, i) => new Promise<string>((resolve) => setTimeout(() => resolve(`${i}:${d}`), d)));
    assert.deepEqual(out, delays.map((d, i) => `${i}:${d}`));
  });

  it('never has more than the limit in flight, and runs every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await mapBounded([...Array(40).keys()], 4, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      seen.push(n);
      inFlight--;
    });
    assert.equal(most, 4);
    assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(40).keys()]);
  });

  it('returns [] for no items and passes a rejection on', async () => {
    assert.deepEqual(await mapBounded([], 8, () => Promise.resolve(1)), []);
    await assert.rejects(mapBounded([1, 2, 3], 2, (n) => (n === 2 ? Promise.reject(new Error('boom 2')) : Promise.resolve(n))), /boom 2/);
  });
});

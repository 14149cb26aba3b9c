import * as assert from 'node:assert/strict';
import { closestPod, missingKeyCost } from '../../../../src/core/lint/cross/closest-pod';
import type { LabelledPod } from '../../../../src/core/lint/cross/kube';
import { OneEditIndex } from '../../../../src/core/lint/cross/one-edit';
import { distance } from '../../../../src/core/lint/rules/kubernetes/helpers';
import { seededRandom } from '../../support/seeded-random';

function word(r: () => number): string {
  const length = Math.floor(r() * 5);
  let s = '';
  for (let i = 0; i < length; i++) {
    s += 'abc'[Math.floor(r() * 3)];
  }
  return s;
}

function pod(labels: Record<string, string>): LabelledPod {
  return { labels: new Map(Object.entries(labels)) } as unknown as LabelledPod;
}

/** The definition: the first pod with the lowest summed cost. */
function bruteForce(pods: readonly LabelledPod[], selector: Map<string, string>): LabelledPod | undefined {
  let best: LabelledPod | undefined;
  let bestScore = Infinity;
  for (const p of pods) {
    let s = 0;
    for (const [k, v] of selector) {
      const have = p.labels.get(k);
      s += have === undefined ? missingKeyCost : distance(v, have);
    }
    if (s < bestScore) {
      best = p;
      bestScore = s;
    }
  }
  return best;
}

describe('one-edit index', () => {
  it('finds exactly the indexed values one edit away', () => {
    const r = seededRandom(11);
    const values = Array.from({ length: 60 }, () => word(r));
    const index = new OneEditIndex(new Map(values.map((v) => [v, v.toUpperCase()])));
    for (let i = 0; i < 500; i++) {
      const q = word(r);
      const expected = [...new Set(values.filter((v) => distance(q, v) === 1))].sort();
      const found = new Set<string>();
      index.visitNear(q, (item, value) => {
        assert.equal(item, value.toUpperCase(), 'each value comes with its own item');
        found.add(value);
      });
      assert.deepEqual([...found].sort(), expected, q);
    }
  });
});

describe('closestPod', () => {
  it('picks the same pod as scoring every pod, on random label sets that select nothing', () => {
    const r = seededRandom(42);
    let checked = 0;
    let viaIndex = 0;
    for (let round = 0; round < 3000; round++) {
      const keys = ['app', 'tier', 'env'].slice(0, 1 + Math.floor(r() * 3));
      const pods = Array.from({ length: 1 + Math.floor(r() * 12) }, () => {
        const labels: Record<string, string> = {};
        for (const k of keys) {
          if (r() < 0.85) {
            labels[k] = word(r);
          }
        }
        return pod(labels);
      });
      const selector = new Map(keys.filter(() => r() < 0.8).map((k) => [k, word(r)] as [string, string]));
      if (selector.size === 0 || pods.some((p) => [...selector].every(([k, v]) => p.labels.get(k) === v))) {
        continue; // the rule only asks for selectors that select nothing
      }
      const expected = bruteForce(pods, selector);
      assert.equal(closestPod(pods, selector), expected, `round ${round}`);
      checked++;
      if (expected && [...selector].reduce((n, [k, v]) => n + (expected.labels.has(k) ? distance(v, expected.labels.get(k) as string) : missingKeyCost), 0) === 1) {
        viaIndex++;
      }
    }
    assert.ok(checked > 1000 && viaIndex > 100, `checked ${checked}, at score 1 ${viaIndex}`);
  });

  it('prefers the earliest pod among several one edit away', () => {
    const pods = [pod({ app: 'web-20' }), pod({ app: 'web-12' }), pod({ app: 'web-11' })];
    assert.equal(closestPod(pods, new Map([['app', 'web-1']])), pods[1]);
    assert.equal(closestPod(pods, new Map([['app', 'web-21x']])), pods[0]);
  });

  it('a missing key costs more than several differing characters', () => {
    const pods = [pod({ app: 'api' }), pod({ app: 'xyz', tier: 'front' })];
    assert.equal(closestPod(pods, new Map([['app', 'api'], ['tier', 'frontend']])), pods[1]);
  });

  it('picks the same pod as scoring every pod when the selector has a key no pod has', () => {
    const r = seededRandom(7);
    let checked = 0;
    for (let round = 0; round < 2000; round++) {
      const pods = Array.from({ length: 1 + Math.floor(r() * 12) }, () => pod(Object.fromEntries(['app', 'tier'].filter(() => r() < 0.85).map((k) => [k, word(r)]))));
      const selector = new Map([...['app', 'tier'].filter(() => r() < 0.7).map((k) => [k, word(r)] as [string, string]), ['team', word(r)] as [string, string]]);
      assert.equal(closestPod(pods, selector), bruteForce(pods, selector), `round ${round}`);
      checked++;
    }
    assert.equal(checked, 2000);
  });

  it('scales to thousands of selectors that each name a key no pod has (kustomize commonLabels on the Services only)', () => {
    // Scoring every pod for each selector took ~16 s here; the label index answers each in constant time.
    const pods = Array.from({ length: 5000 }, (_, i) => pod({ app: `d-${i}` }));
    for (let i = 0; i < 5000; i++) {
      assert.equal(closestPod(pods, new Map([['app', `d-${i}`], ['team', 't']]))?.labels.get('app'), `d-${i}`);
    }
  });

  it('scales to thousands of pods with unique names (each a few edits from the next)', () => {
    const pods = Array.from({ length: 20000 }, (_, i) => pod({ app: `svc-${i}` }));
    for (let i = 0; i < 2000; i++) {
      const p = closestPod(pods, new Map([['app', `svc-x${i}`]]));
      assert.equal(p?.labels.get('app'), `svc-${i}`);
    }
  });
});

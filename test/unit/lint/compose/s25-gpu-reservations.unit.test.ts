import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig, parseMlcConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

function config(text: string): MlcConfig {
  const parsed = parseMlcConfig(text);
  assert.ok(parsed.ok);
  return parsed.config;
}

const oldCompose = config('rules:\n  MLC407: { severity: on, options: { minVersion: "2.29.7" } }\n');

/** The text with the fixes of every finding of the rule made, and the rule's findings left on the result. */
function fixAll(text: string, ruleId: string, mlc: MlcConfig = emptyConfig()): { fixed: string; left: number } {
  const edits = lintCompose(text, { config: mlc }).findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.fix?.edits ?? []);
  const fixed = applyTextEdits(text, edits);
  return { fixed, left: lintCompose(fixed, { config: mlc }).findings.filter((f) => f.ruleId === ruleId).length };
}

const reservation = (entry: string) => `services:\n  trainer:\n    image: acme/trainer:1.0\n    deploy:\n      resources:\n        reservations:\n          devices:\n${entry}`;

describe('GPU reservations that do not reserve what they say', () => {
  describe('MLC402: a driver: cdi reservation names its devices in device_ids, never by count', () => {
    it('count: all becomes every NVIDIA GPU by CDI name', () => {
      const { fixed, left } = fixAll(reservation('            - driver: cdi\n              count: all\n              capabilities: [gpu]\n'), 'MLC402');
      assert.equal(left, 0);
      assert.match(fixed, /- driver: cdi\n {14}device_ids: \[nvidia\.com\/gpu=all\]\n {14}capabilities: \[gpu\]\n/);
    });

    it('an entry naming no devices gets them; a numeric count or a non-GPU entry is reported without a guess', () => {
      const { fixed, left } = fixAll(reservation('            - driver: cdi\n              capabilities: [gpu]\n'), 'MLC402');
      assert.equal(left, 0);
      assert.match(fixed, /device_ids: \[nvidia\.com\/gpu=all\]/);
      const counted = lintCompose(reservation('            - driver: cdi\n              count: 2\n              capabilities: [gpu]\n'), { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC402');
      assert.deepEqual(counted.map((f) => [f.range.start.line, f.fix]), [[9, undefined]]);
      const fpga = lintCompose(reservation('            - driver: cdi\n              capabilities: [fpga]\n'), { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC402');
      assert.deepEqual(fpga.map((f) => [f.range.start.line, f.fix]), [[8, undefined]]);
    });
  });

  describe('MLC407: a GPU reservation with neither count nor device_ids under Compose before v2.30', () => {
    const uncounted = reservation('            - driver: nvidia\n              capabilities: [gpu]\n');

    it('is reported only when the project supports Compose before v2.30, and count: all is added', () => {
      assert.equal(lintCompose(uncounted, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC407').length, 0);
      const { fixed, left } = fixAll(uncounted, 'MLC407', oldCompose);
      assert.equal(left, 0);
      assert.match(fixed, /- driver: nvidia\n {14}count: all\n {14}capabilities: \[gpu\]\n/);
    });

    it('count, device_ids or a CDI entry (MLC402) are left alone', () => {
      for (const entry of ['              count: 1\n', '              device_ids: ["0"]\n']) {
        const text = reservation(`            - driver: nvidia\n${entry}              capabilities: [gpu]\n`);
        assert.equal(lintCompose(text, { config: oldCompose }).findings.filter((f) => f.ruleId === 'MLC407').length, 0);
      }
      const cdi = reservation('            - driver: cdi\n              capabilities: [gpu]\n');
      assert.equal(lintCompose(cdi, { config: oldCompose }).findings.filter((f) => f.ruleId === 'MLC407').length, 0);
    });
  });
});

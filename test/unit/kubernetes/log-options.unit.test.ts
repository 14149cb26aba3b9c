import * as assert from 'node:assert/strict';
import {
  defaultLogPreferences,
  describeLogPreferences,
  formatDuration,
  parseDuration,
  parseTailLines,
  restoreLogPreferences,
  toLogQuery,
} from '../../../src/core/kubernetes/log-options';

describe('Kubernetes log options (pure)', () => {
  it('parses durations in s, m, h and d, alone or combined, as kubectl --since does', () => {
    assert.deepEqual(parseDuration('30s'), { ok: true, seconds: 30 });
    assert.deepEqual(parseDuration('5m'), { ok: true, seconds: 300 });
    assert.deepEqual(parseDuration(' 2h '), { ok: true, seconds: 7200 });
    assert.deepEqual(parseDuration('1d'), { ok: true, seconds: 86_400 });
    assert.deepEqual(parseDuration('1h30m'), { ok: true, seconds: 5400 });
    assert.deepEqual(parseDuration('2H'), { ok: true, seconds: 7200 });
  });

  it('refuses malformed, zero, repeated-unit and over-long durations with a message', () => {
    for (const bad of ['', '5', 'm', '5 m', '-5m', '1.5h', '5w', '5m!', 'abc']) {
      const r = parseDuration(bad);
      assert.equal(r.ok, false, bad);
      assert.match(r.ok ? '' : r.problem, /30s, 5m, 2h or 1d/, bad);
    }
    assert.deepEqual(parseDuration('0s'), { ok: false, problem: 'The duration must be longer than 0s' });
    assert.match((parseDuration('5m5m') as { problem: string }).problem, /"m" appears twice/);
    assert.deepEqual(parseDuration('366d'), { ok: false, problem: 'The duration must be at most 365d' });
    assert.equal(parseDuration('365d').ok, true);
    assert.equal(parseDuration('9'.repeat(400) + 's').ok, false);
  });

  it('parses a tail line count from 1 to 1,000,000', () => {
    assert.deepEqual(parseTailLines('1'), { ok: true, lines: 1 });
    assert.deepEqual(parseTailLines(' 2000 '), { ok: true, lines: 2000 });
    assert.deepEqual(parseTailLines('1000000'), { ok: true, lines: 1_000_000 });
    for (const bad of ['0', '-1', '1e3', '10.5', '', 'ten', '1000001']) {
      assert.deepEqual(parseTailLines(bad), { ok: false, problem: 'Enter a whole number of lines from 1 to 1,000,000' }, bad);
    }
  });

  it('formats durations back and describes the choice', () => {
    assert.equal(formatDuration(90), '1m30s');
    assert.equal(formatDuration(86_400 + 3600), '1d1h');
    assert.equal(formatDuration(0), '0s');
    assert.equal(describeLogPreferences(defaultLogPreferences), 'last 500 lines');
    assert.equal(describeLogPreferences({ range: { kind: 'tail', lines: 1 }, timestamps: true }), 'last 1 line, with timestamps');
    assert.equal(describeLogPreferences({ range: { kind: 'since', seconds: 300 }, timestamps: false }), 'since 5m ago');
    assert.equal(describeLogPreferences({ range: { kind: 'all' }, timestamps: false }), 'everything');
  });

  it('turns the choice into the pods/log query', () => {
    assert.deepEqual(toLogQuery(defaultLogPreferences), { tailLines: 500, timestamps: false });
    assert.deepEqual(toLogQuery({ range: { kind: 'since', seconds: 3600 }, timestamps: true }), { sinceSeconds: 3600, timestamps: true });
    assert.deepEqual(toLogQuery({ range: { kind: 'all' }, timestamps: false }), { timestamps: false });
  });

  it('restores stored preferences, falling back to the defaults on anything malformed', () => {
    const since = { range: { kind: 'since', seconds: 900 }, timestamps: true };
    assert.deepEqual(restoreLogPreferences(since), since);
    assert.deepEqual(restoreLogPreferences({ range: { kind: 'all' } }), { range: { kind: 'all' }, timestamps: false });
    assert.deepEqual(restoreLogPreferences({ range: { kind: 'tail', lines: 20 }, timestamps: false }), { range: { kind: 'tail', lines: 20 }, timestamps: false });
    for (const bad of [undefined, null, 'x', 42, [], { range: { kind: 'tail', lines: -1 } }, { range: { kind: 'tail', lines: 2.5 } }, { range: { kind: 'since', seconds: '60' } }, { range: { kind: 'weird' } }]) {
      assert.deepEqual(restoreLogPreferences(bad), defaultLogPreferences, JSON.stringify(bad));
    }
    assert.deepEqual(restoreLogPreferences({ range: { kind: 'nope' }, timestamps: true }), { ...defaultLogPreferences, timestamps: true });
  });
});

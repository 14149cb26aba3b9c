/** Which part of a log to show before following it. */
export type LogRange = { kind: 'tail'; lines: number } | { kind: 'since'; seconds: number } | { kind: 'all' };

export interface LogPreferences {
  range: LogRange;
  timestamps: boolean;
}

/** What the API server's pods/log endpoint is asked for. */
export interface LogQuery {
  tailLines?: number;
  sinceSeconds?: number;
  timestamps: boolean;
}

export const defaultTailLines = 500;
export const defaultLogPreferences: LogPreferences = { range: { kind: 'tail', lines: defaultTailLines }, timestamps: false };

/** The "Since 5m / 1h / …" presets of the quick pick, in seconds. */
export const sincePresets: readonly number[] = [5 * 60, 15 * 60, 60 * 60, 6 * 3600, 24 * 3600];

const maxTailLines = 1_000_000;
const maxSinceSeconds = 365 * 86_400;
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export type Parsed<T> = ({ ok: true } & T) | { ok: false; problem: string };

/** A duration such as 30s, 5m, 2h, 1d or 1h30m. */
export function parseDuration(text: string): Parsed<{ seconds: number }> {
  const t = text.trim().toLowerCase();
  const problem = 'Enter a duration such as 30s, 5m, 2h or 1d (or combined: 1h30m)';
  if (!/^(\d+[smhd])+$/.test(t)) {
    return { ok: false, problem };
  }
  let seconds = 0;
  const seen = new Set<string>();
  for (const [, amount, unit] of t.matchAll(/(\d+)([smhd])/g)) {
    if (seen.has(unit!)) {
      return { ok: false, problem: `"${unit!}" appears twice. ${problem}` };
    }
    seen.add(unit!);
    seconds += Number(amount) * unitSeconds[unit!]!;
  }
  if (seconds <= 0) {
    return { ok: false, problem: 'The duration must be longer than 0s' };
  }
  if (seconds > maxSinceSeconds) {
    return { ok: false, problem: 'The duration must be at most 365d' };
  }
  return { ok: true, seconds };
}

/** A number of lines from 1 to 1,000,000. */
export function parseTailLines(text: string): Parsed<{ lines: number }> {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > maxTailLines) {
    return { ok: false, problem: `Enter a whole number of lines from 1 to ${maxTailLines.toLocaleString('en')}` };
  }
  return { ok: true, lines: Number(t) };
}

/** 90 → "1m30s", 86400 → "1d". */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  let out = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = unitSeconds[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0s';
}

export function describeLogRange(range: LogRange): string {
  switch (range.kind) {
    case 'tail':
      return `last ${range.lines} line${range.lines === 1 ? '' : 's'}`;
    case 'since':
      return `since ${formatDuration(range.seconds)} ago`;
    case 'all':
      return 'everything';
  }
}

export function describeLogPreferences(p: LogPreferences): string {
  return `${describeLogRange(p.range)}${p.timestamps ? ', with timestamps' : ''}`;
}

export function toLogQuery(p: LogPreferences): LogQuery {
  return {
    ...(p.range.kind === 'tail' ? { tailLines: p.range.lines } : {}),
    ...(p.range.kind === 'since' ? { sinceSeconds: p.range.seconds } : {}),
    timestamps: p.timestamps,
  };
}

/** Preferences read back from storage: anything malformed gives the defaults, never an error. */
export function restoreLogPreferences(stored: unknown): LogPreferences {
  if (!stored || typeof stored !== 'object') {
    return defaultLogPreferences;
  }
  const s = stored as { range?: { kind?: unknown; lines?: unknown; seconds?: unknown }; timestamps?: unknown };
  const timestamps = s.timestamps === true;
  const r = s.range;
  const whole = (n: unknown, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;
  if (r?.kind === 'tail' && whole(r.lines, maxTailLines)) {
    return { range: { kind: 'tail', lines: r.lines }, timestamps };
  }
  if (r?.kind === 'since' && whole(r.seconds, maxSinceSeconds)) {
    return { range: { kind: 'since', seconds: r.seconds }, timestamps };
  }
  if (r?.kind === 'all') {
    return { range: { kind: 'all' }, timestamps };
  }
  return { ...defaultLogPreferences, timestamps };
}
